from django.urls import path

from partners.api import pages

app_name = "partners-api"

urlpatterns = [
    path("api-tokens/", pages.token_list, name="token-list"),
    path("api-tokens/<int:pk>/revoke/", pages.token_revoke_view, name="token-revoke"),
    path("api-tokens/<int:pk>/extend/", pages.token_extend_view, name="token-extend"),
]
