from django.apps import AppConfig


class PartnersConfig(AppConfig):
    # The API's authentication schemes register with drf-spectacular as partners.api.auth is
    # imported, which DRF does for the first API view (its default authentication classes), so
    # before any schema is built. Not imported here: with it drf-spectacular, DRF's test client
    # and Jinja2 (some 7 MB) were in every process, workers that never serve the API included.
    name = "partners"
