"""Settings for Loket Kinderopvang, configured only through environment variables.

Every variable is read through one of the small typed helpers below, which refuse a bad value
loudly instead of guessing. See `.env.example` for the full list.
"""

import ipaddress
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be 0/1, true/false, yes/no or on/off, not {value!r}.")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The embedded database writes on every page (the audit log of who looked): in SQLite's default
# rollback journal with full sync each of those commits waited for several disk syncs (the
# worklist at 100 rows: about 125 ms wall for 58 ms of work; see bench notes in the commit).
# A write-ahead log synced at checkpoints keeps the file consistent after a crash and lets
# readers go on while one request writes. Transactions begin IMMEDIATE (take the write lock at
# once, waiting up to `timeout` seconds): a deferred one that read and then wanted to write after
# another connection committed failed at once with "database is locked", a 500 for two parents
# at the same moment (SQLite has no row locks: select_for_update does nothing there).
SQLITE_OPTIES = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def _pool_opties():
    """psycopg 3's connection pool per process (DATABASE_POOL=1), instead of a connection per request.

    Each gunicorn worker (a process) holds its own pool of DATABASE_POOL_MIN..DATABASE_POOL_MAX
    connections: with W workers on N machines the database sees up to W × N × MAX connections,
    keep that under PostgreSQL's max_connections. Not with CONN_MAX_AGE (Django refuses both).
    """
    if not env_bool("DATABASE_POOL", False):
        return {}
    return {
        "pool": {
            "min_size": env_int("DATABASE_POOL_MIN", 2),
            "max_size": env_int("DATABASE_POOL_MAX", 4),
            "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
        }
    }


