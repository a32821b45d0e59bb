"""Every route the URL resolver knows, walked recursively, one entry per name.

A name served by several patterns (DRF's ``.json`` suffix twins) is asked through its first
pattern: the twins call the same view. A pattern without a name (the admin's old-style object
URL) is keyed by its full pattern, so it still needs a row in the table.
"""

import re
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

_ARGUMENT = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>|\(\?P<(?P<re_name>\w+)>[^)]*\)")


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the pattern when it has no name
    pattern: str  # the full pattern, prefixes joined, as the resolver shows it
    parameters: tuple[str, ...]  # keyword arguments, or "arg0", "arg1" for positional groups
    defaults: dict = field(default_factory=dict, compare=False, hash=False)


def _parameters(pattern: URLPattern, full: str) -> tuple[str, ...]:
    regex = pattern.pattern.regex
    if regex.groupindex or not regex.groups:
        names = [m.group("name") or m.group("re_name") for m in _ARGUMENT.finditer(full)]
        return tuple(name for name in names if name != "format")
    # Positional groups (simple_history's admin history form): the prefixes may add keywords.
    keywords = [m.group("name") for m in _ARGUMENT.finditer(full) if m.group("name")]
    return (*keywords, *(f"arg{index}" for index in range(regex.groups)))


def _walk(resolver: URLResolver, prefix: str, namespace: str):
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, pattern, inner)
        elif isinstance(entry, URLPattern):
            if entry.name:
                key = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                key = pattern
            yield Route(key, pattern, _parameters(entry, pattern), dict(entry.default_args))


def all_routes() -> dict[str, Route]:
    routes: dict[str, Route] = {}
    for route in _walk(get_resolver(), "", ""):
        routes.setdefault(route.key, route)
    return routes
