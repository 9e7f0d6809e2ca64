"""Who looked at or changed a family (/loket/audit/), for the coordinator, with xlsx and CSV export.

Coordinators only (desk staff get 403); a family of another desk is a 404. The rows are the
audit log about the family, its parents, children, requests and their offers
(queries.logregels_over_gezin), filtered by person and period. Looking at the list and exporting
it write a Logregel on the family too: who checked the trail is part of the trail.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.exporteren import Exporter, als_csv, als_xlsx
from loket.logboek import logregel_schrijven
from loket.models import Gebruiker, Rol
from loket.toegang import rol_vereist

from ..filters import AuditFilter
from ..inzage import actie_tekst, objectnamen, wie
from ..queries import gezin_voor_gebruiker, logregels_over_gezin, opvangvragen_zichtbaar_voor

PER_PAGINA = 50


class AuditExport(Exporter):
    """The filtered audit rows of one family: when, who, role, what, about what."""

    titel = "Audit"

    def __init__(self, regels, namen):
        self.regels = regels
        self.namen = namen

    def rijen(self):
        yield [_("Tijdstip"), _("Wie"), _("Rol"), _("Wat"), _("Actie"), _("Waarover")]
        for regel in self.regels:
            yield [
                timezone.localtime(regel.tijdstip).strftime("%Y-%m-%d %H:%M:%S"),
                wie(regel.gebruiker),
                regel.gebruiker.get_rol_display() if regel.gebruiker else "",
                actie_tekst(regel.actie),
                regel.actie,
                self.namen.get((regel.content_type_id, regel.object_id), ""),
            ]


def _gezin(request):
    """The family asked for (`?gezin=<pk>`, or `?referentie=` of one of its requests) in this
    coordinator's desks: 404 for another desk's family; None when nothing was asked or found."""
    if request.GET.get("gezin"):
        try:
            pk = int(request.GET["gezin"])
        except ValueError:
            raise Http404 from None
        return gezin_voor_gebruiker(request.user, pk, "loket")
    referentie = request.GET.get("referentie", "").strip()
    if referentie:
        # No reference holds a NUL character, and PostgreSQL refuses one in a query (a 500).
        vraag = (
            opvangvragen_zichtbaar_voor(request.user)
            .filter(referentie__iexact=referentie)
            .select_related("gezin__loket")
            .first()
            if "\x00" not in referentie
            else None
        )
        if vraag is None:
            messages.error(request, _("Geen aanvraag met die referentie bij jouw loket."))
            return None
        return vraag.gezin
    return None


@rol_vereist(Rol.COORDINATOR)
def audit(request):
    """The audit trail of one family, newest first, 50 a page; `?formaat=xlsx|csv` exports all filtered rows."""
    gezin = _gezin(request)
    if gezin is None:
        return render(
            request, "aanmelding/loket/audit.html", {"gezin": None, "referentie": request.GET.get("referentie", "")}
        )
    regels = logregels_over_gezin(gezin)
    personen = regels.prefetch_related(None).order_by().values("gebruiker")
    gebruikers = Gebruiker.objects.filter(pk__in=personen).order_by("first_name", "last_name", "pk")
    filterset = AuditFilter(request.GET, queryset=regels, gebruikers=gebruikers)
    gefilterd = filterset.qs if filterset.is_valid() else regels.none()
    formaat = request.GET.get("formaat")
    if formaat in ("xlsx", "csv"):
        return _export(request, gezin, gefilterd, formaat)
    pagina = Paginator(gefilterd, PER_PAGINA).get_page(request.GET.get("pagina"))
    namen = objectnamen(gezin)
    for regel in pagina:
        regel.wie = wie(regel.gebruiker)
        regel.wat = actie_tekst(regel.actie)
        regel.waarover = namen.get((regel.content_type_id, regel.object_id), "")
    logregel_schrijven(door=request.user, actie="gezin.audit_bekeken", object=gezin, loket=gezin.loket)
    zonder_pagina = request.GET.copy()
    zonder_pagina.pop("pagina", None)
    zonder_pagina.pop("formaat", None)
    return render(
        request,
        "aanmelding/loket/audit.html",
        {"gezin": gezin, "filter": filterset, "pagina": pagina, "querystring": zonder_pagina.urlencode()},
    )


def _export(request, gezin, regels, formaat):
    logregel_schrijven(
        door=request.user,
        actie="gezin.audit_geexporteerd",
        object=gezin,
        loket=gezin.loket,
        details={"formaat": formaat},
    )
    export = AuditExport(regels, objectnamen(gezin))
    naam = f"audit-gezin-{gezin.pk}-{timezone.localdate():%Y-%m-%d}.{formaat}"
    if formaat == "xlsx":
        response = HttpResponse(
            als_xlsx([(export.titel, export.rijen())]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(als_csv(export.rijen()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response
