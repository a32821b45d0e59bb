from django.contrib import admin
from django.urls import include, path

from core.api.health import healthz, readyz
from core.metrics import metrics
from core.sessions import session_status
from identity import views as identity_views
from partners.views_access import invitation_accept
from partners.views_privacy import privacy_notice

# Every system page lives under /s/<system slug>/; each app owns its own part of that space.
system_pages = [
    path("", include("partners.urls")),
    path("", include("partners.api.page_urls")),
    path("", include("governance.urls")),
    path("", include("milestones.urls")),
    path("", include("escalation.urls")),
    path("finance/", include("finance.urls")),
]

urlpatterns = [
    # Sign-in (django-allauth: passwords, single sign-on, two-factor; identity/).
    path("login/", identity_views.login, name="login"),
    path("logout/", identity_views.sign_out, name="logout"),
    path("accounts/", include("identity.urls")),
    # The session timeout warning: GET how long is left, POST to stay signed in.
    path("session/", session_status, name="session-status"),
    # An invitation's link (public: the invitee has no access yet; the token is the key).
    path("invitations/<str:token>/", invitation_accept, name="invitation-accept"),
    # The admin signs in through the same page (two-factor, single sign-on, lockout).
    path("admin/login/", identity_views.admin_login),
    # What the product holds about people and why (public: linked from every page's footer).
    path("privacy/", privacy_notice, name="privacy-notice"),
    path("admin/", admin.site.urls),
    # Liveness (the process answers) and readiness (its database, Redis, storage and workers).
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    # Prometheus's scrape, with the METRICS_TOKEN bearer token only (404 to anyone else).
    path("metrics", metrics, name="metrics"),
    path("api/v1/", include(("config.api", "api"))),
    path("s/<slug:slug>/", include(system_pages)),
    # Search: every system the user may see, or one (core.search; each app declares its kinds).
    path("", include("core.search_urls")),
    path("", include("public.urls")),
    path("", include("reports.urls")),
    path("", include("reminders.urls")),
    path("", include("accounts.urls")),
    # Last, so that allauth's own links to its sign-in and sign-out name these addresses.
    path("login/", identity_views.login, name="account_login"),
    path("logout/", identity_views.sign_out, name="account_logout"),
]

handler404 = "core.api.errors.not_found"
handler500 = "core.api.errors.server_error"
