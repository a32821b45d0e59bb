from django.urls import path

from reminders import calendar_views, tasks_page, views

app_name = "reminders"

urlpatterns: list = [
    path("tasks/", tasks_page.my_tasks, name="my-tasks"),
    path("notifications/", views.preferences, name="preferences"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("s/<slug:slug>/reminders/sent/", views.sent_list, name="sent-list"),
    path("s/<slug:slug>/reminders/no-email/", views.missing_email, name="missing-email"),
    path("calendar/", calendar_views.calendar_page, name="calendar"),
    path("calendar/stop/", calendar_views.calendar_revoke, name="calendar-revoke"),
    # The feed: no session, the token is the key (404 when unknown or revoked).
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="calendar-feed"),
]
