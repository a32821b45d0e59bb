"""The reminders' pages: each person's notification settings, the one-click unsubscribe link
(no sign-in: the signed link is the key), and, for a system's programme office, the audit of
what was sent and who has no e-mail address to send to."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from core import authz, due
from core.exports import export_response, requested_format
from core.forms import add_service_error
from core.pages import require, system_view
from core.params import parse_choice, parse_page
from reminders import mail, services
from reminders.exports import NO_EMAIL, SENT, kind_label
from reminders.forms import preferences_form
from reminders.models import Frequency, Reminder, Status


@login_required
def preferences(request):
    user = request.user
    current = services.frequencies_of(user)
    form = preferences_form(current, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # every kind's choice, or none
                for slug, frequency in form.cleaned_data.items():
                    services.preference_set(actor=user, user=user, kind=slug, frequency=frequency)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Your notification settings are saved.")
            return redirect("reminders:preferences")
    context = {"form": form, "email": user.email}
    return render(request, "reminders/preferences.html", context)


@never_cache
def unsubscribe(request, token: str):
    """GET shows what the link stops and a button; POST stops it (mail clients and scanners
    follow links, so a GET changes nothing)."""
    found = mail.read_unsubscribe_token(token)
    if found is None:
        raise Http404("This link is not one of ours.")
    user_id, slug = found
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise Http404("This link is not one of ours.")
    kind = due.kind(slug)
    context = {"kind": kind, "token": token, "done": False}
    if not kind.essential and request.method == "POST":
        services.preference_set(actor=user, user=user, kind=slug, frequency=Frequency.OFF)
        context["done"] = True
    return render(request, "reminders/unsubscribe.html", context)


@system_view
def sent_list(request, system):
    """Every reminder queued for the system's people, newest first: to whom, what, when, and
    how its delivery ended."""
    require(authz.can_administer(request.user, system))
    file_format = requested_format(request)
    rows = Reminder.objects.filter(system=system).select_related("user")
    status = parse_choice(request, "status", Status.values)
    if status:
        rows = rows.filter(status=status)
    kinds = [(kind.slug, kind.label) for kind in due.kinds()]
    kind = parse_choice(request, "kind", [slug for slug, _ in kinds])
    if kind:
        rows = rows.filter(kind=kind)
    rows = rows.order_by("-queued_at", "-pk")
    if file_format:
        in_words = [("Status", dict(Status.choices).get(status, "")), ("Kind", kind_label(kind))]
        return export_response(
            request,
            SENT,
            rows,
            file_format=file_format,
            filters=[(label, value) for label, value in in_words if value],
        )
    page = Paginator(rows, 50).get_page(parse_page(request))
    for row in page:
        row.kind_label = kind_label(row.kind)
    context = {
        "page": page,
        "statuses": Status.choices,
        "status": status,
        "kinds": kinds,
        "kind": kind,
    }
    return render(request, "reminders/sent_list.html", context)


@system_view
def missing_email(request, system):
    """The people with access to the system who have no e-mail address: no reminder can reach
    them until one is added to their account."""
    require(authz.can_administer(request.user, system))
    accesses = (
        authz.current_accesses()
        .filter(system=system, user__is_active=True, user__email="")
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    if file_format := requested_format(request):
        return export_response(request, NO_EMAIL, accesses, file_format=file_format)
    return render(request, "reminders/missing_email.html", {"accesses": accesses})
