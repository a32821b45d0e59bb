"""Who may do what, route by route: the expectations the harness checks.

Pages and the token pages are declared one by one; the API and the admin by family (every
endpoint of a viewset, every screen of a ModelAdmin), so a new endpoint or admin model is covered
by the family's rule and a new page fails until it is declared here.

Roles are named as in ``world.ROLES``; the other system's programme office counts as ``office``
for its own system's objects. The spec is DESIGN.md "Tenancy and roles"; where today's code
differs, the rule below is the spec's and the harness fails (listed in the lead's note).
"""

import re
from dataclasses import dataclass, field, replace

from django.contrib import admin
from django.utils import timezone

from config.api import router
from core.exports import FORMATS

OFFICE = frozenset({"office", "superuser"})
LEADS = frozenset({"lead", "lead_other_org"})
READERS = OFFICE | LEADS | {"chair", "regulator"}
DRAFT_READERS = OFFICE | {"chair"}
EVERYONE = READERS | {"anonymous"}
NOBODY: frozenset = frozenset()
# For a document that is the same for everyone signed in and costly to build: the signed out,
# a read-only role and the other system's office.
# A meeting's confidential (part B) business: of the harness's users only those who administer
# the system (its programme office, and a platform operator); no one else sits on the committee.
PART_B = frozenset({"office", "superuser"})
SAMPLE = frozenset({"anonymous", "regulator", "office_other_system"})


@dataclass(frozen=True)
class Rule:
    """``get``/``post``: the roles allowed (None: the route is not posted to by the harness).

    ``area`` says how the unauthorised are answered: ``page`` (sign-in redirect, 403/404),
    ``api`` (401/403 anonymous, 405 for every write), ``admin`` (admin sign-in redirect),
    ``public`` (no sign-in at all: ``get`` is EVERYONE, or NOBODY for a record that is never
    public, 404 to all; another system's record under this system's address is 404). ``kind``
    is the object the URL's key names; ``lists`` is the kind whose other-system row must not
    appear in the answer. ``ok`` is an allowed GET's answer.
    """

    area: str
    kind: str | None = None
    get: frozenset = READERS
    post: frozenset | None = None
    ok: frozenset = frozenset({200})
    lists: str | None = None
    query: dict = field(default_factory=dict)
    note: str = ""
    roles: frozenset | None = None  # ask only these roles (None: every role)


def page(kind=None, get=READERS, post=None, **extra) -> Rule:
    return Rule("page", kind, frozenset(get), None if post is None else frozenset(post), **extra)


def form(kind=None, writers=OFFICE, **extra) -> Rule:
    """A page whose GET shows a form to the roles that may POST it."""
    return page(kind, get=writers, post=writers, **extra)


def action(kind, writers=OFFICE) -> Rule:
    """A POST-only action: a GET is 405 for whoever may see the object."""
    return page(kind, get=READERS, post=writers, ok=frozenset({405}))


def listed(lists: str, get=READERS, **extra) -> list[Rule]:
    """A list page and its downloads (``?format=xlsx``, ``?format=csv``): an export is a read of
    the page, as visible as it and holding none of another system's rows."""
    return [page(get=get, lists=lists, **extra), *downloads(lists, get, **extra)]


def downloads(lists: str, get=READERS, query=None, **extra) -> list[Rule]:
    """A page's downloads alone (``query`` adds to the format, e.g. which of its tables)."""
    return [
        page(get=get, lists=lists, query={**(query or {}), "format": f}, **extra) for f in FORMATS
    ]


def with_downloads(*rules: Rule, **query) -> list[Rule]:
    """A record's page and the downloads it offers (``?format=``, and ``query`` such as which
    table), as visible as the page and 404 for another system's record."""
    return [
        *rules,
        *(
            replace(rule, query={**query, "format": f}, post=None)
            for rule in rules
            for f in FORMATS
        ),
    ]


def with_history(*rules: Rule) -> list[Rule]:
    """A record's page and the download of its history (``?table=history&format=``)."""
    return with_downloads(*rules, table="history")


def searched(*words: str) -> list[Rule]:
    """A search page, empty and for each word: every reader finds only what they may see (a
    word the two systems' records share, so another system's hit would show its marker)."""
    return [page(), *(page(query={"q": word}) for word in words)]


# A word of each searchable kind's record in both systems (tests/permissions/world.py).
SEARCH_WORDS = ("Milestone", "Risk", "Delivery", "Decision", "Action", "Joint", "Person")
SEARCH_WORDS += ("Hospital", "Memorandum")

