from django.urls import path

from core.import_pages import import_views
from partners import views, views_access, views_privacy, views_security
from partners.imports import PERSON_IMPORT

app_name = "partners"

importing = import_views(
    PERSON_IMPORT, list_url="partners:person-list", prefix="partners:person-import"
)

urlpatterns = [
    path("partners/", views.organisation_list, name="organisation-list"),
    path("partners/new/", views.organisation_create, name="organisation-create"),
    path("partners/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("partners/<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
    path("people/", views.person_list, name="person-list"),
    path("people/import/", importing.start, name="person-import"),
    path("people/import/template/", importing.template, name="person-import-template"),
    path("people/import/<int:pk>/", importing.preview, name="person-import-preview"),
    path("people/import/<int:pk>/confirm/", importing.confirm, name="person-import-confirm"),
    path("people/new/", views.person_create, name="person-create"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/personal-data/", views_privacy.person_data, name="person-data"),
    path("people/<int:pk>/erase/", views_privacy.person_erase, name="person-erase"),
    path("access/", views_access.access_list, name="access-list"),
    path("access/invite/", views_access.access_invite, name="access-invite"),
    path("access/review/", views_access.access_review_confirm, name="access-review-confirm"),
    path("access/security/", views_security.security_events, name="security-events"),
    path("access/<int:pk>/change/", views_access.access_change, name="access-change"),
    path("access/<int:pk>/end/", views_access.access_end, name="access-end"),
    path(
        "access/invitations/<int:pk>/revoke/",
        views_access.invitation_revoke,
        name="invitation-revoke",
    ),
    path(
        "access/invitations/<int:pk>/resend/",
        views_access.invitation_resend,
        name="invitation-resend",
    ),
]
