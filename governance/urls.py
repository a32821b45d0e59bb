from django.urls import path

from governance.views import agreements, committees, meetings

app_name = "governance"

urlpatterns = [
    path("committees/", committees.committee_list, name="committee-list"),
    path("committees/<int:pk>/", committees.committee_detail, name="committee-detail"),
    path("committees/<int:pk>/meetings.ics", committees.committee_calendar, name="committee-ical"),
    path("meetings/", meetings.meeting_list, name="meeting-list"),
    path("meetings/new/", meetings.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting-attendance"),
    path("agreements/", agreements.agreement_list, name="agreement-list"),
    path("agreements/<int:pk>/", agreements.agreement_detail, name="agreement-detail"),
    path(
        "agreements/parties/<int:pk>/withdrawal/",
        agreements.party_withdrawal,
        name="party-withdrawal",
    ),
]