REDIRECT = frozenset({302})
# core.as_recorded: a register or record as recorded on a past date (today's: the world is
# recorded today), read-only; another system's record is 404 as on its page of today.
RECORDED = {"recorded_on": timezone.localdate().isoformat()}


def as_recorded(kind=None, lists=None, get=READERS, table=None) -> list[Rule]:
    """A page as recorded (``?recorded_on=``), and a list's downloads as recorded too (and
    ``table``: a second table's, e.g. ``("governance.membership", "memberships")``)."""
    rules = [page(kind, get=get, lists=lists, query=RECORDED)]
    if lists:
        rules += downloads(lists, get, query=RECORDED)
    if table:
        rules += downloads(table[0], get, query={**RECORDED, "table": table[1]})
    return rules


PAGES: dict[str, list[Rule]] = {
    "login": [Rule("public", get=EVERYONE)],
    "logout": [Rule("public", get=EVERYONE, ok=frozenset({405}), note="POST signs out")],
    "healthz": [Rule("public", get=EVERYONE)],
    "readyz": [Rule("public", get=EVERYONE)],
    # Prometheus's scrape: only with the METRICS_TOKEN bearer token, which no role holds.
    "metrics": [Rule("public", get=NOBODY)],
    # Sign-in (identity/, django-allauth). allauth's own sign-in and sign-out addresses lead to
    # the ones above; the admin's sign-in too (two-factor, single sign-on and lockout in one).
    "account_login": [Rule("public", get=EVERYONE, ok=REDIRECT)],
    "account_logout": [Rule("public", get=EVERYONE, ok=frozenset({405}), note="POST signs out")],
    "accounts/login/": [Rule("public", get=EVERYONE, ok=REDIRECT)],
    "accounts/logout/": [Rule("public", get=EVERYONE, ok=frozenset({405}))],
    "admin/login/": [Rule("public", get=EVERYONE, ok=REDIRECT)],
    "account_inactive": [Rule("public", get=EVERYONE)],
    # What is not offered (self sign-up, changing the address, e-mailed resets, a password for
    # a single sign-on account) is not found, for everyone.
    **{
        key: [Rule("public", get=NOBODY)]
        for key in (
            "account_signup",
            "account_email",
            "account_confirm_email",
            "account_email_verification_sent",
            "account_set_password",
            "account_reset_password",
            "account_reset_password_done",
            "account_reset_password_from_key",
            "account_reset_password_from_key_done",
            "account_confirm_login_code",
            "socialaccount_signup",
            "accounts/signup/",
            "accounts/email/",
            "accounts/^confirm-email/",
            "accounts/password/set/",
            "accounts/^password/reset/",
            "accounts/login/code/confirm/",
            "accounts/3rdparty/signup/",
        )
    },
    # A signed-in person's own sign-in settings: password, reauthentication, two-factor,
    # connected single sign-on; the signed out are sent to sign in.
    "account_change_password": [page()],
    "account_reauthenticate": [page()],
    "account_request_reauthentication_code": [page(ok=frozenset({200, 302, 404}))],
    "account_confirm_reauthentication_code": [page(ok=frozenset({200, 302, 404}))],
    "mfa_index": [page()],
    # Setting up or changing two-factor asks for the password again first (a redirect); what
    # needs an authenticator app is not found without one.
    "mfa_activate_totp": [page(ok=REDIRECT)],
    "mfa_deactivate_totp": [page(ok=frozenset({302, 404}))],
    "mfa_view_recovery_codes": [page(ok=frozenset({302, 404}))],
    "mfa_generate_recovery_codes": [page(ok=REDIRECT)],
    "mfa_download_recovery_codes": [page(ok=frozenset({302, 404}))],
    # Confirming with a second factor: the form for one who has one (the harness's chair has
    # recovery codes), else back to where they came from.
    "mfa_reauthenticate": [page(ok=frozenset({200, 302}))],
    # The code asked for while signing in: only within a sign-in (else back to the sign-in).
    "mfa_authenticate": [Rule("public", get=EVERYONE, ok=REDIRECT)],
    "socialaccount_connections": [page()],
    # Single sign-on: a provider this service does not know is not found.
    "openid_connect_login": [Rule("public", get=NOBODY)],
    "openid_connect_callback": [Rule("public", get=NOBODY)],
    "accounts/oidc/<str:provider_id>/login/callback/": [Rule("public", get=NOBODY)],
    "socialaccount_login_cancelled": [Rule("public", get=EVERYONE)],
    "socialaccount_login_error": [Rule("public", get=EVERYONE, ok=frozenset({401}))],
    **{
        f"accounts/social/{old}/": [Rule("public", get=EVERYONE, ok=frozenset({301}))]
        for old in ("connections", "login/cancelled", "login/error", "signup")
    },
    # What the product holds about people and why: for everyone, signed in or not.
    "privacy-notice": [Rule("public", get=EVERYONE)],
    # How long the session has left (the idle warning): 401 when signed out.
    "session-status": [Rule("public", get=EVERYONE, ok=frozenset({200, 401}))],
    # An invitation's link: open to all (the invitee has no access yet); an unknown token is 404.
    "invitation-accept": [Rule("public", get=EVERYONE, ok=frozenset({404}))],
    "reports:home": [page(ok=REDIRECT)],
    "reports:switch-system": [page(ok=REDIRECT)],
    "reports:dashboard": [page()],
    # What changed between two dates (reports.changes), and its downloads.
    "reports:changes": [
        page(query={"from": "2000-01-01", "to": RECORDED["recorded_on"]}),
        *downloads("milestones.milestone"),
    ],
    # Issue 20: search every system the user may see, or one of them.
    "search:everywhere": searched(*SEARCH_WORDS),
    "search:system": searched(*SEARCH_WORDS),
    # Each signed-in person's own tasks across their systems, and their downloads; the signed
    # out are sent to sign in. (That one system's user sees none of another's: reminders/tests.)
    "reminders:my-tasks": [page(), *(page(query={"format": f}) for f in FORMATS)],
    # Issue 20: every system the person may see side by side, and the cases at their step,
    # each with its downloads; a system they may not see is never among the rows.
    "reports:overview": [page(), *(page(query={"format": f}) for f in FORMATS)],
    "reports:cases-at-my-step": [page(), *(page(query={"format": f}) for f in FORMATS)],
    "reports:report-list": [page(post=OFFICE), *downloads("reports.monthlyreport")],
    "reports:report-detail": with_history(
        page("reports.monthlyreport"),
        page("draft_report", get=DRAFT_READERS, post={"chair"}),
    ),
    # The chair's confirmation before publishing a draft (a published one redirects back).
    "reports:report-publish": [
        page("draft_report", get={"chair"}, post={"chair"}),
        page("reports.monthlyreport", get={"chair"}, ok=REDIRECT),
    ],
    "reports:report-status": [page("reports.monthlyreport"), page("draft_report", DRAFT_READERS)],
    "reports:report-rebuild": [action("reports.monthlyreport")],
    "reports:report-retry": [action("reports.monthlyreport")],
    "reports:report-pdf": [page("reports.monthlyreport"), page("draft_report", DRAFT_READERS)],
    "partners:organisation-list": [
        *listed("partners.organisation"),
        *as_recorded(lists="partners.organisation"),
    ],
    "partners:organisation-create": [form()],
    "partners:organisation-detail": [
        *with_history(page("partners.organisation")),
        *as_recorded("partners.organisation"),
    ],
    "partners:organisation-edit": [form("partners.organisation")],
    "partners:person-list": [*listed("partners.person"), *as_recorded(lists="partners.person")],
    "partners:person-create": [form()],
    # As recorded, the person's page is read-only: the programme office's still.
    "partners:person-edit": [
        *with_history(form("partners.person")),
        *as_recorded("partners.person", get=OFFICE),
    ],
    # Issue 19: a person's subject access file (POST answers the ZIP) and the erasure of their
    # identity, each the system's programme office's (and a platform operator's).
    "partners:person-data": [form("partners.person")],
    "partners:person-erase": [form("partners.person")],
    # Issue 15: the programme office manages who has access to its system.
    "partners:access-list": [
        page(get=OFFICE, lists="partners.invitation"),
        *downloads("partners.access", get=OFFICE),
    ],
    "partners:access-invite": [form()],
    "partners:access-review-confirm": [page(get=READERS, post=OFFICE, ok=frozenset({405}))],
    # Issue 19: the system's security events (sign-ins, access and token changes, refusals),
    # the programme office's alone, as the access review is.
    "partners:security-events": listed("core.securityevent", get=OFFICE),
    "partners:access-change": [form("changeable_access")],
    "partners:access-end": [form("changeable_access")],
    "partners:invitation-revoke": [form("partners.invitation")],
    "partners:invitation-resend": [action("partners.invitation")],
    # Target rule (issue 12): the programme office and the system's regulators manage tokens.
    "partners-api:token-list": [page(get=OFFICE | {"regulator"}, post=OFFICE | {"regulator"})],
    "partners-api:token-revoke": [
        page(
            "partners.apitoken",
            get=OFFICE | {"regulator"},
            post=OFFICE | {"regulator"},
            ok=frozenset({405}),
        )
    ],
    "partners-api:token-extend": [
        page(
            "partners.apitoken",
            get=OFFICE | {"regulator"},
            post=OFFICE | {"regulator"},
            ok=frozenset({405}),
        )
    ],
    "governance:committee-list": [
        *listed("governance.committee"),
        *downloads("governance.membership", query={"table": "memberships"}),
        *as_recorded(lists="governance.committee", table=("governance.membership", "memberships")),
    ],
    "governance:committee-create": [form()],
    "governance:committee-detail": [
        *with_history(page("governance.committee")),
        *as_recorded("governance.committee"),
    ],
    "governance:committee-edit": [form("governance.committee")],
    "governance:committee-stand-down": [form("governance.committee")],
    "governance:terms-create": [form("governance.committee")],
    "governance:membership-create": [form("governance.committee")],
    "governance:membership-edit": with_history(form("governance.membership")),
    "governance:membership-stand-down": with_history(form("governance.membership")),
    "governance:committee-ical": [page("governance.committee")],
    "governance:meeting-list": listed("governance.committee"),
    "governance:meeting-create": [form()],
    # A meeting as recorded: its decisions and actions as they then stood.
    "governance:meeting-detail": [
        *with_history(page("governance.meeting")),
        *as_recorded("governance.meeting"),
    ],
    "governance:meeting-edit": with_history(form("governance.meeting")),
    "governance:meeting-cancel": with_history(form("governance.meeting")),
    "governance:meeting-attendance": with_downloads(page("governance.meeting", post=OFFICE)),
    "governance:decision-create": [form("governance.meeting")],
    "governance:action-create": [form("governance.meeting")],
    "governance:action-complete": [form("governance.action")],
    "governance:decision-edit": with_history(form("governance.decision")),
    "governance:decision-withdraw": with_history(form("governance.decision")),
    "governance:action-edit": with_history(form("governance.action")),
    "governance:action-withdraw": with_history(form("governance.action")),
    "governance:action-list": [
        *listed("governance.action"),
        *as_recorded(lists="governance.action"),
    ],
    # Issue 16: minutes are read by every role (part B entries only as governance.confidential
    # allows) and written by the programme office.
    "governance:minutes-detail": [page("governance.meeting")],
    "governance:minutes-draft": [action("governance.meeting")],
    "governance:minutes-edit": [form("governance.minutes")],
    "governance:minutes-circulate": [form("governance.minutes")],
    "governance:minutes-approve": [form("governance.minutes")],
    "governance:minutes-correct": [form("governance.minutes")],
    # Issue 16: the register of interests (every reader), kept by the programme office.
    "governance:interest-list": listed("governance.interest"),
    "governance:interest-create": [form()],
    "governance:interest-edit": with_history(form("governance.interest")),
    "governance:interest-review": with_history(form("governance.interest")),
    "governance:interest-withdraw": with_history(form("governance.interest")),
    "governance:declaration-create": [form("governance.meeting")],
    "governance:declaration-edit": with_history(form("governance.declaration")),
    "governance:declaration-withdraw": with_history(form("governance.declaration")),
    # Issue 16: the agenda, papers and packs. Confidential (part B) ones exist only for those
    # governance.confidential allows: here those who administer the system (no harness user
    # sits on the committee or attended); for everyone else they are 404.
    "governance:agenda-item-create": [form("governance.meeting")],
    "governance:agenda-item-edit": with_history(
        form("governance.agendaitem"),
        form("confidential_item", writers=PART_B),
    ),
    "governance:agenda-item-withdraw": with_history(
        form("governance.agendaitem"),
        form("confidential_item", writers=PART_B),
    ),
    "governance:paper-create": [
        form("governance.agendaitem"),
        form("confidential_item", writers=PART_B),
    ],
    "governance:paper-edit": with_history(
        form("governance.paper"), form("confidential_paper", writers=PART_B)
    ),
    "governance:paper-replace": [
        form("governance.paper"),
        form("confidential_paper", writers=PART_B),
    ],
    "governance:paper-withdraw": with_history(
        form("governance.paper"),
        form("confidential_paper", writers=PART_B),
    ),
    "governance:paper-download": [
        page("governance.paper"),
        page("confidential_paper", get=PART_B),
        page("paper_of_confidential_item", get=PART_B),
    ],
    "governance:pack-build": [action("governance.meeting")],
    "governance:pack-download": [
        page("governance.pack"),
        page("full_pack", get=PART_B),
        page("outdated_pack", get=PART_B),
    ],
    "governance:agreement-list": [
        *listed("governance.agreement"),
        *as_recorded(lists="governance.agreement"),
    ],
    "governance:agreement-create": [form()],
    "governance:agreement-detail": [
        *with_history(page("governance.agreement")),
        *as_recorded("governance.agreement"),
    ],
    "governance:agreement-edit": [form("governance.agreement")],
    "governance:party-create": [form("governance.agreement")],
    "governance:commitment-create": [form("governance.agreement")],
    "governance:version-create": [form("governance.agreement")],
    "governance:party-withdrawal": [action("governance.party")],
    "governance:party-sign": [form("governance.party")],
    "governance:agreement-end": with_history(form("governance.agreement")),
    "governance:signature-edit": with_history(form("governance.party")),
    "governance:party-remove": with_history(form("governance.party")),
    "governance:commitment-edit": with_history(form("governance.commitment")),
    "governance:commitment-withdraw": with_history(form("governance.commitment")),
    "governance:delegation-create": [form("governance.committee")],
    "governance:delegation-edit": with_history(form("governance.delegation")),
    "governance:delegation-revoke": with_history(form("governance.delegation")),
    "milestones:milestone-list": [
        *listed("milestones.milestone"),
        *as_recorded(lists="milestones.milestone"),
    ],
    "milestones:milestone-create": [form()],
    # Importing is the programme office's, as the same edits in the pages are; a batch is
    # found only in its own system (another system's is 404).
    "milestones:milestone-import": [form()],
    "milestones:milestone-import-template": [page(get=OFFICE)],
    "milestones:milestone-import-preview": [page("milestone_import", get=OFFICE)],
    "milestones:milestone-import-confirm": [action("milestone_import", writers=OFFICE)],
    "partners:person-import": [form()],
    "partners:person-import-template": [page(get=OFFICE)],
    "partners:person-import-preview": [page("person_import", get=OFFICE)],
    "partners:person-import-confirm": [action("person_import", writers=OFFICE)],
    "governance:action-import": [form()],
    "governance:action-import-template": [page(get=OFFICE)],
    "governance:action-import-preview": [page("action_import", get=OFFICE)],
    "governance:action-import-confirm": [action("action_import", writers=OFFICE)],
    "governance:membership-import": [form()],
    "governance:membership-import-template": [page(get=OFFICE)],
    "governance:membership-import-preview": [page("membership_import", get=OFFICE)],
    "governance:membership-import-confirm": [action("membership_import", writers=OFFICE)],
    "escalation:risk-import": [form()],
    "escalation:risk-import-template": [page(get=OFFICE)],
    "escalation:risk-import-preview": [page("risk_import", get=OFFICE)],
    "escalation:risk-import-confirm": [action("risk_import", writers=OFFICE)],
    "escalation:route-import": [form()],
    "escalation:route-import-template": [page(get=OFFICE)],
    "escalation:route-import-preview": [page("route_import", get=OFFICE)],
    "escalation:route-import-confirm": [action("route_import", writers=OFFICE)],
    "finance:control-total-import": [form()],
    "finance:control-total-import-template": [page(get=OFFICE)],
    "finance:control-total-import-preview": [page("control_total_import", get=OFFICE)],
    "finance:control-total-import-confirm": [action("control_total_import", writers=OFFICE)],
    "finance:monthly-position-import": [form()],
    "finance:monthly-position-import-template": [page(get=OFFICE)],
    "finance:monthly-position-import-preview": [page("monthly_position_import", get=OFFICE)],
    "finance:monthly-position-import-confirm": [action("monthly_position_import", writers=OFFICE)],
    "milestones:milestone-detail": [
        *with_history(page("milestones.milestone")),
        *as_recorded("milestones.milestone"),
    ],
    # The whole record (baseline, responsibility) is the office's; a lead edits their own
    # organisation's milestones through the monthly update.
    "milestones:milestone-edit": [form("milestones.milestone")],
    "milestones:milestone-rebaseline": [action("milestones.milestone")],
    "milestones:dependency-create": [action("milestones.milestone")],
    "milestones:milestone-withdraw": [form("milestones.milestone")],
    "milestones:plan-create": [form()],
    "milestones:gateway-list": listed("milestones.gateway"),
    "milestones:gateway-create": [form()],
    "milestones:gateway-detail": with_history(page("milestones.gateway")),
    "milestones:gateway-edit": [form("milestones.gateway")],
    "milestones:gateway-withdraw": [form("milestones.gateway")],
    "milestones:workstream-list": listed("milestones.workstream"),
    "milestones:workstream-create": [form()],
    "milestones:workstream-detail": with_history(page("milestones.workstream")),
    "milestones:workstream-edit": [form("milestones.workstream")],
    "milestones:workstream-withdraw": [form("milestones.workstream")],
    "milestones:monthly-update": [page(post=OFFICE | LEADS)],
    "escalation:case-board": [*listed("escalation.risk"), *as_recorded(lists="escalation.risk")],
    "escalation:case-create": [form()],
    "escalation:route-list": listed("escalation.escalationroute"),
    "escalation:case-detail": [
        *with_history(page("escalation.escalationcase")),
        *as_recorded("escalation.escalationcase"),
    ],
    "escalation:case-respond": [action("escalation.escalationcase", OFFICE | {"lead"})],
    "escalation:case-resolve": [action("escalation.escalationcase")],
    "escalation:case-step-up": [action("escalation.escalationcase")],
    "escalation:case-close": [action("escalation.escalationcase")],
    "escalation:case-flag": [action("escalation.escalationcase", OFFICE | {"chair"})],
    "escalation:case-withdraw": [action("escalation.escalationcase")],
    "escalation:route-create": [form()],
    "escalation:route-detail": with_history(page("escalation.escalationroute")),
    "escalation:route-edit": [form("escalation.escalationroute")],
    "escalation:route-withdraw": [form("escalation.escalationroute")],
    "escalation:step-create": [form("escalation.escalationroute")],
    "escalation:step-edit": [form("escalation.escalationstep")],
    "escalation:step-move-up": [action("escalation.escalationstep")],
    "escalation:step-move-down": [action("escalation.escalationstep")],
    "escalation:step-remove": [form("escalation.escalationstep")],
    "escalation:risk-list": [*listed("escalation.risk"), *as_recorded(lists="escalation.risk")],
    "escalation:risk-create": [form()],
    "escalation:risk-detail": [
        *with_history(page("escalation.risk")),
        *as_recorded("escalation.risk"),
    ],
    "escalation:risk-edit": [form("escalation.risk")],
    "escalation:risk-review": [form("escalation.risk")],
    "escalation:risk-close": [form("escalation.risk")],
    "escalation:risk-withdraw": [form("escalation.risk")],
    "escalation:risk-reopen": [form("escalation.risk")],
    # Issue 16: what a system publishes, for anyone; another system's record through this
    # system's address is 404 (probe's "cross"), and what is never public is 404 for everyone.
    "public:publication-edit": [form()],
    "public:robots": [Rule("public", get=EVERYONE)],
    "public:sitemap": [Rule("public", get=EVERYONE)],
    "public:home": [Rule("public", get=EVERYONE)],
    "public:committee-list": [Rule("public", get=EVERYONE)],
    "public:meeting-list": [Rule("public", get=EVERYONE)],
    "public:meeting-detail": [Rule("public", "governance.meeting", get=EVERYONE)],
    "public:minutes-list": [Rule("public", get=EVERYONE)],
    "public:minutes-detail": [
        Rule("public", "approved_minutes_meeting", get=EVERYONE),
        Rule("public", "governance.meeting", get=NOBODY, note="its minutes are a draft"),
    ],
    "public:interest-list": [Rule("public", get=EVERYONE)],
    "public:report-list": [Rule("public", get=EVERYONE)],
    "public:report-pdf": [
        Rule("public", "reports.monthlyreport", get=EVERYONE),
        Rule("public", "draft_report", get=NOBODY),
    ],
    "public:paper-download": [
        Rule("public", "governance.paper", get=EVERYONE),
        *(
            Rule("public", kind, get=NOBODY)
            for kind in (
                "confidential_paper",
                "confidential_item_paper",
                "withdrawn_paper",
                "superseded_paper",
            )
        ),
    ],
    # Issue 18: each person's notification settings (signed in, any role); the unsubscribe
    # link needs no sign-in (its signed token is the key: an unknown one is 404); the audit of
    # reminders sent and who has no e-mail address are the system's programme office's.
    "reminders:preferences": [page(post=READERS)],
    "reminders:unsubscribe": [Rule("public", get=EVERYONE, ok=frozenset({404}))],
    "reminders:sent-list": listed("reminders.reminder", get=OFFICE),
    "reminders:missing-email": [page(get=OFFICE, lists="partners.access")],
    # Issue 18: each signed-in person's own calendar address (make, make anew, stop), and the
    # feed a calendar client fetches with no session: the token is the key, an unknown one 404.
    "reminders:calendar": [page(post=READERS)],
    "reminders:calendar-revoke": [action(None, READERS)],
    "reminders:calendar-feed": [Rule("public", get=EVERYONE, ok=frozenset({404}))],
    # Issue 19: each signed-in person's account page. They sign out only their own browsers'
    # sessions and revoke only their own tokens: the harness's session and token are the
    # regulator's (another's is 404); signing out everywhere else is anyone's, of their own.
    "accounts:account": [page()],
    "accounts:session-end": [action("accounts.usersession", {"regulator"})],
    "accounts:sessions-end-others": [action(None, READERS)],
    "accounts:token-revoke": [action("partners.apitoken", {"regulator"})],
    # The overview's tables, each a download of its own (?table=).
    "finance:overview": [
        page(),
        *downloads("finance.controltotal", query={"table": "control-totals"}),
        *downloads("finance.efficiencyplan", query={"table": "efficiency-plans"}),
        *downloads("finance.fund", query={"table": "funds"}),
        *downloads("finance.costshare", query={"table": "cost-shares"}),
        *downloads("finance.monthlyposition", query={"table": "monthly-positions"}),
    ],
    "finance:year-start": [action(None)],
    "finance:monthly-position-grid": [form(), *downloads("finance.monthlyposition", get=OFFICE)],
    "finance:monthly-position-create": [form()],
    "finance:control-total-create": [form()],
    "finance:control-total-detail": with_history(page("finance.controltotal", post=OFFICE)),
    "finance:control-total-withdraw": [action("finance.controltotal")],
    "finance:efficiency-plan-create": [form()],
    "finance:efficiency-plan-detail": with_history(page("finance.efficiencyplan", post=OFFICE)),
    "finance:efficiency-plan-withdraw": [action("finance.efficiencyplan")],
    "finance:fund-create": [form()],
    "finance:fund-detail": with_history(page("finance.fund", post=OFFICE)),
    "finance:fund-withdraw": [action("finance.fund")],
    "finance:fund-contribution-add": [form("finance.fund")],
    "finance:fund-contribution-detail": with_history(page("finance.fundcontribution", post=OFFICE)),
    "finance:fund-contribution-withdraw": [action("finance.fundcontribution")],
    "finance:fund-allocation-add": [form("finance.fund")],
    "finance:fund-allocation-detail": with_history(page("finance.fundallocation", post=OFFICE)),
    "finance:fund-allocation-withdraw": [action("finance.fundallocation")],
    "finance:fund-drawdown-add": [form("finance.fund")],
    "finance:fund-drawdown-detail": with_history(page("finance.funddrawdown", post=OFFICE)),
    "finance:fund-drawdown-withdraw": [action("finance.funddrawdown")],
    "finance:cost-share-create": [form()],
    "finance:cost-share-detail": with_history(page("finance.costshare", post=OFFICE)),
    "finance:cost-share-withdraw": [action("finance.costshare")],
}

