from django.urls import path

from core.import_pages import import_urls, import_views
from governance.imports import ACTION_IMPORT, MEMBERSHIP_IMPORT
from governance.views import (
    actions,
    agreement_corrections,
    agreement_forms,
    agreements,
    committee_forms,
    committees,
    corrections,
    declarations,
    interests,
    meeting_forms,
    meetings,
    minutes,
    papers,
)

app_name = "governance"

importing = import_views(
    ACTION_IMPORT, list_url="governance:action-list", prefix="governance:action-import"
)

urlpatterns = [
    path("committees/", committees.committee_list, name="committee-list"),
    path("committees/new/", committee_forms.committee_create, name="committee-create"),
    path("committees/<int:pk>/", committees.committee_detail, name="committee-detail"),
    path("committees/<int:pk>/edit/", committee_forms.committee_edit, name="committee-edit"),
    path(
        "committees/<int:pk>/stand-down/",
        committee_forms.committee_stand_down,
        name="committee-stand-down",
    ),
    path("committees/<int:pk>/terms/new/", committee_forms.terms_create, name="terms-create"),
    path(
        "committees/<int:pk>/members/new/",
        committee_forms.membership_create,
        name="membership-create",
    ),
    path(
        "committees/members/<int:pk>/edit/",
        corrections.membership_edit,
        name="membership-edit",
    ),
    path(
        "committees/members/<int:pk>/stand-down/",
        corrections.membership_stand_down,
        name="membership-stand-down",
    ),
    path("committees/<int:pk>/meetings.ics", committees.committee_calendar, name="committee-ical"),
    path("meetings/", meetings.meeting_list, name="meeting-list"),
    path("meetings/new/", meetings.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", corrections.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/cancel/", corrections.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting-attendance"),
    path("meetings/<int:pk>/minutes/", minutes.minutes_detail, name="minutes-detail"),
    path("meetings/<int:pk>/minutes/draft/", minutes.minutes_draft, name="minutes-draft"),
    path("minutes/<int:pk>/edit/", minutes.minutes_edit, name="minutes-edit"),
    path("minutes/<int:pk>/circulate/", minutes.minutes_circulate, name="minutes-circulate"),
    path("minutes/<int:pk>/approve/", minutes.minutes_approve, name="minutes-approve"),
    path("minutes/<int:pk>/correct/", minutes.minutes_correct, name="minutes-correct"),
    path("meetings/<int:pk>/decisions/new/", meeting_forms.decision_create, name="decision-create"),
    path("meetings/<int:pk>/actions/new/", meeting_forms.action_create, name="action-create"),
    path("meetings/<int:pk>/agenda/new/", papers.item_create, name="agenda-item-create"),
    path("meetings/<int:pk>/pack/build/", papers.pack_build, name="pack-build"),
    path("agenda/<int:pk>/edit/", papers.item_edit, name="agenda-item-edit"),
    path("agenda/<int:pk>/withdraw/", papers.item_withdraw, name="agenda-item-withdraw"),
    path("agenda/<int:pk>/papers/new/", papers.paper_create, name="paper-create"),
    path("papers/<int:pk>/edit/", papers.paper_edit, name="paper-edit"),
    path("papers/<int:pk>/replace/", papers.paper_replace, name="paper-replace"),
    path("papers/<int:pk>/withdraw/", papers.paper_withdraw, name="paper-withdraw"),
    path("papers/<int:pk>/download/", papers.paper_download, name="paper-download"),
    path("packs/<int:pk>/download/", papers.pack_download, name="pack-download"),
    path("decisions/<int:pk>/edit/", corrections.decision_edit, name="decision-edit"),
    path("decisions/<int:pk>/withdraw/", corrections.decision_withdraw, name="decision-withdraw"),
    path(
        "meetings/<int:pk>/declarations/new/",
        declarations.declaration_create,
        name="declaration-create",
    ),
    path("declarations/<int:pk>/edit/", declarations.declaration_edit, name="declaration-edit"),
    path(
        "declarations/<int:pk>/withdraw/",
        declarations.declaration_withdraw,
        name="declaration-withdraw",
    ),
    path("interests/", interests.interest_list, name="interest-list"),
    path("interests/new/", interests.interest_create, name="interest-create"),
    path("interests/<int:pk>/edit/", interests.interest_edit, name="interest-edit"),
    path("interests/<int:pk>/review/", interests.interest_review, name="interest-review"),
    path("interests/<int:pk>/withdraw/", interests.interest_withdraw, name="interest-withdraw"),
    path("actions/", actions.action_list, name="action-list"),
    path("actions/import/", importing.start, name="action-import"),
    path("actions/import/template/", importing.template, name="action-import-template"),
    path("actions/import/<int:pk>/", importing.preview, name="action-import-preview"),
    path("actions/import/<int:pk>/confirm/", importing.confirm, name="action-import-confirm"),
    path("actions/<int:pk>/complete/", meeting_forms.action_complete, name="action-complete"),
    path("actions/<int:pk>/edit/", corrections.action_edit, name="action-edit"),
    path("actions/<int:pk>/withdraw/", corrections.action_withdraw, name="action-withdraw"),
    path("agreements/", agreements.agreement_list, name="agreement-list"),
    path("agreements/new/", agreement_forms.agreement_create, name="agreement-create"),
    path("agreements/<int:pk>/", agreements.agreement_detail, name="agreement-detail"),
    path("agreements/<int:pk>/edit/", agreement_forms.agreement_edit, name="agreement-edit"),
    path("agreements/<int:pk>/parties/new/", agreement_forms.party_create, name="party-create"),
    path(
        "agreements/<int:pk>/commitments/new/",
        agreement_forms.commitment_create,
        name="commitment-create",
    ),
    path(
        "agreements/<int:pk>/versions/new/", agreement_forms.version_create, name="version-create"
    ),
    path(
        "agreements/parties/<int:pk>/withdrawal/",
        agreements.party_withdrawal,
        name="party-withdrawal",
    ),
    path("agreements/parties/<int:pk>/sign/", agreement_forms.party_sign, name="party-sign"),
    path("agreements/<int:pk>/end/", agreement_corrections.agreement_end, name="agreement-end"),
    path(
        "agreements/parties/<int:pk>/signature/",
        agreement_corrections.signature_correct,
        name="signature-edit",
    ),
    path(
        "agreements/parties/<int:pk>/remove/",
        agreement_corrections.party_remove,
        name="party-remove",
    ),
    path(
        "agreements/commitments/<int:pk>/edit/",
        agreement_corrections.commitment_correct,
        name="commitment-edit",
    ),
    path(
        "agreements/commitments/<int:pk>/withdraw/",
        agreement_corrections.commitment_withdraw,
        name="commitment-withdraw",
    ),
    path(
        "committees/<int:pk>/delegations/new/",
        agreement_corrections.delegation_create,
        name="delegation-create",
    ),
    path(
        "delegations/<int:pk>/edit/",
        agreement_corrections.delegation_correct,
        name="delegation-edit",
    ),
    path(
        "delegations/<int:pk>/revoke/",
        agreement_corrections.delegation_revoke,
        name="delegation-revoke",
    ),
]
urlpatterns += import_urls(
    MEMBERSHIP_IMPORT,
    app=app_name,
    name="membership",
    under="committees/members",
    list_url="governance:committee-list",
)
