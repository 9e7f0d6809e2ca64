"""Test settings: production settings with what a test run needs changed, nothing more."""

import os

os.environ.setdefault("SECRET_KEY", "test-sleutel-niet-geheim")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SITE_URL", "http://testserver")

from loket.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The live server for browser tests speaks plain HTTP.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Static files come from the finders in tests; no collectstatic needed.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]  # noqa: F405
# Tasks run at once, after commit, as the mail did before the queue: `mail.outbox` assertions keep
# working. The queued path (database backend, worker) has its own tests in tests/loket/test_mail.py.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# A second alias on the same test database, as a replica would be (tests/loket/test_databank.py
# switches it on with DATABASE_REPLICA = "replica"); unused unless a test does.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
# No line per request in the test output (tests/loket/test_bedrijf.py switches it on where it tests it).
LOGGING["loggers"]["loket.verzoek"]["level"] = "WARNING"  # noqa: F405