# Record kinds that belong to no one system (or to a user), and the world's name for them.
SPECIAL_KINDS = {"auth.user": "user", "auth.group": "group", "partners.system": "system"}


# --- The API: read-only for every role, each system's rows to its own people -----------------
API_EXTRA = {
    "api:api-root": [Rule("api")],
    "api:changes": [Rule("api", query={"since": "2000-01-01T00:00Z"})],
    # Target rule (issue 12): the schema and its documentation are behind sign-in.
    "api:schema": [Rule("api", roles=SAMPLE)],
    "api:docs": [Rule("api", roles=SAMPLE)],
    "api:finance-summaries-detail": [Rule("api", "finance_summary")],
    "api:reports-pdf": [
        Rule("api", "reports.monthlyreport"),
        Rule("api", "draft_report", get=frozenset()),
    ],
}


def _api_rules(key: str) -> list[Rule] | None:
    if key in API_EXTRA:
        return API_EXTRA[key]
    match = re.fullmatch(r"api:(?P<prefix>.+)-(?P<action>list|detail|history)", key)
    viewsets = {prefix: viewset for prefix, viewset, _ in router.registry}
    if not match or match["prefix"] not in viewsets:
        return None
    model = viewsets[match["prefix"]].model._meta.label_lower
    model = SPECIAL_KINDS.get(model, model)
    if match["action"] == "list":
        return [Rule("api", lists=model)]
    rules = [Rule("api", model)]
    if model == "reports.monthlyreport":
        # The API serves published reports (and the versions they replaced) only.
        rules.append(Rule("api", "draft_report", get=frozenset()))
    return rules


