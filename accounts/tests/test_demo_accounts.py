"""The demo users of the README, each on their account page: the systems and the role the README
gives them, and the API tokens section for the regulators only."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db
PAGE = reverse("accounts:account")
NORFOLK = "Norfolk and Waveney Sustainability and Transformation Partnership"
EAST = ["West Norfolk local health economy", NORFOLK, "Cambridgeshire and Peterborough"]


@pytest.mark.parametrize(
    ("username", "role", "systems", "tokens"),
    [
        ("programme.office", "Programme office", 5, False),
        ("office.cumbria", "Programme office", ["West, North and East Cumbria"], False),
        ("partner.lead", "Partner lead of NNUH", [NORFOLK], False),
        ("chair", "Chair", 5, False),
        ("regulator", "Regulator", 5, True),
        ("regulator.east", "Regulator", EAST, True),
    ],
)
def test_each_demo_user_sees_their_systems_and_role(seeds, client, username, role, systems, tokens):
    client.force_login(get_user_model().objects.get(username=username))
    body = client.get(PAGE).content.decode()
    rows = body.count('<span class="nhsuk-table-responsive__heading">Role </span>')
    assert rows == (systems if isinstance(systems, int) else len(systems))
    assert body.count(f"Role </span>{role}</td>") == rows
    for name in [] if isinstance(systems, int) else systems:
        assert f">{name}</a>" in body
    assert ("Your API tokens" in body) is tokens
