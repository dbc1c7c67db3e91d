"""Commemorate settings, all read from the environment.

Every variable is listed in `.env.example` and in the README's configuration table.
`DEBUG` is off unless set; with `DEBUG` off the service refuses to start without a
`SECRET_KEY`, so a production deployment can never run on a built-in key.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local `.env` is a convenience for development; real deployments set the variables.
# ENV_FILE names another file; ENV_FILE= (empty) reads none, as the tests do.
_env_file = os.environ.get("ENV_FILE", str(BASE_DIR / ".env"))
if _env_file:
    environ.Env.read_env(_env_file, overwrite=False)

_TRUE_WORDS = {"true", "yes", "on", "1"}
_FALSE_WORDS = {"false", "no", "off", "0"}


def env_bool(name: str, *, default: bool) -> bool:
    """A yes/no variable. Unset or empty gives `default`; a value that is not one of
    true/yes/on/1 or false/no/off/0 (any case) stops the start-up, naming the variable,
    instead of silently reading as false as `environ.Env.bool` does."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if raw.lower() in _TRUE_WORDS:
        return True
    if raw.lower() in _FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a yes/no value; use true or false (also yes/no, on/off, 1/0)."
    )


def env_int(name: str, *, default: int, minimum: int | None = None) -> int:
    """A whole-number variable, at least `minimum`. Unset or empty gives `default`."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


def env_float(name: str, *, default: float, minimum: float | None = None) -> float:
    """A decimal-number variable, at least `minimum`. Unset or empty gives `default`."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number.") from None
    if minimum is not None and not value >= minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=true for local development."
        )
    # Development only: a key made fresh per process, never a fixed one in the code.
    from django.core.management.utils import get_random_secret_key

    SECRET_KEY = get_random_secret_key()

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_countries",
    "simple_history",
    "axes",
    "core",
    "memorials",
    "events",
    "articles",
    "directory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "django.template.context_processors.csp",
                "directory.context_processors.map_settings",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env_int("CONN_MAX_AGE", default=60, minimum=0))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE avoids "database is locked"
    # errors when two requests upgrade a read transaction to a write at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # Kept open between requests like PostgreSQL's (CONN_MAX_AGE): opening one costs
    # about 1 ms of CPU (the PRAGMAs and Django's SQL functions), more than a whole
    # list 304. Each request still runs in autocommit, so no snapshot outlives it.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_cache_url = env.str("CACHE_URL", default="") or env.str("REDIS_URL", default="")
CACHES = {
    "default": environ.Env.cache_url_config(_cache_url)
    if _cache_url
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Messages live in the session, not in a signed cookie: a new API token's key is shown
# once through a message and must not travel in a readable cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The back office is the only sign-in; without these, a login with an unsafe `next=`
# and every `login_required` view would send people to the missing /accounts/ pages.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LANGUAGE_CODE = "en"
# Dates on the pages follow the language ("26 February 2015" in English).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Map ------------------------------------------------------------------------------
# Background tiles of the site's maps (Leaflet). The markers, popups and controls work
# without them; an empty MAP_TILE_URL draws no tile layer at all.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env.str(
    "MAP_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
    "contributors",
)


def tile_origin(url: str) -> str:
    """The origin a tile URL template loads images from, for the CSP's `img-src`:
    `https://tile.openstreetmap.org` for the default. A `{s}` subdomain becomes a `*`
    wildcard (`https://*.tile.example.org`). A template that is not an http(s) URL with
    a host and the `{z}`, `{x}` and `{y}` placeholders stops the start-up."""
    parts = urlsplit(url)
    host = parts.netloc.replace("{s}", "*")
    if (
        parts.scheme not in {"https", "http"}
        or not host
        or "{" in host
        or "@" in host
        or not all(part in url for part in ("{z}", "{x}", "{y}"))
    ):
        raise ImproperlyConfigured(
            f"MAP_TILE_URL={url!r} is not a tile URL template such as "
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png (or empty for no tiles)."
        )
    return f"{parts.scheme}://{host}"


