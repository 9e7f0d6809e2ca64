"""Privacy (GDPR) writes: a family's erasure request, its refusal, anonymisation, and the retention period for
families and referrals.

The parent's data download (art. 15) is a read: aanmelding/inzage.py.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.datums import jaren_later
from loket.logboek import logregel_schrijven
from loket.mail import mail_na_commit
from loket.models import Inloglink, Loket, Rol

from .models import (
    OPEN_STATUSSEN,
    Contactmoment,
    Doorverwijzing,
    Gezin,
    Kind,
    Notitie,
    Opvangvoorstel,
    Opvangvraag,
    Wisverzoek,
    WisverzoekUitkomst,
    anonieme_identiteit,
)
from .queries import gezinnen_voorbij_bewaartermijn
from .registratie import AanmeldingFout
from .telvelden import telvelden_bijwerken

ANONIEM = "anoniem"
GEWIST = "(gewist)"


def wisverzoek_indienen(*, gezin, door, nu=None) -> Wisverzoek:
    """A parent asks the desk to erase the family's data; the desk's coordinator decides.

    Refused when the family was anonymised already or has an open request to erase (the database
    holds one open Wisverzoek per family too). Side effects: Wisverzoek; Logregel
    `gezin.wisverzoek_ingediend` on the family; after commit a mail without personal data to the
    desk's address and its coordinators, pointing at /loket/wisverzoeken/.
    """
    if gezin.geanonimiseerd_op is not None:
        raise AanmeldingFout(_("De gegevens van dit gezin zijn al gewist."))
    nu = nu or timezone.now()
    try:
        with transaction.atomic():
            verzoek = Wisverzoek.objects.create(
                gezin=gezin, gevraagd_op=nu, gevraagd_door=door if door is not None and door.is_authenticated else None
            )
            logregel_schrijven(
                door=door,
                actie="gezin.wisverzoek_ingediend",
                object=gezin,
                loket=gezin.loket,
                details={"wisverzoek": verzoek.pk},
            )
    except IntegrityError:
        raise AanmeldingFout(_("Je vroeg al om je gegevens te wissen. Het loket behandelt je vraag.")) from None
    coordinatoren = gezin.loket.medewerkers.filter(rol=Rol.COORDINATOR, is_active=True).values_list("email", flat=True)
    mail_na_commit(
        aan=sorted({gezin.loket.email, *coordinatoren} - {""}),
        sjabloon="wisverzoek_nieuw",
        context={"loket": gezin.loket},
    )
    return verzoek


def wisverzoek_weigeren(*, verzoek, door, reden, nu=None) -> Wisverzoek:
    """The coordinator refuses an erasure request, with a reason the family reads (e.g. an open assignment).

    Refused when the request was handled already or the reason is empty. Side effects: the
    Wisverzoek handled (`geweigerd`, moment, by whom, reason); Logregel `gezin.wisverzoek_geweigerd`
    on the family (without the reason's text); a mail with the reason to the parents after commit.
    """
    reden = (reden or "").strip()
    if not reden:
        raise AanmeldingFout(_("Schrijf waarom je het verzoek weigert. Het gezin leest die reden."))
    nu = nu or timezone.now()
    with transaction.atomic():
        verzoek = Wisverzoek.objects.select_for_update().select_related("gezin__loket").get(pk=verzoek.pk)
        if not verzoek.is_open:
            raise AanmeldingFout(_("Dit verzoek werd al afgehandeld."))
        verzoek.afgehandeld_op, verzoek.afgehandeld_door = nu, door
        verzoek.uitkomst, verzoek.reden = WisverzoekUitkomst.GEWEIGERD, reden
        verzoek.save(update_fields=["afgehandeld_op", "afgehandeld_door", "uitkomst", "reden", "gewijzigd_op"])
        gezin = verzoek.gezin
        logregel_schrijven(
            door=door,
            actie="gezin.wisverzoek_geweigerd",
            object=gezin,
            loket=gezin.loket,
            details={"wisverzoek": verzoek.pk},
        )
    mail_na_commit(
        aan=[ouder.email for ouder in gezin.ouders.all()],
        sjabloon="wisverzoek_geweigerd",
        context={"loket": gezin.loket, "reden": reden},
        taal=gezin.taal,
    )
    return verzoek


def gezin_anonimiseren(*, gezin, door, reden, nu=None) -> Gezin:
    """Wipe what identifies a family and keep what the yearly report counts (GDPR art. 17, retention).

    `reden` is a code for the log ("wisverzoek", "bewaartermijn"), never personal text.
    Refused (AanmeldingFout) when the family has an open request or was anonymised before.

    Wiped: the parents' names, e-mail addresses and phone numbers and their link to a login; the
    family's street and postal code and the free text of a vulnerability mark; the children's
    names, care-need description and national-register hash; the requests' withdrawal comment
    and consent text; the desk's notes and contact reports (the moments and kinds stay); the
    offers' comments and closing reasons; the free texts of providers' referrals; earlier
    refusal reasons of erasure requests.
    Kept: every date, municipality, status, channel, category fact (urgent, atypical, priority
    group, vulnerability criteria, specific care need yes/no), offer (dates, days, answers) and
    the audit log. Each child's `identiteit` becomes a keyed hash of itself (models.anonieme_identiteit)
    and `geanonimiseerd_op` keeps Kind.save() from recomputing it: the report still counts the
    child once, under the same municipality and columns as before.

    Side effects, in one transaction with the family locked: the wipes above; a parent's login
    that has no other family is deactivated (name and e-mail replaced, password unusable) and
    its login links deleted; an open Wisverzoek is handled as `geanonimiseerd`; Logregel
    `gezin.geanonimiseerd`; when the family asked for it, a confirmation mail to the addresses the
    parents had, after commit. Returns the family.
    """
    nu = nu or timezone.now()
    with transaction.atomic():
        gezin = Gezin.objects.select_for_update().select_related("loket").get(pk=gezin.pk)
        if gezin.geanonimiseerd_op is not None:
            raise AanmeldingFout(_("De gegevens van dit gezin zijn al gewist."))
        vragen = Opvangvraag.objects.filter(gezin=gezin)
        if vragen.filter(status__in=OPEN_STATUSSEN).exists():
            raise AanmeldingFout(
                _("Dit gezin heeft nog een lopende aanvraag. Trek die eerst in, of weiger het verzoek met die reden.")
            )
        ouders = list(gezin.ouders.select_related("gebruiker"))
        adressen = sorted({ouder.email for ouder in ouders if ouder.email})
        gebruikers = {ouder.gebruiker for ouder in ouders if ouder.gebruiker_id}
        open_verzoek = gezin.wisverzoeken.filter(afgehandeld_op__isnull=True).first()

        gezin.ouders.update(voornaam=ANONIEM, achternaam="", email="", telefoon="", gebruiker=None, gewijzigd_op=nu)
        for gebruiker in gebruikers:
            _ouderlogin_afsluiten(gebruiker, adressen)
        kinderen = list(gezin.kinderen.all())
        for kind in kinderen:
            # An update, not save(): nothing may recompute the identity from the wiped name.
            Kind.objects.filter(pk=kind.pk).update(
                voornaam=ANONIEM,
                # A distinct placeholder per child: two wiped children born the same day are no
                # look-alike names for the report's data-quality check.
                achternaam=f"#{kind.pk}",
                zorgbehoefte_omschrijving="",
                rijksregister_hash="",
                identiteit=anonieme_identiteit(kind.identiteit),
                geanonimiseerd_op=nu,
                gewijzigd_op=nu,
            )
        vragen.update(intrek_toelichting="", toestemming_wijze="", gewijzigd_op=nu)
        Notitie.objects.filter(vraag__gezin=gezin).update(tekst=GEWIST, gewijzigd_op=nu)
        Contactmoment.objects.filter(vraag__gezin=gezin).update(tekst=GEWIST, gewijzigd_op=nu)
        Opvangvoorstel.objects.filter(vraag__gezin=gezin).update(opmerking="", afsluit_reden="", gewijzigd_op=nu)
        Doorverwijzing.objects.filter(vraag__gezin=gezin).update(
            toelichting="", naam="", telefoon="", email="", geanonimiseerd_op=nu, gewijzigd_op=nu
        )
        gezin.straat = gezin.postcode = ""
        # The database wants a reason with a vulnerability mark; the mark itself is a counted fact.
        gezin.kwetsbaar_reden = GEWIST if gezin.kwetsbaar_gemarkeerd else ""
        gezin.geanonimiseerd_op = nu
        gezin.save(update_fields=["straat", "postcode", "kwetsbaar_reden", "geanonimiseerd_op"])
        gezin.wisverzoeken.exclude(reden="").update(reden="")
        # The children's identities became keyed hashes: the requests left under their old identities
        # are grouped anew for the report (gezin.save() above did so for the new ones).
        telvelden_bijwerken(identiteiten={kind.identiteit for kind in kinderen})
        if open_verzoek is not None:
            gezin.wisverzoeken.filter(pk=open_verzoek.pk).update(
                afgehandeld_op=nu, afgehandeld_door=door, uitkomst=WisverzoekUitkomst.GEANONIMISEERD, gewijzigd_op=nu
            )
        logregel_schrijven(
            door=door,
            actie="gezin.geanonimiseerd",
            object=gezin,
            loket=gezin.loket,
            details={"reden": reden, "kinderen": len(kinderen), "vragen": vragen.count()},
        )
    if open_verzoek is not None:
        mail_na_commit(aan=adressen, sjabloon="gezin_geanonimiseerd", context={"loket": gezin.loket}, taal=gezin.taal)
    return gezin


def _ouderlogin_afsluiten(gebruiker, adressen):
    """A parent's login without another family stops working and no longer carries a name or address."""
    Inloglink.objects.filter(email__in=[gebruiker.email, *adressen]).delete()
    if gebruiker.rol != Rol.OUDER or gebruiker.ouderrollen.exists():
        return
    gebruiker.is_active = False
    gebruiker.email = f"geanonimiseerd-{gebruiker.pk}@example.invalid"
    gebruiker.first_name = gebruiker.last_name = ""
    gebruiker.set_unusable_password()
    gebruiker.save(update_fields=["is_active", "email", "first_name", "last_name", "password"])


def afgesloten_vragen_anonimiseren(*, nu=None) -> int:
    """Anonymise every family whose requests all closed longer ago than its desk's retention period.

    A request is closed when withdrawn (at `ingetrokken_op`) or assigned (at the accepted offer's
    `beantwoord_op`); see queries.gezinnen_voorbij_bewaartermijn. Anonymised families are left
    alone, so a second run does nothing. Side effects: those of gezin_anonimiseren (reason
    "bewaartermijn", by the system) per family. Returns the number of families anonymised.
    """
    nu = nu or timezone.now()
    aantal = 0
    for loket in Loket.objects.order_by("pk"):
        for gezin in gezinnen_voorbij_bewaartermijn(loket=loket, grens=jaren_later(nu, -loket.bewaartermijn_jaren)):
            try:
                gezin_anonimiseren(gezin=gezin, door=None, reden="bewaartermijn", nu=nu)
            except AanmeldingFout:
                continue  # a new request came in since the query: the family stays
            aantal += 1
    return aantal


def doorverwijzingen_anonimiseren(*, nu=None) -> int:
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
