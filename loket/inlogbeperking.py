"""Login throttling: a cool-off after repeated failures, keyed on account and address.

- 5 failures for one account from one address within 15 minutes: that pair waits 15 minutes.
- 100 failures for one account within an hour, from any addresses: the account waits until the
  oldest of those is an hour old. So an account never sees more than 100 failures an hour.
"""

import datetime
import ipaddress

from django.conf import settings
from django.utils import timezone

from .models import MisluktePoging

PER_ADRES = 5
AFKOELEN = datetime.timedelta(minutes=15)
PER_ACCOUNT_PER_UUR = 100


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind a reverse proxy the address it passes on.

    With settings.TRUSTED_PROXY_HEADER set (e.g. X-Forwarded-For), the address is the
    TRUSTED_PROXY_COUNT-th from the right in that header: the one our own proxy wrote. Entries
    further left come from the client and can be anything, so they are never used. Without the
    setting the header is ignored (anyone can send it). None when no valid address is known.
    """
    if settings.TRUSTED_PROXY_HEADER:
        sleutel = "HTTP_" + settings.TRUSTED_PROXY_HEADER.upper().replace("-", "_")
        adressen = [deel.strip() for deel in request.META.get(sleutel, "").split(",") if deel.strip()]
        if len(adressen) >= settings.TRUSTED_PROXY_COUNT:
            adres = _geldig_adres(adressen[-settings.TRUSTED_PROXY_COUNT])
            if adres:
                return adres
    return _geldig_adres(request.META.get("REMOTE_ADDR", ""))


def _geldig_adres(tekst):
    try:
        return str(ipaddress.ip_address(tekst))
    except ValueError:
        return None


def poging_beginnen(*, email, ip, nu=None):
    """Note a password try before the password is checked; returns (poging, wachttijd).

    The row is written (and committed, outside a transaction) first and counted after: of any
    number of simultaneous tries, each one counts every try committed before it, so at most
    PER_ADRES of them are let through to the password check (counting first and writing after
    let 40 parallel tries through). When the limit is reached, the row is removed again and the
    wait is returned: the caller refuses without checking the password. Otherwise `wachttijd` is
    None and the row stays as a failure unless pogingen_wissen() follows a real login.
    """
    nu = nu or timezone.now()
    email = email.lower()
    poging = MisluktePoging.objects.create(email=email, ip=ip, tijdstip=nu)
    wachten = wachttijd(email=email, ip=ip, nu=nu, behalve=poging)
    if wachten is not None:
        poging.delete()
    return poging, wachten


def wachttijd(*, email, ip, nu=None, behalve=None):
    """How long this account/address must wait before another try; None when it may try now.

    `behalve`: the caller's own try (see poging_beginnen), not counted against itself.
    """
    nu = nu or timezone.now()
    email = email.lower()
    andere = MisluktePoging.objects.exclude(pk=behalve.pk) if behalve else MisluktePoging.objects.all()
    recent = andere.filter(email=email, ip=ip, tijdstip__gt=nu - AFKOELEN).order_by("-tijdstip")
    pogingen = list(recent.values_list("tijdstip", flat=True)[:PER_ADRES])
    if len(pogingen) >= PER_ADRES:
        return max(pogingen[0] + AFKOELEN - nu, datetime.timedelta(seconds=1))
    uur = andere.filter(email=email, tijdstip__gt=nu - datetime.timedelta(hours=1))
    if uur.count() >= PER_ACCOUNT_PER_UUR:
        oudste = uur.order_by("-tijdstip").values_list("tijdstip", flat=True)[PER_ACCOUNT_PER_UUR - 1]
        return max(oudste + datetime.timedelta(hours=1) - nu, datetime.timedelta(seconds=1))
    return None


def pogingen_wissen(*, email, ip, poging):
    """A real login clears that pair's failures up to its own try `poging` (tries that began later
    and are still being checked stay counted)."""
    MisluktePoging.objects.filter(email=email.lower(), ip=ip, pk__lte=poging.pk).delete()
