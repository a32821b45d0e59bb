"""Django's LOGGING for a format: ``json`` (one object a line, for a log collector; production's
default) or ``text`` (for reading in a terminal; development's). Each line carries the request
id and, in a worker, the task's (core.logs)."""

from config.env import ImproperlyConfiguredEnv
from core.logs import TEXT_FORMAT

FORMATS = ("text", "json")


def log_settings(log_format: str, level: str) -> dict:
    if log_format not in FORMATS:
        raise ImproperlyConfiguredEnv(f"LOG_FORMAT must be text or json, not {log_format!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "core.logs.ContextFilter"}},
        "formatters": {
            "text": {"format": TEXT_FORMAT},
            "json": {"()": "core.logs.json_formatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["context"],
                "formatter": log_format,
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # At INFO, font subsetting and WeasyPrint's progress write thousands of lines per
            # report (and slow the render): only their warnings are wanted.
            "fontTools": {"level": "WARNING"},
            "weasyprint.progress": {"level": "WARNING"},
            # A line a request (core.request_id) for the log collector; in a terminal, the
            # development server writes its own.
            "tracker.requests": {"level": "INFO" if log_format == "json" else "WARNING"},
        },
    }
