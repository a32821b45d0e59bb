"""Error reports to Sentry, only where a deployment sets SENTRY_DSN (no DSN lives in the repo).

Nothing personal is sent: no user, address, cookie or request body (NHS staff's and patients'
partners' data pass through the forms); only the error, its stack and the request id's tag.
"""

from config.env import ImproperlyConfiguredEnv, env_str


def init_sentry() -> bool:
    """Start sentry-sdk when SENTRY_DSN is set; whether it was started."""
    dsn = env_str("SENTRY_DSN") or ""
    if not dsn:
        return False
    raw_rate = env_str("SENTRY_TRACES_SAMPLE_RATE") or "0"
    try:
        rate = float(raw_rate)
    except ValueError:
        rate = -1.0
    if not 0.0 <= rate <= 1.0:
        raise ImproperlyConfiguredEnv(
            f"SENTRY_TRACES_SAMPLE_RATE must be a number from 0 to 1, not {raw_rate!r}"
        )

    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=env_str("SENTRY_ENVIRONMENT") or "production",
        integrations=[DjangoIntegration(), CeleryIntegration()],
        traces_sample_rate=rate,
        send_default_pii=False,
        max_request_body_size="never",
    )
    return True