MAP_TILE_ORIGIN = tile_origin(MAP_TILE_URL) if MAP_TILE_URL else None

# --- Security -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    # The map's tiles are the only images from elsewhere.
    "img-src": [CSP.SELF, "data:", "blob:", *([MAP_TILE_ORIGIN] if MAP_TILE_ORIGIN else [])],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# django-axes: lock a username + address pair after repeated failed back-office logins.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = env_float("AXES_COOLOFF_HOURS", default=1.0, minimum=0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The same plain page for every locked-out name, so it never tells whether an account exists.
AXES_LOCKOUT_TEMPLATE = "429.html"
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", default=0, minimum=0)

# --- API ------------------------------------------------------------------------------
API_PAGE_SIZE = 20
API_MAX_PAGE_SIZE = 100
API_GEOJSON_MAX_PAGE_SIZE = 5000
# Lists count their matches exactly up to this many (a bounded index range); past it
# `count` is null and pages follow `next`, so no request counts a whole large table.
API_COUNT_LIMIT = env_int("API_COUNT_LIMIT", default=10_000, minimum=1)
# JSON bodies nested deeper are refused with a 400 (core.api.parsers); the deepest
# write body (an article's authors) nests 3 levels. Their size is capped by Django's
# DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by default): larger is a 413.
API_JSON_MAX_DEPTH = 32
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.problem_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": API_PAGE_SIZE,
    "DEFAULT_RENDERER_CLASSES": [
        "core.api.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # Writes take JSON only (the photo upload chooses multipart itself).
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.JSONParser"],
    "COERCE_DECIMAL_TO_STRING": False,
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"
    ],
    "DEFAULT_FILTER_BACKENDS": ["core.filters.FilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="120/minute"),
        "user": env.str("API_THROTTLE_USER", default="600/minute"),
    },
    "DATETIME_FORMAT": "iso-8601",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Commemorate API",
    "DESCRIPTION": (
        "A directory of memorial sites, the historical events they commemorate, the "
        "anniversary events held at them and the articles written about them."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One group per resource, in this order (core.api.schema.AutoSchema.get_tags).
    "TAGS": [
        {"name": "memorials", "description": "Memorial sites and their photos."},
        {"name": "historical events", "description": "What the memorials commemorate."},
        {"name": "events", "description": "Anniversary events held at memorials and elsewhere."},
        {
            "name": "articles",
            "description": "Published works about memorials, historical and anniversary events.",
        },
        {"name": "organisations", "description": "Organisations that hold anniversary events."},
        {
            "name": "anniversaries",
            "description": "On this day, and the anniversaries of the coming days.",
        },
    ],
    # Choice sets shared by several fields get one clear component name each.
    "ENUM_NAME_OVERRIDES": {
        "MemorialKindEnum": "memorials.models.Memorial.Kind",
        "MemorialStatusEnum": "memorials.models.Memorial.Status",
        "ArticleKindEnum": "articles.models.Article.Kind",
        "AnniversaryEventStatusEnum": "events.models.AnniversaryEvent.Status",
        "DatePrecisionEnum": "core.models.DatePrecision",
        "LocationPrecisionEnum": "core.models.LocationPrecision",
    },
}

# CORS: reads from any origin; writes only from CORS_WRITE_ORIGINS (see core.cors).
CORS_URLS_REGEX = r"^/api/.*$"
CORS_WRITE_ORIGINS = env.list("CORS_WRITE_ORIGINS", default=[])
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Location", "Retry-After"]
CORS_ALLOW_HEADERS = [
    "accept",
    "authorization",
    "content-type",
    "if-match",
    "if-none-match",
    "if-modified-since",
    "x-csrftoken",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "null": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # A request for an unknown Host is refused with a 400; a traceback per probe
        # from the internet would only bury real errors.
        "django.security.DisallowedHost": {"handlers": ["null"], "propagate": False},
    },
}
