"""Strict readers for settings that come from environment variables.

A typo in a deployment's environment should stop the process at start-up, not quietly fall back
to a development default.
"""

import os
from pathlib import Path


class ImproperlyConfiguredEnv(ValueError):
    pass


def env_str(name: str, default: str | None = None) -> str | None:
    """The variable's value, or the contents of the file named by NAME_FILE (for secrets)."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value not in ("True", "False"):
        raise ImproperlyConfiguredEnv(f"{name} must be True or False, not {value!r}")
    return value == "True"


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfiguredEnv(f"{name} must be a whole number, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfiguredEnv(f"{name} must be at least {minimum}, not {number}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int_map(name: str) -> dict[str, int]:
    """``"a=30,b=365"`` as ``{"a": 30, "b": 365}``: each value a whole number of at least 1."""
    value = os.environ.get(name) or ""
    result: dict[str, int] = {}
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        key, sep, number = item.partition("=")
        if not sep or not key.strip() or not number.strip().isdigit() or int(number) < 1:
            raise ImproperlyConfiguredEnv(
                f"{name} must be name=days pairs separated by commas, not {item!r}"
            )
        result[key.strip()] = int(number)
    return result
