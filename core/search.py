"""Finding records by words, within what the user may see: one registry, one query.

Each domain app declares its searchable kinds in a ``search.py`` module with
``register(Kind(...))``: the model, the fields searched, the hit's title and the record's
address. The platform finds those modules when it starts (``autodiscover_modules("search")``),
so adding a kind is one entry in its own app and the platform imports no app.

Every kind is read through ``core.authz.scoped`` (the systems the user may see, or those of them
asked for), and all kinds are asked at once: one UNION of a part per kind, ranked and paged in
the database, so a page of results costs two queries (the count and the page) however many
kinds there are. PostgreSQL ranks by full-text search (``websearch_to_tsquery`` with the
English configuration, the first field weighing most); elsewhere (the demo's SQLite) every word
must appear, in any case, in one of the fields, and hits with more of the words in their first
field come first.

No index serves the vectors: several kinds search their parents' columns (a case's milestone),
which no index on one table covers, and the registers are small (hundreds of rows a system).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, models
from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.expressions import Combinable
from django.urls import reverse

from core import authz
from core.scoping import system_path

CONFIG = "english"
# The columns every kind's part selects, in this order (a UNION matches them by position).
COLUMNS = (
    "found_kind",
    "found_pk",
    "found_title",
    "found_key",
    "found_system",
    "found_system_name",
    "found_rank",
)
ORDER = ("-found_rank", "found_title", "found_kind", "found_pk")
# Words of a query the fallback looks for: no more than a search box's worth.
MAX_WORDS = 12
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Hit:
    """One record found: what it is, its title, its system and where it is."""

    kind: Kind
    pk: int
    title: str
    # The value of the kind's ``key`` field (the record itself, or the page it is shown on).
    key: int
    system_slug: str
    system_name: str
    rank: float

    @property
    def url(self) -> str:
        return self.kind.link(self)


@dataclass(frozen=True)
class Kind:
    """A searchable kind of record.

    ``fields`` are searched, the first weighing most (a title); ``title`` names the hit (a
    field or an expression); ``link(hit)`` is the record's address, from the hit's system slug,
    pk and ``key`` (a field of the record: the meeting a decision is shown on)."""

    slug: str
    label: str
    model: str  # "app_label.Model", system-owned (read through core.authz.scoped)
    fields: tuple[str, ...]
    title: str | Combinable
    link: Callable[[Hit], str]
    key: str = "pk"

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Make ``kind`` searchable (each app's ``search.py`` registers its own)."""
    if kind.slug in _KINDS and _KINDS[kind.slug] != kind:
        raise ValueError(f"The searchable kind {kind.slug!r} is registered twice.")
    if not kind.fields:
        raise ValueError(f"The searchable kind {kind.slug!r} searches no field.")
    _KINDS[kind.slug] = kind
    return kind


def record_page(url_name: str, fragment: str = "") -> Callable[[Hit], str]:
    """A kind's ``link``: the page ``url_name`` of the hit's system and ``key``, at the anchor
    ``fragment`` (formatted with the hit's ``pk``, e.g. ``"decision-{pk}"``) when given."""

    def link(hit: Hit) -> str:
        address = reverse(url_name, args=[hit.system_slug, hit.key])
        return f"{address}#{fragment.format(pk=hit.pk)}" if fragment else address

    return link


def kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.label)


def kind(slug: str) -> Kind:
    return _KINDS[slug]


def full_text_available() -> bool:
    """PostgreSQL's full-text search is used where the database is PostgreSQL."""
    return connection.vendor == "postgresql"


def words(text: str) -> tuple[list[str], list[str]]:
    """The words of a query as the fallback reads them (runs of letters and digits): those
    to find, and those to leave out (a word after a minus that starts a term, "-draft", as
    PostgreSQL's web search syntax reads it)."""
    wanted: list[str] = []
    unwanted: list[str] = []
    for term in text.split():
        (unwanted if term.startswith("-") else wanted).extend(_WORD.findall(term))
    return wanted[:MAX_WORDS], unwanted[:MAX_WORDS]


def _title(kind: Kind) -> Combinable:
    return F(kind.title) if isinstance(kind.title, str) else kind.title


def _full_text(kind: Kind, queryset: models.QuerySet, text: str) -> models.QuerySet:
    vector = SearchVector(kind.fields[0], weight="A", config=CONFIG)
    for field in kind.fields[1:]:
        vector += SearchVector(field, weight="B", config=CONFIG)
    query = SearchQuery(text, search_type="websearch", config=CONFIG)
    return (
        queryset.annotate(found_vector=vector)
        .filter(found_vector=query)
        .annotate(found_rank=SearchRank(vector, query))
    )


def _in_any_field(kind: Kind, word: str) -> Q:
    return Q.create([(f"{field}__icontains", word) for field in kind.fields], connector=Q.OR)


def _fallback(kind: Kind, queryset: models.QuerySet, text: str) -> models.QuerySet:
    """Every word in one of the fields (``icontains``), no word left out in any; more of the
    words in the first field, higher."""
    wanted, unwanted = words(text)
    if not wanted:
        return queryset.none().annotate(found_rank=Value(0.0, output_field=FloatField()))
    for word in wanted:
        queryset = queryset.filter(_in_any_field(kind, word))
    for word in unwanted:
        queryset = queryset.exclude(_in_any_field(kind, word))
    in_first = [
        Case(
            When(Q(**{f"{kind.fields[0]}__icontains": word}), then=Value(1.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        for word in wanted
    ]
    return queryset.annotate(found_rank=sum(in_first[1:], in_first[0]))


def _part(kind: Kind, queryset: models.QuerySet, text: str, full_text: bool) -> models.QuerySet:
    matched = (_full_text if full_text else _fallback)(kind, queryset, text)
    path = system_path(kind.model_class())
    return (
        matched.annotate(
            found_kind=Value(kind.slug, output_field=models.CharField()),
            found_pk=F("pk"),
            found_title=_title(kind),
            found_key=F(kind.key),
            found_system=F(f"{path}__slug"),
            found_system_name=F(f"{path}__short_name"),
        )
        .order_by()
        .values_list(*COLUMNS)
    )


def search(
    user,
    text: str,
    *,
    within: Iterable[int] | None = None,
    only: Iterable[str] | None = None,
    full_text: bool | None = None,
) -> models.QuerySet:
    """Rows of ``COLUMNS`` for the records of every kind (or the kinds ``only`` names) that
    match ``text``, best first, in the systems the user may see (only those ``within`` lists,
    when given): one query, to page. ``full_text`` None: PostgreSQL's where it is available."""
    if full_text is None:
        full_text = full_text_available()
    wanted = [_KINDS[slug] for slug in only] if only is not None else kinds()
    parts = [
        _part(each, authz.scoped(user, each.model_class(), within), text, full_text)
        for each in wanted
    ]
    if not parts:
        raise ValueError("Search at least one kind.")
    first, *rest = parts
    combined = first.union(*rest, all=True) if rest else first
    return combined.order_by(*ORDER)


def hits(rows: Iterable[tuple]) -> list[Hit]:
    """The rows ``search`` gives (a page of them) as hits."""
    return [
        Hit(
            kind=_KINDS[kind_slug],
            pk=pk,
            title=title or "",
            key=key,
            system_slug=system_slug,
            system_name=system_name,
            rank=rank,
        )
        for kind_slug, pk, title, key, system_slug, system_name, rank in rows
    ]
