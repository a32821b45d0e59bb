"""What every benchmark shares: its results written as JSON (``--json PATH``)."""

import json
from pathlib import Path

KEYS = ("name", "value", "unit", "target")


def write_json(path: str | Path, results: list[dict]) -> None:
    """Write ``results`` as a list of ``{"name", "value", "unit", "target"}``, each key present."""
    rows = []
    for result in results:
        missing = [key for key in KEYS if key not in result]
        if missing:
            raise ValueError(f"result {result!r} lacks {', '.join(missing)}")
        rows.append({key: result[key] for key in KEYS})
    Path(path).write_text(json.dumps(rows, indent=2) + "\n")
