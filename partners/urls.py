from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("partners/", views.organisation_list, name="organisation-list"),
    path("partners/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("people/", views.person_list, name="person-list"),
    path("people/new/", views.person_create, name="person-create"),
]
