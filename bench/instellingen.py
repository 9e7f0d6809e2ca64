"""Settings for the load test (bench/last.py): production settings, served over plain HTTP on 127.0.0.1.

Only what plain HTTP needs changes: cookies without the Secure flag (else the load generator never
sends the session back), no redirect to HTTPS, static files without a collectstatic manifest.
"""

from loket.settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
