"""Mail that services send: queued in the same transaction, sent by the worker, never lost.

`mail_na_commit(aan=, sjabloon=, context=, taal=)` writes a `Mailbericht` and enqueues the task
`mail_versturen` for it. With a database task backend (django-tasks-db, the default) both rows are
written in the caller's transaction: the mail exists exactly when the change that causes it
commits, and waits in the database while the mail server is down. With a backend that runs tasks
at once (the tests' ImmediateBackend) the task is enqueued after commit instead, as before.

The worker (`manage.py db_worker`) runs `mail_versturen`: it locks the row (SKIP LOCKED, so two
workers never send one mail), builds the mail from `templates/mail/<sjabloon>.txt` (first line =
subject) plus an HTML part in the desk's style, and sends it. A temporary failure (connection
refused, timeout, SMTP 4xx) is tried again later with a growing wait (MAIL_WACHTTIJD_SECONDEN,
doubled each time, at most an hour) until MAIL_POGINGEN attempts; then, or at once for a
permanent failure (SMTP 5xx, a template error, an object that no longer exists), the mail is
`mislukt` with its reason, and the desk's coordinator sees it on /loket/mails/ and can send it again.
"""

import datetime
import logging
import smtplib
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.db.models import QuerySet
from django.tasks import task, task_backends
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise

from .models import Loket, Mailbericht, MailStatus

logger = logging.getLogger(__name__)

MAX_WACHTTIJD = datetime.timedelta(hours=1)


class MailMislukt(Exception):
    """A mail that will not be tried again by itself; the task ends failed with this reason."""


def mail_na_commit(*, aan, sjabloon, context, taal="nl"):
    """Queue `templates/mail/<sjabloon>.txt` for `aan`; it goes out once the current transaction commits.

    Returns the Mailbericht (None when there is no address). Side effects: a Mailbericht row and a
    task row in the current transaction (database backend), or the task enqueued on commit.
    """
    ontvangers = [adres for adres in aan if adres]
    if not ontvangers:
        return None
    bericht = Mailbericht.objects.create(
        loket_id=_loket_van(context),
        aan=ontvangers,
        sjabloon=sjabloon,
        context=_naar_json(context),
        taal=taal or "nl",
    )
    _inplannen(bericht)
    return bericht


def mail_opnieuw_versturen(*, bericht):
    """Try a failed or waiting mail again now (the coordinator's button). Returns False if it was sent already.

    Side effects: the mail `wachtend` again with its attempts counted from zero, and a new task.
    """
    with transaction.atomic():
        bericht = Mailbericht.objects.select_for_update().get(pk=bericht.pk)
        if bericht.status == MailStatus.VERSTUURD:
            return False
        bericht.status = MailStatus.WACHTEND
        bericht.pogingen = 0
        bericht.volgende_poging_op = None
        bericht.save(update_fields=["status", "pogingen", "volgende_poging_op", "gewijzigd_op"])
        _inplannen(bericht)
    return True


def _inplannen(bericht, run_after=None):
    taak = mail_versturen if run_after is None else mail_versturen.using(run_after=run_after)
    if _bewaart_taken():
        taak.enqueue(bericht_id=bericht.pk)
    else:
        transaction.on_commit(lambda: taak.enqueue(bericht_id=bericht.pk))


def _bewaart_taken():
    """Whether the task backend writes tasks in the database (and so in the caller's transaction)."""
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


@task
def mail_versturen(bericht_id):
    """Send one Mailbericht if it still waits; returns what happened ("verstuurd", "opnieuw", "overgeslagen").

    Raises MailMislukt (the task fails, its reason in the task row and on the Mailbericht) when
    the mail will not be tried again by itself.
    """
    with transaction.atomic():
        bericht = (
            Mailbericht.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("loket")
            .filter(pk=bericht_id, status=MailStatus.WACHTEND)
            .first()
        )
        if bericht is None:
            # Sent or given up already, or another worker holds it right now.
            return "overgeslagen"
        bericht.pogingen += 1
        try:
            mail_opbouwen(bericht).send()
        except Exception as fout:
            bericht.laatste_fout = _reden(fout)[:2000]
            if _tijdelijk(fout) and bericht.pogingen < settings.MAIL_POGINGEN and _kan_uitstellen():
                wacht = min(
                    datetime.timedelta(seconds=settings.MAIL_WACHTTIJD_SECONDEN * 2 ** (bericht.pogingen - 1)),
                    MAX_WACHTTIJD,
                )
                bericht.volgende_poging_op = timezone.now() + wacht
                bericht.save(update_fields=["pogingen", "laatste_fout", "volgende_poging_op", "gewijzigd_op"])
                _inplannen(bericht, run_after=bericht.volgende_poging_op)
                logger.warning("Mail %s niet verstuurd (poging %s), opnieuw om %s", bericht.pk, bericht.pogingen, wacht)
                return "opnieuw"
            bericht.status = MailStatus.MISLUKT
            bericht.volgende_poging_op = None
            bericht.save(update_fields=["status", "pogingen", "laatste_fout", "volgende_poging_op", "gewijzigd_op"])
            mislukt = bericht.laatste_fout
        else:
            bericht.status = MailStatus.VERSTUURD
            bericht.verstuurd_op = timezone.now()
            bericht.laatste_fout = ""
            bericht.volgende_poging_op = None
            # The context may hold a one-time login token: keep it no longer than needed.
            bericht.context = {}
            bericht.save(
                update_fields=[
                    "status",
                    "pogingen",
                    "verstuurd_op",
                    "laatste_fout",
                    "volgende_poging_op",
                    "context",
                    "gewijzigd_op",
                ]
            )
            return "verstuurd"
    logger.error("Mail %s (%s) mislukt na %s pogingen: %s", bericht_id, bericht.sjabloon, bericht.pogingen, mislukt)
    raise MailMislukt(mislukt)


