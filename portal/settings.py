"""Settings for the portal, read from environment variables.

Every variable is listed in the README. Development defaults are safe: with
DJANGO_DEBUG unset the site runs as production and refuses to start without a
real DJANGO_SECRET_KEY.
"""

import datetime
import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
# A local .env (written by `make run`: DJANGO_DEBUG=1) fills in what the
# environment doesn't set; real environment variables always win. Production
# has no .env, or PORTAL_ENV_FILE="" to read none.
_ENV_FILE = os.environ.get("PORTAL_ENV_FILE", str(BASE_DIR / ".env"))
if _ENV_FILE:
    load_dotenv(_ENV_FILE, override=False)
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


DEBUG = env_bool("DJANGO_DEBUG", False)

# Behind our nginx (README, Deployment) only the proxy connects to gunicorn: its
# X-Forwarded-Proto and the last hop of X-Forwarded-For are believed
# (core/clientip.py). Never set it where clients can reach gunicorn directly.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it (50+ random characters) in production, "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
# The site's public address (scheme and host, no path): absolute links in
# public pages, feeds and sitemaps come from it, never from a request's Host
# header (see core/http.py). Empty in local development.
PORTAL_SITE_URL = os.environ.get("PORTAL_SITE_URL", "").strip().rstrip("/")
if PORTAL_SITE_URL and not re.fullmatch(r"https?://[^/?#\s]+", PORTAL_SITE_URL):
    raise ImproperlyConfigured(
        "PORTAL_SITE_URL must be a scheme and a host, such as https://thanhuy.example.vn"
    )
if PORTAL_SITE_URL:
    # The canonical host is always an allowed one.
    _site_host = re.sub(r":\d+$", "", PORTAL_SITE_URL.split("://", 1)[1])
    if _site_host not in ALLOWED_HOSTS:
        ALLOWED_HOSTS.append(_site_host)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal.apps.PortalAdminConfig",  # django.contrib.admin, with core.adminsite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_prose_editor",
    "reversion",
    "reversion_compare",
    "core.apps.AxesConfig",  # django-axes, named in Vietnamese
    "csp",
    "django_otp",
    "core.apps.TOTPConfig",  # django_otp.plugins.otp_totp, named in Vietnamese
    # Ours, from the bottom up: shared parts, content, the site shell, tools.
    "core",
    "accounts",
    "images",
    "search",
    "editorial",
    "news",
    "documents",
    "public",
    "newsroom",
    "ops",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside everything that can fail, so error pages (400, 500, 503) carry
    # the policy and the frame ban too.
    "core.security.PortalCSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.http.CanonicalHostMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "public.pagecache.PageCacheMiddleware",
    "core.routers.ReplicaRoutingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "editorial.middleware.RevisionMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    # The public site: Jinja2, for rendering speed (see portal/jinja.py).
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "portal.jinja.environment",
            "context_processors": ["public.context_processors.site"],
        },
    },
    # The admin, Django's own apps, feeds, sitemaps and the error pages that
    # must render without the database.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "public.context_processors.site",
            ],
        },
    },
]

# Database: one URL, SQLite by default, PostgreSQL in production.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"
_default_db = dj_database_url.parse(DATABASE_URL)
if _default_db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; the busy timeout and
    # IMMEDIATE transactions stop "database is locked" between the dev server
    # and a second process (a management command, a test, a second worker).
    _default_db["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
        ),
    }
elif _default_db["ENGINE"] == "django.db.backends.postgresql":
    # psycopg 3's pool, managed by Django (CONN_MAX_AGE must stay 0 with it).
    _default_db["CONN_MAX_AGE"] = 0
    # With the pool, this makes Django create it with
    # check=ConnectionPool.check_connection (a "check" in OPTIONS["pool"] would
    # clash with the one Django passes): every connection is tried before a
    # request gets it. Without it, after a PostgreSQL restart each worker handed
    # out its dead connections and the first requests failed with "terminating
    # connection due to administrator command" (`make outage`). The check is an
    # empty query, ~0.1 ms (median of 2,000 on a local server), paid only by
    # requests that use the database: 3-30 ms pages; page-cache hits never do.
    # After a restart, a worker's first request waits while the pool throws its
    # dead connections away (it backs off 1 s, then 2 s, between them): ~3 s
    # with min_size 2, once per worker, instead of an error page.
    _default_db["CONN_HEALTH_CHECKS"] = True
    if env_bool("DATABASE_POOL", True):
        _default_db.setdefault("OPTIONS", {})["pool"] = {
            "min_size": env_int("DATABASE_POOL_MIN", 2),
            "max_size": env_int("DATABASE_POOL_MAX", 10),
            "timeout": 10,
        }
DATABASES = {"default": _default_db}

