"""Production: refuses to start without a secret key, allowed hosts and a real database."""

from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from config.env import env_bool, env_int, env_str
from config.log_settings import log_settings
from config.settings.base import *  # noqa: F403
from config.settings.base import ALLOWED_HOSTS, DATABASES, DEFAULT_STORAGE, LOG_LEVEL, REDIS_URL

DEBUG = False
ALLOW_DEMO_DATA = False
# One JSON object a line, for the log collector (LOG_FORMAT=text to read them in a terminal).
LOG_FORMAT = env_str("LOG_FORMAT") or "json"
LOGGING = log_settings(LOG_FORMAT, LOG_LEVEL)

SECRET_KEY = env_str("SECRET_KEY") or ""
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to at least 50 random characters.")
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list this service's host names.")
if DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1] != "postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")
if not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL must be set in production (Celery broker).")

# Persistent connections: a request does not open one (opening one cost more than an API page's
# queries); checked before reuse, so a restart of PostgreSQL costs no failed request.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

STORAGES = {
    "default": DEFAULT_STORAGE,  # the file system, or S3-compatible storage (base)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Only what collectstatic wrote is served (the hashed names the pages link to), never the source
# folders; the unhashed copies are not kept, and source maps (read by developer tools alone) are
# not compressed: collecting takes half the time.
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Probes and Prometheus ask each replica directly, inside the deployment's network, over http.
SECURE_REDIRECT_EXEMPT = [r"^(healthz|readyz|metrics)$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
