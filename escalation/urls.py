from django.urls import path

from core.import_pages import import_urls, import_views
from escalation import route_views, views, views_risks
from escalation.imports import RISK_IMPORT
from escalation.route_imports import ROUTE_IMPORT

app_name = "escalation"

importing = import_views(
    RISK_IMPORT, list_url="escalation:risk-list", prefix="escalation:risk-import"
)

urlpatterns = [
    path("escalations/", views.case_board, name="case-board"),
    path("escalations/new/", views.case_create, name="case-create"),
    path("escalations/routes/", route_views.route_list, name="route-list"),
    # Setting up routes and their ordered steps (programme office): escalation.route_views.
    path("escalations/routes/new/", route_views.route_create, name="route-create"),
    path("escalations/routes/<int:pk>/", route_views.route_detail, name="route-detail"),
    path("escalations/routes/<int:pk>/edit/", route_views.route_edit, name="route-edit"),
    path(
        "escalations/routes/<int:pk>/withdraw/", route_views.route_withdraw, name="route-withdraw"
    ),
    path("escalations/routes/<int:pk>/steps/new/", route_views.step_create, name="step-create"),
    path("escalations/steps/<int:pk>/edit/", route_views.step_edit, name="step-edit"),
    path(
        "escalations/steps/<int:pk>/move-up/",
        route_views.step_move,
        {"up": True},
        name="step-move-up",
    ),
    path(
        "escalations/steps/<int:pk>/move-down/",
        route_views.step_move,
        {"up": False},
        name="step-move-down",
    ),
    path("escalations/steps/<int:pk>/remove/", route_views.step_remove, name="step-remove"),
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
    path("risks/import/", importing.start, name="risk-import"),
    path("risks/import/template/", importing.template, name="risk-import-template"),
    path("risks/import/<int:pk>/", importing.preview, name="risk-import-preview"),
    path("risks/import/<int:pk>/confirm/", importing.confirm, name="risk-import-confirm"),
    path("risks/new/", views_risks.risk_create, name="risk-create"),
    path("risks/<int:pk>/", views.risk_detail, name="risk-detail"),
    path("risks/<int:pk>/edit/", views_risks.risk_edit, name="risk-edit"),
    path("risks/<int:pk>/review/", views_risks.risk_review, name="risk-review"),
    *[
        path(
            f"risks/<int:pk>/{change}/",
            views_risks.risk_status,
            {"change": change},
            name=f"risk-{change}",
        )
        for change in views_risks.STATUS_CHANGES
    ],
]
urlpatterns += import_urls(
    ROUTE_IMPORT,
    app=app_name,
    name="route",
    under="escalations/routes",
    list_url="escalation:route-list",
)
