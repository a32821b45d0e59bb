from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core.api.health import healthz
from core.sessions import session_status
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
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The session timeout warning: GET how long is left, POST to stay signed in.
    path("session/", session_status, name="session-status"),
    # An invitation's link (public: the invitee has no access yet; the token is the key).
    path("invitations/<str:token>/", invitation_accept, name="invitation-accept"),
    # What the product holds about people and why (public: linked from every page's footer).
    path("privacy/", privacy_notice, name="privacy-notice"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include(("config.api", "api"))),
    path("s/<slug:slug>/", include(system_pages)),
    path("", include("public.urls")),
    path("", include("reports.urls")),
    path("", include("reminders.urls")),
]

handler404 = "core.api.errors.not_found"
handler500 = "core.api.errors.server_error"
