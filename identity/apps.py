from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "identity"
    verbose_name = "Sign-in"

    def ready(self) -> None:
        # Keeps the provider's ID token for signing out there too (identity.oidc).
        from identity import oidc  # noqa: F401
