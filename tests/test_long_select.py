"""core.forms.LongSelect writes the same options as Django's Select, without a template or a
dict for each one: values, labels (escaped as a template escapes them), the selected one and
groups; and core.forms.ESCAPES escapes exactly as django.utils.html.escape does."""

import pytest
from django import forms
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy

from core.forms import ESCAPES, LongSelect

CHOICES = [
    ("", "Choose a milestone"),
    (1, "A: Agree the MoU"),
    (2, 'B: <script>alert("x")</script> & more'),
    ("Workstream C", [(3, "C: First"), (4, "C: Second")]),
]
# Values and labels a template treats differently from a plain string, markup in values and
# group names, a value offered twice (only the first is selected) and an unnamed group.
AWKWARD = [
    (None, "Nothing"),
    ("a&b", "Quotes ' and \" and &amp;"),
    ('"><b>', "Markup in the value"),
    (5, SafeString("<em>Already safe</em>")),
    (6, gettext_lazy("A lazy label")),
    (7, 1234567),
    ("<Group> & 'co'", [(8, "Eight"), ("a&b", "The same value again")]),
    ("", [(9, "In a group with no name")]),
]


class LongSelectMultiple(LongSelect):
    allow_multiple_selected = True


def unindented(html: str) -> str:
    """Django's select without the line breaks and indents its template puts between tags (no
    label here holds a line break)."""
    return html.replace("\n  ", "").replace("\n", "")


def test_the_options_are_djangos():
    for value in ("", "2", "4"):
        ours = LongSelect(choices=CHOICES).render("depends_on", value, {"id": "id_depends_on"})
        djangos = forms.Select(choices=CHOICES).render("depends_on", value, {"id": "id_depends_on"})
        assert ours == unindented(djangos)
    assert "&lt;script&gt;" in ours and "<script>" not in ours
    assert '<option value="4" selected>C: Second</option>' in ours


@pytest.mark.parametrize("value", [None, "", "a&b", '"><b>', "5", "7", "8", "9", "none"])
def test_awkward_values_and_labels_are_written_as_django_writes_them(value):
    ours = LongSelect(choices=AWKWARD).render("pick", value, {"id": "id_pick"})
    djangos = forms.Select(choices=AWKWARD).render("pick", value, {"id": "id_pick"})
    assert ours == unindented(djangos)
    assert "<em>Already safe</em>" in ours  # a safe label is not escaped twice
    assert "<b>" not in ours and "&lt;Group&gt; &amp; &#x27;co&#x27;" in ours


@pytest.mark.parametrize("value", [[], ["a&b"], ["2", "4", "a&b"]])
def test_a_multiple_select_selects_every_chosen_option(value):
    choices = CHOICES + AWKWARD
    ours = LongSelectMultiple(choices=choices).render("pick", value)
    djangos = forms.SelectMultiple(choices=choices).render("pick", value)
    assert ours == unindented(djangos)


def test_the_options_are_safe_markup_and_the_same_as_the_template_writes():
    widget = LongSelect(choices=CHOICES)
    context = widget.get_context("depends_on", "2", {})
    assert isinstance(context["widget"]["options"], SafeString)
    assert f">{context['widget']['options']}</select>" in widget.render("depends_on", "2")


def test_the_table_escapes_as_django_does():
    every = "".join(map(chr, range(0x250))) + "\u2028\U0001f600 &amp; &#x27; <<>>"
    assert every.translate(ESCAPES) == escape(every)
    for char in "&<>\"'":
        assert char.translate(ESCAPES) == escape(char) != char
