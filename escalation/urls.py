from django.urls import path

from escalation import views

app_name = "escalation"

urlpatterns = [
    path("escalations/", views.case_board, name="case-board"),
    path("escalations/new/", views.case_create, name="case-create"),
    path("escalations/routes/", views.route_list, name="route-list"),
    path("escalations/<int:pk>/", views.case_detail, name="case-detail"),
    # One small POST form per action, each refused unless the user's role allows it.
    *[
        path(
            f"escalations/<int:pk>/{action.replace('_', '-')}/",
            views.case_action,
            {"action": action},
            name=f"case-{action.replace('_', '-')}",
        )
        for action in views.ACTIONS
    ],
    path("risks/", views.risk_list, name="risk-list"),
    path("risks/<int:pk>/", views.risk_detail, name="risk-detail"),
]
