from django.urls import path

from core import search_pages

app_name = "search"

urlpatterns = [
    path("search/", search_pages.search_everywhere, name="everywhere"),
    path("s/<slug:slug>/search/", search_pages.search_system, name="system"),
]
