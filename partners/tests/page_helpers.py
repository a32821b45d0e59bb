"""Constants and helpers shared by the partner page tests."""

import html

from django.urls import reverse


def url(system, name: str, **kwargs) -> str:
    return reverse(f"partners:{name}", kwargs={"slug": system.slug, **kwargs})


def error_next_to(page: str, field: str) -> str:
    """The error message shown next to ``field`` (it fails the test if there is none)."""
    marker = f'id="id_{field}-error"'
    assert marker in page, f"no error next to {field}"
    return html.unescape(page.split(marker)[1].split("</span>", 2)[1])
