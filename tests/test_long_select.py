"""core.forms.LongSelect writes the same options as Django's Select, without a template for each
one: values, labels (escaped), the selected one and groups."""

import re

from django import forms

from core.forms import LongSelect

CHOICES = [
    ("", "Choose a milestone"),
    (1, "A: Agree the MoU"),
    (2, 'B: <script>alert("x")</script> & more'),
    ("Workstream C", [(3, "C: First"), (4, "C: Second")]),
]


def options(html: str) -> list[str]:
    """The markup of every option and group, whitespace between tags aside."""
    return [tag.strip() for tag in re.findall(r"<(?:option|optgroup|/optgroup)[^>]*>[^<]*", html)]


def test_the_options_are_djangos():
    for value in ("", "2", "4"):
        ours = LongSelect(choices=CHOICES).render("depends_on", value, {"id": "id_depends_on"})
        djangos = forms.Select(choices=CHOICES).render("depends_on", value, {"id": "id_depends_on"})
        assert options(ours) == options(djangos)
        assert ours.split(">")[0] == djangos.split(">")[0]  # the select's own attributes
    assert "&lt;script&gt;" in ours and "<script>" not in ours
    assert '<option value="4" selected>C: Second</option>' in ours
