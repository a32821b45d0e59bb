"""Existing tokens were not bound to systems: bind each to the systems it could have been issued
for (those its issuer administered and its holder may still see), or revoke it with the reason."""

from django.db import migrations
from django.utils import timezone

UNBOUND = "Revoked when tokens were bound to systems: no system its issuer administers is its holder's."


def bind(apps, schema_editor):
    ApiToken = apps.get_model("partners", "ApiToken")
    Access = apps.get_model("partners", "Access")
    System = apps.get_model("partners", "System")
    every_system = set(System._base_manager.values_list("pk", flat=True))

    def visible(user):
        if user.is_superuser:
            return every_system
        return set(Access._base_manager.filter(user=user).values_list("system_id", flat=True))

    def administered(user):
        # The operators' command issues as the automated account, for any system.
        if user.is_superuser or user.username == "system":
            return every_system
        rows = Access._base_manager.filter(user=user, role="programme_office")
        return set(rows.values_list("system_id", flat=True))

    for token in ApiToken._base_manager.select_related("user", "created_by"):
        issuer = token.created_by
        systems = (administered(issuer) & visible(token.user)) if issuer else set()
        if systems:
            token.systems.set(systems)
        elif token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.revoked_reason = UNBOUND
            token.save(update_fields=["revoked_at", "revoked_reason"])


class Migration(migrations.Migration):
    dependencies = [("partners", "0004_api_token_bound_to_systems")]

    operations = [migrations.RunPython(bind, migrations.RunPython.noop)]
