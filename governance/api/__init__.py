"""The governance endpoints of the read-only API: committees and their terms of reference,
members, meetings (with quorum), decisions, actions, agreements, delegations, minutes, the
register of interests and declarations."""

from governance.api import changes as _changes  # noqa: F401  (the changes feed's part B rule)
from governance.api.interests import DeclarationViewSet, InterestViewSet
from governance.api.minutes import MinutesViewSet
from governance.api.views import (
    ActionViewSet,
    AgendaItemViewSet,
    AgreementViewSet,
    CommitteeViewSet,
    DecisionViewSet,
    DelegationViewSet,
    MeetingViewSet,
    MembershipViewSet,
    PaperViewSet,
    TermsOfReferenceViewSet,
)

ROUTES = [
    ("committees", CommitteeViewSet),
    ("terms-of-reference", TermsOfReferenceViewSet),
    ("memberships", MembershipViewSet),
    ("meetings", MeetingViewSet),
    ("decisions", DecisionViewSet),
    ("actions", ActionViewSet),
    ("agreements", AgreementViewSet),
    ("delegations", DelegationViewSet),
    ("minutes", MinutesViewSet),
    ("interests", InterestViewSet),
    ("declarations", DeclarationViewSet),
    ("agenda-items", AgendaItemViewSet),
    ("papers", PaperViewSet),
]
