"""Summit settings. Every value comes from the environment (see README, "Settings").

With nothing set this is the embedded profile: SQLite, Celery in-process, mail to the console.
`summit.settings.production` tightens the security defaults on top of this module.
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from summit.settings.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("SUMMIT_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "summit-embedded-insecure-key-change-me-in-production")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# What e-mails call the site ("Hello from Summit!", "[Summit] Please confirm…").
SITE_NAME = env_str("SITE_NAME", "Summit")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rules",
    "allauth",
    "allauth.account",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "django_celery_beat",
    "csp",
    "common",
    "events",
    "accounts",
    "conference",
    "cfp",
    "review",
    "office_hours",
    "schedule",
    "slides",
    "webhooks",
    "demo",
    "health",
]

MIDDLEWARE = [
    # /healthz, /readyz and /metrics, before the host check, the HTTPS redirect and sessions.
    "health.middleware.HealthProbeMiddleware",
    "health.middleware.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "summit.api.ApiNotFoundMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached attendee schedule pages are answered here, before sessions and authentication.
    "schedule.middleware.PublicScheduleCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.SignedInCookieMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A database outage in a view answers 503 (handler500 does the same for the middleware above).
    "common.unavailable.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "summit.urls"
WSGI_APPLICATION = "summit.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "conference.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'summit.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        # A kept connection is checked before a request reuses it: after a PostgreSQL restart the
        # first request reconnects instead of failing.
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while a Celery task writes; the busy timeout waits out locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions live in the database, not the cache: signing in keeps working while Redis is down.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupNameForm"
# Wrong passwords, in allauth's syntax: per client address and per e-mail address (the "key"). Past
# either, signing in is refused (the right password too) until the window closes.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("SIGN_IN_FAILURES_LIMIT", "10/m/ip,5/5m/key"),
    "signup": "20/m/ip",
}
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# Seconds one SMTP command may wait: a mail server that hangs must not hold a worker for ever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Summit <noreply@summit.localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True
# One date format per language, with the time zone where a time is shown (summit/formats/<language>).
FORMAT_MODULE_PATH = ["summit.formats"]

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    # Slide decks before publication are private: a directory outside MEDIA_ROOT, no URL of its own.
    "slides": {
        "BACKEND": "slides.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": env_str("SLIDES_ROOT", str(VAR_DIR / "private" / "slides"))},
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A deck's first page is drawn in a child process (slides/thumbnails.py), killed past these limits.
SLIDES_THUMBNAIL_TIMEOUT_SECONDS = env_float("SLIDES_THUMBNAIL_TIMEOUT_SECONDS", 5.0)
SLIDES_THUMBNAIL_MEMORY_MB = env_int("SLIDES_THUMBNAIL_MEMORY_MB", 1024)
# How often the live pages (now/next, room displays) ask for the minute's page; they change at most
# once a minute, so half a minute shows a new release within a minute.
SCHEDULE_LIVE_POLL_SECONDS = env_int("SCHEDULE_LIVE_POLL_SECONDS", 30)
PROFILE_PHOTO_MAX_BYTES = env_int("PROFILE_PHOTO_MAX_BYTES", 2 * 1024 * 1024)

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
# How long one Redis call (cache or broker) may wait before Redis counts as down.
REDIS_TIMEOUT_SECONDS = env_float("REDIS_TIMEOUT_SECONDS", 1.0)
if REDIS_URL:
    # Redis down: each process serves from its own memory for CACHE_FALLBACK_SECONDS, then tries
    # again (common/cache.py), so pages, sign-in and writes keep working.
    CACHES = {
        "default": {
            "BACKEND": "common.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "fallback_seconds": env_float("CACHE_FALLBACK_SECONDS", 30.0),
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery ---------------------------------------------------------------------------------
# No REDIS_URL: tasks run in-process, right where they are queued (the embedded profile).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL) or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not (REDIS_URL or env_str("CELERY_BROKER_URL"))
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Acks are late: a task whose worker died (killed mid-task) stays unacknowledged in Redis, which
# gives it to a worker again after this long. Longer than any task runs or waits for its retry.
# summit/celery.py adds it to the broker's transport options, whatever else they hold.
TASK_VISIBILITY_TIMEOUT_SECONDS = env_int("CELERY_VISIBILITY_TIMEOUT_SECONDS", 3600)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request must not hang on a dead broker: bounded connect/read waits and one quick publish retry.
# After a failure each process skips the broker for BROKER_RETRY_SECONDS and keeps the tasks in
# the database (common/queueing.py); beat's "requeue-deferred-tasks" queues them when it is back.
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT_SECONDS
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
    "socket_timeout": REDIS_TIMEOUT_SECONDS,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
BROKER_RETRY_SECONDS = env_float("BROKER_RETRY_SECONDS", 15.0)

# --- Webhooks (webhooks/) ---------------------------------------------------------------------
# Deliveries go to their own queue: run a worker for it (`celery -A summit worker -Q webhooks`), so a
# slow receiver never holds up the workers that relay the outbox to Kafka or send mail.
CELERY_TASK_ROUTES = {"webhooks.deliver_endpoint": {"queue": "webhooks"}}
WEBHOOKS_CONNECT_TIMEOUT_SECONDS = env_float("WEBHOOKS_CONNECT_TIMEOUT_SECONDS", 3.0)
WEBHOOKS_READ_TIMEOUT_SECONDS = env_float("WEBHOOKS_READ_TIMEOUT_SECONDS", 10.0)
# A delivery is retried with backoff for this long, then parked.
WEBHOOKS_RETRY_HOURS = env_int("WEBHOOKS_RETRY_HOURS", 24)
# One task sends an endpoint's due deliveries for at most this long, then the next sweep goes on.
WEBHOOKS_RUN_SECONDS = env_float("WEBHOOKS_RUN_SECONDS", 20.0)
# Development and tests only: http:// and private addresses (a receiver on loopback).
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False)

# --- Health and metrics (health/) -----------------------------------------------------------
# Each check of /readyz (Redis, the broker, Kafka, SMTP) waits at most this long; they run together.
READINESS_TIMEOUT_SECONDS = env_float("READINESS_TIMEOUT_SECONDS", 1.0)
# /metrics answers a request bearing "Authorization: Bearer <METRICS_TOKEN>" or coming from one of
# these networks (CIDR, comma-separated); with neither set it answers 403 to everyone.
METRICS_TOKEN = env_str("METRICS_TOKEN")
METRICS_ALLOWED_NETWORKS = env_list("METRICS_ALLOWED_NETWORKS")

# --- Kafka (used by the events relay) -------------------------------------------------------
KAFKA_BOOTSTRAP_SERVERS = env_str("KAFKA_BOOTSTRAP_SERVERS")
KAFKA_SECURITY_PROTOCOL = env_str("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")
KAFKA_SASL_MECHANISM = env_str("KAFKA_SASL_MECHANISM")
KAFKA_SASL_USERNAME = env_str("KAFKA_SASL_USERNAME")
KAFKA_SASL_PASSWORD = env_str("KAFKA_SASL_PASSWORD")
KAFKA_SSL_CA_LOCATION = env_str("KAFKA_SSL_CA_LOCATION")
KAFKA_TOPIC_PREFIX = env_str("KAFKA_TOPIC_PREFIX", "summit")
KAFKA_TOPIC_PARTITIONS = env_int("KAFKA_TOPIC_PARTITIONS", 6)
KAFKA_TOPIC_REPLICATION = env_int("KAFKA_TOPIC_REPLICATION", 1)
# How long the producer keeps retrying one message before the relay records it as failed; the
# relay's cursor stays before the event and the next run sends it again, so this bounds how long
# a run waits, not what is lost.
KAFKA_DELIVERY_TIMEOUT_MS = env_int("KAFKA_DELIVERY_TIMEOUT_MS", 10_000)
# How long `events status`, and the relay before a run after trouble, wait for the cluster's
# metadata before calling the broker unreachable: a live broker answers in milliseconds.
KAFKA_HEALTH_TIMEOUT_SECONDS = env_float("KAFKA_HEALTH_TIMEOUT_SECONDS", 2.0)
# The largest message the producer sends (librdkafka's message.max.bytes). Keep it at or under the
# brokers' own limit: an event over it is refused by the producer and parked (`events status`).
KAFKA_MESSAGE_MAX_BYTES = env_int("KAFKA_MESSAGE_MAX_BYTES", 1_000_000)
# The producer's compression codec (librdkafka's compression.type): zstd, lz4, gzip, snappy or none.
KAFKA_COMPRESSION_TYPE = env_str("KAFKA_COMPRESSION_TYPE", "zstd")
EVENTS_SOURCE_PREFIX = "/summit"
EVENTS_RETENTION_DAYS = env_int("EVENTS_RETENTION_DAYS", 30)
EVENTS_RELAY_BATCH_SIZE = env_int("EVENTS_RELAY_BATCH_SIZE", 2000)
# One relay run stops claiming after this long so a worker is not held by a large backlog; the
# sweep and the next commit carry on where it stopped.
EVENTS_RELAY_MAX_SECONDS = env_int("EVENTS_RELAY_MAX_SECONDS", 30)
# The sweep publishes what a lost on-commit task left behind (Redis down, worker crash).
# django-celery-beat's DatabaseScheduler copies this schedule into its tables at start.
CELERY_BEAT_SCHEDULE = {
    # Webhooks: fan out what committed, park what expired, queue each endpoint with due deliveries.
    "webhooks-sweep": {
        "task": "webhooks.sweep",
        "schedule": float(env_int("WEBHOOKS_SWEEP_SECONDS", 5)),
        "options": {"expires": 30},
    },
    "events-relay-sweep": {
        "task": "events.relay_outbox",
        "schedule": float(env_int("EVENTS_RELAY_SWEEP_SECONDS", 10)),
        "options": {"expires": 60},
    },
    "events-prune": {"task": "events.prune_outbox", "schedule": 24 * 60 * 60.0},
    # Tasks kept in the database while the broker was down (common/queueing.py).
    "requeue-deferred-tasks": {
        "task": "common.requeue_deferred_tasks",
        "schedule": float(env_int("REQUEUE_TASKS_SECONDS", 30)),
        "options": {"expires": 25},
    },
    # E-mails the mail server could not take yet (common/mail.py): each is sent once, when its try is due.
    "send-queued-mail": {
        "task": "common.send_queued_mail",
        "schedule": float(env_int("SEND_QUEUED_MAIL_SECONDS", 60)),
        "options": {"expires": 50},
    },
    # Reminders to accepted speakers who have not confirmed; each goes once however often this runs.
    "review-confirmation-reminders": {"task": "review.send_confirmation_reminders", "schedule": 60 * 60.0},
    # Office-hours reminders (24 h and 1 h before); each is claimed once, so overlapping runs are harmless.
    "office-hours-reminders": {
        "task": "office_hours.send_due_reminders",
        "schedule": float(env_int("OFFICE_HOURS_REMINDER_SECONDS", 300)),
        "options": {"expires": 240},
    },
    # Slide deadlines: reminders before each deadline, late flags after it, the organisers' daily
    # digest. Each reminder and digest is claimed by a unique row, so overlapping runs are harmless.
    "slides-deadlines": {
        "task": "slides.deadlines_tick",
        "schedule": float(env_int("SLIDES_DEADLINES_SECONDS", 300)),
        "options": {"expires": 240},
    },
    # Decks go public when their talk ends (plus the delay) or at an organiser's time.
    "slides-publish-due-decks": {
        "task": "slides.publish_due_decks",
        "schedule": float(env_int("SLIDES_PUBLISH_SECONDS", 60)),
        "options": {"expires": 50},
    },
}

# --- Limits and the REST API (summit/settings/api.py) ---------------------------------------
from summit.settings.api import *  # noqa: E402, F403
