import os

from django.core.wsgi import get_wsgi_application

from config import celery
from config.runtime import tune_garbage_collection

# A web server started without DJANGO_SETTINGS_MODULE serves production's settings, never the
# development defaults config.celery gave the package as it was imported.
if celery.SETTINGS_DEFAULTED:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"

application = get_wsgi_application()
# Once the project is loaded (gunicorn imports this module in each worker).
tune_garbage_collection()
