from django.urls import path

from reports import overview_pages, pages, views, views_changes

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("switch/", views.switch_system, name="switch-system"),
    path("overview/", overview_pages.overview, name="overview"),
    path("cases-at-my-step/", overview_pages.cases_at_my_step_page, name="cases-at-my-step"),
    path("s/<slug:slug>/", views.dashboard, name="dashboard"),
    path("s/<slug:slug>/changes/", views_changes.changes, name="changes"),
    path("s/<slug:slug>/reports/", pages.report_list, name="report-list"),
    path("s/<slug:slug>/reports/<int:pk>/", pages.report_detail, name="report-detail"),
    path("s/<slug:slug>/reports/<int:pk>/publish/", pages.report_publish, name="report-publish"),
    path("s/<slug:slug>/reports/<int:pk>/status/", pages.report_status, name="report-status"),
    path("s/<slug:slug>/reports/<int:pk>/rebuild/", pages.report_rebuild, name="report-rebuild"),
    path("s/<slug:slug>/reports/<int:pk>/retry/", pages.report_retry, name="report-retry"),
    path("s/<slug:slug>/reports/<int:pk>/pdf/", pages.report_pdf, name="report-pdf"),
]
