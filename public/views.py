"""The public pages of a system: no sign-in, only the sections the system chose, and the same
page for everyone who asks (rendered without the request's user, so nothing on it varies by who
is signed in)."""

from collections.abc import Callable
from functools import wraps

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

from core.params import parse_page
from core.scoping import scope
from public import querysets

PAGE_SIZE = 25


def cacheable(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A signed-out request's answer may be kept by a shared cache, but only to be checked again
    on every use (``no-cache``: a withdrawn paper or a section switched off is gone at once). A
    signed-in browser's answer is left to core.headers (``no-store``): it may carry cookies."""
    if not request.user.is_authenticated and response.status_code == 200:
        patch_cache_control(response, public=True, no_cache=True)
    return response


def public_page(section: str | None = None) -> Callable:
    """Resolve ``slug`` to a system that publishes (404 otherwise, and 404 for a section it did
    not choose) and call ``view(request, system, publication, ...)`` inside that system's scope
    alone: no other system's record can be read while the page is drawn."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args, **kwargs):
            system, publication = querysets.publishing_system(slug)
            if section is not None and not getattr(publication, section):
                raise Http404("This system does not publish this.")
            with scope([system.pk]):
                response = view(request, system, publication, *args, **kwargs)
            return cacheable(request, response)

        return wrapper

    return decorate


def render_public(request, template: str, system, publication, **context) -> HttpResponse:
    """The page, from the system and what it publishes only (no context processors, no user)."""
    context.update(request=request, system=system, publication=publication)
    return HttpResponse(render_to_string(template, context))


@public_page()
def home(request, system, publication):
    return render_public(request, "public/home.html", system, publication)


@public_page("committees")
def committee_list(request, system, publication):
    committees = list(querysets.committees(system))
    return render_public(
        request, "public/committee_list.html", system, publication, committees=committees
    )


@public_page("meetings")
def meeting_list(request, system, publication):
    meetings = querysets.meetings(system).order_by("-held_on", "committee__name")
    page = Paginator(meetings, PAGE_SIZE).get_page(parse_page(request))
    return render_public(request, "public/meeting_list.html", system, publication, page=page)


@public_page("meetings")
def meeting_detail(request, system, publication, pk: int):
    meeting = querysets.meeting(system, pk)
    minutes = querysets.minutes_of(system, meeting) if publication.minutes else None
    return render_public(
        request,
        "public/meeting_detail.html",
        system,
        publication,
        meeting=meeting,
        items=querysets.agenda(meeting),
        minutes=minutes,
    )


@public_page("minutes")
def minutes_list(request, system, publication):
    page = Paginator(querysets.approved_minutes(system), PAGE_SIZE).get_page(parse_page(request))
    return render_public(request, "public/minutes_list.html", system, publication, page=page)


@public_page("minutes")
def minutes_detail(request, system, publication, pk: int):
    meeting = querysets.meeting(system, pk)
    minutes = querysets.minutes_of(system, meeting)
    if minutes is None:
        raise Http404("These minutes are not approved, or not published.")
    return render_public(
        request,
        "public/minutes_detail.html",
        system,
        publication,
        meeting=meeting,
        minutes=minutes,
        entries=querysets.minute_entries(minutes),
    )


@public_page("interests")
def interest_list(request, system, publication):
    page = Paginator(querysets.interests(system), PAGE_SIZE * 2).get_page(parse_page(request))
    return render_public(request, "public/interest_list.html", system, publication, page=page)


@public_page("reports")
def report_list(request, system, publication):
    reports = list(querysets.reports(system))
    return render_public(request, "public/report_list.html", system, publication, reports=reports)