def mail_opbouwen(bericht):
    """The mail for a Mailbericht: plain text and an HTML part in the desk's style, Reply-To the desk."""
    context = {**_uit_json(bericht.context), "site_url": settings.SITE_URL}
    loket = bericht.loket
    with translation.override(bericht.taal):
        tekst = render_to_string(f"mail/{bericht.sjabloon}.txt", context)
        onderwerp, _, inhoud = tekst.strip().partition("\n")
        inhoud = inhoud.strip() + "\n"
        html = render_to_string("mail/bericht.html", {"onderwerp": onderwerp.strip(), "inhoud": inhoud, "loket": loket})
    mail = EmailMultiAlternatives(
        subject=onderwerp.strip(),
        body=inhoud,
        to=bericht.aan,
        reply_to=[loket.email] if loket is not None and loket.email else None,
    )
    mail.attach_alternative(html, "text/html")
    return mail


def _kan_uitstellen():
    return getattr(task_backends["default"], "supports_defer", False)


def _tijdelijk(fout):
    """Whether trying again later may help: the server unreachable or busy (SMTP 4xx), not a refusal (5xx)."""
    if isinstance(fout, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _melding in fout.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(fout, smtplib.SMTPResponseException):
        return 400 <= fout.smtp_code < 500
    return isinstance(fout, smtplib.SMTPServerDisconnected | OSError)


def _reden(fout):
    return f"{type(fout).__name__}: {fout}"


def _loket_van(context):
    """The desk a mail is about: a Loket in the context, or the desk of a request, family or offer in it."""
    for waarde in context.values():
        if isinstance(waarde, Loket):
            return waarde.pk
    for waarde in context.values():
        if not isinstance(waarde, models.Model):
            continue
        if getattr(waarde, "loket_id", None):
            return waarde.loket_id
        for naam in ("vraag", "gezin"):
            veld = _veld(waarde, naam)
            if veld is not None and getattr(veld, "loket_id", None):
                return veld.loket_id
        vraag = _veld(waarde, "vraag")
        if vraag is not None and _veld(vraag, "gezin") is not None:
            return vraag.gezin.loket_id
    return None


def _veld(object, naam):
    try:
        object._meta.get_field(naam)
    except Exception:
        return None
    return getattr(object, naam, None)


# The context travels as JSON: a model as a reference that the worker reads again. The reference
# names the model by its label (as ContentType does for the audit log): this module serves every
# app and imports none of the higher ones.
def _naar_json(waarde):
    if isinstance(waarde, models.Model):
        return {"__model__": waarde._meta.label_lower, "pk": waarde.pk}
    if isinstance(waarde, dict):
        return {str(sleutel): _naar_json(v) for sleutel, v in waarde.items()}
    if isinstance(waarde, list | tuple | set | QuerySet):
        return [_naar_json(v) for v in waarde]
    if isinstance(waarde, datetime.datetime):
        return {"__datetime__": waarde.isoformat()}
    if isinstance(waarde, datetime.date):
        return {"__date__": waarde.isoformat()}
    if isinstance(waarde, Decimal):
        return {"__decimal__": str(waarde)}
    if isinstance(waarde, Promise):
        return str(waarde)
    if waarde is None or isinstance(waarde, str | int | float | bool):
        return waarde
    return str(waarde)


def _uit_json(waarde):
    if isinstance(waarde, list):
        return [_uit_json(v) for v in waarde]
    if not isinstance(waarde, dict):
        return waarde
    if "__model__" in waarde:
        model = apps.get_model(waarde["__model__"])
        return model._base_manager.get(pk=waarde["pk"])
    if "__datetime__" in waarde:
        return datetime.datetime.fromisoformat(waarde["__datetime__"])
    if "__date__" in waarde:
        return datetime.date.fromisoformat(waarde["__date__"])
    if "__decimal__" in waarde:
        return Decimal(waarde["__decimal__"])
    return {sleutel: _uit_json(v) for sleutel, v in waarde.items()}
