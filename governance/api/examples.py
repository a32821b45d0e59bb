"""Example responses for the OpenAPI description (one row each; list pages wrap them)."""

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view

COMMITTEE = {
    "id": 12,
    "system": 3,
    "name": "Provider Alliance Group",
    "short_name": "PAG",
    "kind": "committee",
    "stage": "established",
    "reports_to": 10,
    "cadence": "Monthly",
    "purpose": "Oversees delivery of the implementation plan.",
    "delegated_authority": "",
}
TERMS_OF_REFERENCE = {
    "id": 31,
    "committee": 12,
    "version": "1.0",
    "effective_from": "2017-04-01",
    "review_on": "2018-03-31",
    "approved_on": "2017-03-14",
    "quorum_rule": {
        "minimum_total": 3,
        "deputies": "chair_agreement",
        "chair_or_vice_chair": False,
        "fraction_of_members": None,
        "named_role": "",
        "requirements": [{"organisation": 5, "minimum_present": 1}],
        "quorum_text": "One member from each partner organisation.",
    },
}
MEMBERSHIP = {
    "id": 204,
    "committee": 12,
    "person": 88,
    "organisation": 5,
    "role": "member",
    "role_on_board": "CPFT member",
    "designation": "",
    "planned": False,
    "started_on": "2017-04-01",
    "ended_on": None,
    "ended_reason": "",
}
MEETING = {
    "id": 57,
    "committee": 12,
    "held_on": "2017-06-01",
    "status": "held",
    "cancelled_reason": "",
    "location": "Lancaster House",
    "link": "",
    "attendance": [
        {"person": 88, "status": "present", "deputising_for": None, "chair_agreed": False},
        {"person": 91, "status": "present", "deputising_for": 207, "chair_agreed": False},
    ],
    "quorum": {
        "quorate": False,
        "not_yet_held": False,
        "counted": 1,
        "deputies_excluded": 1,
        "shortfalls": [
            {"organisation": None, "required": 3, "present": 1},
            {"organisation": 6, "required": 1, "present": 0},
        ],
        "checks": [
            {"met": False, "reason": "Members in all: 1 present, at least 3 needed"},
            {
                "met": True,
                "reason": "Cumbria Partnership NHS Foundation Trust: 1 representative "
                "present, 1 needed",
            },
            {
                "met": False,
                "reason": "North Cumbria University Hospitals NHS Trust: 0 of 1 "
                "representative present",
            },
        ],
        "notes": ["1 deputy not counted: not named as a deputy and no chair's agreement recorded."],
    },
}
DECISION = {
    "id": 140,
    "meeting": 57,
    "reference": "PAG/17/06",
    "title": "Approve the out-of-hospital business case",
    "text": "Approved subject to the finance committee's review.",
    "amount_thousands": "1250.0",
    "withdrawn_on": None,
    "withdrawn_reason": "",
}
AGENDA_ITEM = {
    "id": 410,
    "meeting": 57,
    "number": 4,
    "title": "Out-of-hospital business case",
    "presenter": 88,
    "purpose": "decision",
    "minutes_allowed": 20,
    "confidential": False,
    "withdrawn_on": None,
    "withdrawn_reason": "",
}
PAPER = {
    "id": 905,
    "item": 410,
    "title": "Out-of-hospital business case",
    "confidential": False,
    "version": 2,
    "replaces": 902,
    "filename": "business-case-v2.pdf",
    "content_type": "application/pdf",
    "size": 482113,
    "sha256": "5f3c0e5d1f0b9d1c1e0b8a4d3d4f7e2b6c1a9e8f7d6c5b4a3928170605f4e3d2",
    "uploaded_at": "2018-01-25T16:02:11Z",
    "withdrawn_on": None,
    "withdrawn_reason": "",
    "download_url": "https://tracker.example.nhs.uk/s/nw-london/papers/905/download/",
}
ACTION = {
    "id": 301,
    "meeting": 57,
    "description": "Circulate the revised workforce plan.",
    "owner": 88,
    "due_on": "2017-07-01",
    "status": "open",
    "completed_on": None,
    "withdrawn_on": None,
    "withdrawn_reason": "",
}
AGREEMENT = {
    "id": 9,
    "system": 3,
    "title": "Memorandum of understanding",
    "kind": "mou",
    "status": "in_effect",
    "status_today": "expired",
    "effective_on": "2017-04-01",
    "expires_on": "2019-03-31",
    "review_on": "2018-04-01",
    "withdrawal_notice_days": 90,
    "variation": "Only in writing signed by all parties.",
    "expiry": "Expires on 31 March 2019 unless extended.",
    "report_recipients": "",
    "report_recipients_clause": "",
    "binding_clauses": ["Clause 12: confidentiality"],
    "dispute_resolution": ["Resolve between the parties.", "Escalate to the PAG."],
    "parties": [
        {
            "organisation": 5,
            "signatory": {"name": "Sam Example", "title": "Chief Executive"},
            "signed_on": "2017-03-20",
            "scope": "",
            "withdrawal_notice_given_on": None,
            "withdrawal_effective_on": None,
        }
    ],
    "versions": [{"number": "1.0", "issued_on": "2017-03-01", "author": "PMO", "note": ""}],
    "commitments": [{"number": 1, "text": "Share performance data monthly.", "owners": [5, 6]}],
}
DELEGATION = {
    "id": 4,
    "committee": 12,
    "from_organisation": 5,
    "functions": "Commissioning of community services.",
    "status": "in_effect",
    "effective_from": "2018-04-01",
    "revoked_on": None,
    "delegated_today": True,
}


def documented(name: str, value: dict):
    """Give a viewset's list and retrieve an example response."""
    example = OpenApiExample(name, value=value, response_only=True)
    return extend_schema_view(
        list=extend_schema(examples=[example]), retrieve=extend_schema(examples=[example])
    )
