"""Milestone pages for every role: what each sees, what each may change, and what it costs."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from core.scoping import scope
from milestones import services
from milestones.models import Dependency, Milestone, ProgressUpdate
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ["office", "lead", "chair", "regulator"]
TODAY = date.today()
MONTH = TODAY.replace(day=1)


def url(system, name: str, **kwargs) -> str:
    return reverse(f"milestones:{name}", kwargs={"slug": system.slug, **kwargs})


@pytest.fixture
def workstream(system):
    plan = factories.PlanFactory(system=system, amber_tolerance_days=30)
    return factories.WorkstreamFactory(plan=plan, code="C", name="Urgent and emergency care")


@pytest.fixture
def milestone(workstream, office, organisation, in_scope):
    """Due in two months, the lead's organisation responsible: on track."""
    return services.milestone_create(
        actor=office,
        workstream=workstream,
        title="Same Day Emergency Care 12 hours a day, 7 days a week",
        baseline_on=TODAY + timedelta(days=60),
        responsible_organisation=organisation,
        is_key=True,
    )


@pytest.fixture
def partner_milestone(workstream, office, partner, in_scope):
    """Another partner's milestone, due in three months."""
    return services.milestone_create(
        actor=office,
        workstream=workstream,
        title="Integrated discharge hub",
        baseline_on=TODAY + timedelta(days=90),
        responsible_organisation=partner,
    )


@pytest.fixture
def theirs(other_system, office, in_scope):
    plan = factories.PlanFactory(system=other_system)
    workstream = factories.WorkstreamFactory(plan=plan, name="Beta workstream")
    return services.milestone_create(
        actor=office, workstream=workstream, title="Beta milestone", baseline_on=TODAY
    )


def page_urls(system, milestone) -> list[str]:
    return [
        url(system, "milestone-list"),
        url(system, "milestone-detail", pk=milestone.pk),
        url(system, "workstream-list"),
        url(system, "workstream-detail", pk=milestone.workstream_id),
        url(system, "monthly-update"),
    ]


def reload(milestone: Milestone) -> Milestone:
    with scope([milestone.workstream.plan.system_id]):
        return Milestone.objects.select_related("workstream__plan").get(pk=milestone.pk)


def monthly_post(*milestones, **rows) -> dict:
    """The monthly update form's POST: ``rows`` maps "m<pk>" to that row's fields."""
    data = {"milestone": [m.pk for m in milestones]}
    for prefix, fields in rows.items():
        for name, value in fields.items():
            data[f"{prefix}-{name}"] = value
    return data


# Who sees what ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_every_page(request, client, role, system, milestone):
    client.force_login(request.getfixturevalue(role))
    for page in page_urls(system, milestone):
        response = client.get(page)
        assert response.status_code == 200, page
        shown = "Urgent and emergency care" if page.endswith("/workstreams/") else milestone.title
        assert shown in response.content.decode(), page


def test_regulator_sees_no_edit_control(client, regulator, system, milestone):
    client.force_login(regulator)
    list_page = client.get(url(system, "milestone-list")).content.decode()
    assert url(system, "monthly-update") not in list_page
    detail = client.get(url(system, "milestone-detail", pk=milestone.pk)).content.decode()
    assert 'method="post"' not in detail.split("</header>")[1]
    assert url(system, "milestone-rebaseline", pk=milestone.pk) not in detail
    update = client.get(url(system, "monthly-update")).content.decode()
    assert "<textarea" not in update
    assert "Save this month" not in update
    assert milestone.title in update  # read-only


@pytest.mark.parametrize("role", ["regulator", "chair", "lead"])
def test_only_the_programme_office_rebaselines_or_adds_dependencies(
    request, client, role, system, milestone, partner_milestone
):
    client.force_login(request.getfixturevalue(role))
    detail = client.get(url(system, "milestone-detail", pk=milestone.pk)).content.decode()
    assert "Re-baseline" not in detail
    response = client.post(
        url(system, "milestone-rebaseline", pk=milestone.pk),
        {"baseline_on": (TODAY + timedelta(days=100)).isoformat(), "reason": "Workforce"},
    )
    assert response.status_code == 403
    response = client.post(
        url(system, "dependency-create", pk=milestone.pk), {"depends_on": partner_milestone.pk}
    )
    assert response.status_code == 403
    with scope([system]):
        assert milestone.baselines.count() == 1
        assert not Dependency.objects.exists()
    assert reload(milestone).baseline_on == milestone.baseline_on


