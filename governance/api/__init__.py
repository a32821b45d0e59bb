"""The governance endpoints of the read-only API: committees and their terms of reference,
members, meetings (with quorum), decisions, actions, agreements and delegations."""

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
    ("agenda-items", AgendaItemViewSet),
    ("papers", PaperViewSet),
]
