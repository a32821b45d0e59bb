from governance.models.agreements import (
    AGREEMENT_ENDED,
    AWAITING_SIGNATURE,
    ENDED_ON_PURPOSE,
    Agreement,
    AgreementVersion,
    Commitment,
    CommitmentOwner,
    Delegation,
    Party,
)
from governance.models.committees import (
    Committee,
    Membership,
    QuorumRequirement,
    TermsOfReference,
    terms_to_review_on,
)
from governance.models.interests import Declaration, Interest
from governance.models.meetings import (
    ACTION_OUTSTANDING,
    DECISION_STANDING,
    Action,
    Attendance,
    Decision,
    Meeting,
    action_overdue_on,
)
from governance.models.minutes import MinuteEntry, Minutes
from governance.models.papers import AgendaItem, Pack, Paper
from governance.models.publication import Publication

__all__ = [
    "ACTION_OUTSTANDING",
    "AGREEMENT_ENDED",
    "AWAITING_SIGNATURE",
    "DECISION_STANDING",
    "ENDED_ON_PURPOSE",
    "Action",
    "AgendaItem",
    "Agreement",
    "AgreementVersion",
    "Attendance",
    "Commitment",
    "CommitmentOwner",
    "Committee",
    "Decision",
    "Declaration",
    "Delegation",
    "Interest",
    "Meeting",
    "Membership",
    "MinuteEntry",
    "Minutes",
    "Pack",
    "Paper",
    "Party",
    "Publication",
    "QuorumRequirement",
    "TermsOfReference",
    "action_overdue_on",
    "terms_to_review_on",
]
