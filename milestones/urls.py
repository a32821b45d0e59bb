from django.urls import path

from core.import_pages import import_views
from milestones import views, views_editing, views_monthly
from milestones.imports import MILESTONE_IMPORT

app_name = "milestones"

importing = import_views(
    MILESTONE_IMPORT, list_url="milestones:milestone-list", prefix="milestones:milestone-import"
)

urlpatterns = [
    path("milestones/", views.milestone_list, name="milestone-list"),
    path("milestones/import/", importing.start, name="milestone-import"),
    path("milestones/import/template/", importing.template, name="milestone-import-template"),
    path("milestones/import/<int:pk>/", importing.preview, name="milestone-import-preview"),
    path("milestones/import/<int:pk>/confirm/", importing.confirm, name="milestone-import-confirm"),
    path("milestones/new/", views_editing.milestone_create, name="milestone-create"),
    path("milestones/<int:pk>/", views.milestone_detail, name="milestone-detail"),
    path("milestones/<int:pk>/edit/", views_editing.milestone_edit, name="milestone-edit"),
    path(
        "milestones/<int:pk>/rebaseline/",
        views.milestone_rebaseline,
        name="milestone-rebaseline",
    ),
    path(
        "milestones/<int:pk>/dependencies/",
        views.dependency_create,
        name="dependency-create",
    ),
    path(
        "milestones/<int:pk>/withdraw/",
        views_editing.milestone_withdraw,
        name="milestone-withdraw",
    ),
    path("plans/new/", views_editing.plan_create, name="plan-create"),
    path("gateways/", views_editing.gateway_list, name="gateway-list"),
    path("gateways/new/", views_editing.gateway_create, name="gateway-create"),
    path("gateways/<int:pk>/", views_editing.gateway_detail, name="gateway-detail"),
    path("gateways/<int:pk>/edit/", views_editing.gateway_edit, name="gateway-edit"),
    path("gateways/<int:pk>/withdraw/", views_editing.gateway_withdraw, name="gateway-withdraw"),
    path("workstreams/", views.workstream_list, name="workstream-list"),
    path("workstreams/new/", views_editing.workstream_create, name="workstream-create"),
    path("workstreams/<int:pk>/", views.workstream_detail, name="workstream-detail"),
    path("workstreams/<int:pk>/edit/", views_editing.workstream_edit, name="workstream-edit"),
    path(
        "workstreams/<int:pk>/withdraw/",
        views_editing.workstream_withdraw,
        name="workstream-withdraw",
    ),
    path("monthly-update/", views_monthly.monthly_update, name="monthly-update"),
]
