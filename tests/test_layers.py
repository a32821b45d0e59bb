"""The layers of docs/architecture.md hold, and a crossing is caught: import-linter's contracts
(pyproject.toml) are run on a copy of the code with one forbidden import added."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "core",
    "partners",
    "governance",
    "milestones",
    "escalation",
    "finance",
    "reports",
    "public",
    "reminders",
    "accounts",
    "identity",
)
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


@pytest.fixture
def code_copy(tmp_path):
    for package in (*PACKAGES, "config"):
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def lint(directory: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=directory,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(directory)},
        timeout=120,
    )


def test_the_code_keeps_its_layers(code_copy):
    result = lint(code_copy)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("core/probe.py", "import partners.models\n", "The platform layer imports no domain app"),
        ("core/probe.py", "import config.celery\n", "The platform layer imports no domain app"),
        ("partners/probe.py", "import governance.models\n", "Domain layers"),
        ("governance/probe.py", "import reports.models\n", "Nothing but the project's config"),
        ("finance/probe.py", "import governance.models\n", "finance stands on partners"),
        ("escalation/probe.py", "import milestones.api.views\n", "escalation uses no API"),
        (
            "reports/probe.py",
            "import reminders.apps\n",
            "Nothing but the project's config imports reminders",
        ),
        (
            "reminders/probe.py",
            "import accounts.models\n",
            "Nothing but the project's config imports accounts",
        ),
        ("accounts/probe.py", "import reminders.apps\n", "accounts (each person's account page)"),
        ("accounts/probe.py", "import partners.api.tokens\n", "accounts (each person's"),
    ],
)
def test_a_crossing_fails_the_contract_it_breaks(code_copy, module, line, contract):
    (code_copy / module).write_text(line)
    result = lint(code_copy)
    assert result.returncode == 1
    probe = module.removesuffix(".py").replace("/", ".")
    # The contract is reported broken by the probe's import itself.
    sections = broken_contracts(result.stdout)
    assert any(
        title.startswith(contract) and f"{probe} -> {line.split()[1]}" in body
        for title, body in sections.items()
    ), sections


def broken_contracts(output: str) -> dict[str, str]:
    """The report's broken contracts by title: a title (wrapped over lines) is underlined with
    dashes, and its violations follow until the next title."""
    lines = output.split("Broken contracts", 1)[-1].splitlines()[2:]
    sections, title, body, pending = {}, None, [], []
    for line in lines:
        if line and set(line) == {"-"}:
            if pending:
                if title is not None:
                    sections[title] = "\n".join(body)
                title, body, pending = " ".join(pending), [], []
            continue
        if line.strip():
            pending.append(line.strip())
        else:
            body.extend(pending)
            pending = []
    body.extend(pending)
    if title is not None:
        sections[title] = "\n".join(body)
    return sections
