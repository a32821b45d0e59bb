from governance.models.agreements import (
    Agreement,
    AgreementVersion,
    Commitment,
    CommitmentOwner,
    Delegation,
    Party,
)
from governance.models.committees import Committee, Membership, QuorumRequirement, TermsOfReference
from governance.models.meetings import Action, Attendance, Decision, Meeting

__all__ = [
    "Action",
    "Agreement",
    "AgreementVersion",
    "Attendance",
    "Commitment",
    "CommitmentOwner",
    "Committee",
    "Decision",
    "Delegation",
    "Meeting",
    "Membership",
    "Party",
    "QuorumRequirement",
    "TermsOfReference",
]
