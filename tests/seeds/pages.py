"""Reading the product's pages in the seed tests: a signed-in office client and a summary-list
row's value as the page shows it."""

import html
import re

from django.contrib.auth import get_user_model
from django.test import Client


def office_client(slug: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=f"office.{slug}"))
    return client


def summary_value(page: str, key: str) -> str:
    """The text of the first summary-list row called ``key`` (tags dropped, spaces collapsed)."""
    match = re.search(
        r'<dt class="nhsuk-summary-list__key">\s*' + re.escape(html.escape(key)) + r"\s*</dt>\s*"
        r'<dd class="nhsuk-summary-list__value">(.*?)</dd>',
        page,
        re.S,
    )
    assert match, f"no {key!r} row on the page"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())
