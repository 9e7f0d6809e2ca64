"""The coordinator's view of the desk's mail (/loket/mails/): what waits or failed, and sending it again.

Coordinators only (desk staff get 403); a mail of another desk is a 404. A mail belongs to the desk
it is about (`Mailbericht.loket`, see loket.mail); mail about no single desk (a login link) is for
the platform administrator, in the Django admin.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .logboek import logregel_schrijven, logregels_schrijven
from .mail import mail_opnieuw_versturen
from .models import Mailbericht, MailStatus, Rol
from .queries import loket_voor_medewerker, loketten_voor
from .toegang import rol_vereist

STATUSSEN = {
    "problemen": [MailStatus.MISLUKT, MailStatus.WACHTEND],
    "mislukt": [MailStatus.MISLUKT],
    "verstuurd": [MailStatus.VERSTUURD],
}


@rol_vereist(Rol.COORDINATOR)
def mails(request):
    """The desk's failed and waiting mail, failed first; a fixed number of queries per page."""
    loket = loket_voor_medewerker(request.user, request.GET.get("loket") or None)
    status = request.GET.get("status") if request.GET.get("status") in STATUSSEN else "problemen"
    berichten = Mailbericht.objects.filter(loket=loket, status__in=STATUSSEN[status]).order_by(
        "status", "-aangemaakt_op", "-pk"
    )
    pagina = Paginator(berichten, 50).get_page(request.GET.get("pagina"))
    # The rows show families' e-mail addresses: every look at them is logged, in one query.
    logregels_schrijven(door=request.user, actie="mailbericht.bekeken", objecten=pagina.object_list)
    return render(
        request,
        "loket/mails.html",
        {
            "loket": loket,
            "loketten": list(loketten_voor(request.user).order_by("naam")),
            "pagina": pagina,
            "status": status,
            "statussen": [("problemen", _("niet verstuurd")), ("mislukt", _("mislukt")), ("verstuurd", _("verstuurd"))],
            "querystring": urlencode({"loket": loket.code, "status": status}),
        },
    )


@rol_vereist(Rol.COORDINATOR)
@require_POST
def mail_opnieuw(request, pk):
    """Send one mail of the coordinator's desk again (POST), then back to the list with a message."""
    bericht = Mailbericht.objects.filter(pk=pk, loket__in=loketten_voor(request.user)).select_related("loket").first()
    if bericht is None:
        raise Http404
    if mail_opnieuw_versturen(bericht=bericht):
        logregel_schrijven(door=request.user, actie="mail.opnieuw", object=bericht, loket=bericht.loket)
        messages.success(request, _("De mail staat opnieuw klaar om te versturen."))
    else:
        messages.info(request, _("Deze mail was al verstuurd."))
    return redirect(f"{reverse('loket:mails')}?{urlencode({'loket': bericht.loket.code})}")
