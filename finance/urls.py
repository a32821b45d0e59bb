"""Pages for finance, mounted at /s/<slug>/finance/."""

from django.urls import path

from finance import views

app_name = "finance"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("positions/", views.monthly_position_grid, name="monthly-position-grid"),
    path("positions/new/", views.monthly_position_create, name="monthly-position-create"),
]
