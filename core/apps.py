from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Platform"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.utils.module_loading import autodiscover_modules

        from core.sessions import start_session_clock

        # Every way of signing in (the form, the admin, single sign-on later) starts the clock.
        user_logged_in.connect(start_session_clock, dispatch_uid="core.start_session_clock")

        # Each app's deadlines register themselves with core.due (see its docstring).
        autodiscover_modules("due")
        # Each app's searchable kinds register themselves with core.search.
        autodiscover_modules("search")
        # And what each holds about people: retention, subject access, erasure (core.retention).
        autodiscover_modules("personal_data")
