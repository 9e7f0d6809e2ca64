"""gunicorn for Loket Kinderopvang: `gunicorn loket.wsgi --config deploy/gunicorn.conf.py`.

Each worker is a process with its own database connections: with DATABASE_POOL=1 each holds a
psycopg pool of DATABASE_POOL_MIN..DATABASE_POOL_MAX connections (opened after the fork, on first
use), so one machine uses up to GUNICORN_WORKERS × DATABASE_POOL_MAX connections.
"""

import os
import shutil

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
# Synchronous workers: every request is short (the mail goes through the task queue).
worker_class = "sync"
timeout = 60
graceful_timeout = 30
# Restart workers now and then so a slow leak cannot grow for ever.
max_requests = 2000
max_requests_jitter = 200
accesslog = None  # loket.bedrijf.VerzoekMiddleware writes one JSON line per request
errorlog = "-"


def on_starting(server):
    """Metrics of several workers are added up from files: start with an empty directory."""
    map = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if map:
        shutil.rmtree(map, ignore_errors=True)
        os.makedirs(map, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
