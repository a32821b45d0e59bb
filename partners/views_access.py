"""Who has access to a system, and the programme office's pages that change it: invitations by
e-mail, changing and ending an access, and the quarterly access review. The invitee's page that
accepts an invitation is public (they have no access yet). Every write goes through
partners.services, which asks core.authz again."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core import authz
from core.audit import display_name
from core.exports import export_response, requested_format
from core.forms import NHSFormMixin, add_service_error
from core.history import history_download, history_rows
from core.once import submitted_once
from core.pages import require, system_view
from core.roles import Role
from partners import services
from partners.exports import ACCESS
from partners.forms import (
    AccessChangeForm,
    AccessEndForm,
    AccessReviewForm,
    InvitationForm,
    InvitationRevokeForm,
)
from partners.models import Access, AccessReview, Invitation

INACTIVE_AFTER = timedelta(days=90)


def _roles(user) -> list[tuple[str, str]]:
    grantable = authz.grantable_roles(user)
    return [(value, label) for value, label in Role.choices if value in grantable]


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


def _access(system, pk: int) -> Access:
    """An access in this system (404 for another system's)."""
    access = (
        Access.objects.filter(system=system)
        .select_related("user", "organisation", "system")
        .filter(pk=pk)
        .first()
    )
    if access is None:
        raise Http404("No access matches the given query.")
    return access


def _invitation(request, system, pk: int) -> Invitation:
    return authz.get_visible_or_404(
        request.user,
        Invitation.objects.filter(system=system).select_related("organisation", "system"),
        pk=pk,
    )


def _next_review_due(last: AccessReview | None, today) -> str:
    """The quarter whose review is due: this one, unless it has been confirmed."""
    this_quarter = services.quarter_of(today)
    if last is not None and last.quarter == this_quarter:
        return ""
    return this_quarter


@system_view
def access_list(request, system):
    """The access review: who has what, their last sign-in, invitations not yet taken up, who
    has not signed in for 90 days, and accesses that end (or have ended)."""
    require(authz.can_administer(request.user, system))
    now, today = timezone.now(), timezone.localdate()
    accesses = list(
        Access.objects.filter(system=system)
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    current, ended = [], []
    for access in accesses:
        access.ended = authz.has_ended(access.ends_on, today)
        last = access.user.last_login
        access.inactive = last is None or last < now - INACTIVE_AFTER
        access.may_change = authz.can_change_access(request.user, access)
        (ended if access.ended else current).append(access)
    file_format = requested_format(request)
    if file_format:
        return export_response(request, ACCESS, [*current, *ended], file_format=file_format)
    invitations = list(
        Invitation.objects.filter(system=system, accepted_at=None, revoked_at=None)
        .select_related("organisation", "invited_by")
        .order_by("-created_at")
    )
    for invitation in invitations:
        invitation.expired = not invitation.is_open_at(now)
    reviews = list(AccessReview.objects.filter(system=system).select_related("confirmed_by")[:4])
    last_review = reviews[0] if reviews else None
    recent = (
        Access.history.filter(system_id=system.pk)
        .select_related("history_user", "user")
        .order_by("-history_date")[:20]
    )
    changes = [
        {
            "when": record.history_date,
            "who": display_name(record.history_user) if record.history_user else "Unknown",
            "person": display_name(record.user) if record.user else "",
            "what": _described(record, today),
            "reason": record.history_change_reason or "",
        }
        for record in recent
    ]
    context = {
        "current": current,
        "ended": ended,
        "invitations": invitations,
        "inactive_count": sum(1 for a in current if a.inactive),
        "reviews": reviews,
        "last_review": last_review,
        "review_due": _next_review_due(last_review, today),
        "review_form": AccessReviewForm(),
        "changes": changes,
        "may_invite": bool(_roles(request.user)),
    }
    return render(request, "partners/access_list.html", context)


def _described(record, today) -> str:
    role = Role(record.role).label if record.role in Role.values else record.role
    if record.history_type == "+":
        return f"Given the {role.lower()} role"
    if record.history_type == "-":
        return "Access removed"
    if record.ends_on:
        verb = "Access ended" if record.ends_on <= today else "Access to end"
        return f"{verb} on {record.ends_on:%-d %B %Y}"
    return f"Role: {role}"


@system_view
@submitted_once
def access_invite(request, system):
    require(authz.can_administer(request.user, system))
    form = InvitationForm(request.POST or None, system=system, roles=_roles(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                actor=request.user, system=system, base_url=_base_url(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("partners:access-list", slug=system.slug)
    return render(request, "partners/access_invite.html", {"form": form})


@system_view
def access_change(request, system, pk: int):
    access = _access(system, pk)
    require(authz.can_change_access(request.user, access))
    if download := history_download(request, access, lambda: history_rows(access, None)):
        return download
    initial = {"role": access.role, "organisation": access.organisation_id}
    form = AccessChangeForm(
        request.POST or None, system=system, roles=_roles(request.user), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.access_change(actor=request.user, access=access, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
            access = _access(system, pk)
        else:
            messages.success(request, f"{display_name(access.user)}'s access changed.")
            return redirect("partners:access-list", slug=system.slug)
    context = {"form": form, "access": access, "history": history_rows(access)}
    context["history_downloads"] = True
    return render(request, "partners/access_change.html", context)


@system_view
def access_end(request, system, pk: int):
    access = _access(system, pk)
    require(authz.can_change_access(request.user, access))
    if download := history_download(request, access, lambda: history_rows(access, None)):
        return download
    form = AccessEndForm(request.POST or None, initial={"ends_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.access_end(actor=request.user, access=access, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
            access = _access(system, pk)
        else:
            ended = authz.has_ended(access.ends_on)
            verb = "ended" if ended else f"ends on {access.ends_on:%-d %B %Y}"
            messages.success(request, f"{display_name(access.user)}'s access {verb}.")
            return redirect("partners:access-list", slug=system.slug)
    context = {"form": form, "access": access, "history": history_rows(access)}
    context["history_downloads"] = True
    return render(request, "partners/access_end.html", context)


@system_view
def invitation_revoke(request, system, pk: int):
    invitation = _invitation(request, system, pk)
    require(authz.can_administer(request.user, system))
    form = InvitationRevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_revoke(
                actor=request.user, invitation=invitation, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Invitation to {invitation.email} revoked.")
            return redirect("partners:access-list", slug=system.slug)
    context = {"form": form, "invitation": invitation, "history": history_rows(invitation)}
    return render(request, "partners/invitation_revoke.html", context)


@require_POST
@system_view
def invitation_resend(request, system, pk: int):
    invitation = _invitation(request, system, pk)
    require(authz.can_grant_role(request.user, system, invitation.role))
    try:
        services.invitation_resend(
            actor=request.user, invitation=invitation, base_url=_base_url(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Invitation sent again to {invitation.email}.")
    return redirect("partners:access-list", slug=system.slug)


@require_POST
@system_view
def access_review_confirm(request, system):
    require(authz.can_administer(request.user, system))
    form = AccessReviewForm(request.POST)
    if form.is_valid():
        review = services.access_review_confirm(
            actor=request.user, system=system, note=form.cleaned_data["note"]
        )
        messages.success(request, f"Access review for {review.quarter} confirmed.")
    else:
        messages.error(request, "The note is too long: keep it under 2,000 characters.")
    return redirect("partners:access-list", slug=system.slug)


# --- The invitee's page (public) ----------------------------------------------------------


class RegisterForm(NHSFormMixin, UserCreationForm):
    """A new account for the invitee: the e-mail address is the invitation's."""

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "first_name", "last_name")

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.email = email
        for name in ("first_name", "last_name"):
            self.fields[name].required = True


@never_cache
def invitation_accept(request, token: str):
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(
            request, "partners/invitation_unusable.html", {"reason": "unknown"}, status=404
        )
    now = timezone.now()
    if not invitation.is_open_at(now):
        if invitation.accepted_at is not None:
            reason = "used"
        elif invitation.revoked_at is not None:
            reason = "revoked"
        else:
            reason = "expired"
        context = {"reason": reason, "invitation": invitation}
        return render(request, "partners/invitation_unusable.html", context, status=410)
    user = request.user
    context = {"invitation": invitation}
    if user.is_authenticated:
        same = user.email.strip().lower() == invitation.email.strip().lower()
        context["other_account"] = not same
        if same and request.method == "POST":
            try:
                services.invitation_accept(invitation=invitation, user=user)
            except ValidationError as error:
                context["error"] = " ".join(error.messages)
            else:
                return _welcome(request, invitation)
        return render(request, "partners/invitation_accept.html", context)
    existing = get_user_model().objects.filter(email__iexact=invitation.email).exists()
    context["existing_account"] = existing
    # Where passwords are switched off, the invitee joins by signing in through single sign-on.
    context["passwords"] = settings.LOCAL_PASSWORDS_ENABLED
    form = None
    if not existing and settings.LOCAL_PASSWORDS_ENABLED:
        form = RegisterForm(request.POST or None, email=invitation.email)
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                new_user = form.save()
                services.invitation_accept(invitation=invitation, user=new_user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
            return _welcome(request, invitation)
    context["form"] = form
    return render(request, "partners/invitation_accept.html", context)


def _welcome(request, invitation):
    messages.success(request, f"Welcome: you now have access to {invitation.system.name}.")
    return redirect("reports:dashboard", slug=invitation.system.slug)
