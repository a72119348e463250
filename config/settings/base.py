"""Settings shared by every environment. Environment values come from config.env."""

from __future__ import annotations

import dj_database_url

from config import env

BASE_DIR = env.BASE_DIR
SECRET_KEY = env.SECRET_KEY or "dev-insecure-key-only-for-local-runs"
DEBUG = env.DEBUG
ALLOWED_HOSTS = env.ALLOWED_HOSTS

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "bihuan.core",
    "bihuan.accounts",
    "bihuan.customers",
    "bihuan.complaints",
    "bihuan.triage",
    "bihuan.intake",
    "bihuan.routing",
    "bihuan.notifications",
    "bihuan.resolution",
    "bihuan.analytics",
    "bihuan.followup",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "bihuan.core.middleware.ApplicationErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "bihuan" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bihuan.intake.context_processors.intake_backlog_alert",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(env.DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker read while one writes;
    # IMMEDIATE transactions avoid "database is locked" upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "complaints:queue"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.TIME_ZONE
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
# Front-end libraries come from the npm registry (package.json), never copied in.
STATICFILES_DIRS = [
    BASE_DIR / "bihuan" / "static",
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
    # China province outlines (Apache ECharts 4.9 map data, installed under an npm alias).
    ("vendor/echarts-map", BASE_DIR / "node_modules" / "echarts-map-china" / "map" / "json"),
]
MEDIA_ROOT = env.MEDIA_ROOT
MEDIA_URL = "media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
BIHUAN_MAX_UPLOAD_BYTES = env.MAX_UPLOAD_BYTES
BIHUAN_ALLOWED_UPLOAD_TYPES = {
    "image/jpeg", "image/png", "image/gif", "image/webp",
    "video/mp4", "audio/mpeg", "audio/wav", "audio/x-wav", "application/pdf", "text/plain",
}
BIHUAN_NUMBER_PREFIX = "TS"
BIHUAN_PAGE_SIZE = 25

# Triage (see docs/triage.md): optional sentence encoder, "" for none.
BIHUAN_TRIAGE_ENCODER = env.TRIAGE_ENCODER

# Intake (see docs/intake.md).
BIHUAN_INTAKE_SECRETS = env.INTAKE_SECRETS
BIHUAN_INTAKE_SIGNATURE_TOLERANCE = 300  # seconds either side of now
BIHUAN_INTAKE_SERVICE_HOURS = env.INTAKE_SERVICE_HOURS  # "09:00-21:00" or "09:00-12:00,13:00-21:00"
BIHUAN_INTAKE_SERVICE_DAYS = "0123456"  # weekday numbers, Monday = 0
BIHUAN_INTAKE_FIRST_RESPONSE_MINUTES = 15
BIHUAN_INTAKE_FOLLOW_UP_MINUTES = 60
BIHUAN_INTAKE_REPEAT_WINDOW_DAYS = env.INTAKE_REPEAT_WINDOW_DAYS
BIHUAN_INTAKE_REPEAT_ON_CLOSED = env.INTAKE_REPEAT_ON_CLOSED
BIHUAN_INTAKE_IMAP_URL = env.INTAKE_IMAP_URL
BIHUAN_INTAKE_IMAP_POLL_SECONDS = env.INTAKE_IMAP_POLL_SECONDS
BIHUAN_INTAKE_FORM_RATE = (5, 3600)  # public form: submissions per IP per seconds

# Resolution (docs/resolution.md): authority limits in yuan per complaint without
# approval (None = no limit); roles not listed grant nothing.
BIHUAN_RESOLUTION_AUTHORITY_LIMITS = {
    "agent": "50", "senior_agent": "100", "team_lead": "500", "department_owner": "5000",
    "administrator": None,
}
BIHUAN_RESOLUTION_POINTS_PER_CNY = 100
BIHUAN_RESOLUTION_APPROVAL_HOURS = 4  # approvals are due this many hours after the request
BIHUAN_RESOLUTION_PROGRESS_LINK_DAYS = 30
BIHUAN_RESOLUTION_FAIRNESS_MIN_CASES = 3

# Background work (django.tasks): the database backend needs no extra server;
# `manage.py run_worker` executes tasks and runs the periodic SLA sweep and
# outbox dispatch. BIHUAN_TASKS_BACKEND=rq switches to Redis (docs/background-work.md).
TASKS = env.TASKS
if env.TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {name: {"URL": env.REDIS_URL} for name in TASKS["default"].get("QUEUES", ["default"])}
BIHUAN_SLA_SWEEP_BUDGET_SECONDS = env.SLA_SWEEP_BUDGET_SECONDS
BIHUAN_PUBLIC_BASE_URL = env.PUBLIC_BASE_URL
BIHUAN_SLA_SWEEP_SECONDS = env.SLA_SWEEP_SECONDS
BIHUAN_OUTBOX_POLL_SECONDS = env.OUTBOX_POLL_SECONDS
BIHUAN_OUTBOX_LEASE_SECONDS = env.OUTBOX_LEASE_SECONDS
BIHUAN_NOTIFY = env.NOTIFY

# Analytics (see docs/analytics.md): KPI target defaults an admin may override per KPI.
BIHUAN_ANALYTICS_FIRST_RESPONSE_MINUTES = 15
BIHUAN_ANALYTICS_TARGETS = {
    "fcr": (0.85, None), "aht_minutes": (3, 5), "first_response_minutes": (None, 15),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

