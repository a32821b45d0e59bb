"""Filters for the governance endpoints. Every choice of a system-owned object (a committee, a
meeting) or an organisation is drawn from what the token's user may see, so a filter can neither
name nor reveal another system's rows: an id from another system is a 400.

Every filter is declared: generating one from a model field would read the fail-closed manager
when the module is imported, outside any scope."""

from datetime import date

import django_filters
from django.db.models import Exists, OuterRef

from core.api.base import SystemFilterSet
from core.api.filters import ScopedChoiceFilter
from governance.models import (
    AWAITING_SIGNATURE,
    Action,
    AgendaItem,
    Agreement,
    Committee,
    Decision,
    Delegation,
    Meeting,
    Membership,
    Paper,
    Party,
    TermsOfReference,
    action_overdue_on,
)
from governance.querysets import meeting_quorums, meetings_for_list
from partners.models import Organisation


class CommitteeFilterSet(SystemFilterSet):
    kind = django_filters.ChoiceFilter(choices=Committee.Kind.choices)
    stage = django_filters.ChoiceFilter(choices=Committee.Stage.choices)

    class Meta:
        model = Committee
        fields = ["system", "kind", "stage"]


class TermsOfReferenceFilterSet(SystemFilterSet):
    committee = ScopedChoiceFilter(Committee)
    review_on = django_filters.DateFromToRangeFilter(
        label="Review due (review_on_after / review_on_before, inclusive)"
    )

    class Meta:
        model = TermsOfReference
        fields = ["system", "committee", "review_on"]


class MembershipFilterSet(SystemFilterSet):
    committee = ScopedChoiceFilter(Committee)
    organisation = ScopedChoiceFilter(Organisation)
    role = django_filters.ChoiceFilter(choices=Membership.Role.choices)

    class Meta:
        model = Membership
        fields = ["system", "committee", "organisation", "role"]


QUORATE_CHOICES = [
    ("true", "Quorate"),
    ("false", "Not quorate"),
    ("unknown", "No terms of reference in force on the meeting date"),
]
QUORATE_VALUES = {"true": True, "false": False, "unknown": None}


class MeetingFilterSet(SystemFilterSet):
    committee = ScopedChoiceFilter(Committee)
    held_on = django_filters.DateFromToRangeFilter(
        label="Held (held_on_after / held_on_before, inclusive)"
    )
    status = django_filters.ChoiceFilter(choices=Meeting.Status.choices)
    quorate = django_filters.ChoiceFilter(
        choices=QUORATE_CHOICES, method="filter_quorate", label="Quorum outcome"
    )

    class Meta:
        model = Meeting
        # Filters apply in this order: quorate (assessed in Python) last, on what is left.
        fields = ["system", "committee", "held_on", "status", "quorate"]

    def filter_quorate(self, queryset, name, value):
        # meeting_quorum is the one definition of quorum: assess the candidates with it (each
        # committee's members and rule once, meeting_quorums).
        wanted = QUORATE_VALUES[value]
        candidates = list(meetings_for_list(Meeting.objects.filter(pk__in=queryset.values("pk"))))
        matching = [m.pk for m, o in meeting_quorums(candidates) if o.quorate is wanted]
        return queryset.filter(pk__in=matching)


class DecisionFilterSet(SystemFilterSet):
    meeting = ScopedChoiceFilter(Meeting)
    committee = ScopedChoiceFilter(Committee, field_name="meeting__committee")

    class Meta:
        model = Decision
        fields = ["system", "meeting", "committee"]


class ActionFilterSet(SystemFilterSet):
    status = django_filters.ChoiceFilter(choices=Action.Status.choices)
    due_on = django_filters.DateFromToRangeFilter(
        label="Due (due_on_after / due_on_before, inclusive)"
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label="Overdue: still open (and not withdrawn) after its due date",
    )

    class Meta:
        model = Action
        fields = ["system", "status", "due_on", "overdue"]

    def filter_overdue(self, queryset, name, value):
        overdue = action_overdue_on(date.today())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class AgreementFilterSet(SystemFilterSet):
    kind = django_filters.ChoiceFilter(choices=Agreement.Kind.choices)
    status = django_filters.ChoiceFilter(
        choices=Agreement.Status.choices, label="Recorded status (see status_today)"
    )
    expires_on = django_filters.DateFromToRangeFilter(
        label="Expires (expires_on_after / expires_on_before, inclusive)"
    )
    unsigned = django_filters.BooleanFilter(
        method="filter_unsigned", label="Has a party that has neither signed nor been removed"
    )

    class Meta:
        model = Agreement
        fields = ["system", "kind", "status", "expires_on", "unsigned"]

    def filter_unsigned(self, queryset, name, value):
        unsigned = Exists(Party.objects.filter(AWAITING_SIGNATURE, agreement=OuterRef("pk")))
        return queryset.filter(unsigned) if value else queryset.exclude(unsigned)


class DelegationFilterSet(SystemFilterSet):
    committee = ScopedChoiceFilter(Committee)
    status = django_filters.ChoiceFilter(choices=Delegation.Status.choices)

    class Meta:
        model = Delegation
        fields = ["system", "committee", "status"]


class AgendaItemFilterSet(SystemFilterSet):
    meeting = ScopedChoiceFilter(Meeting)
    committee = ScopedChoiceFilter(Committee, field_name="meeting__committee")
    purpose = django_filters.ChoiceFilter(choices=AgendaItem.Purpose.choices)
    confidential = django_filters.BooleanFilter()

    class Meta:
        model = AgendaItem
        fields = ["system", "meeting", "committee", "purpose", "confidential"]


class PaperFilterSet(SystemFilterSet):
    meeting = ScopedChoiceFilter(Meeting, field_name="item__meeting")
    confidential = django_filters.BooleanFilter()

    class Meta:
        model = Paper
        fields = ["system", "meeting", "confidential"]
