"""The security events of a system, for its programme office: who signed in (or failed to, or
was locked out), changed a two-factor method, was given, changed or lost access, was issued or
lost an API token, or was refused a page, newest first, filtered, paged and downloaded."""

from django.core.paginator import Paginator
from django.shortcuts import render

from core import authz
from core.exports import export_response, filters_in_words, requested_format
from core.pages import require, system_view
from core.params import parse_page
from partners import querysets
from partners.exports import SECURITY_EVENTS
from partners.forms import SecurityEventFilterForm

PER_PAGE = 50


@system_view
def security_events(request, system):
    require(authz.can_administer(request.user, system))
    file_format = requested_format(request)
    form = SecurityEventFilterForm(request.GET, people=querysets.security_event_people(system))
    events = querysets.security_events(system, form.filters())
    if file_format:
        return export_response(
            request,
            SECURITY_EVENTS,
            events,
            file_format=file_format,
            filters=filters_in_words(form),
        )
    page = Paginator(events, PER_PAGE).get_page(parse_page(request))
    context = {
        "form": form,
        "page": page,
        "filtered": bool(form.filters()),
        "filters": filters_in_words(form),
    }
    return render(request, "partners/security_events.html", context)
