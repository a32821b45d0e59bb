"""Pages for finance, mounted at /s/<slug>/finance/."""

from django.urls import path

from core.import_pages import import_urls
from finance import views, views_funds
from finance.imports import CONTROL_TOTAL_IMPORT, MONTHLY_POSITION_IMPORT

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
    path("funds/new/", views_funds.fund_create, name="fund-create"),
    path("funds/<int:pk>/", views_funds.fund_detail, name="fund-detail"),
    path("funds/<int:pk>/withdraw/", views_funds.fund_withdraw, name="fund-withdraw"),
    path(
        "funds/<int:pk>/contributions/new/",
        views_funds.fund_contribution_add,
        name="fund-contribution-add",
    ),
    path(
        "fund-contributions/<int:pk>/",
        views_funds.fund_contribution_detail,
        name="fund-contribution-detail",
    ),
    path(
        "fund-contributions/<int:pk>/withdraw/",
        views_funds.fund_contribution_withdraw,
        name="fund-contribution-withdraw",
    ),
    path(
        "funds/<int:pk>/allocations/new/",
        views_funds.fund_allocation_add,
        name="fund-allocation-add",
    ),
    path(
        "fund-allocations/<int:pk>/",
        views_funds.fund_allocation_detail,
        name="fund-allocation-detail",
    ),
    path(
        "fund-allocations/<int:pk>/withdraw/",
        views_funds.fund_allocation_withdraw,
        name="fund-allocation-withdraw",
    ),
    path(
        "funds/<int:pk>/drawdowns/new/",
        views_funds.fund_drawdown_add,
        name="fund-drawdown-add",
    ),
    path(
        "fund-drawdowns/<int:pk>/",
        views_funds.fund_drawdown_detail,
        name="fund-drawdown-detail",
    ),
    path(
        "fund-drawdowns/<int:pk>/withdraw/",
        views_funds.fund_drawdown_withdraw,
        name="fund-drawdown-withdraw",
    ),
    path("cost-shares/new/", views_funds.cost_share_create, name="cost-share-create"),
    path("cost-shares/<int:pk>/", views_funds.cost_share_detail, name="cost-share-detail"),
    path(
        "cost-shares/<int:pk>/withdraw/",
        views_funds.cost_share_withdraw,
        name="cost-share-withdraw",
    ),
]

urlpatterns += import_urls(
    CONTROL_TOTAL_IMPORT,
    app=app_name,
    name="control-total",
    under="control-totals",
    list_url="finance:overview",
)
urlpatterns += import_urls(
    MONTHLY_POSITION_IMPORT,
    app=app_name,
    name="monthly-position",
    under="positions",
    list_url="finance:monthly-position-grid",
)
