"""Pages for finance, mounted at /s/<slug>/finance/."""

from django.urls import path

from finance import views

app_name = "finance"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("years/next/", views.year_start, name="year-start"),
    path("positions/", views.monthly_position_grid, name="monthly-position-grid"),
    path("positions/new/", views.monthly_position_create, name="monthly-position-create"),
    path("control-totals/new/", views.control_total_create, name="control-total-create"),
    path("control-totals/<int:pk>/", views.control_total_detail, name="control-total-detail"),
    path(
        "control-totals/<int:pk>/withdraw/",
        views.control_total_withdraw,
        name="control-total-withdraw",
    ),
    path("efficiency-plans/new/", views.efficiency_plan_create, name="efficiency-plan-create"),
    path("efficiency-plans/<int:pk>/", views.efficiency_plan_detail, name="efficiency-plan-detail"),
    path(
        "efficiency-plans/<int:pk>/withdraw/",
        views.efficiency_plan_withdraw,
        name="efficiency-plan-withdraw",
    ),
]
