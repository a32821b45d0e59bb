"""Constants and helpers shared by the governance form tests."""

import re

from core.roles import Role
from tests.permissions.roles import all_but

REFUSED = all_but(Role.PROGRAMME_OFFICE)


def error_next_to(html: str, field: str) -> str:
    """The error message rendered beside a field (includes/field.html and the checkbox
    templates give it the id ``id_<field>-error``)."""
    match = re.search(
        rf'id="id_{field}-error"><span class="nhsuk-u-visually-hidden">Error:</span> ([^<]*)<',
        html,
    )
    return match.group(1).strip() if match else ""
