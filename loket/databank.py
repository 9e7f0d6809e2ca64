"""A read replica for pages that only read (DATABASE_REPLICA_URL), and the router that uses it.

Without a replica everything uses the primary ("default"). With one, `ReplicaMiddleware` marks a
GET/HEAD request for a view named in ALLEEN_LEZEN_VIEWS (the report, its drill-down and exports,
the public search) as read-only, and `ReplicaRouter` sends that request's reads to "replica".
Writes always go to the primary, also during such a request (the audit log of who looked), and
so do all reads of every other request: a page right after a POST never misses what was just
written because the replica lags. The user and session are read from the primary before the mark
is set: a login a moment ago must not look absent on the replica.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.urls import Resolver404, resolve

REPLICA = "replica"

_alleen_lezen = ContextVar("alleen_lezen", default=False)


def replica_alias():
    """The replica's alias when one is configured (settings.DATABASE_REPLICA), else None."""
    return getattr(settings, "DATABASE_REPLICA", None)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        alias = replica_alias()
        if alias and _alleen_lezen.get():
            return alias
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's data: an object read there relates to one read here.
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaMiddleware:
    """Mark GET/HEAD requests for the views in ALLEEN_LEZEN_VIEWS as read-only (reads from the replica).

    Placed after AuthenticationMiddleware; the mark lasts for the rest of the request, template
    rendering included.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_alias() or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        try:
            view_name = resolve(request.path_info).view_name
        except Resolver404:
            return self.get_response(request)
        if view_name not in settings.ALLEEN_LEZEN_VIEWS:
            return self.get_response(request)
        # Who is asking comes from the primary (see the module docstring).
        request.user.is_authenticated  # noqa: B018
        token = _alleen_lezen.set(True)
        try:
            return self.get_response(request)
        finally:
            _alleen_lezen.reset(token)
