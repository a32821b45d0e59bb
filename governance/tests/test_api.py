"""The governance endpoints: who sees what, read-only, filters that leak nothing, a fixed cost
per page, and derived values (quorum, status today) taken from the project's own functions."""

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from governance import services
from governance.api import ROUTES
from governance.models import Agreement, Meeting
from governance.querysets import meeting_quorum, meetings_for_list
from tests import factories

pytestmark = pytest.mark.django_db

ENDPOINTS = [prefix for prefix, _ in ROUTES]
MODELS = {prefix: viewset.model for prefix, viewset in ROUTES}
ROLES = ["office", "lead", "chair", "regulator"]
_unique = itertools.count()


@pytest.fixture(autouse=True)
def fresh_throttle():
    # Token ids repeat between tests (rolled back), so their rate-limit history would too.
    cache.clear()


@pytest.fixture
def token_for(request, office):
    tokens: dict[str, str] = {}

    def issue(role: str) -> str:
        if role not in tokens:
            tokens[role] = factories.api_token(request.getfixturevalue(role))
        return tokens[role]

    return issue


@pytest.fixture
def api(client, token_for):
    def get(path: str, as_role: str = "regulator", /, **params):
        return client.get(path, params, HTTP_AUTHORIZATION=f"Bearer {token_for(as_role)}")

    return get


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def build(system, actor) -> dict:
    """One of everything the governance endpoints show, in ``system``: returns each endpoint's
    object, with the organisation, committee and meeting."""
    n = next(_unique)
    org = factories.OrganisationFactory()
    factories.PartnershipFactory(system=system, organisation=org)
    member = factories.PersonFactory(system=system, organisation=org)
    deputy = factories.PersonFactory(system=system, organisation=org)
    committee = services.committee_create(
        actor=actor, system=system, name=f"Partnership Board {n}", kind="board"
    )
    terms = services.terms_create(
        actor=actor,
        committee=committee,
        version="1.0",
        effective_from=date(2017, 4, 1),
        review_on=date(2018, 4, 1),
        deputies_count=True,
        requirements={org: 1},
        quorum_text="One member from each partner.",
    )
    membership = services.membership_add(actor=actor, committee=committee, person=member)
    meeting = services.meeting_create(
        actor=actor, committee=committee, held_on=date(2018, 2, 1), status="held"
    )
    services.attendance_record(actor=actor, meeting=meeting, person=member, status="apologies")
    services.attendance_record(
        actor=actor, meeting=meeting, person=deputy, status="present", deputising_for=membership
    )
    decision = services.decision_record(
        actor=actor, meeting=meeting, title="Approve the plan", amount_thousands=Decimal("125.5")
    )
    action = services.action_create(
        actor=actor, meeting=meeting, description="Circulate the plan", owner=member,
        due_on=date(2018, 3, 1),
    )  # fmt: skip
    agreement = services.agreement_create(
        actor=actor,
        system=system,
        title=f"Memorandum of understanding {n}",
        kind="mou",
        status="in_effect",
        effective_on=date(2017, 4, 1),
        expires_on=date(2019, 3, 31),
        withdrawal_notice_days=90,
        binding_clauses=["Clause 12"],
        dispute_resolution=["Resolve between the parties."],
    )
    services.party_add(actor=actor, agreement=agreement, organisation=org)
    services.agreement_version_add(
        actor=actor, agreement=agreement, number="1.0", issued_on=date(2017, 3, 1)
    )
    services.commitment_add(
        actor=actor, agreement=agreement, number=1, text="Share data", owners=[org]
    )
    delegation = services.delegation_create(
        actor=actor,
        committee=committee,
        from_organisation=org,
        functions="Commissioning of community services",
        status="in_effect",
        effective_from=date(2018, 4, 1),
    )
    return {
        "committees": committee,
        "terms-of-reference": terms,
        "memberships": membership,
        "meetings": meeting,
        "decisions": decision,
        "actions": action,
        "agreements": agreement,
        "delegations": delegation,
        "organisation": org,
    }


@pytest.fixture
def world(system, other_system, office, outsider, in_scope):
    return {"own": build(system, office), "other": build(other_system, outsider)}


