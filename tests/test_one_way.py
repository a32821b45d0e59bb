"""One way to do each thing, as tests that read the code: role questions are asked of core.authz
(never answered by comparing roles in a view, form, admin or template), roles are spelled only
by core.roles.Role, and a service's errors reach a form only through core.forms."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "core",
    "partners",
    "governance",
    "milestones",
    "escalation",
    "finance",
    "reports",
    "public",
)

# Where roles may be compared: the one module that decides, the one that defines them, the demo
# loaders (which hand roles out), and the access services (which keep a system's access records
# whole: a partner lead's organisation, a last programme office).
ROLE_HOMES = {
    "core/authz.py",
    "core/roles.py",
    "partners/demo.py",
    "partners/services.py",
}
ROLE_QUESTION = re.compile(
    r"\brole_in\(|\bled_organisation_id\(|[=!]= *(?<![.\w])Role\.|(?<![.\w])Role\.[A-Z_]+ *[=!]="
)
# A role's value typed out; "chair" and "regulator" alone are also names, keys, posts and kinds.
ROLE_VALUE = re.compile(
    r"[\"'](programme_office|partner_lead)[\"']|role *[=:] *[\"'](regulator|chair)[\"']"
)
SERVICE_ERROR_BY_HAND = re.compile(
    r"\.add_error\([^)]*\berror\b|\berror\.(message_dict|error_dict)"
)


def _sources(suffix: str) -> list[Path]:
    files = []
    for app in APPS:
        for path in (ROOT / app).rglob(f"*{suffix}"):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative or "/tests/" in relative:
                continue
            files.append(path)
    return files


def _hits(paths, pattern, allowed=frozenset()) -> list[str]:
    hits = []
    for path in paths:
        relative = path.relative_to(ROOT).as_posix()
        if relative in allowed:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line):
                hits.append(f"{relative}:{number}: {line.strip()}")
    return hits


def test_role_questions_are_asked_of_authz():
    assert _hits(_sources(".py"), ROLE_QUESTION, ROLE_HOMES) == []


def test_templates_ask_no_role_question():
    templates = [*(ROOT / "templates").rglob("*.html"), *_sources(".html")]
    assert _hits(templates, re.compile(r"\brole *[=!]=|is_superuser|is_staff")) == []


@pytest.mark.parametrize("suffix", [".py", ".html"])
def test_a_role_is_spelled_only_by_core_roles(suffix):
    assert _hits(_sources(suffix), ROLE_VALUE, {"core/roles.py"}) == []


def test_service_errors_reach_forms_only_through_core_forms():
    # finance.services.monthly_positions_record saves a whole grid at once and names, for each
    # cell, the model's error about it: the grid's own error, built by the service.
    allowed = {"core/forms.py", "finance/services.py"}
    assert _hits(_sources(".py"), SERVICE_ERROR_BY_HAND, allowed) == []


def test_the_checks_find_what_they_look_for():
    # The patterns are not vacuous: each matches the idiom it forbids.
    assert ROLE_QUESTION.search("if authz.role_in(user, system) == Role.CHAIR:")
    assert ROLE_QUESTION.search("if access.role == Role.REGULATOR")
    assert not ROLE_QUESTION.search("m.role != Membership.Role.DEPUTY")  # a committee post
    assert ROLE_VALUE.search('Access(role="partner_lead")')
    assert ROLE_VALUE.search('Access.objects.create(role="regulator")')
    assert SERVICE_ERROR_BY_HAND.search("form.add_error(None, error)")
    assert SERVICE_ERROR_BY_HAND.search('self.add_error(None, error.message_dict["role"])')
