"""Work that runs after the response has gone out, until the app has a task queue.

`na_het_antwoord(functie, **kwargs)` during a request queues the call; it runs when the server has
sent the response and closes it (Django's `request_finished`), in the same process. Outside a
request (commands, tests calling services) it runs at once.

What it is for: an answer that must not depend on what happens next. `POST /mijn/` answers the
same for a known and an unknown address; making and mailing the link before answering made the
known address measurably slower (82 vs 66.5 ms). What the queued work costs is still paid by the
worker before its next request; a task queue (issue "In bedrijf") takes it off the worker.
"""

import logging
from contextvars import ContextVar
from functools import partial

from django.db import connections

logger = logging.getLogger(__name__)

_taken = ContextVar("na_antwoord_taken", default=None)


def na_het_antwoord(functie, /, **kwargs):
    """Call `functie(**kwargs)` once the current response has been sent (at once outside a request)."""
    taken = _taken.get()
    if taken is None:
        functie(**kwargs)
    else:
        taken.append(partial(functie, **kwargs))


def verzoek_begint(**kwargs):
    """request_started: a fresh queue for this request."""
    _taken.set([])


def verzoek_klaar(**kwargs):
    """request_finished: run the queue. A failure is logged; the visitor has had their answer."""
    taken = _taken.get()
    _taken.set(None)
    if not taken:
        return
    for taak in taken:
        try:
            taak()
        except Exception:
            logger.exception("Werk na het antwoord mislukt: %r", taak)
    # Django closed the request's connections before this ran (close_old_connections); close the
    # ones the work reopened the same way, but never one inside a transaction (a test's).
    for verbinding in connections.all(initialized_only=True):
        if not verbinding.in_atomic_block:
            verbinding.close_if_unusable_or_obsolete()
