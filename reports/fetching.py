"""What a report's PDF may fetch while WeasyPrint lays it out: data: URLs and project files."""

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings


class LocalOnlyFetcher:
    """The rule for what the report may fetch: data: URLs and project files, nothing else.

    The report is self-contained, so any other URL is a mistake or an injection; ``refused``
    lists what was asked for, for the tests. ``for_weasyprint()`` gives WeasyPrint the fetcher
    that keeps the rule (WeasyPrint is imported only when a report is laid out).
    """

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root or settings.BASE_DIR).resolve()
        self.refused: list[str] = []

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return True
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        path = Path(unquote(parts.path)).resolve()
        return path.is_relative_to(self.root)

    def for_weasyprint(self):
        return _fetcher_class()(self)


@cache
def _fetcher_class():
    """WeasyPrint's own fetcher, as its documentation says to extend it (a subclass with its
    own ``fetch``), asking the rule first: it opens only what the rule allows, with no
    redirects and no protocol but data: and file:."""
    from weasyprint.urls import URLFetcher

    class RuleKeepingFetcher(URLFetcher):
        def __init__(self, rule: LocalOnlyFetcher) -> None:
            super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
            self.rule = rule

        def fetch(self, url, headers=None):
            if not self.rule.allows(url):
                self.rule.refused.append(url)
                raise ValueError(f"The report may not fetch {url}")
            return super().fetch(url, headers)

    return RuleKeepingFetcher
