"""The provider's inbox: requests seen, registered on a family's behalf, referred to the desk.

Referrals (Doorverwijzing) come from providers and referrers; the desk closes them, and the
retention period wipes a family's details from them.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from aanbod.models import AanbiederToegang
from aanbod.queries import locaties_voor_aanbieder
from aanbod.services import AanbodFout
from loket.datums import jaren_later
from loket.logboek import logregel_schrijven
from loket.mail import mail_na_commit
from loket.models import Loket
from loket.weekschema import weekschema_tekst

from .matching import ATYPISCH_LABELS
from .models import (
    DoorverwijsReden,
    Doorverwijzing,
    DringendReden,
    Gezien,
    Kanaal,
    Voorkeur,
)
from .services import AanmeldingFout, aanmelding_registreren

# --- The inbox: requests seen, registered on a family's behalf, referred to the desk ---------


def opvangvraag_gezien_markeren(*, vraag, gebruiker, nu=None):
    """Record that the provider organisation(s) of `gebruiker` opened this request (first time only).

    One Gezien per organisation, with the best-ranked chosen location of that organisation the
    user works for (none for a request that reached them otherwise, e.g. a shared urgent one).
    Side effects: Gezien rows; Logregel `opvangvraag.gezien` per new row. Returns the new rows.
    """

    nu = nu or timezone.now()
    eigen = locaties_voor_aanbieder(gebruiker).values("pk")
    per_organisator = {}
    for voorkeur in Voorkeur.objects.filter(vraag=vraag, locatie__in=eigen).select_related("locatie").order_by("rang"):
        per_organisator.setdefault(voorkeur.locatie.organisator_id, voorkeur.locatie)
    if not per_organisator:
        for organisator_id in AanbiederToegang.objects.filter(gebruiker=gebruiker).values_list(
            "organisator_id", flat=True
        ):
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
                    vraag=vraag, organisator_id=organisator_id, locatie=locatie, gebruiker=gebruiker, gezien_op=nu
                )
                logregel_schrijven(
                    door=gebruiker,
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
):
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
    learn). Side effects: those of services.aanmelding_registreren or doorverwijzing_maken.
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


def aanmelding_samenvatten(*, gewenste_startdatum, weekschema, voorkeuren=(), opmerking="", **kenmerken):
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


def doorverwijzing_door_toeleider_maken(*, door, vraag, toelichting, gewenste_startdatum=None, nu=None):
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
):
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


def doorverwijzing_afhandelen(*, doorverwijzing, door, nu=None):
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


def doorverwijzingen_anonimiseren(*, nu=None):
    """Wipe the family's details of referrals older than their desk's retention period.

    A referral counts from when it was handled (or made, when it never was). After the desk's
    `bewaartermijn_jaren` the name, phone, e-mail, municipality, dates and the provider's
    free-text explanation are emptied; the coded reason, the location, who referred and when
    stay. Meant for `manage.py verwerk_termijnen`; a second run does nothing. Side effects: those
    fields and `geanonimiseerd_op`; one Logregel `doorverwijzing.geanonimiseerd` per referral,
    without details. Returns the number wiped.
    """
    nu = nu or timezone.now()
    aantal = 0
    for loket in Loket.objects.filter(doorverwijzingen__geanonimiseerd_op__isnull=True).distinct():
        grens = jaren_later(nu, -loket.bewaartermijn_jaren)
        oud = Q(afgehandeld_op__lt=grens) | Q(afgehandeld_op__isnull=True, aangemaakt_op__lt=grens)
        for doorverwijzing in Doorverwijzing.objects.filter(oud, loket=loket, geanonimiseerd_op__isnull=True):
            with transaction.atomic():
                gewist = Doorverwijzing.objects.filter(pk=doorverwijzing.pk, geanonimiseerd_op__isnull=True).update(
                    naam="",
                    telefoon="",
                    email="",
                    gemeente=None,
                    kind_geboortedatum=None,
                    gewenste_startdatum=None,
                    toelichting="",
                    geanonimiseerd_op=nu,
                    gewijzigd_op=nu,
                )
                if gewist:
                    logregel_schrijven(
                        door=None, actie="doorverwijzing.geanonimiseerd", object=doorverwijzing, loket=loket
                    )
                    aantal += 1
    return aantal