@pytest.mark.parametrize("role", ["regulator", "chair"])
def test_regulator_and_chair_cannot_record_monthly_updates(
    request, client, role, system, milestone
):
    client.force_login(request.getfixturevalue(role))
    data = monthly_post(milestone, **{f"m{milestone.pk}": {"narrative": "Going well"}})
    assert client.post(url(system, "monthly-update"), data).status_code == 403
    with scope([system]):
        assert not ProgressUpdate.objects.exists()


# Re-baselining and dependencies -----------------------------------------------------------------


def test_office_rebaselines_and_it_is_in_history(client, office, system, milestone):
    client.force_login(office)
    new = TODAY + timedelta(days=120)
    response = client.post(
        url(system, "milestone-rebaseline", pk=milestone.pk),
        {"baseline_on": new.isoformat(), "reason": "Workforce gaps"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url(system, "milestone-detail", pk=milestone.pk)
    page = response.content.decode()
    assert "Baseline moved to" in page
    assert "Workforce gaps" in page  # in the baselines table
    with scope([system]):
        latest = milestone.baselines.order_by("-set_at").first()
        assert (latest.baseline_on, latest.set_by, latest.reason) == (new, office, "Workforce gaps")
        record = reload(milestone).history.first()
    assert record.history_user == office
    assert record.baseline_on == new


def test_rebaseline_without_reason_is_refused_next_to_the_field(client, office, system, milestone):
    client.force_login(office)
    response = client.post(
        url(system, "milestone-rebaseline", pk=milestone.pk),
        {"baseline_on": (TODAY + timedelta(days=120)).isoformat(), "reason": "  "},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_reason-error"' in page
    assert "There is a problem" in page
    with scope([system]):
        assert milestone.baselines.count() == 1
    assert reload(milestone).baseline_on == milestone.baseline_on


def test_rebaseline_to_the_same_date_is_refused_by_the_service(client, office, system, milestone):
    client.force_login(office)
    response = client.post(
        url(system, "milestone-rebaseline", pk=milestone.pk),
        {"baseline_on": milestone.baseline_on.isoformat(), "reason": "No change"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    error = page.split('id="id_baseline_on-error"')[1][:200]
    assert "The new baseline is the same as the current one." in error
    with scope([system]):
        assert milestone.baselines.count() == 1


def test_office_adds_a_dependency(client, office, system, milestone, partner_milestone):
    client.force_login(office)
    response = client.post(
        url(system, "dependency-create", pk=milestone.pk), {"depends_on": partner_milestone.pk}
    )
    assert response.status_code == 302
    with scope([system]):
        dependency = Dependency.objects.get()
    assert (dependency.milestone, dependency.depends_on) == (milestone, partner_milestone)
    assert dependency.history.first().history_user == office
    detail = client.get(url(system, "milestone-detail", pk=milestone.pk)).content.decode()
    assert partner_milestone.title in detail.split("Depends on")[1]


def test_a_dependency_cycle_is_shown_next_to_the_field(
    client, office, system, milestone, partner_milestone
):
    with scope([system]):
        services.dependency_add(actor=office, milestone=partner_milestone, depends_on=milestone)
    client.force_login(office)
    response = client.post(
        url(system, "dependency-create", pk=milestone.pk), {"depends_on": partner_milestone.pk}
    )
    assert response.status_code == 200
    error = response.content.decode().split('id="id_depends_on-error"')[1][:300]
    assert "already depends, through others, on" in error
    with scope([system]):
        assert Dependency.objects.count() == 1


def test_a_dependency_on_another_systems_milestone_is_not_offered(
    client, office, system, milestone, theirs
):
    client.force_login(office)
    response = client.post(
        url(system, "dependency-create", pk=milestone.pk), {"depends_on": theirs.pk}
    )
    assert response.status_code == 200
    assert 'id="id_depends_on-error"' in response.content.decode()
    with scope([system, theirs.workstream.plan.system_id]):
        assert not Dependency.objects.exists()


# Monthly update --------------------------------------------------------------------------------


def test_lead_sees_only_their_organisations_milestones(
    client, lead, system, milestone, partner_milestone
):
    client.force_login(lead)
    page = client.get(url(system, "monthly-update")).content.decode()
    assert milestone.title in page
    assert partner_milestone.title not in page
    assert f'name="m{milestone.pk}-narrative"' in page


def test_lead_update_moves_a_milestone_from_green_to_amber_on_the_list(
    client, lead, system, milestone, partner_milestone
):
    client.force_login(lead)
    list_url = url(system, "milestone-list")
    assert milestone.title in client.get(list_url, {"rag": "green"}).content.decode()
    assert milestone.title not in client.get(list_url, {"rag": "amber"}).content.decode()

    slipped = milestone.baseline_on + timedelta(days=14)  # within the 30 days' tolerance
    data = monthly_post(
        milestone,
        **{
            f"m{milestone.pk}": {
                "narrative": "Recruitment of the second consultant has slipped.",
                "forecast_on": slipped.isoformat(),
                "completed_on": "",
            }
        },
    )
    response = client.post(url(system, "monthly-update"), data, follow=True)
    assert "1 update recorded." in response.content.decode()

    amber = client.get(list_url, {"rag": "amber"}).content.decode()
    assert milestone.title in amber
    assert milestone.title not in client.get(list_url, {"rag": "green"}).content.decode()
    detail = client.get(url(system, "milestone-detail", pk=milestone.pk)).content.decode()
    assert "app-rag--amber" in detail.split("RAG status")[1][:200]
    with scope([system]):
        update = ProgressUpdate.objects.get()
        assert update.history.first().history_user == lead
    assert (update.month, update.forecast_on, update.rag) == (MONTH, slipped, "amber")
    assert reload(milestone).history.first().history_user == lead


def test_an_update_beyond_tolerance_turns_red(client, lead, system, milestone):
    client.force_login(lead)
    data = monthly_post(
        milestone,
        **{
            f"m{milestone.pk}": {
                "narrative": "Estates work delayed a quarter.",
                "forecast_on": (milestone.baseline_on + timedelta(days=90)).isoformat(),
            }
        },
    )
    client.post(url(system, "monthly-update"), data)
    red = client.get(url(system, "milestone-list"), {"rag": "red"}).content.decode()
    assert milestone.title in red


def test_this_months_update_is_shown_prefilled(client, lead, system, milestone):
    with scope([system]):
        services.progress_update_record(
            actor=lead, milestone=milestone, month=TODAY, narrative="Business case approved."
        )
    client.force_login(lead)
    page = client.get(url(system, "monthly-update")).content.decode()
    textarea = page.split(f'name="m{milestone.pk}-narrative"')[1].split("</textarea>")[0]
    assert "Business case approved." in textarea


def test_unchanged_rows_are_not_recorded_again(client, lead, system, milestone):
    with scope([system]):
        services.progress_update_record(
            actor=lead, milestone=milestone, month=TODAY, narrative="Business case approved."
        )
    client.force_login(lead)
    data = monthly_post(
        milestone,
        **{
            f"m{milestone.pk}": {
                "narrative": "Business case approved.",
                "forecast_on": "",
                "completed_on": "",
            }
        },
    )
    response = client.post(url(system, "monthly-update"), data, follow=True)
    assert "0 updates recorded." in response.content.decode()
    with scope([system]):
        assert ProgressUpdate.objects.get().history.count() == 1


def test_lead_cannot_update_another_organisations_milestone(
    client, lead, system, milestone, partner_milestone
):
    client.force_login(lead)
    data = monthly_post(
        milestone,
        partner_milestone,
        **{
            f"m{milestone.pk}": {"narrative": "Ours is fine."},
            f"m{partner_milestone.pk}": {
                "narrative": "Theirs has slipped.",
                "forecast_on": (partner_milestone.baseline_on + timedelta(days=60)).isoformat(),
            },
        },
    )
    assert client.post(url(system, "monthly-update"), data).status_code == 403
    with scope([system]):
        assert not ProgressUpdate.objects.exists()
    assert reload(partner_milestone).forecast_on is None
    assert reload(milestone).forecast_on is None


def test_a_milestone_of_another_system_is_not_found(client, office, system, theirs):
    client.force_login(office)
    data = monthly_post(theirs, **{f"m{theirs.pk}": {"narrative": "x"}})
    assert client.post(url(system, "monthly-update"), data).status_code == 404


def test_one_bad_row_saves_nothing_and_says_which(
    client, office, system, milestone, partner_milestone
):
    client.force_login(office)
    data = monthly_post(
        milestone,
        partner_milestone,
        **{
            f"m{milestone.pk}": {
                "narrative": "Delivered early.",
                "completed_on": (TODAY + timedelta(days=3)).isoformat(),  # in the future
            },
            f"m{partner_milestone.pk}": {
                "narrative": "On track.",
                "forecast_on": (partner_milestone.baseline_on + timedelta(days=5)).isoformat(),
            },
        },
    )
    response = client.post(url(system, "monthly-update"), data)
    assert response.status_code == 200
    page = response.content.decode()
    error = page.split(f'id="id_m{milestone.pk}-completed_on-error"')[1][:200]
    assert "A milestone cannot be completed in the future." in error
    assert "Nothing has been saved" in page
    # What was typed is kept.
    assert "Delivered early." in page
    with scope([system]):
        assert not ProgressUpdate.objects.exists()
    assert reload(partner_milestone).forecast_on is None


def test_a_changed_date_without_a_narrative_is_refused(client, lead, system, milestone):
    client.force_login(lead)
    data = monthly_post(
        milestone,
        **{
            f"m{milestone.pk}": {
                "narrative": "",
                "forecast_on": (milestone.baseline_on + timedelta(days=5)).isoformat(),
            }
        },
    )
    response = client.post(url(system, "monthly-update"), data)
    assert response.status_code == 200
    error = response.content.decode().split(f'id="id_m{milestone.pk}-narrative-error"')[1]
    assert "Say what has happened this month." in error[:200]
    assert reload(milestone).forecast_on is None


def test_a_bad_date_is_shown_next_to_the_field(client, lead, system, milestone):
    client.force_login(lead)
    data = monthly_post(
        milestone, **{f"m{milestone.pk}": {"narrative": "x", "forecast_on": "next week"}}
    )
    response = client.post(url(system, "monthly-update"), data)
    assert response.status_code == 200
    assert f'id="id_m{milestone.pk}-forecast_on-error"' in response.content.decode()
    with scope([system]):
        assert not ProgressUpdate.objects.exists()


def test_completing_a_milestone_shows_it_complete(client, lead, system, milestone):
    client.force_login(lead)
    data = monthly_post(
        milestone,
        **{f"m{milestone.pk}": {"narrative": "Done.", "completed_on": TODAY.isoformat()}},
    )
    client.post(url(system, "monthly-update"), data)
    page = client.get(url(system, "milestone-list"), {"rag": "complete"}).content.decode()
    assert milestone.title in page


def test_office_updates_any_milestone_and_filters_by_organisation(
    client, office, system, milestone, partner_milestone, partner
):
    client.force_login(office)
    page = client.get(url(system, "monthly-update"), {"organisation": partner.pk})
    assert partner_milestone.title in page.content.decode()
    assert milestone.title not in page.content.decode()
    data = monthly_post(partner_milestone, **{f"m{partner_milestone.pk}": {"narrative": "Fine."}})
    response = client.post(f"{url(system, 'monthly-update')}?organisation={partner.pk}", data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?organisation={partner.pk}")
    with scope([system]):
        assert ProgressUpdate.objects.get().reported_by == office


# The list's filters and sorting ---------------------------------------------------------------


@pytest.fixture
def spread(workstream, office, organisation, partner, in_scope):
    """One milestone of each kind the dashboard links to."""
    other = factories.WorkstreamFactory(plan=workstream.plan, code="D", name="Digital")

    def make(title, baseline, **fields):
        return services.milestone_create(
            actor=office,
            workstream=fields.pop("workstream", workstream),
            title=title,
            baseline_on=baseline,
            **fields,
        )

    overdue = make("Overdue one", TODAY - timedelta(days=10), responsible_organisation=partner)
    soon = make("Due soon", TODAY + timedelta(days=20), is_key=True, workstream=other)
    later = make("Due later", TODAY + timedelta(days=200), responsible_organisation=organisation)
    done = make("Done already", TODAY - timedelta(days=40))
    services.progress_update_record(
        actor=office,
        milestone=done,
        month=TODAY,
        narrative="Done",
        completed_on=TODAY - timedelta(days=41),
    )
    slipping = make("Slipping", TODAY + timedelta(days=40))
    services.progress_update_record(
        actor=office,
        milestone=slipping,
        month=TODAY,
        narrative="Late",
        forecast_on=TODAY + timedelta(days=50),
    )
    return {
        "overdue": overdue,
        "soon": soon,
        "later": later,
        "done": done,
        "slipping": slipping,
        "other": other,
    }


def titles(response) -> list[str]:
    return [row.milestone.title for row in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"rag": "red"}, ["Overdue one"]),
        ({"rag": "amber"}, ["Slipping"]),
        ({"rag": "complete"}, ["Done already"]),
        ({"rag": "green"}, ["Due soon", "Due later"]),
        ({"overdue": "1"}, ["Overdue one"]),
        ({"key": "1"}, ["Due soon"]),
        ({"due_within": "30"}, ["Due soon"]),
        ({"due_within": "60"}, ["Due soon", "Slipping"]),
        ({"rag": "green", "key": "1"}, ["Due soon"]),
    ],
)
def test_list_filters(client, office, system, spread, params, expected):
    client.force_login(office)
    assert titles(client.get(url(system, "milestone-list"), params)) == expected


def test_list_filters_by_workstream_and_organisation(client, office, system, spread, partner):
    client.force_login(office)
    list_url = url(system, "milestone-list")
    assert titles(client.get(list_url, {"workstream": spread["other"].pk})) == ["Due soon"]
    assert titles(client.get(list_url, {"organisation": partner.pk})) == ["Overdue one"]
    # A partner responsible for nothing is a valid choice with no milestones (not "all").
    idle = factories.OrganisationFactory(name="Alpha Healthwatch", kind="healthwatch")
    factories.PartnershipFactory(system=system, organisation=idle)
    response = client.get(list_url, {"organisation": idle.pk})
    assert titles(response) == []
    assert 'id="id_organisation-error"' not in response.content.decode()


def test_rag_summary_counts_the_filtered_milestones(client, office, system, spread):
    client.force_login(office)
    response = client.get(url(system, "milestone-list"), {"rag": "red"})
    assert dict(response.context["counts"]) == {
        "complete": 1,
        "green": 2,
        "amber": 1,
        "red": 1,
    }
    page = response.content.decode()
    assert "?rag=amber" in page  # each count links to its filter


def test_list_sorts(client, office, system, spread):
    client.force_login(office)
    list_url = url(system, "milestone-list")
    assert titles(client.get(list_url, {"order": "title"}))[:2] == ["Done already", "Due later"]
    assert titles(client.get(list_url, {"order": "-slippage"}))[0] == "Slipping"
    assert titles(client.get(list_url, {"order": "baseline"}))[0] == "Done already"
    assert titles(client.get(list_url, {"order": "-forecast"}))[0] == "Due later"


def test_a_bad_filter_is_reported_and_ignored(client, office, system, spread):
    client.force_login(office)
    response = client.get(url(system, "milestone-list"), {"workstream": "999999", "key": "1"})
    assert response.status_code == 200
    assert titles(response) == ["Due soon"]  # key=1 still applies
    assert 'id="id_workstream-error"' in response.content.decode()
    response = client.get(url(system, "milestone-list"), {"order": "drop table"})
    assert response.status_code == 200


def test_list_paginates(client, office, system, workstream, in_scope):
    for n in range(27):
        services.milestone_create(
            actor=office,
            workstream=workstream,
            title=f"Milestone {n:02}",
            baseline_on=TODAY + timedelta(days=n),
        )
    client.force_login(office)
    first = client.get(url(system, "milestone-list"))
    assert len(first.context["page"].object_list) == 25
    second = client.get(url(system, "milestone-list"), {"page": 2})
    assert titles(second) == ["Milestone 25", "Milestone 26"]


# Workstreams and the timeline -------------------------------------------------------------------


def test_workstream_page_has_the_timeline(client, chair, system, milestone, partner_milestone):
    client.force_login(chair)
    page = client.get(url(system, "workstream-detail", pk=milestone.workstream_id)).content.decode()
    svg = page.split("<svg", 2)[2]  # the first is the NHS logo
    assert 'role="img"' in svg.split(">")[0]
    assert svg.count('class="app-timeline__baseline"') == 2
    assert "History of changes" in page


def test_workstream_list_counts_rag(client, regulator, system, milestone, partner_milestone):
    client.force_login(regulator)
    response = client.get(url(system, "workstream-list"))
    ((_workstream, counts),) = response.context["rows"]
    assert dict(counts)["green"] == 2


def test_detail_pages_show_history(client, office, system, milestone):
    client.force_login(office)
    page = client.get(url(system, "milestone-detail", pk=milestone.pk)).content.decode()
    assert "History of changes" in page
    assert "First baseline" in page


def test_detail_links_to_the_monthly_update_only_for_who_may_update(
    client, lead, chair, system, milestone, partner_milestone
):
    update = url(system, "monthly-update")
    client.force_login(lead)
    assert update in client.get(url(system, "milestone-detail", pk=milestone.pk)).content.decode()
    other = client.get(url(system, "milestone-detail", pk=partner_milestone.pk)).content.decode()
    assert update not in other
    client.force_login(chair)
    assert (
        update not in client.get(url(system, "milestone-detail", pk=milestone.pk)).content.decode()
    )


# Query counts -----------------------------------------------------------------------------------


def make_milestones(office, system, organisation, count: int) -> None:
    plan = factories.PlanFactory(system=system)
    workstreams = [factories.WorkstreamFactory(plan=plan, name=f"Workstream {n}") for n in range(2)]
    with scope([system]):
        for n in range(count):
            milestone = services.milestone_create(
                actor=office,
                workstream=workstreams[n % 2],
                title=f"Milestone {n}",
                baseline_on=TODAY + timedelta(days=n),
                responsible_organisation=organisation,
                is_key=n % 3 == 0,
            )
            services.progress_update_record(
                actor=office, milestone=milestone, month=TODAY, narrative=f"Update {n}"
            )


# Every page costs: the session, the user, the user's accesses (core.authz, once per request),
# the system from the URL, the header's list of the user's systems, and saving the session (which
# remembers the system): savepoint, update, release.
REQUEST = 8


@pytest.mark.parametrize("count", [2, 20])
def test_milestone_list_queries_are_constant(
    client, office, system, organisation, count, django_assert_num_queries
):
    make_milestones(office, system, organisation, count)
    client.force_login(office)
    # REQUEST, then: the filter form's workstreams and organisations (2); the milestones with
    # workstream, plan and organisation joined (1); their baselines (1).
    with django_assert_num_queries(REQUEST + 4):
        response = client.get(url(system, "milestone-list"), {"order": "-slippage", "key": "1"})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [2, 20])
def test_workstream_list_queries_are_constant(
    client, office, system, organisation, count, django_assert_num_queries
):
    make_milestones(office, system, organisation, count)
    client.force_login(office)
    # REQUEST, then: the workstreams' count for the paginator (1); the workstreams with plan,
    # SRO and lead organisation joined (1); their milestones (1).
    with django_assert_num_queries(REQUEST + 3):
        response = client.get(url(system, "workstream-list"))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [2, 20])
@pytest.mark.parametrize("role", ["office", "lead"])
def test_monthly_update_queries_are_constant(
    request, client, role, system, organisation, office, count, django_assert_num_queries
):
    make_milestones(office, system, organisation, count)
    client.force_login(request.getfixturevalue(role))
    # REQUEST, then: the milestones with workstream, plan and organisation (1); this month's
    # updates with who reported them (1); for the office, the organisation filter's choices (1).
    with django_assert_num_queries(REQUEST + 2 + (role == "office")):
        response = client.get(url(system, "monthly-update"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == count
