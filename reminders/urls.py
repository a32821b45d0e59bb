from django.urls import path

from reminders import tasks_page, views

app_name = "reminders"

urlpatterns: list = [
    path("tasks/", tasks_page.my_tasks, name="my-tasks"),
    path("notifications/", views.preferences, name="preferences"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("s/<slug:slug>/reminders/sent/", views.sent_list, name="sent-list"),
    path("s/<slug:slug>/reminders/no-email/", views.missing_email, name="missing-email"),
]
