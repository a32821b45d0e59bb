"""The search pages: every system the user may see (``/search/``) or one (``/s/<slug>/search/``).

The words and the kind are read through ``core.params`` (too long, or a kind that is not one:
a 400 naming it); no words, and the page says what it finds instead of searching."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from core import search
from core.pages import system_view
from core.params import get_text, parse_choice, parse_page

PAGE_SIZE = 20


@login_required
def search_everywhere(request):
    return _results(request, None)


@system_view
def search_system(request, system):
    # Records are found as they stand: no reporting date applies, so no banner offers one.
    request.as_at = None
    return _results(request, system)


def _results(request, system):
    text = get_text(request, "q")
    kinds = search.kinds()
    only = parse_choice(request, "kind", [each.slug for each in kinds])
    number = parse_page(request)
    context = {"q": text, "kind": only, "kinds": kinds, "searched": system}
    if text:
        rows = search.search(
            request.user,
            text,
            within=None if system is None else [system.pk],
            only=[only] if only else None,
        )
        page = Paginator(rows, PAGE_SIZE).get_page(number)
        context.update(page=page, hits=search.hits(page.object_list))
    return render(request, "core/search.html", context)
