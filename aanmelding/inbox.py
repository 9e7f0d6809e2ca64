"""The provider's inbox: requests seen, and a request registered on a family's behalf (walk-in).

A walk-in for a child that already has a request becomes a referral (doorverwijzingen.py).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aanbod.models import AanbiederToegang, AanbodFout
from aanbod.queries import locaties_voor_aanbieder
from loket.logboek import logregel_schrijven

from .doorverwijzingen import aanmelding_samenvatten, doorverwijzing_maken
from .models import (
    DoorverwijsReden,
    Doorverwijzing,
    Gezien,
    Kanaal,
    Opvangvraag,
    Voorkeur,
)
from .registratie import AanmeldingFout, aanmelding_registreren


def opvangvraag_gezien_markeren(*, vraag, door, nu=None) -> list[Gezien]:
    """Record that the provider organisation(s) of `door` opened this request (first time only).

    One Gezien per organisation, with the best-ranked chosen location of that organisation the
    user works for (none for a request that reached them otherwise, e.g. a shared urgent one).
    Side effects: Gezien rows; Logregel `opvangvraag.gezien` per new row. Returns the new rows.
    """

    nu = nu or timezone.now()
    eigen = locaties_voor_aanbieder(door).values("pk")
    per_organisator = {}
    for voorkeur in Voorkeur.objects.filter(vraag=vraag, locatie__in=eigen).select_related("locatie").order_by("rang"):
        per_organisator.setdefault(voorkeur.locatie.organisator_id, voorkeur.locatie)
    if not per_organisator:
        for organisator_id in AanbiederToegang.objects.filter(gebruiker=door).values_list("organisator_id", flat=True):
            per_organisator.setdefault(organisator_id, None)
    al_gezien = set(
        Gezien.objects.filter(vraag=vraag, organisator__in=per_organisator).values_list("organisator_id", flat=True)
    )
    nieuw = []
    for organisator_id, locatie in per_organisator.items():
        if organisator_id in al_gezien:
            continue
        try:
            with transaction.atomic():
                gezien = Gezien.objects.create(
                    vraag=vraag, organisator_id=organisator_id, locatie=locatie, gebruiker=door, gezien_op=nu
                )
                logregel_schrijven(
                    door=door,
                    actie="opvangvraag.gezien",
                    object=vraag,
                    loket=vraag.loket,
                    details={"organisator": organisator_id, "locatie": locatie.pk if locatie else None},
                )
        except IntegrityError:
            continue  # a colleague opened it at the same moment: the first view stays the one recorded
        nieuw.append(gezien)
    return nieuw


def opvangvraag_registreren_door_aanbieder(
    *,
    locatie,
    loket,
    door,
    ouder,
    gezin,
    kind,
    gewenste_startdatum,
    weekschema,
    toestemming_wijze,
    nu=None,
    **kenmerken,
) -> tuple[Opvangvraag | Doorverwijzing, str]:
    """A provider registers a request that reached it directly, in the family's one central request.

    `ouder`, `gezin` and `kind` are dicts of model fields for the new family; `kenmerken` are
    the request's other fields (atypical moments, urgency, priority facts). The request gets
    channel `aanbieder`, the family's consent (now, `toestemming_wijze`) and `locatie` as first
    preference. When the child already has an open request at the desk (opvangvraag_indienen's
    duplicate check), nothing new is created and that request is not changed: the desk gets a
    referral about it (reason `al_aanvraag`) carrying what the provider typed (start date, days,
    atypical moments, urgency, the location), and decides with the family what changes.
    Returns (vraag or doorverwijzing, uitkomst) with uitkomst "nieuw" or "doorverwezen"; the
    provider's page must answer both the same way (whether a request existed is not theirs to
    learn). Side effects: those of registratie.aanmelding_registreren or doorverwijzing_maken.
    """
    if not (toestemming_wijze or "").strip():
        raise AanbodFout(_("Noteer hoe het gezin toestemming gaf."))
    if not loket.werkingsgebied.filter(pk=locatie.gemeente_id).exists():
        raise AanbodFout(_("Deze locatie ligt niet in het werkingsgebied van dit loket."))
    nu = nu or timezone.now()
    try:
        vraag = aanmelding_registreren(
            loket=loket,
            kanaal=Kanaal.AANBIEDER,
            door=door,
            gezin_velden=gezin,
            ouders=[ouder],
            kind_velden=kind,
            vraag_velden={
                "gewenste_startdatum": gewenste_startdatum,
                "weekschema": weekschema,
                "voorkeuren": [locatie],
                "ingediend_op": nu,
                "toestemming_op": nu,
                "toestemming_wijze": toestemming_wijze.strip(),
                **kenmerken,
            },
        )
        return vraag, "nieuw"
    except AanmeldingFout as fout:
        bestaande = fout.bestaande_vraag
        if bestaande is None:
            raise AanbodFout(str(fout)) from None
    toelichting = aanmelding_samenvatten(
        gewenste_startdatum=gewenste_startdatum, weekschema=weekschema, voorkeuren=[locatie], **kenmerken
    )
    doorverwijzing = doorverwijzing_maken(
        door=door,
        locatie=locatie,
        vraag=bestaande,
        reden=DoorverwijsReden.AL_AANVRAAG,
        toelichting=toelichting,
        gewenste_startdatum=gewenste_startdatum,
        nu=nu,
        dubbel_toegestaan=True,
    )
    return doorverwijzing, "doorverwezen"
