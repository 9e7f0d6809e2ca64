"""Referrals (Doorverwijzing) to the desk: from a provider (about a request or a family without one) or a referrer
(about a child that already has a request); the desk marks them handled. Their retention is privacy.py's.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aanbod.models import AanbodFout
from loket.logboek import logregel_schrijven
from loket.mail import mail_na_commit
from loket.weekschema import weekschema_tekst

from .matching import ATYPISCH_LABELS
from .models import (
    DoorverwijsReden,
    Doorverwijzing,
    DringendReden,
)


def aanmelding_samenvatten(*, gewenste_startdatum, weekschema, voorkeuren=(), opmerking="", **kenmerken) -> str:
    """What a provider or referrer asked for, as lines of text for the desk on a referral.

    Used when the child already has a request: the desk compares this with the request. Keys of
    `kenmerken` that are not shown (priority facts, consent) are ignored.
    """
    regels = [
        _("Gevraagde startdatum: %(datum)s") % {"datum": gewenste_startdatum.strftime("%d/%m/%Y")},
        _("Gevraagde dagen: %(dagen)s") % {"dagen": weekschema_tekst(weekschema)},
    ]
    atypisch = [_(label) for veld, label in ATYPISCH_LABELS.items() if kenmerken.get(veld)]
    if atypisch:
        regels.append(_("Ook: %(momenten)s") % {"momenten": ", ".join(atypisch)})
    if kenmerken.get("dringend"):
        reden = kenmerken.get("dringend_reden")
        regels.append(_("Dringend: %(reden)s") % {"reden": DringendReden(reden).label if reden else "–"})
    if voorkeuren:
        namen = ", ".join(locatie.naam for locatie in voorkeuren)
        regels.append(_("Gekozen locaties: %(locaties)s") % {"locaties": namen})
    if (opmerking or "").strip():
        regels.append(_("Opmerking: %(opmerking)s") % {"opmerking": opmerking.strip()})
    return "\n".join(str(regel) for regel in regels)


def doorverwijzing_door_toeleider_maken(
    *, door, vraag, toelichting, gewenste_startdatum=None, nu=None
) -> Doorverwijzing:
    """A referrer filed a child that already has an open request: the desk gets a referral about it.

    Nothing of the existing request changes and nothing of it is returned to show: the referral
    (reason `al_aanvraag`, no organisation, `door` the referrer) carries the referrer's note and
    what they asked for in `toelichting`. Side effects: Doorverwijzing; Logregel
    `doorverwijzing.gemaakt`; a mail without personal data to the desk's address after commit.
    """
    nu = nu or timezone.now()
    with transaction.atomic():
        doorverwijzing = Doorverwijzing.objects.create(
            loket=vraag.loket,
            vraag=vraag,
            door=door,
            reden=DoorverwijsReden.AL_AANVRAAG,
            toelichting=(toelichting or "").strip(),
            gewenste_startdatum=gewenste_startdatum,
        )
        logregel_schrijven(
            door=door,
            actie="doorverwijzing.gemaakt",
            object=doorverwijzing,
            loket=vraag.loket,
            details={"vraag": vraag.pk, "reden": DoorverwijsReden.AL_AANVRAAG, "toeleider": True},
        )
    mail_na_commit(aan=[vraag.loket.email], sjabloon="doorverwijzing_nieuw", context={"doorverwijzing": doorverwijzing})
    return doorverwijzing


def doorverwijzing_maken(
    *,
    door,
    locatie,
    reden,
    toelichting="",
    vraag=None,
    loket=None,
    naam="",
    telefoon="",
    email="",
    gemeente=None,
    kind_geboortedatum=None,
    gewenste_startdatum=None,
    toestemming=False,
    nu=None,
    dubbel_toegestaan=False,
) -> Doorverwijzing:
    """Refer a family the provider cannot help to the desk, in one action.

    About a request (`vraag`: the desk already has the family's details, none are copied), or a
    family without one: then `loket`, a name, a phone number or e-mail address and the family's
    consent to pass them on are required. Refused when this organisation already has an open
    referral for the request (unless `dubbel_toegestaan`: a walk-in for a child that has a request
    is referred again with what was typed). Side effects: Doorverwijzing; Logregel `doorverwijzing.gemaakt`;
    a mail to the desk's address (no personal data in it) after commit.
    """
    if reden not in DoorverwijsReden.values:
        raise AanbodFout(_("Kies waarom je het gezin doorverwijst."))
    nu = nu or timezone.now()
    if vraag is not None:
        loket = vraag.loket
        naam = telefoon = email = ""
        gemeente = kind_geboortedatum = None
        if (
            not dubbel_toegestaan
            and Doorverwijzing.objects.filter(
                vraag=vraag, organisator=locatie.organisator_id, afgehandeld_op__isnull=True
            ).exists()
        ):
            raise AanbodFout(_("Deze aanvraag werd al doorverwezen naar het loket."))
    else:
        if loket is None:
            raise AanbodFout(_("Er is geen loket voor deze locatie."))
        if not naam.strip():
            raise AanbodFout(_("Geef de naam van de ouder."))
        if not (telefoon.strip() or email.strip()):
            raise AanbodFout(_("Geef een telefoonnummer of e-mailadres, zodat het loket het gezin kan bereiken."))
        if not toestemming:
            raise AanbodFout(_("Het gezin moet toestemming geven om zijn gegevens aan het loket door te geven."))
    with transaction.atomic():
        doorverwijzing = Doorverwijzing.objects.create(
            loket=loket,
            vraag=vraag,
            organisator=locatie.organisator,
            locatie=locatie,
            door=door,
            reden=reden,
            toelichting=toelichting.strip(),
            naam=naam.strip(),
            telefoon=telefoon.strip(),
            email=email.strip(),
            gemeente=gemeente,
            kind_geboortedatum=kind_geboortedatum,
            gewenste_startdatum=gewenste_startdatum,
            toestemming_op=nu if vraag is None else None,
        )
        logregel_schrijven(
            door=door,
            actie="doorverwijzing.gemaakt",
            object=doorverwijzing,
            loket=loket,
            details={"vraag": vraag.pk if vraag else None, "locatie": locatie.pk, "reden": reden},
        )
    mail_na_commit(aan=[loket.email], sjabloon="doorverwijzing_nieuw", context={"doorverwijzing": doorverwijzing})
    return doorverwijzing


def doorverwijzing_afhandelen(*, doorverwijzing, door, nu=None) -> Doorverwijzing:
    """Desk staff mark a referral as dealt with. Side effects: `afgehandeld_op/door`; Logregel."""
    nu = nu or timezone.now()
    with transaction.atomic():
        doorverwijzing = Doorverwijzing.objects.select_for_update().select_related("loket").get(pk=doorverwijzing.pk)
        if doorverwijzing.afgehandeld_op is not None:
            raise AanbodFout(_("Deze doorverwijzing werd al afgehandeld."))
        doorverwijzing.afgehandeld_op, doorverwijzing.afgehandeld_door = nu, door
        doorverwijzing.save(update_fields=["afgehandeld_op", "afgehandeld_door", "gewijzigd_op"])
        logregel_schrijven(
            door=door, actie="doorverwijzing.afgehandeld", object=doorverwijzing, loket=doorverwijzing.loket
        )
    return doorverwijzing
