"""The roles every role-parametrised test walks, from ``core.roles.Role``, and the standing user
of the root conftest who holds each in ``system``: the one place a test finds "every role" or "every
role but the programme office". The ``user_for`` and ``client_for`` fixtures (root conftest) turn
a role into its standing user or a client signed in as them."""

from core.roles import Role

ROLES: tuple[Role, ...] = tuple(Role)

# The root conftest's fixture for each role's standing user in ``system``.
STANDING_USER = {
    Role.PROGRAMME_OFFICE: "office",
    Role.PARTNER_LEAD: "lead",
    Role.CHAIR: "chair",
    Role.REGULATOR: "regulator",
}
# A programme office of ``other_system`` only: asked as the other side of a scoping test.
OUTSIDER = "outsider"


def all_but(*roles: Role) -> tuple[Role, ...]:
    """Every role except ``roles``, in Role's order (e.g. those refused what only the office may
    do)."""
    return tuple(role for role in Role if role not in roles)


def fixture_name(who: Role | str) -> str:
    """The root conftest's fixture for a role's standing user (or the outsider). A role spelled
    as a fixture name ("office") is refused: say ``Role.PROGRAMME_OFFICE``."""
    if who == OUTSIDER:
        return OUTSIDER
    return STANDING_USER[Role(who)]
