from django.urls import path

from governance import views

app_name = "governance"

urlpatterns = [
    path("systems/<slug:slug>/committees/", views.committee_list, name="committee-list"),
    path("committees/<int:pk>/", views.committee_detail, name="committee-detail"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("systems/<slug:slug>/agreements/", views.agreement_list, name="agreement-list"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement-detail"),
]
