"""Django settings: SQLite under the data directory by default, PostgreSQL by ``JIXIAO_DATABASE_URL``.

Environment: ``JIXIAO_DATA_DIR`` (database, secret key), ``JIXIAO_DATABASE_URL``
(``postgresql://user[:password]@host:port/db``), ``JIXIAO_DEBUG``, ``JIXIAO_ALLOWED_HOSTS`` (comma list),
``JIXIAO_UPLOAD_MAX_MB``, ``JIXIAO_SESSION_HOURS`` (how long a login lasts, default 8),
``JIXIAO_HTTPS`` (``1`` behind an HTTPS reverse proxy: Secure cookies, HSTS, the proxy's scheme header),
``JIXIAO_LOGIN_FAILURES`` (wrong passwords before a lockout, default 5) and ``JIXIAO_LOCKOUT_MINUTES``
(default 15), ``JIXIAO_CONVERSIONS`` (LibreOffice conversions at once on this machine, default 2),
``JIXIAO_DB_CONN_MAX_AGE`` (seconds a thread keeps its database connection, default 60; 0 behind PgBouncer).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlsplit

BASE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """Where the SQLite database and the secret key live (created on first use)."""
    if os.environ.get("JIXIAO_DATA_DIR"):
        return Path(os.environ["JIXIAO_DATA_DIR"]).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME") or (Path.home() / ".local" / "share")
    candidate = Path(xdg) / "jixiao"
    try:
        candidate.mkdir(parents=True, exist_ok=True)
    except OSError:
        return Path.cwd() / "jixiao-data"
    return candidate


def database_from_url(url: str) -> dict[str, object]:
    """``postgresql://user:pw@host:port/db`` → a Django DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ValueError(f"JIXIAO_DATABASE_URL 只支持 postgresql://，收到 {parts.scheme}://")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "jixiao",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        **CONNECTIONS,
    }


# Each server thread keeps its connection between requests (checked before reuse): opening one per request
# cost a PostgreSQL backend start, or SQLite's open, pragmas and the WAL checkpoint of the last close.
CONNECTIONS = {
    "CONN_MAX_AGE": int(os.environ.get("JIXIAO_DB_CONN_MAX_AGE", "60")),
    "CONN_HEALTH_CHECKS": True,
}


def _secret_key(directory: Path) -> str:
    if os.environ.get("JIXIAO_SECRET_KEY"):
        return os.environ["JIXIAO_SECRET_KEY"]
    key_file = directory / "secret_key"
    try:
        if not key_file.exists():
            directory.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
            key_file.chmod(0o600)
        return key_file.read_text(encoding="utf-8").strip()
    except OSError:
        return secrets.token_urlsafe(50)  # read-only home: sessions end with the process


DATA_DIR = data_dir()
SECRET_KEY = _secret_key(DATA_DIR)
DEBUG = os.environ.get("JIXIAO_DEBUG", "") in {"1", "true"}
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"] + [
    h.strip() for h in os.environ.get("JIXIAO_ALLOWED_HOSTS", "").split(",") if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "jixiao.web.apps.AxesChineseConfig",  # django-axes, named in Chinese
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "jixiao.web.apps.WebConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files answered before sessions and the rest
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "jixiao.web.accounts.PasswordChangeRequiredMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: a locked-out login never reaches the password check
    "rules.permissions.ObjectPermissionBackend",
    "jixiao.web.accounts.AccountBackend",  # Django's ModelBackend, user and role in one query
]

ROOT_URLCONF = "jixiao.web.urls"
WSGI_APPLICATION = "jixiao.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "overrides"],  # a few admin templates in Chinese (found before the admin's own)
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jixiao.web.views.common.nav",
            ],
        },
    }
]

if os.environ.get("JIXIAO_DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["JIXIAO_DATABASE_URL"])}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "jixiao.sqlite3",
            # concurrent users: wait for the writer instead of failing with "database is locked";
            # WAL: readers never wait for the writer nor the writer for readers (one writer at a time)
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL;",
            },
            **CONNECTIONS,
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
with contextlib.suppress(OSError):  # a read-only data directory: the files are served from the package
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # where the collected files go (empty until then)
# The app serves its own static files (WhiteNoise, jixiao.web.staticfiles): once collected (jixiao init and
# jixiao serve do it when they changed), under hashed names with gzip copies, kept a year by browsers;
# before, from the package by their plain names (WHITENOISE_USE_FINDERS).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "jixiao.web.staticfiles.Storage"},
}
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Security: CSRF on every POST (htmx sends the token from <body hx-headers>), cookies not readable by JS.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(float(os.environ.get("JIXIAO_SESSION_HOURS", "8")) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
HTTPS = os.environ.get("JIXIAO_HTTPS", "") in {"1", "true"}
if HTTPS:  # behind an HTTPS reverse proxy that sets X-Forwarded-Proto
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if h not in {"testserver", "[::1]"}]

# Content-Security-Policy: scripts only from the app's own static files (no inline script anywhere);
# inline style attributes are allowed (the admin's and ECharts' sizing), nothing else from outside.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Request bodies: a larger Content-Length is refused before the body is read (jixiao.web.limits).
UPLOAD_MAX_BYTES = int(os.environ.get("JIXIAO_UPLOAD_MAX_MB", "10")) * 1024 * 1024
REQUEST_MAX_BYTES = UPLOAD_MAX_BYTES + 64 * 1024  # an upload plus its form fields and multipart framing
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # form posts (not files)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 4000  # 300 indicator rows x 9 fields + the budget and text fields

# Accounts: password rules, lockout after repeated wrong passwords (django-axes), forced first change.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "jixiao.web.accounts.MinimumLength", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = int(os.environ.get("JIXIAO_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("JIXIAO_LOCKOUT_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]  # not the IP: a whole bureau may share one behind NAT
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
CONVERSIONS = int(os.environ.get("JIXIAO_CONVERSIONS", "2"))

PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
if os.environ.get("JIXIAO_FAST_HASHER"):  # tests and the load benchmark: logins are not what is measured
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}
