from django.urls import path

from milestones import views, views_editing

app_name = "milestones"

urlpatterns = [
    path("milestones/", views.milestone_list, name="milestone-list"),
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
    path("plans/new/", views_editing.plan_create, name="plan-create"),
    path("workstreams/", views.workstream_list, name="workstream-list"),
    path("workstreams/new/", views_editing.workstream_create, name="workstream-create"),
    path("workstreams/<int:pk>/", views.workstream_detail, name="workstream-detail"),
    path("workstreams/<int:pk>/edit/", views_editing.workstream_edit, name="workstream-edit"),
    path("monthly-update/", views.monthly_update, name="monthly-update"),
]
