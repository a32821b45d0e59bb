from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("switch/", views.switch_system, name="switch-system"),
    path("s/<slug:slug>/", views.dashboard, name="dashboard"),
]
