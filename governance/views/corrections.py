"""Correct, cancel and withdraw meetings, decisions, actions and members (programme office).

Nothing here deletes: a cancelled meeting, a withdrawn decision or action and a member who has
stood down are kept, labelled, with the reason; a correction keeps the old values in the
record's history, with its reason if one is given."""

from core.record_pages import ChangePage
from governance import services
from governance.forms import (
    ActionEditForm,
    DecisionEditForm,
    MeetingEditForm,
    MembershipDatesForm,
    ReasonForm,
    StandDownForm,
)
from governance.models import Action, Decision, Meeting, Membership
from governance.views.editing import change_view, people


def _people(request, system) -> dict:
    return {"people": people(request, system)}


meeting_edit = change_view(
    Meeting,
    ChangePage(
        MeetingEditForm,
        services.meeting_update,
        argument="meeting",
        done="Changes to {record} saved.",
        heading="Correct the meeting",
        submit="Save changes",
        correct=True,
    ),
    related=("committee",),
)

meeting_cancel = change_view(
    Meeting,
    ChangePage(
        ReasonForm,
        services.meeting_cancel,
        argument="meeting",
        done="{record} cancelled. It is kept, labelled cancelled.",
        heading="Cancel the meeting",
        intro="The meeting is kept, labelled cancelled, with the reason.",
        submit="Cancel meeting",
    ),
    related=("committee",),
)

decision_edit = change_view(
    Decision,
    ChangePage(
        DecisionEditForm,
        services.decision_update,
        argument="decision",
        done="Decision corrected: {record.title}.",
        heading="Correct a decision",
        submit="Save changes",
        correct=True,
    ),
    where="meeting",
    related=("meeting__committee",),
)

decision_withdraw = change_view(
    Decision,
    ChangePage(
        ReasonForm,
        services.decision_withdraw,
        argument="decision",
        done="Decision withdrawn: {record.title}. It is kept, labelled.",
        heading="Withdraw a decision",
        intro="For a decision recorded in error. It is kept, labelled withdrawn, with the reason.",
        submit="Withdraw decision",
    ),
    where="meeting",
    related=("meeting__committee",),
)

action_edit = change_view(
    Action,
    ChangePage(
        ActionEditForm,
        services.action_update,
        argument="action",
        done="Action corrected: {record}.",
        heading="Correct an action",
        submit="Save changes",
        correct=True,
    ),
    where="meeting",
    related=("meeting__committee", "owner__organisation"),
    form_kwargs=_people,
)

action_withdraw = change_view(
    Action,
    ChangePage(
        ReasonForm,
        services.action_withdraw,
        argument="action",
        done="Action withdrawn: {record}. It is kept, labelled.",
        heading="Withdraw an action",
        intro="For an action recorded in error. It is kept, labelled withdrawn, with the reason. "
        "An action no longer needed can instead be corrected to Cancelled.",
        submit="Withdraw action",
    ),
    where="meeting",
    related=("meeting__committee", "owner__organisation"),
)

membership_edit = change_view(
    Membership,
    ChangePage(
        MembershipDatesForm,
        services.membership_update,
        argument="membership",
        done="Dates of {record.person} corrected.",
        heading="Correct a member's dates",
        submit="Save changes",
        correct=True,
    ),
    where="committee",
    related=("committee", "person__organisation"),
)

membership_stand_down = change_view(
    Membership,
    ChangePage(
        StandDownForm,
        services.membership_stand_down,
        argument="membership",
        done="{record.person} stood down. The membership is kept.",
        heading="A member stands down",
        intro="The membership ends on the date given and is kept in the committee's record, "
        "with the reason.",
        submit="Record standing down",
    ),
    where="committee",
    related=("committee", "person__organisation"),
)
