from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("partners/", views.organisation_list, name="organisation-list"),
    path("partners/new/", views.organisation_create, name="organisation-create"),
    path("partners/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("partners/<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
    path("people/", views.person_list, name="person-list"),
    path("people/new/", views.person_create, name="person-create"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
]
