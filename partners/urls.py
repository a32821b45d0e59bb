from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("", views.home, name="home"),
    path("systems/<slug:slug>/", views.system_detail, name="system-detail"),
]
