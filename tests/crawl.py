"""Walk the product's pages as a signed-in person follows them: every link within a system's
pages, one page of each shape (``/s/x/committees/3/`` and ``.../7/`` are one shape), and every
form each page offers. For fuzzing pages and forms; the permission matrix walks the URL
resolver instead."""

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# Links that end a session or leave the product's pages (files are fetched, not parsed).
SKIP = re.compile(r"^/(logout|admin|api)/")


@dataclass
class Form:
    page: str
    action: str
    method: str
    # name -> (input type, value); a select's value is its first option with a value.
    fields: dict[str, tuple[str, str]] = field(default_factory=dict)


class _Parser(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(urljoin(self.page, attrs["href"]))
        elif tag == "form":
            action = urljoin(self.page, attrs.get("action") or self.page)
            self.forms.append(Form(self.page, action, (attrs.get("method") or "get").lower()))
        elif self.forms and tag in ("input", "textarea") and attrs.get("name"):
            kind = attrs.get("type", "text") if tag == "input" else "textarea"
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                self.forms[-1].fields.setdefault(attrs["name"], (kind, ""))
                return
            self.forms[-1].fields[attrs["name"]] = (kind, attrs.get("value", ""))
        elif self.forms and tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            self.forms[-1].fields[self._select] = ("select", "")
        elif tag == "option" and self._select and attrs.get("value"):
            kind, value = self.forms[-1].fields[self._select]
            if not value or "selected" in attrs:
                self.forms[-1].fields[self._select] = (kind, attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def shape(path: str) -> str:
    return re.sub(r"/\d+(?=/|$)", "/N", urlsplit(path).path)


@dataclass
class Crawl:
    """What a walk found: each page shape's first URL and status, and the forms on them."""

    pages: dict[str, tuple[str, int]] = field(default_factory=dict)
    forms: list[Form] = field(default_factory=list)


def crawl(client, start: str, *, prefix: str, limit: int = 400) -> Crawl:
    """Breadth first from ``start``, following links under ``prefix`` (with their query), one
    URL per shape and query-less shape variant, at most ``limit`` pages."""
    found, queue, seen = Crawl(), deque([start]), set()
    while queue and len(found.pages) < limit:
        url = queue.popleft()
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or not parts.path.startswith(prefix):
            continue
        key = shape(parts.path) + ("?" if parts.query else "")
        if key in seen or SKIP.search(parts.path):
            continue
        seen.add(key)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        response = client.get(path)
        found.pages[key] = (path, response.status_code)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Parser(path)
        parser.feed(response.content.decode())
        found.forms += [f for f in parser.forms if f.method == "post"]
        queue.extend(parser.links)
    return found