# --- Permission matrix: every endpoint x every role x own / other system ---------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_each_role_reads_its_own_system_only(api, world, endpoint, role):
    own, other = world["own"][endpoint].pk, world["other"][endpoint].pk
    assert ids(api(f"/api/v1/{endpoint}/", role)) == [own]
    detail = api(f"/api/v1/{endpoint}/{own}/", role)
    assert detail.status_code == 200 and detail.json()["id"] == own
    assert api(f"/api/v1/{endpoint}/{other}/", role).status_code == 404
    history = api(f"/api/v1/{endpoint}/{own}/history/", role)
    assert history.status_code == 200 and history.json()[-1]["kind"] == "Created"
    assert api(f"/api/v1/{endpoint}/{other}/history/", role).status_code == 404


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_the_other_systems_user_sees_the_mirror_image(api, world, endpoint):
    own, other = world["own"][endpoint].pk, world["other"][endpoint].pk
    assert ids(api(f"/api/v1/{endpoint}/", "outsider")) == [other]
    assert api(f"/api/v1/{endpoint}/{own}/", "outsider").status_code == 404
    assert api(f"/api/v1/{endpoint}/{own}/history/", "outsider").status_code == 404


# --- Filters reveal nothing of another system -------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_filtering_by_another_system_is_refused(api, world, system, other_system, endpoint):
    assert api(f"/api/v1/{endpoint}/", system=other_system.pk).status_code == 400
    assert ids(api(f"/api/v1/{endpoint}/", system=system.pk)) == [world["own"][endpoint].pk]


# (endpoint, filter, the object of the world whose id it takes)
ID_FILTERS = [
    ("terms-of-reference", "committee", "committees"),
    ("memberships", "committee", "committees"),
    ("memberships", "organisation", "organisation"),
    ("meetings", "committee", "committees"),
    ("decisions", "meeting", "meetings"),
    ("decisions", "committee", "committees"),
    ("delegations", "committee", "committees"),
]


@pytest.mark.parametrize("endpoint, name, key", ID_FILTERS)
def test_an_id_from_another_system_is_refused(api, world, endpoint, name, key):
    url = f"/api/v1/{endpoint}/"
    assert api(url, **{name: world["other"][key].pk}).status_code == 400
    assert ids(api(url, **{name: world["own"][key].pk})) == [world["own"][endpoint].pk]


# Filters that match the other system's row too: the answer still holds our row only.
VALUE_FILTERS = [
    ("committees", {"kind": "board", "stage": "established", "ordering": "-name"}),
    ("terms-of-reference", {"review_on_after": "2018-01-01", "review_on_before": "2018-12-31"}),
    ("memberships", {"role": "member"}),
    ("meetings", {"held_on_after": "2018-01-01", "status": "held", "quorate": "true"}),
    ("decisions", {"ordering": "reference"}),
    ("actions", {"status": "open", "overdue": "true", "due_on_before": "2018-12-31"}),
    ("agreements", {"kind": "mou", "status": "in_effect", "unsigned": "true"}),
    ("agreements", {"expires_on_after": "2019-01-01", "expires_on_before": "2019-12-31"}),
    ("delegations", {"status": "in_effect"}),
]


@pytest.mark.parametrize("endpoint, params", VALUE_FILTERS)
def test_filters_match_own_rows_only(api, world, endpoint, params):
    assert ids(api(f"/api/v1/{endpoint}/", **params)) == [world["own"][endpoint].pk]


def test_filter_choices_never_name_another_systems_objects(world, regulator):
    request = RequestFactory().get("/")
    request.user = regulator
    keys = ("committees", "meetings", "organisation")
    others = {world["other"][key] for key in keys} | {world["other"]["committees"].system}
    ours = {world["own"][key] for key in keys} | {world["own"]["committees"].system}
    checked = 0
    for _, viewset in ROUTES:
        filterset_class = viewset.filterset_class
        filterset = filterset_class(
            data={}, queryset=viewset.model._base_manager.none(), request=request
        )
        for name, field in filterset.form.fields.items():
            choices = getattr(field, "queryset", None)
            if choices is None:
                continue
            assert not others & set(choices), (filterset_class.__name__, name)
            assert set(choices) & ours, (filterset_class.__name__, name)
            checked += 1
    assert checked >= 10


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_browsable_filter_forms_name_nothing_of_another_system(
    client, token_for, world, system, other_system, endpoint
):
    response = client.get(
        f"/api/v1/{endpoint}/",
        HTTP_ACCEPT="text/html",
        HTTP_AUTHORIZATION=f"Bearer {token_for('regulator')}",
    )
    assert response.status_code == 200
    page = response.content.decode()
    # The filter form lists the user's own system; nothing of the other.
    assert system.name in page
    for name in (
        other_system.name,
        world["other"]["committees"].name,
        world["other"]["organisation"].name,
    ):
        assert name not in page, name


# --- A page costs the same number of queries with 2 rows as with 20 ----------------------------

