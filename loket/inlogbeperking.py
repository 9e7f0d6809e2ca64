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


def wachttijd(*, email, ip, nu=None):
    """How long this account/address must wait before another try; None when it may try now."""
    nu = nu or timezone.now()
    email = email.lower()
    recent = MisluktePoging.objects.filter(email=email, ip=ip, tijdstip__gt=nu - AFKOELEN).order_by("-tijdstip")
    pogingen = list(recent.values_list("tijdstip", flat=True)[:PER_ADRES])
    if len(pogingen) >= PER_ADRES:
        return pogingen[0] + AFKOELEN - nu
    uur = MisluktePoging.objects.filter(email=email, tijdstip__gt=nu - datetime.timedelta(hours=1))
    if uur.count() >= PER_ACCOUNT_PER_UUR:
        oudste = uur.order_by("-tijdstip").values_list("tijdstip", flat=True)[PER_ACCOUNT_PER_UUR - 1]
        return oudste + datetime.timedelta(hours=1) - nu
    return None


def mislukte_poging_noteren(*, email, ip, nu=None):
    MisluktePoging.objects.create(email=email.lower(), ip=ip, tijdstip=nu or timezone.now())


def pogingen_wissen(*, email, ip):
    """A successful login clears that pair's failures (the account-wide hourly cap keeps its count)."""
    MisluktePoging.objects.filter(email=email.lower(), ip=ip).delete()