# --- The admin: a platform operator's tool; staff see only their own systems' records --------
STAFF = "staff"  # in an admin rule: staff may, or the admin refuses them (200 or 403 both pass)
ADMIN_SITE = {
    "admin:index": [Rule("admin", get=frozenset({STAFF, "superuser"}))],
    "admin:app_list": [Rule("admin", get=frozenset({STAFF, "superuser"}))],
    "admin:login": [Rule("public", get=EVERYONE, ok=frozenset({200, 302}))],
    # Signing out takes a POST; a GET is refused or sent back to the index, and signs no one out.
    "admin:logout": [Rule("public", get=EVERYONE, ok=frozenset({302, 405}))],
    "admin:password_change": [Rule("admin", get=frozenset({STAFF, "superuser"}))],
    "admin:password_change_done": [Rule("admin", get=frozenset({STAFF, "superuser"}))],
    "admin:jsi18n": [Rule("admin", get=frozenset({STAFF, "superuser"}))],
    "admin:autocomplete": [
        Rule(
            "admin",
            get=frozenset({STAFF, "superuser"}),
            lists="partners.organisation",
            query={
                "app_label": "partners",
                "model_name": "partnership",
                "field_name": "organisation",
                "term": "",
            },
        )
    ],
    # The object lookup the "view on site" link makes: no model has a public page (404).
    "admin:view_on_site": [Rule("admin", "governance.committee", get=frozenset(), note="404")],
    # Any other address under /admin/: not found, or the sign-in page for those not staff.
    "admin/(?P<url>.*)$": [Rule("admin", get=frozenset())],
}
# Reference data every system shares: only superusers change it.
SHARED_MODELS = {"finance.financialyear", "auth.group"}
ADMIN_VIEWS = ("changelist", "add", "change", "delete", "history", "simple_history")