# The token with its user and the user's accesses, in one query. A token used within the minute
# writes nothing (its first use is counted in partners' API tests): each test uses it first.
AUTH = "token with its user and the user's accesses"
QUERIES = {
    "committees": (2, f"{AUTH}, committees"),
    "terms-of-reference": (3, f"{AUTH}, terms, their quorum requirements"),
    "memberships": (2, f"{AUTH}, memberships"),
    "meetings": (
        8,
        f"{AUTH}, meetings, their committees (once each), the committees' terms, their quorum "
        "requirements, the committees' memberships, attendance, the memberships deputised for",
    ),
    "decisions": (2, f"{AUTH}, decisions"),
    "actions": (2, f"{AUTH}, actions"),
    "agreements": (
        6,
        f"{AUTH}, agreements, parties with organisation and signatory, versions, commitments, "
        "commitment owners",
    ),
    "delegations": (2, f"{AUTH}, delegations"),
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_costs_a_fixed_number_of_queries(
    client, token_for, system, office, in_scope, endpoint, django_assert_num_queries
):
    token = token_for("regulator")
    expected, named = QUERIES[endpoint]
    client.get(f"/api/v1/{endpoint}/", HTTP_AUTHORIZATION=f"Bearer {token}")  # first use
    for rows in (2, 20):
        while MODELS[endpoint]._base_manager.count() < rows:
            build(system, office)
        with django_assert_num_queries(expected, info=named):
            response = client.get(f"/api/v1/{endpoint}/", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert len(response.json()["results"]) == rows


# --- Derived values come from the project's own functions -------------------------------------


@pytest.fixture
def pag(system, office, in_scope):
    """Each of three partners must be present; deputies do not count."""
    orgs = {}
    for key in ("CCC", "CPFT", "NCUH"):
        orgs[key] = factories.OrganisationFactory(name=f"{key} test body", short_name=key)
        factories.PartnershipFactory(system=system, organisation=orgs[key])
    committee = factories.CommitteeFactory(system=system, name="Provider Alliance Group")
    services.terms_create(
        actor=office,
        committee=committee,
        version="1.0",
        effective_from=date(2017, 4, 1),
        minimum_total=3,
        deputies_count=False,
        requirements={org: 1 for org in orgs.values()},
    )
    members = {
        key: services.membership_add(
            actor=office,
            committee=committee,
            person=factories.PersonFactory(system=system, organisation=org),
        )
        for key, org in orgs.items()
    }
    return committee, orgs, members


def _outcome(meeting: Meeting) -> dict:
    outcome = meeting_quorum(meetings_for_list(Meeting.objects.filter(pk=meeting.pk)).get())
    return {
        "quorate": outcome.quorate,
        "counted": outcome.counted,
        "deputies_excluded": outcome.deputies_excluded,
        "shortfalls": [
            {"organisation": s.organisation, "required": s.required, "present": s.present}
            for s in outcome.shortfalls
        ],
    }


def test_meeting_quorum_is_meeting_quorums_outcome(api, pag, office, system):
    committee, orgs, members = pag
    quorate = services.meeting_create(actor=office, committee=committee, held_on=date(2017, 6, 1))
    short = services.meeting_create(actor=office, committee=committee, held_on=date(2017, 7, 1))
    early = services.meeting_create(actor=office, committee=committee, held_on=date(2017, 1, 1))
    for key, membership in members.items():
        services.attendance_record(
            actor=office, meeting=quorate, person=membership.person, status="present"
        )
        services.attendance_record(
            actor=office,
            meeting=short,
            person=membership.person,
            status="apologies" if key == "NCUH" else "present",
        )
    services.attendance_record(
        actor=office,
        meeting=short,
        person=factories.PersonFactory(system=system, organisation=orgs["NCUH"]),
        status="present",
        deputising_for=members["NCUH"],
    )

    expected = {m: _outcome(m) for m in (quorate, short, early)}
    assert expected[quorate]["quorate"] is True
    assert expected[short] == {
        "quorate": False,
        "counted": 2,
        "deputies_excluded": 1,
        "shortfalls": [
            {"organisation": None, "required": 3, "present": 2},
            {"organisation": orgs["NCUH"].pk, "required": 1, "present": 0},
        ],
    }
    assert expected[early]["quorate"] is None
    listed = {row["id"]: row for row in api("/api/v1/meetings/").json()["results"]}
    for meeting, outcome in expected.items():
        assert api(f"/api/v1/meetings/{meeting.pk}/").json()["quorum"] == outcome
        assert listed[meeting.pk]["quorum"] == outcome
    assert ids(api("/api/v1/meetings/", quorate="true")) == [quorate.pk]
    assert ids(api("/api/v1/meetings/", quorate="false")) == [short.pk]
    assert ids(api("/api/v1/meetings/", quorate="unknown")) == [early.pk]
    attendance = api(f"/api/v1/meetings/{short.pk}/").json()["attendance"]
    assert {"deputising_for": members["NCUH"].pk, "status": "present"}.items() <= next(
        a for a in attendance if a["deputising_for"]
    ).items()


def test_terms_show_the_quorum_rule(api, pag):
    committee, orgs, _ = pag
    body = api("/api/v1/terms-of-reference/", committee=committee.pk).json()["results"][0]
    assert body["quorum_rule"] == {
        "minimum_total": 3,
        "deputies_count": False,
        "requirements": [
            {"organisation": orgs[key].pk, "minimum_present": 1} for key in ("CCC", "CPFT", "NCUH")
        ],
        "quorum_text": "",
    }


def test_an_agreement_past_expiry_shows_expired_today(api, system, office, organisation, in_scope):
    today = date.today()

    def agreement(title, status, expires_on):
        return services.agreement_create(
            actor=office,
            system=system,
            title=title,
            kind="mou",
            status=status,
            expires_on=expires_on,
            withdrawal_notice_days=30,
        )

    lapsed = agreement("Lapsed", "in_effect", today - timedelta(days=1))
    current = agreement("Current", "in_effect", today)
    ended = agreement("Ended", "terminated", today - timedelta(days=1))
    party = services.party_add(actor=office, agreement=current, organisation=organisation)
    services.party_give_withdrawal_notice(actor=office, party=party, given_on=date(2019, 1, 1))

    rows = {row["id"]: row for row in api("/api/v1/agreements/").json()["results"]}
    assert (rows[lapsed.pk]["status"], rows[lapsed.pk]["status_today"]) == ("in_effect", "expired")
    assert rows[current.pk]["status_today"] == "in_effect"
    assert rows[ended.pk]["status_today"] == "terminated"
    for a in Agreement.objects.filter(pk__in=rows):
        assert rows[a.pk]["status_today"] == a.current_status
    assert rows[current.pk]["parties"][0]["withdrawal_effective_on"] == "2019-01-31"
    assert ids(api("/api/v1/agreements/", expires_on_before=today.isoformat())) == sorted(
        [lapsed.pk, current.pk, ended.pk]
    )


def test_delegated_today(api, system, office, organisation, in_scope):
    committee = factories.CommitteeFactory(system=system)
    live = services.delegation_create(
        actor=office,
        committee=committee,
        from_organisation=organisation,
        functions="Urgent care",
        status="in_effect",
        effective_from=date.today() - timedelta(days=10),
    )
    proposed = services.delegation_create(
        actor=office, committee=committee, from_organisation=organisation, functions="Planned care"
    )
    rows = {r["id"]: r["delegated_today"] for r in api("/api/v1/delegations/").json()["results"]}
    assert rows == {live.pk: True, proposed.pk: False}


def test_overdue_means_open_after_its_due_date(api, system, office, in_scope):
    meeting = factories.MeetingFactory(committee=factories.CommitteeFactory(system=system))
    today = date.today()

    def action(due_on, done=False):
        created = services.action_create(
            actor=office, meeting=meeting, description="Do it", due_on=due_on
        )
        if done:
            services.action_complete(actor=office, action=created, completed_on=today)
        return created.pk

    late = action(today - timedelta(days=1))
    due_today = action(today)
    done_late = action(today - timedelta(days=5), done=True)
    undated = action(None)
    assert ids(api("/api/v1/actions/", overdue="true")) == [late]
    assert ids(api("/api/v1/actions/", overdue="false")) == sorted([due_today, done_late, undated])


def test_unsigned_agreements(api, system, office, organisation, partner, in_scope):
    signatory = factories.PersonFactory(system=system, name="Sam Example", title="Chief Executive")

    def agreement(title, signed):
        created = services.agreement_create(actor=office, system=system, title=title, kind="mou")
        for org in (organisation, partner):
            party = services.party_add(actor=office, agreement=created, organisation=org)
            if signed or org == organisation:
                services.party_sign(
                    actor=office, party=party, signatory=signatory, signed_on=date(2017, 3, 1)
                )
        return created.pk

    waiting, signed = agreement("Waiting", False), agreement("Signed", True)
    assert ids(api("/api/v1/agreements/", unsigned="true")) == [waiting]
    assert ids(api("/api/v1/agreements/", unsigned="false")) == [signed]
    parties = api(f"/api/v1/agreements/{signed}/").json()["parties"]
    assert parties[0]["signatory"] == {"name": "Sam Example", "title": "Chief Executive"}


def test_schema_documents_each_endpoint_with_an_example(api, db):
    schema = api("/api/v1/schema/", format="json").json()
    for endpoint in ENDPOINTS:
        listing = schema["paths"][f"/api/v1/{endpoint}/"]["get"]
        assert listing["description"], endpoint
        content = listing["responses"]["200"]["content"]["application/json"]
        assert content["examples"], endpoint
