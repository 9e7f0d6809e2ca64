"""The parents' login without password: one-time links mailed to an address a family gave.

The Inloglink rows are loket's (an account concern); who may get a link is decided here, by the
parents (Ouder) the desk knows.
"""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.logboek import logregel_schrijven
from loket.mail import mail_na_commit
from loket.models import Gebruiker, Inloglink, Rol

from .models import Ouder

GELDIGHEID = datetime.timedelta(minutes=15)
MAX_PER_UUR = 5


class InloglinkFout(Exception):
    """A login link that cannot be used (unknown, expired or used); the message is meant for the user."""


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _ouders_met_email(email):
    return Ouder.objects.filter(email__iexact=email)


def email_kent_ouder(email):
    """Whether this address may get a login link: a parent of some family, or a parent's account.

    Staff, providers and referrers never log in by link: their accounts have a password.
    """
    gebruiker = Gebruiker.objects.filter(email__iexact=email).first()
    if gebruiker is not None:
        return gebruiker.rol == Rol.OUDER and gebruiker.is_active
    return _ouders_met_email(email).exists()


def inloglink_aanmaken(*, email, taal="nl", sjabloon="inloglink", nu=None):
    """Mail a one-time login link to `email` when it belongs to a parent, at most 5 per hour.

    Returns the Inloglink (or None when nothing was sent: unknown address or rate limit). The
    caller shows the same answer in every case, so nobody learns which addresses are known.
    Side effects: an Inloglink row holding only the token's hash, valid 15 minutes; the mail
    `templates/mail/<sjabloon>.txt` (in `taal`) after commit.
    """
    email = email.strip().lower()
    nu = nu or timezone.now()
    if not email or not email_kent_ouder(email):
        return None
    token = secrets.token_urlsafe(32)
    link = Inloglink.objects.create(
        email=email, token_hash=token_hash(token), aangemaakt_op=nu, geldig_tot=nu + GELDIGHEID
    )
    # Written first, counted after: of simultaneous requests each counts every link committed before
    # it, so no more than MAX_PER_UUR get through (counting first let 18 of 30 parallel ones through).
    if Inloglink.objects.filter(email=email, aangemaakt_op__gt=nu - datetime.timedelta(hours=1)).count() > MAX_PER_UUR:
        link.delete()
        return None
    mail_na_commit(
        aan=[email],
        sjabloon=sjabloon,
        context={"token": token, "minuten": int(GELDIGHEID.total_seconds() // 60)},
        taal=taal,
    )
    return link


def inloglink_gebruiken(*, token, nu=None):
    """Use a login link once: returns the parent's Gebruiker (created on first use).

    Refused (InloglinkFout) when the token is unknown, used before or expired. Side effects: the
    link is marked used; a Gebruiker with rol `ouder` is created for the address if none exists;
    every Ouder with that address and no account is linked to it; Logregel
    `ouder.ingelogd`.
    """
    nu = nu or timezone.now()
    with transaction.atomic():
        link = Inloglink.objects.select_for_update().filter(token_hash=token_hash(token or "")).first()
        if link is None or link.gebruikt_op is not None:
            raise InloglinkFout(_("Deze link werd al gebruikt of bestaat niet. Vraag een nieuwe link aan."))
        if link.geldig_tot <= nu:
            raise InloglinkFout(_("Deze link is verlopen. Een link is 15 minuten geldig. Vraag een nieuwe link aan."))
        link.gebruikt_op = nu
        link.save(update_fields=["gebruikt_op"])
        gebruiker = Gebruiker.objects.filter(email__iexact=link.email).first()
        if gebruiker is None:
            gebruiker = Gebruiker.objects.create_user(link.email, rol=Rol.OUDER)
        elif gebruiker.rol != Rol.OUDER or not gebruiker.is_active:
            raise InloglinkFout(_("Met dit adres kan je niet inloggen via een link."))
        _ouders_met_email(link.email).filter(gebruiker__isnull=True).update(gebruiker=gebruiker)
        logregel_schrijven(door=gebruiker, actie="ouder.ingelogd", object=gebruiker)
    return gebruiker