def _admin_rules(key: str) -> list[Rule] | None:
    if key in ADMIN_SITE:
        return ADMIN_SITE[key]
    models = {f"{m._meta.app_label}_{m._meta.model_name}": m for m in admin.site._registry}
    if key.startswith("admin/") and key.endswith("/<path:object_id>/"):
        # Django's old-style object URL redirects to the change screen, which decides.
        app_label, model_name = key.split("/")[1:3]
        label = f"{app_label}.{model_name}"
        kind = SPECIAL_KINDS.get(label, label)
        operators = app_label in ("axes", "socialaccount", "mfa")
        staff = frozenset({"superuser"} if operators else {STAFF, "superuser"})
        return [Rule("admin", kind, get=staff, ok=REDIRECT)]
    match = re.fullmatch(r"admin:(?P<model>[a-z]+_[a-z]+)_(?P<view>[a-z_]+)", key)
    if (
        not match
        or match["model"] not in models
        or match["view"] not in (*ADMIN_VIEWS, "password_change")
    ):
        return None
    label = models[match["model"]]._meta.label_lower
    kind = SPECIAL_KINDS.get(label, label)
    # Groups carry permissions, and sign-in records every system's people: a platform
    # operator's alone (as is any admin that says so).
    operators_only = label == "auth.group" or getattr(
        admin.site._registry[models[match["model"]]], "superuser_only", False
    )
    staff = frozenset({"superuser"} if operators_only else {STAFF, "superuser"})
    if match["view"] == "changelist":
        return [Rule("admin", get=staff, lists=kind)]
    if match["view"] == "add":
        return [Rule("admin", get=staff)]
    writers = frozenset({"superuser"}) if label in SHARED_MODELS else staff
    posted = writers if match["view"] in ("change", "delete", "password_change") else None
    rules = [Rule("admin", kind, get=staff, post=posted)]
    if label == "partners.organisation" and match["view"] in ("change", "delete"):
        # An organisation shared by several systems is changed only by superusers.
        rules.append(Rule("admin", "shared_organisation", get=staff, post=frozenset({"superuser"})))
    return rules


def rules_for(key: str) -> list[Rule] | None:
    """The declared rules of a route, or None when nothing declares it (the harness fails)."""
    if key in PAGES:
        return PAGES[key]
    return _api_rules(key) if key.startswith("api:") else _admin_rules(key)
