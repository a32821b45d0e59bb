"""The page components' data: summary-list rows, breadcrumbs and header navigation items.

Templates draw them from one template each under ``templates/components/`` (through the tags in
``core.templatetags.core_components``), so a page declares what it shows, never the markup. Text
is escaped by the templates; only markup a template already rendered (a SafeString) passes as is.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.safestring import SafeString

# One wording for a value nobody recorded, on every page (a page may name a fitter one).
EMPTY = "Not recorded"


@dataclass(frozen=True)
class Row:
    """One summary-list row; ``change_url`` adds the NHS.UK change link."""

    key: str
    value: object
    change_url: str = ""
    change_label: str = "Change"
    change_hidden: str = ""


@dataclass(frozen=True)
class Crumb:
    """One breadcrumb; the current page is the last, with no ``url``."""

    label: str
    url: str = ""


def display(value, empty: str = EMPTY):
    """``value`` as a summary list shows it: dates written out, nothing recorded as ``empty``."""
    blank = isinstance(value, str) and not value.strip()
    if value is None or blank or (isinstance(value, (list, tuple)) and not value):
        return empty
    if isinstance(value, (list, tuple)):
        return "; ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return formats.date_format(value, "j F Y H:i")
    if isinstance(value, date):
        return formats.date_format(value, "j F Y")
    return value


def summary_rows(declaration: Iterable[tuple]) -> list[Row]:
    """Rows from ``(label, value)`` or ``(label, value, change_url)`` tuples, as a view declares
    them; render with ``{% include "components/summary_list.html" with rows=rows %}``."""
    return [Row(item[0], display(item[1]), *item[2:]) for item in declaration]


def render_summary_list(rows: list[Row], classes: str = "") -> SafeString:
    return render_to_string("components/summary_list.html", {"rows": rows, "classes": classes})


def render_breadcrumbs(crumbs: list[Crumb]) -> SafeString:
    # Below tablet width NHS.UK shows a back link to the last page with a link instead.
    parent = next((crumb for crumb in reversed(crumbs) if crumb.url), None)
    return render_to_string("components/breadcrumbs.html", {"crumbs": crumbs, "parent": parent})
