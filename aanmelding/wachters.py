"""Providers waiting for the open offer on a request to end, so they can make their own offer."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from loket.logboek import logregel_schrijven
from loket.mail import mail_na_commit

from .models import Wachter


def voorstel_afwachten(*, vraag, door) -> bool:
    """Ask to be mailed when the open offer on `vraag` ends. Asking twice changes nothing.

    Side effects: a Wachter row; Logregel `opvangvraag.afwachten`. Returns whether it is new.
    """
    try:
        with transaction.atomic():
            Wachter.objects.create(vraag=vraag, gebruiker=door)
            logregel_schrijven(door=door, actie="opvangvraag.afwachten", object=vraag, loket=vraag.loket)
    except IntegrityError:
        return False
    return True


def wachters_verwittigen(*, vraag, nu=None, sjabloon="voorstel_vrij_wachter") -> int:
    """The open offer on `vraag` ended and the request is open again: mail every waiting provider once.

    Called inside the transition's transaction; the mails go after commit.
    """
    nu = nu or timezone.now()
    wachters = list(Wachter.objects.filter(vraag=vraag, verwittigd_op__isnull=True).select_related("gebruiker"))
    Wachter.objects.filter(pk__in=[w.pk for w in wachters]).update(verwittigd_op=nu)
    for wachter in wachters:
        mail_na_commit(aan=[wachter.gebruiker.email], sjabloon=sjabloon, context={"vraag": vraag})
    return len(wachters)
