from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns: list = [
    path("account/", views.account, name="account"),
    path("account/sessions/<int:pk>/end/", views.session_end, name="session-end"),
    path("account/sessions/end-others/", views.sessions_end_others, name="sessions-end-others"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
]
