from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import as_recorded, authz
from core.exports import export_response, requested_format
from core.forms import add_service_error
from core.history import history_download
from core.ordering import page_ordering
from core.pages import require, system_view
from core.params import parse_choice, parse_page
from governance import querysets, recorded, services
from governance.exports import AGREEMENTS, with_status
from governance.forms import WithdrawalForm
from governance.history import agreement_history
from governance.models import AGREEMENT_ENDED, AWAITING_SIGNATURE, Agreement, Party


def _agreements(request, system):
    return authz.scoped(request.user, Agreement).filter(system=system)


@system_view
@as_recorded.recordable
def agreement_list(request, system):
    """The agreements with their status as at the reporting date; as recorded on a past date
    (``?recorded_on=``, core.as_recorded), the agreements and their parties as they then
    stood."""
    day = request.recorded_on
    visible = _agreements(request, system)
    if day is None:
        agreements = querysets.agreements_for_list(visible)
    else:
        agreements = as_recorded.as_recorded(visible, day)
    attention = parse_choice(request, "attention", ["expiring", "unsigned"])
    today = request.as_at
    if attention:
        # One terminated or superseded asks nothing more, as the reminders and the report say.
        agreements = agreements.exclude(AGREEMENT_ENDED)
    if attention == "expiring":
        agreements = agreements.filter(
            expires_on__gte=today, expires_on__lte=today + timedelta(days=90)
        )
    elif attention == "unsigned" and day is not None:
        agreements = agreements.filter(id__in=recorded.unsigned(visible, day))
    elif attention == "unsigned":
        awaited = Party.objects.filter(AWAITING_SIGNATURE).values("agreement_id")
        agreements = agreements.filter(pk__in=awaited)
    agreements = agreements.order_by(*page_ordering("title", model=Agreement))
    file_format = requested_format(request)
    if file_format:
        shown = {"expiring": "Expiring within 90 days", "unsigned": "Awaiting signatures"}
        return export_response(
            request,
            AGREEMENTS,
            agreements if day is None else recorded.agreements(agreements, day),
            file_format=file_format,
            filters=[("Show", shown[attention])] if attention else [],
            row=lambda agreement: with_status(agreement, today),
        )
    page = Paginator(agreements, 25).get_page(parse_page(request))
    if day is not None:
        page.object_list = recorded.agreements(page.object_list, day)
    for agreement in page.object_list:
        agreement.shown_status = agreement.status_on(today)
    context = {"page": page, "attention": attention}
    return render(request, "governance/agreement_list.html", context)


def _agreement_context(request, system, pk: int, form=None) -> dict:
    agreement = authz.get_visible_or_404(
        request.user, querysets.agreement_detail(_agreements(request, system)), pk=pk
    )
    agreement.shown_status = agreement.status_on(request.as_at)
    return {
        "agreement": agreement,
        "today": request.as_at,
        "may_edit": authz.can_administer(request.user, system),
        "withdrawal_form": form or WithdrawalForm(agreement=agreement),
    }


@system_view
@as_recorded.recordable
def agreement_detail(request, system, pk: int):
    """An agreement; as recorded on a past date (``?recorded_on=``, core.as_recorded), with its
    parties, commitments and versions as they then stood and its history to that day,
    read-only."""
    context = _agreement_context(request, system, pk)
    agreement = context["agreement"]
    day = request.recorded_on
    if day is not None:
        then = as_recorded.version_of(_agreements(request, system), pk, day)
        if then is None:
            back = reverse("governance:agreement-detail", args=[system.slug, pk])
            return as_recorded.not_yet_recorded(request, agreement, back=back)
        agreement = recorded.agreement(then, day)
        agreement.shown_status = agreement.status_on(request.as_at)
        context.update(agreement=agreement, may_edit=False, withdrawal_form=None)
    elif download := history_download(
        request, agreement, lambda: agreement_history(agreement, None)
    ):
        return download
    context.update(
        as_recorded.record_history(
            request, agreement, rows=lambda limit: agreement_history(agreement, limit), limit=100
        )
    )
    return render(request, "governance/agreement_detail.html", context)


@require_POST
@system_view
def party_withdrawal(request, system, pk: int):
    """Record a party's notice of withdrawal; it takes effect when the notice period has run."""
    party = authz.get_visible_or_404(
        request.user,
        authz.scoped(request.user, Party)
        .filter(agreement__system=system)
        .select_related("agreement"),
        pk=pk,
    )
    require(authz.can_administer(request.user, system))
    form = WithdrawalForm(request.POST, agreement=party.agreement)
    if form.is_valid():
        try:
            services.party_give_withdrawal_notice(
                actor=request.user, party=party, given_on=form.cleaned_data["given_on"]
            )
        except ValidationError as error:
            add_service_error(
                form, error, aliases={"withdrawal_notice_given_on": "given_on"}, general="given_on"
            )
        else:
            messages.success(
                request,
                f"Notice recorded: {party.organisation} leaves on "
                f"{party.withdrawal_effective_on:%-d %B %Y}.",
            )
            return redirect("governance:agreement-detail", slug=system.slug, pk=party.agreement_id)
    context = _agreement_context(request, system, party.agreement_id, form=form)
    # The refused notice is shown in its party's row, with what was typed and why.
    context.update(withdrawal_party=party.pk, withdrawal_organisation=party.organisation)
    context["history"] = agreement_history(context["agreement"])
    return render(request, "governance/agreement_detail.html", context)
