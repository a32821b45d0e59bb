"""The roles a person holds in a system, defined once: pages, API, PDF and exports all read
these labels."""

from django.db import models


class Role(models.TextChoices):
    PROGRAMME_OFFICE = "programme_office", "Programme office"
    PARTNER_LEAD = "partner_lead", "Partner lead"
    CHAIR = "chair", "Chair"
    REGULATOR = "regulator", "Regulator"


# Roles that read systems through the API in a browser session (the browsable API) as well as
# with a token: they hold no edit rights the API could be a second way into.
API_SESSION_ROLES = frozenset({Role.REGULATOR, Role.CHAIR})