def database_from_url(url):
    """Turn `sqlite:////abs/path.sqlite3` or `postgres://user:pw@host:port/name` into a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if path.startswith("//"):
            path = path[1:]
        naam = path or BASE_DIR / "db.sqlite3"
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": naam, "OPTIONS": SQLITE_OPTIES}
    if parts.scheme in ("postgres", "postgresql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 0),
            # No JIT compilation: it compiles every wide query before running it. Measured with
            # bench/beleid.py on PostgreSQL 15: the policy dashboard's UNION of 28 grouped report
            # queries spent 2.5 of its 3.2 s compiling; without JIT it runs in 0.5 s.
            # random_page_cost 2 (default 4): the data lives in RAM or on SSD, where a random read
            # costs little more than a sequential one. With 4 the planner scanned the whole offer
            # table to join a desk-year's 5,000 requests (bench/beleid.py); app-wide on purpose.
            "OPTIONS": {**_pool_opties(), "options": "-c jit=off -c random_page_cost=2"},
        }
    raise ImproperlyConfigured(f"DATABASE_URL must start with sqlite:// or postgres://, not {url!r}.")


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off.")
    SECRET_KEY = "onveilige-ontwikkelsleutel-alleen-voor-debug"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Used to hash national register numbers (rijksregisternummer); never stored in clear.
RIJKSREGISTER_SLEUTEL = env_str("RIJKSREGISTER_SLEUTEL", SECRET_KEY)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
    "loket",
    "aanmelding",
    "aanbod",
    "rapportage",
]

MIDDLEWARE = [
    "loket.bedrijf.VerzoekMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "loket.middleware.TeVeelVeldenMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "loket.databank.ReplicaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "loket.middleware.SessieTermijnMiddleware",
    "loket.middleware.GeenCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "loket.urls"
WSGI_APPLICATION = "loket.wsgi.application"

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
                "django.template.context_processors.csp",
                "loket.context_processors.loket",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(env_str("DATABASE_URL"))
    if env_str("DATABASE_URL")
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3", "OPTIONS": SQLITE_OPTIES}
}
# The reports' covering index (aanmelding.Opvangvoorstel, voorstel_aanvaard_dekkend) speeds up
# PostgreSQL; SQLite builds it on its key alone, which is what this check warns of.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
# A read replica (optional): the report, its exports and the public search read from it
# (loket/databank.py); everything else, and every write, uses the primary.
DATABASE_REPLICA = None
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database_from_url(env_str("DATABASE_REPLICA_URL"))
    DATABASE_REPLICA = "replica"
DATABASE_ROUTERS = ["loket.databank.ReplicaRouter"]
ALLEEN_LEZEN_VIEWS = {
    "rapportage:home",
    "rapportage:vragen",
    "rapportage:xlsx",
    "rapportage:pdf",
    "aanbod:zoeken",
    "aanbod:locatie_publiek",
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "loket.Gebruiker"
LOGIN_URL = "loket:login"
LOGIN_REDIRECT_URL = "loket:start"
LOGOUT_REDIRECT_URL = "loket:home"
# Argon2 first (Django's recommended hasher): a check takes about a quarter of PBKDF2's 1.5 million
# rounds here, so the staff login is no longer a second of hashing. Existing PBKDF2 hashes stay
# valid and are rehashed with Argon2 at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

OTP_TOTP_ISSUER = "Loket Kinderopvang"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# No inline script or style anywhere: the policy stays strict.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

MAILERS = {
    "default": {
        "BACKEND": env_str(
            "EMAIL_BACKEND",
            "loket.mailconsole.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
        ),
    }
}
if MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        # A mail server that accepts the connection and then says nothing must not hold the worker.
        "timeout": env_int("EMAIL_TIMEOUT", 30),
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Lokaal Loket Kinderopvang <noreply@localhost>")

# Background work (mail first) runs on Django's task framework. The default backend keeps the tasks
# in the database (django-tasks-db): a task is written in the same transaction as the change that
# causes it, and waits there while the worker (`manage.py db_worker`) or the mail server is down.
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# A mail that fails for a temporary reason is tried again after MAIL_WACHTTIJD_SECONDEN, doubled
# each time (at most an hour), MAIL_POGINGEN times in all (8: about two hours with the default).
MAIL_POGINGEN = env_int("MAIL_POGINGEN", 8)
MAIL_WACHTTIJD_SECONDEN = env_int("MAIL_WACHTTIJD_SECONDEN", 60)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSIE_INACTIEF_SECONDEN = env_int("SESSIE_INACTIEF_SECONDEN", 30 * 60)
SESSIE_MAXIMUM_SECONDEN = env_int("SESSIE_MAXIMUM_SECONDEN", 12 * 60 * 60)
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Health checks and Prometheus ask the app itself over plain HTTP, inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^gezond/$", r"^metrics$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Behind a reverse proxy REMOTE_ADDR is the proxy's address, the same for everyone. Name the header
# in which the proxy passes the client's address (e.g. X-Forwarded-For) and how many proxies in a row
# append to it; the login throttle then keys on that address. Empty: REMOTE_ADDR, headers ignored.
TRUSTED_PROXY_HEADER = env_str("TRUSTED_PROXY_HEADER").strip()
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
if TRUSTED_PROXY_COUNT < 1:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 1 or more, not {TRUSTED_PROXY_COUNT}.")

# Logs go to stderr (gunicorn, systemd and docker collect it there). In production one JSON object
# per line (LOG_FORMAT=json, the default without DEBUG): one line per request from
# loket.bedrijf.VerzoekMiddleware (method, path without query string or tokens, status, duration,
# user id or "anoniem"), and errors with their traceback (django.request logs every 500).
LOG_FORMAT = env_str("LOG_FORMAT", "tekst" if DEBUG else "json")
if LOG_FORMAT not in ("json", "tekst"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or tekst, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "loket.logopmaak.JsonFormatter"},
        "tekst": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # One line per request: on in production, off in development (runserver prints its own).
    "loggers": {"loket.verzoek": {"level": env_str("LOG_VERZOEKEN", "WARNING" if DEBUG else "INFO")}},
}

# /gezond/: 503 when the oldest task that is due has waited longer than this (the worker is down
# or cannot keep up). /metrics: only with METRICS=1, for a bearer token and/or allowed addresses.
GEZOND_MAX_WACHTTIJD_SECONDEN = env_int("GEZOND_MAX_WACHTTIJD_SECONDEN", 300)
METRICS = env_bool("METRICS", False)
METRICS_TOKEN = env_str("METRICS_TOKEN")
METRICS_IPS = env_list("METRICS_IPS")
for _netwerk in METRICS_IPS:
    try:
        ipaddress.ip_network(_netwerk, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"METRICS_IPS must hold addresses or networks, not {_netwerk!r}.") from None
