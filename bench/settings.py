"""Settings for the benchmark server only: production settings plus the plain baseline views.

Throttling is off (the load generator is one client) and HTTPS redirects are off (the
server listens on plain HTTP on loopback). Everything else is as in production.
"""

from config.settings import *  # noqa: F403
from config.settings import REST_FRAMEWORK

ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
LOGGING = {"version": 1, "disable_existing_loggers": False}
