from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Platform"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.apps import apps
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.utils.module_loading import autodiscover_modules

        from core import security
        from core.sessions import start_session_clock

        # Every way of signing in (the form, the admin, single sign-on later) starts the clock.
        user_logged_in.connect(start_session_clock, dispatch_uid="core.start_session_clock")
        # ... and is a security event, as is every refusal and lockout (core.security).
        user_logged_in.connect(security.on_signed_in, dispatch_uid="core.security.signed_in")
        user_login_failed.connect(
            security.on_sign_in_failed, dispatch_uid="core.security.sign_in_failed"
        )
        user_locked_out.connect(security.on_locked_out, dispatch_uid="core.security.locked_out")
        if apps.is_installed("allauth.mfa"):
            security.connect_two_factor()

        # Each app's deadlines register themselves with core.due (see its docstring).
        autodiscover_modules("due")
        # Each app's searchable kinds register themselves with core.search.
        autodiscover_modules("search")
        # And what each holds about people: retention, subject access, erasure (core.retention).
        autodiscover_modules("personal_data")
        # Tasks counted as they end, and each app's figures read when scraped (core.metrics).
        from core import metrics  # noqa: F401

        autodiscover_modules("metrics")
