import os

from django.core.wsgi import get_wsgi_application

from config.runtime import tune_garbage_collection

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()
# Once the project is loaded (gunicorn imports this module in each worker).
tune_garbage_collection()
