"""The governance endpoints: every role reads its own system only, and filters leak nothing of
another system."""

import pytest
from django.test import RequestFactory

from core.roles import Role
from governance.api import ROUTES
from governance.tests.api_helpers import ENDPOINTS, build, ids, listed
from tests.permissions.roles import ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(system, other_system, office, outsider, in_scope):
    return {"own": build(system, office), "other": build(other_system, outsider)}


# --- Permission matrix: every endpoint x every role x own / other system ---------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_each_role_reads_its_own_system_only(api, world, endpoint, role):
    own, other = world["own"][endpoint].pk, world["other"][endpoint].pk
    office = role == Role.PROGRAMME_OFFICE
    assert ids(api(f"/api/v1/{endpoint}/", role)) == listed(world["own"], endpoint, office)
    detail = api(f"/api/v1/{endpoint}/{own}/", role)
    assert detail.status_code == 200 and detail.json()["id"] == own
    assert api(f"/api/v1/{endpoint}/{other}/", role).status_code == 404
    history = api(f"/api/v1/{endpoint}/{own}/history/", role)
    assert history.status_code == 200 and history.json()[-1]["kind"] == "Created"
    assert api(f"/api/v1/{endpoint}/{other}/history/", role).status_code == 404


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_the_other_systems_user_sees_the_mirror_image(api, world, endpoint):
    own = world["own"][endpoint].pk
    assert ids(api(f"/api/v1/{endpoint}/", "outsider")) == listed(world["other"], endpoint, True)
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
    keys = ("committees", "meetings", "organisation", "person")
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
        HTTP_AUTHORIZATION=f"Bearer {token_for(Role.REGULATOR)}",
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
