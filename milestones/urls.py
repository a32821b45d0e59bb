from django.urls import path

from milestones import views

app_name = "milestones"

urlpatterns = [
    path("milestones/", views.milestone_list, name="milestone-list"),
    path("milestones/<int:pk>/", views.milestone_detail, name="milestone-detail"),
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
    path("workstreams/", views.workstream_list, name="workstream-list"),
    path("workstreams/<int:pk>/", views.workstream_detail, name="workstream-detail"),
    path("monthly-update/", views.monthly_update, name="monthly-update"),
]
