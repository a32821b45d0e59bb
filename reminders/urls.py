from django.urls import path

from reminders import calendar_views

app_name = "reminders"

urlpatterns = [
    path("calendar/", calendar_views.calendar_page, name="calendar"),
    path("calendar/stop/", calendar_views.calendar_revoke, name="calendar-revoke"),
    # The feed: no session, the token is the key (404 when unknown or revoked).
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="calendar-feed"),
]
