"""The NHS.UK date input (core.forms.DayMonthYearInput and DateField): a date typed as day,
month and year, each mistake said next to the field, and a page that saves what was typed."""

import re
from datetime import date

import pytest
from django import forms
from django.template.loader import render_to_string

from core.forms import DateField, NHSFormMixin
from governance.models import Meeting
from governance.tests.form_helpers import error_next_to
from tests import factories


class MeetingDate(NHSFormMixin, forms.Form):
    held_on = DateField(label="Date", help_text="The day the board met.")
    due_on = DateField(label="Due by", required=False)


def _typed(day="", month="", year="", name="held_on") -> dict:
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}


def test_day_month_and_year_make_the_date():
    form = MeetingDate(_typed("31", "7", "2019"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"held_on": date(2019, 7, 31), "due_on": None}


def test_a_date_posted_whole_is_read_as_well():
    """A script, or a page from before the date input, posts the date itself."""
    form = MeetingDate({"held_on": "2019-07-31"})
    assert form.is_valid() and form.cleaned_data["held_on"] == date(2019, 7, 31)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (_typed("31", "", ""), "The date must include a month and a year"),
        (_typed("", "7", "2019"), "The date must include a day"),
        (_typed("31", "2", "2019"), "Enter a real date, for example 31 7 2019"),
        (_typed("3l", "7", "2019"), "Enter a real date, for example 31 7 2019"),
        (_typed("31", "7", "19"), "Enter a real date, for example 31 7 2019"),
        (_typed("99999999999999999999", "1", "2020"), "Enter a real date, for example 31 7 2019"),
        (_typed("1", "2147483648", "2020"), "Enter a real date, for example 31 7 2019"),
        (_typed("\u00b2", "7", "2019"), "Enter a real date, for example 31 7 2019"),
        (_typed("1", "1", "1066"), "Enter a date between 1 January 1990 and 31 December 2100"),
        (_typed("", "", ""), "Enter the date"),
    ],
)
def test_each_mistake_is_said(typed, message):
    form = MeetingDate(typed)
    assert not form.is_valid()
    assert message in form.errors["held_on"][0]


def test_an_optional_date_left_blank_is_none_and_a_partial_one_is_refused():
    blank = MeetingDate(_typed("1", "2", "2019"))
    assert blank.is_valid() and blank.cleaned_data["due_on"] is None
    form = MeetingDate({**_typed("1", "2", "2019"), **_typed(day="4", name="due_on")})
    assert form.errors["due_on"] == ["The date must include a month and a year"]


def test_the_three_boxes_are_labelled_in_a_fieldset_and_keep_what_was_typed():
    form = MeetingDate(_typed("31", "2", "2019"))
    form.is_valid()
    html = render_to_string("includes/field.html", {"field": form["held_on"]})
    assert re.search(r'<fieldset class="nhsuk-fieldset"[^>]*>\s*<legend[^>]*>Date</legend>', html)
    boxes = re.findall(r"<input ([^>]*)>", html)
    typed = {}
    for box in boxes:
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', box))
        typed[attrs["name"]] = attrs["value"]
        label = re.search(rf'<label [^>]*for="{attrs["id"]}">([^<]*)</label>', html).group(1)
        assert label == attrs["name"].removeprefix("held_on_").capitalize()
        assert "nhsuk-input--error" in attrs["class"]
    assert typed == {"held_on_day": "31", "held_on_month": "2", "held_on_year": "2019"}
    assert 'id="id_held_on-error"' in html


def test_the_error_summary_names_the_field_and_links_to_its_day():
    form = MeetingDate(_typed("", "7", "2019"))
    form.is_valid()
    summary = render_to_string("includes/error_summary.html", {"form": form})
    assert '<a href="#id_held_on_day">Date: The date must include a day</a>' in summary


@pytest.fixture
def add_meeting(client, office, system, in_scope):
    """Post the "Add a meeting" page of a board with the date typed as given."""
    committee = factories.CommitteeFactory(system=system, name="Partnership Board", kind="board")
    client.force_login(office)

    def post(*typed):
        data = {"committee": committee.pk, "status": "scheduled", **_typed(*typed)}
        page = client.post(f"/s/{system.slug}/meetings/new/", data)
        return page, Meeting.objects.filter(committee=committee)

    return post


@pytest.mark.django_db
def test_a_page_saves_the_date_typed_in_three_boxes(add_meeting):
    page, meetings = add_meeting("3", "12", "2030")
    assert page.status_code == 302
    assert meetings.get().held_on == date(2030, 12, 3)


@pytest.mark.django_db
def test_a_page_says_which_part_is_missing_and_saves_nothing(add_meeting):
    page, meetings = add_meeting("3", "", "2030")
    assert "The date must include a month" in error_next_to(page.content.decode(), "held_on")
    assert not meetings.exists()
