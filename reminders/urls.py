from django.urls import path

from reminders import tasks_page

app_name = "reminders"

urlpatterns: list = [
    path("tasks/", tasks_page.my_tasks, name="my-tasks"),
]