# Scale-out: a read replica for anonymous public reads (see core/routers.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    _replica_db = dj_database_url.parse(DATABASE_REPLICA_URL)
    _replica_db["OPTIONS"] = {**_default_db.get("OPTIONS", {}), **_replica_db.get("OPTIONS", {})}
    _replica_db["CONN_MAX_AGE"] = _default_db.get("CONN_MAX_AGE", 0)
    _replica_db["CONN_HEALTH_CHECKS"] = _default_db.get("CONN_HEALTH_CHECKS", False)
    _replica_db["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica_db
    DATABASE_ROUTERS = ["core.routers.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set; otherwise a file cache that every worker
# process of one server shares (per-process memory would go stale).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            # Fail fast: a Redis outage must cost milliseconds, not a hung worker.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# Whole-page cache for anonymous readers (news/pagecache.py).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_MAX_AGE = env_int("PAGE_CACHE_MAX_AGE", 60)

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Where a login goes when its ?next= is missing or points off the site; the
# newsroom lives in the admin (Django's default, /accounts/profile/, is a 404 here).
LOGIN_REDIRECT_URL = "admin:index"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses locked-out credentials before they are checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Two-factor authentication (TOTP): required for the admin role, offered to all staff.
# Off by default only in local development, so `make run`'s printed login just works.
PORTAL_ADMIN_2FA_REQUIRED = env_bool("PORTAL_ADMIN_2FA_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = os.environ.get("PORTAL_SHORT_NAME", "Tỉnh ủy Lạng Sơn")
# Nobody reads another person's secret key or QR code in the admin, whoever may view devices.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# django-reversion-compare: a foreign key changed when its id did. Its default
# lists every one ("thêm: None") whenever any other field changed.
REVERSION_COMPARE_FOREIGN_OBJECTS_AS_ID = True

# Login throttling (django-axes): 5 failures for one username from one IP lock
# that pair for AXES_COOLOFF_MINUTES. `manage.py axes_reset_username NAME` unlocks.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind nginx REMOTE_ADDR is always the proxy: one stranger's five wrong
# passwords would lock the real user out from everywhere.
AXES_CLIENT_IP_CALLABLE = "core.clientip.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Staff sessions end after this much inactivity (the expiry slides with each
# request); readers of the public site get no session at all.
SESSION_COOKIE_AGE = env_int("STAFF_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates in the admin as on the public site: "Thứ Ba, 01/12/2026 20:43".
FORMAT_MODULE_PATH = ["core.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Files only the app serves (documents' attachments): never under MEDIA_ROOT,
# which is public at /media/ (core/storage.py).
PORTAL_PRIVATE_ROOT = Path(os.environ.get("PORTAL_PRIVATE_ROOT", VAR_DIR / "private"))

# Uploads are parsed in child processes with limits (core/sandbox.py): at most
# this many at once on this machine (0: one per core), each waiting at most
# SANDBOX_WAIT seconds for its turn; the slots are lock files in this folder.
SANDBOX_SLOTS = env_int("PORTAL_SANDBOX_SLOTS", 0)
SANDBOX_WAIT = env_int("PORTAL_SANDBOX_WAIT", 20)
SANDBOX_LOCK_DIR = Path(os.environ.get("PORTAL_SANDBOX_DIR", VAR_DIR / "sandbox"))
# Media are served by nginx in production. For a local try-out of production
# settings (`make serve`) the app can serve them itself; never set it on a
# public server: Django's static view is not built for that load.
PORTAL_SERVE_MEDIA = env_bool("PORTAL_SERVE_MEDIA", False)
# Where `manage.py backup` writes its archives (see portal/backup.py).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
# Media: the local disk by default; MEDIA_STORAGE=s3 puts them in S3-compatible
# object storage through django-storages, so app servers keep no local state.
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", "media"),
            # Photos are public: plain URLs that a CDN can cache, never overwritten.
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
elif MEDIA_STORAGE == "filesystem":
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'filesystem' or 's3'.")
STORAGES = {
    "default": _media_storage,
    "private": {"BACKEND": "core.storage.PrivateFileStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploads above this size go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

# HTTPS hardening, on whenever DEBUG is off; each can be tuned behind a proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"  # Vietnamese, in the admin's or the site's frame
X_FRAME_OPTIONS = "DENY"  # the editor's image picker is a window, not a frame

# Content-Security-Policy (django-csp): strict everywhere; core.security adds
# the admin's few needs (the editor's import map hash, inline styles).
_MEDIA_ORIGIN = [
    match.group(1)
    for url in (
        MEDIA_URL,
        os.environ.get("AWS_S3_ENDPOINT_URL", "") if MEDIA_STORAGE == "s3" else "",
        f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN']}"
        if MEDIA_STORAGE == "s3" and os.environ.get("AWS_S3_CUSTOM_DOMAIN")
        else "",
    )
    if (match := re.match(r"^(https?://[^/]+)", url))
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", *_MEDIA_ORIGIN],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The committee's name: the first values of the editable site settings
# (core.models.SiteSettings), the 500 page and the two-factor apps' label.
PORTAL_NAME = os.environ.get("PORTAL_NAME", "Cổng thông tin điện tử Tỉnh ủy Lạng Sơn")
PORTAL_SHORT_NAME = os.environ.get("PORTAL_SHORT_NAME", "Tỉnh ủy Lạng Sơn")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # fpdf2 subsets the demo documents' font through fontTools, which
        # reports every table it trims.
        "fontTools": {"level": "WARNING"},
    },
}
