from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Each person's own account: their systems and roles, the browsers signed in as them, the
    API tokens they hold. It stands on partners and core; nothing imports it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from accounts import signals

        # Every way of signing in and out (the form, the admin, single sign-on later) is seen.
        user_logged_in.connect(signals.signed_in, dispatch_uid="accounts.signed_in")
        user_logged_out.connect(signals.signed_out, dispatch_uid="accounts.signed_out")
