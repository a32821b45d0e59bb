"""Settings shared by every environment; development defaults need no services at all.

Without DATABASE_URL the app runs on SQLite; without REDIS_URL Celery runs tasks eagerly.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

from config.env import (
    ImproperlyConfiguredEnv,
    env_bool,
    env_int,
    env_int_map,
    env_list,
    env_str,
)
from config.log_settings import log_settings
from config.oidc import oidc_origin, oidc_providers_from_env
from config.sentry import init_sentry

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", True)
# A development-only key: production.py refuses to start without SECRET_KEY.
SECRET_KEY = env_str("SECRET_KEY") or "development-only-not-secret"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

# The tenant and its access records, named for the platform layer (core.tenancy).
TRACKER_TENANT_MODEL = "partners.System"
TRACKER_ACCESS_MODEL = "partners.Access"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
    # Sign-in (identity): local passwords, OpenID Connect single sign-on, two-factor.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "django_prometheus",
    "core",
    "partners",
    "governance",
    "milestones",
    "escalation",
    "finance",
    "reports",
    "public",
    "reminders",
    "identity",
    "accounts",
]

MIDDLEWARE = [
    # Prometheus's request metrics (core.metrics) around everything else.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # Then everything after logs under the request's id (core.request_id).
    "core.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Records every 403 (core.security), and gives services the request's client address.
    "core.security.SecurityEventMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.sessions.SessionTimeoutMiddleware",
    # Those whose role needs two-factor sign-in set it up before anything else (identity.mfa).
    "identity.mfa.RequireTwoFactorMiddleware",
    # Notes the session's use in its record (the account page's list), at most once a minute.
    "accounts.middleware.SessionRecordMiddleware",
    "core.headers.SecurityHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.SystemScopeMiddleware",
    # Inside the scope, so its 400 page renders the header like any page.
    "core.middleware.BadParameterMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last but the metrics': turns a lockout raised while authenticating into the lockout page.
    "axes.middleware.AxesMiddleware",
    # Innermost, as django-prometheus asks: it times the view and counts its responses.
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.pages.tracker",
                "core.sessions.session_timeout",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
# Each query counted and timed for Prometheus (core.metrics): django-prometheus's backend is
# Django's own with its cursor wrapped.
DATABASES["default"]["ENGINE"] = DATABASES["default"]["ENGINE"].replace(
    "django.db.backends.", "django_prometheus.db.backends.", 1
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2id first (identity/hashers.py); a password kept by PBKDF2, Django's default before,
# is still checked and kept anew with Argon2id at its holder's next sign-in.
PASSWORD_HASHERS = [
    "identity.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "reports:home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in lockout (django-axes): failures are counted per username AT an address, so that
# nobody can lock an account (the chair's, say) out from somewhere else; every attempt is
# recorded (Axes' access attempts and log, in the admin). Behind a proxy, set
# TRUSTED_PROXY_COUNT so the address is the client's, not the proxy's (core.client_ip).
# The sign-in form is django-allauth's: it authenticates with the username as ``username``,
# the credential Axes reads (its own rate limit on failures is off: Axes decides).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGN_IN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_RESET_ON_SUCCESS = True
# Its records are in the admin for platform operators only (partners.admin registers them).
AXES_ENABLE_ADMIN = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)

# Sign-in (django-allauth; identity/). No one signs themselves up: accounts come from an
# invitation (partners.services) or the admin. Local passwords can be switched off where
# everyone signs in through their organisation (OIDC_PROVIDERS); the demo keeps them.
LOCAL_PASSWORDS_ENABLED = env_bool("LOCAL_PASSWORDS_ENABLED", True)
ACCOUNT_ADAPTER = "identity.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "identity.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_ON_GET = False
# The sign-in page stays a page for the signed-in too (as Django's was).
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
ACCOUNT_LOGOUT_REDIRECT_URL = LOGOUT_REDIRECT_URL
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {"login_failed": None}
ACCOUNT_REAUTHENTICATION_TIMEOUT = 10 * 60
# A wrong current password when changing it counts towards the lockout (identity.lockout).
ACCOUNT_FORMS = {"change_password": "identity.lockout.ChangePasswordForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Governance tracker: "
# Single sign-on by OpenID Connect (config/oidc.py reads OIDC_PROVIDERS and each provider's
# OIDC_<NAME>_* variables; README "Single sign-on"). A first sign-in joins only a pending
# invitation to the e-mail address the provider verified; after that the provider's subject.
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": oidc_providers_from_env()}}
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_ONLY = False
# Two-factor sign-in for local accounts (allauth.mfa): an authenticator app (TOTP) with
# recovery codes. MFA_REQUIRED_FOR_ROLES names who must set it up before anything else:
# roles of core.roles.Role and "superuser", e.g. "programme_office,chair,superuser" (unset:
# no one is made to; anyone may). Those signed in through their organisation's single sign-on
# are not asked: their organisation's own sign-in is the second factor's place.
MFA_ADAPTER = "identity.mfa.MFAAdapter"
# Wrong codes count towards the sign-in lockout as wrong passwords do (Axes decides).
MFA_FORMS = {
    "authenticate": "identity.mfa.AuthenticateForm",
    "reauthenticate": "identity.mfa.ReauthenticateForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER") or "Governance tracker"
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_REQUIRED_FOR_ROLES = frozenset(env_list("MFA_REQUIRED_FOR_ROLES", []))
_MFA_ROLES = {"programme_office", "partner_lead", "chair", "regulator", "superuser"}
if not MFA_REQUIRED_FOR_ROLES <= _MFA_ROLES:
    raise ImproperlyConfiguredEnv(
        f"MFA_REQUIRED_FOR_ROLES may name {', '.join(sorted(_MFA_ROLES))}, "
        f"not {', '.join(sorted(MFA_REQUIRED_FOR_ROLES - _MFA_ROLES))}"
    )

# Invitations to a system and reminders go by e-mail (partners.access, reminders). Without
# EMAIL_BACKEND set they are printed to the console (the demo needs nothing). SITE_URL is the
# address their links start with (e.g. https://tracker.example.nhs.uk); without it, an invitation
# uses the address the inviting page was asked at, and a reminder (sent by a task, with no
# request) http://127.0.0.1:8000 when DEBUG is on, and is refused otherwise (reminders.mail).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds to wait for the mail server: a hung server must not hold a worker for ever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "governance-tracker@localhost")
SITE_URL = env_str("SITE_URL", "").rstrip("/")
INVITATION_DAYS = env_int("INVITATION_DAYS", 14, minimum=1)

# Sessions end after SESSION_IDLE_MINUTES without activity (with a warning
# SESSION_WARNING_SECONDS before, and a way to stay signed in) and SESSION_LIFETIME_HOURS after
# signing in, whatever the activity (core.sessions). The cookie lasts no longer than that.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_ABSOLUTE_LIFETIME = env_int("SESSION_LIFETIME_HOURS", 12, minimum=1) * 60 * 60
SESSION_TIMEOUT_WARNING = env_int("SESSION_WARNING_SECONDS", 120, minimum=10)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIFETIME
# Sessions in the database: shared by every web process and machine, nothing on local disk.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Content-Security-Policy (django-csp): scripts and styles only from this service's own static
# files; a nonce for the few that must be inline (the API docs page). No 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Signing in and out through a provider posts a form here that redirects there: the browser
# checks form-action against that redirect too, so each provider's origin is allowed.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += sorted(
    {
        oidc_origin(app["settings"]["server_url"])
        for app in SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]
    }
)
# Browser features this service never uses are refused to every page and frame.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
WHITENOISE_USE_FINDERS = DEBUG
STATICFILES_DIRS = [BASE_DIR / "static"]
# Stored files (the monthly reports' PDFs) go through the default storage: the file system under
# MEDIA_ROOT, or S3-compatible object storage (STORAGE_BACKEND=s3), so that any web process or
# worker can serve what another wrote. No URL serves them: the download views read a file after
# the access check (reports.downloads), and object storage keeps its objects private.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
STORAGE_BACKEND = env_str("STORAGE_BACKEND") or "filesystem"
if STORAGE_BACKEND == "filesystem":
    DEFAULT_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    }
elif STORAGE_BACKEND == "s3":
    if not env_str("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfiguredEnv("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME")
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            # Any S3-compatible service (MinIO, Ceph, a cloud's own); unset: AWS itself.
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            # Unset (or AWS_*_FILE): boto3's own chain, e.g. an instance or workload role.
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            "location": env_str("AWS_LOCATION") or "",
            "default_acl": "private",
            "querystring_auth": True,
            # A name is never reused for other bytes: a report's file stays what its hash says.
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfiguredEnv(
        f"STORAGE_BACKEND must be filesystem or s3, not {STORAGE_BACKEND!r}"
    )
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Celery: a Redis broker when REDIS_URL is set, otherwise tasks run in-process.
REDIS_URL = env_str("REDIS_URL") or ""
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# A monthly report's build or publication is stopped at the soft limit (it records its failure)
# and killed at the hard limit. The worker's own values apply: messages carry none (core.tasks).
REPORT_TIME_LIMIT = env_int("REPORT_TIME_LIMIT", 120)
REPORT_SOFT_TIME_LIMIT = env_int("REPORT_SOFT_TIME_LIMIT", REPORT_TIME_LIMIT - 30)
# Inside a task every lock wait and every statement is bounded (core.tasks.bounded_waits): the
# soft limit cannot interrupt a waiting query, so the wait must end, with an error the build
# records, before the hard limit kills the process.
TASK_DB_LOCK_TIMEOUT = env_int("TASK_DB_LOCK_TIMEOUT", 10)
TASK_DB_STATEMENT_TIMEOUT = env_int("TASK_DB_STATEMENT_TIMEOUT", 20)
if not 0 < REPORT_SOFT_TIME_LIMIT < REPORT_TIME_LIMIT:
    raise ImproperlyConfiguredEnv("REPORT_SOFT_TIME_LIMIT must be between 0 and REPORT_TIME_LIMIT")
if (
    not 0
    < TASK_DB_LOCK_TIMEOUT
    <= TASK_DB_STATEMENT_TIMEOUT
    < (REPORT_TIME_LIMIT - REPORT_SOFT_TIME_LIMIT)
):
    raise ImproperlyConfiguredEnv(
        "TASK_DB_LOCK_TIMEOUT <= TASK_DB_STATEMENT_TIMEOUT must both be positive and shorter "
        "than the gap between REPORT_SOFT_TIME_LIMIT and REPORT_TIME_LIMIT"
    )
# Redis re-delivers an unacknowledged message after the visibility timeout (a worker that died
# whole). acks_late holds a message for the task's whole run, so it must outlast the hard limit,
# or a running build would be started a second time; no longer, or recovery waits for it.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", REPORT_TIME_LIMIT + 60)
if CELERY_VISIBILITY_TIMEOUT <= REPORT_TIME_LIMIT:
    raise ImproperlyConfiguredEnv("CELERY_VISIBILITY_TIMEOUT must be longer than REPORT_TIME_LIMIT")
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
# The reconciler's round (seconds), and how long a queued build may wait for a worker before
# its message is presumed lost (a flushed broker) and sent again: together with the hard limit
# they bound the recovery from a dead worker or a lost message (under five minutes by default).
REPORT_RECONCILE_INTERVAL = env_int("REPORT_RECONCILE_INTERVAL", 60)
REPORT_QUEUE_GRACE = env_int("REPORT_QUEUE_GRACE", 120)
# Prometheus scrapes /metrics with this bearer token (or METRICS_TOKEN_FILE); unset, nothing is
# served there (core.metrics).
METRICS_TOKEN = env_str("METRICS_TOKEN") or ""
if METRICS_TOKEN and len(METRICS_TOKEN) < 32:
    raise ImproperlyConfiguredEnv("METRICS_TOKEN must be at least 32 characters")
# Each worker writes its heartbeat to Redis this often (seconds); it lapses after three rounds
# without one, and /readyz answers 503 when no worker's heartbeat is left (core.heartbeat).
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 10, minimum=1)
# WeasyPrint keeps memory after rendering: recycle each pool child after a few tasks, and
# sooner if a task left it larger than CELERY_MAX_MEMORY_PER_CHILD (KiB; Celery checks after each
# task): a child stays near what one report needs (bench/report_fleet.py).
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_MAX_TASKS_PER_CHILD", 10)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_MAX_MEMORY_PER_CHILD", 180_000)

# Fail closed: a query on system-owned data outside a scope raises (core.scoping).
SIMPLE_HISTORY_REVERT_DISABLED = True

DEMO_PASSWORD = env_str("DEMO_PASSWORD") or ""
ALLOW_DEMO_DATA = env_bool("ALLOW_DEMO_DATA", True)

# Log lines as text, or one JSON object a line (LOG_FORMAT=json, production's default), each
# with the request id (config/log_settings.py, core.logs).
LOG_LEVEL = env_str("LOG_LEVEL") or "INFO"
LOG_FORMAT = env_str("LOG_FORMAT") or "text"
LOGGING = log_settings(LOG_FORMAT, LOG_LEVEL)
# Errors to Sentry only where SENTRY_DSN is set (config/sentry.py): nothing personal is sent.
SENTRY_ENABLED = init_sentry()

CELERY_BEAT_SCHEDULE = {
    "prune-import-batches": {
        "task": "core.tasks.prune_import_batches",
        "schedule": 24 * 60 * 60,
    },
    "mark-meetings-held": {
        "task": "governance.tasks.mark_meetings_held",
        "schedule": 24 * 60 * 60,
    },
    # Reminder e-mails: the daily check fills the outbox early each morning (Europe/London);
    # every ten minutes what is still waiting is queued again (reminders.tasks).
    "check-reminders": {
        "task": "reminders.tasks.check_reminders",
        "schedule": crontab(minute=0, hour=7),
    },
    "dispatch-reminders": {
        "task": "reminders.tasks.dispatch_reminders",
        "schedule": 10 * 60,
    },
    # Month end: each active system's draft, early on the 1st (Europe/London).
    "monthly-report-drafts": {
        "task": "reports.tasks.queue_month_end_drafts",
        "schedule": crontab(minute=30, hour=1, day_of_month=1),
    },
    # And a safety net: anything missing or stuck is queued again, or failed with its reason.
    "reconcile-monthly-reports": {
        "task": "reports.tasks.reconcile_reports",
        "schedule": REPORT_RECONCILE_INTERVAL,
    },
    # Personal data past its retention period, each night (core.retention).
    "apply-retention": {
        "task": "core.tasks.apply_retention",
        "schedule": crontab(minute=15, hour=2),
    },
}

# Personal data (core.retention, core.erasure). Each kind of record's retention in days is the
# product's default, declared with the kind (the privacy notice lists them); a deployment sets
# its own per kind, e.g. RETENTION_DAYS="sign_in_logs=180,reminders_sent=400". An unknown
# kind stops the retention run with its name.
RETENTION_DAYS = env_int_map("RETENTION_DAYS")
# The key of the pseudonyms an erasure gives ("Person 7F3A9C"): kept apart from SECRET_KEY so
# that rotating that key does not give an erased person a second pseudonym.
PSEUDONYM_KEY = env_str("PSEUDONYM_KEY") or SECRET_KEY

# Cache: Redis when configured (shared by every web process, so rate limits hold), else memory:
# per process, fine for development alone (production refuses to start without REDIS_URL).
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# The regulators' read-only API.
API_RATE_LIMIT = env_str("API_RATE_LIMIT") or "600/minute"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "partners.api.auth.ApiTokenAuthentication",
        "partners.api.auth.ReadOnlyRoleSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["partners.api.auth.TokenRateThrottle"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "core.ordering.StableOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.StableCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "core.api.renderers.FastJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "EXCEPTION_HANDLER": "core.middleware.api_exception_handler",
}
# The schema and its documentation page are for signed-in users (a token, or any signed-in
# browser session: they describe the API, they show no system's data) unless this opens them.
API_DOCS_PUBLIC = env_bool("API_DOCS_PUBLIC", False)
SPECTACULAR_SETTINGS = {
    "SERVE_PERMISSIONS": ["partners.api.auth.ApiDocsPermission"],
    "SERVE_AUTHENTICATION": [
        "partners.api.auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "TITLE": "Governance tracker API",
    "DESCRIPTION": (
        "Read-only data for regulators: every system their access grants, current and "
        "historical. Authenticate with `Authorization: Bearer <token>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "DEFAULT_GENERATOR_CLASS": "core.api.schema.ScopedSchemaGenerator",
    "ENUM_NAME_OVERRIDES": {
        "ReportStatusEnum": "reports.models.ReportStatus",
        "RiskRatingEnum": "escalation.rules.RiskRating",
        "FinanceRecordStatusEnum": "finance.models.RecordStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.add_error_responses",
    ],
}

# The largest paper the programme office may upload to a meeting's agenda item, in megabytes.
PAPER_MAX_MB = env_int("PAPER_MAX_MB", 20)
# The largest spreadsheet a programme office may import (core.imports), in megabytes, and the
# most rows it may hold: a register of 10,000 milestones is about 1 MB as a workbook.
IMPORT_MAX_MB = env_int("IMPORT_MAX_MB", 10, minimum=1)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20_000, minimum=1)
# A previewed import keeps the file's rows (people's names among them) until it is applied or
# abandoned: batches older than this many days are deleted daily. What an import changed stays
# in the records' history ("Imported from <file>").
IMPORT_BATCH_KEEP_DAYS = env_int("IMPORT_BATCH_KEEP_DAYS", 30, minimum=1)
# A meeting's pack builds in seconds: one queued or building for this long has lost its worker,
# and the programme office may build it again (services_packs.pack_request).
PACK_STUCK_AFTER_MINUTES = env_int("PACK_STUCK_AFTER_MINUTES", 15, minimum=1)
