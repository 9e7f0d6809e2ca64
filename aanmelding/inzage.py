"""What the desk holds about a family, for the parent's download (GDPR art. 15): JSON and PDF.

`gezinsgegevens(gezin, ik=...)` gathers it into one structure, in a fixed number of queries; the
JSON is that structure, the PDF shows the same. Everything the desk keeps about the family is in
it, the desk's internal notes and contact reports included (the right of access covers them),
and who looked at or changed the family's data (the audit log, by role and name, a provider by
its organisation). Never in it: the national-register hash and the stored identity key of a child.
Reads only; the calling view writes the Logregel.
"""

import json

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from loket.models import Rol

from .models import (
    Contactmoment,
    Doorverwijzing,
    Gezien,
    Gezin,
    Kind,
    Notitie,
    Opvangvoorstel,
    Opvangvraag,
    Ouder,
    Voorkeur,
    weekschema_dagen,
)
from .queries import logregels_over_gezin

# What the audit log's action codes mean, in words a parent understands; unknown codes show as is.
ACTIE_TEKSTEN = {
    "opvangvraag.ingediend": _("aanvraag ingediend"),
    "opvangvraag.in_behandeling": _("het loket begon je aanvraag te behandelen"),
    "opvangvraag.gewijzigd": _("aanvraag gewijzigd"),
    "opvangvraag.ingetrokken": _("aanvraag ingetrokken"),
    "opvangvraag.geen_reactie": _("geen opvang reageerde op tijd"),
    "opvangvraag.bekeken": _("aanvraag bekeken"),
    "opvangvraag.gezien": _("aanvraag bekeken door een opvang"),
    "opvangvraag.notitie": _("notitie van het loket geschreven"),
    "opvangvraag.contact": _("contact met jullie genoteerd"),
    "opvangvraag.samengevoegd": _("dubbele aanvraag samengevoegd"),
    "opvangvraag.samengevoegd_in": _("dubbele aanvraag samengevoegd"),
    "gezin.kwetsbaar_gemarkeerd": _("het loket geeft jullie gezin extra aandacht"),
    "gezin.gewijzigd": _("gegevens van het gezin gewijzigd"),
    "gezin.ouder_gewijzigd": _("gegevens van een ouder gewijzigd"),
    "gezin.ouder_toegevoegd": _("ouder toegevoegd"),
    "gezin.bekeken": _("gegevens van het gezin bekeken"),
    "gezin.gegevens_gedownload": _("alle gegevens gedownload"),
    "gezin.wisverzoek_ingediend": _("gevraagd om de gegevens te wissen"),
    "gezin.wisverzoek_geweigerd": _("vraag om te wissen geweigerd"),
    "gezin.audit_bekeken": _("bekeken wie de gegevens van het gezin bekeek"),
    "opvangvoorstel.gedaan": _("voorstel gedaan"),
    "opvangvoorstel.aanvaard": _("voorstel aanvaard"),
    "opvangvoorstel.geweigerd": _("voorstel geweigerd"),
    "opvangvoorstel.verlopen": _("voorstel verlopen"),
    "opvangvoorstel.ingetrokken": _("voorstel ingetrokken"),
    "opvangvoorstel.plaats_ingenomen": _("voorstel vervallen: de plaats was niet meer vrij"),
    "opvangvoorstel.geannuleerd": _("plaats gaat niet door"),
    "opvangvoorstel.herinnerd": _("herinnering over een voorstel gestuurd"),
}


def actie_tekst(actie):
    return str(ACTIE_TEKSTEN.get(actie, actie))


def wie(gebruiker, *, ik=None):
    """Who did something: staff and referrers by name and role, a provider user by organisation.

    `ik`, the parent asking, reads "jij". The provider's organisations come from the prefetched
    `aanbiedertoegangen` (logregels_over_gezin prefetches them).
    """
    if gebruiker is None:
        return gettext("het systeem (automatisch)")
    if ik is not None and gebruiker.pk == ik.pk:
        return gettext("jij")
    rol = gebruiker.get_rol_display()
    if gebruiker.rol == Rol.AANBIEDER:
        organisaties = sorted({toegang.organisator.naam for toegang in gebruiker.aanbiedertoegangen.all()})
        organisatie = ", ".join(organisaties) or gettext("een opvang")
        return f"{organisatie} ({rol})"
    naam = gebruiker.get_full_name() or gebruiker.email
    if gebruiker.rol == Rol.TOELEIDER and gebruiker.organisatie:
        return f"{naam}, {gebruiker.organisatie} ({rol})"
    return f"{naam} ({rol})"


def _weekschema(schema):
    return {str(dag): str(deel) for dag, deel in weekschema_dagen(schema)}


def _door(gebruiker):
    return wie(gebruiker) if gebruiker is not None else ""


def gezinsgegevens(gezin, *, ik=None):
    """Everything the desk holds about `gezin`, as a dict of plain values (dates stay dates).

    Keys: loket, gezin, ouders, kinderen, aanvragen (each with its offers, notes, contacts,
    referrals by providers and which providers opened it), wisverzoeken, logboek (newest first).
    A fixed number of queries, whatever the family holds.
    """
    gezin = Gezin.objects.select_related("loket", "gemeente").get(pk=gezin.pk)
    vragen = list(
        Opvangvraag.objects.filter(gezin=gezin)
        .select_related("kind", "gemeente", "voorkeur_gemeente", "toeleider", "samengevoegd_met")
        .prefetch_related(
            Prefetch("voorkeuren", queryset=Voorkeur.objects.select_related("locatie")),
            Prefetch(
                "voorstellen", queryset=Opvangvoorstel.objects.select_related("locatie").order_by("voorgesteld_op")
            ),
            Prefetch("notities", queryset=Notitie.objects.select_related("door")),
            Prefetch("contactmomenten", queryset=Contactmoment.objects.select_related("door")),
            Prefetch(
                "doorverwijzingen",
                queryset=Doorverwijzing.objects.select_related("organisator"),
            ),
            Prefetch("gezien", queryset=Gezien.objects.select_related("organisator")),
        )
        .order_by("ingediend_op", "pk")
    )
    ouders = list(Ouder.objects.filter(gezin=gezin).order_by("pk"))
    kinderen = list(Kind.objects.filter(gezin=gezin).order_by("geboortedatum", "pk"))
    voorstellen = [voorstel for vraag in vragen for voorstel in vraag.voorstellen.all()]
    objecten = _objectnamen(gezin, ouders, kinderen, vragen, voorstellen)
    return {
        "gemaakt_op": timezone.localtime(),
        "loket": {
            "naam": gezin.loket.naam,
            "organisator": gezin.loket.inrichtend_bestuur,
            "adres": gezin.loket.adres,
            "telefoon": gezin.loket.telefoon,
            "email": gezin.loket.email,
            "bewaartermijn_jaren": gezin.loket.bewaartermijn_jaren,
        },
        "gezin": {
            "straat": gezin.straat,
            "postcode": gezin.postcode,
            "woonplaats": gezin.gemeente.naam_nl if gezin.gemeente_id else "",
            "taal_voor_email": gezin.get_taal_display(),
            **{veld: getattr(gezin, veld) for veld in Gezin.CRITERIA},
            "kwetsbaar_gezin": gezin.kwetsbaar,
            "kwetsbaar_volgens_loket_of_toeleider": gezin.kwetsbaar_gemarkeerd,
            "reden_kwetsbaar": gezin.kwetsbaar_reden,
            "hulp_inkomenstarief": gezin.hulp_inkomenstarief,
            "aangemaakt_op": gezin.aangemaakt_op,
            "gewijzigd_op": gezin.gewijzigd_op,
        },
        "ouders": [
            {
                "voornaam": ouder.voornaam,
                "achternaam": ouder.achternaam,
                "email": ouder.email,
                "telefoon": ouder.telefoon,
                "werk_of_opleiding": ouder.get_situatie_display() if ouder.situatie else "",
            }
            for ouder in ouders
        ],
        "kinderen": [
            {
                "voornaam": kind.voornaam,
                "achternaam": kind.achternaam,
                "geboortedatum": kind.geboortedatum,
                "nog_niet_geboren": kind.verwacht,
                "specifieke_zorgbehoefte": kind.specifieke_zorgbehoefte,
                "omschrijving_zorgbehoefte": kind.zorgbehoefte_omschrijving,
                "rijksregisternummer_bewaard": bool(kind.rijksregister_hash),
            }
            for kind in kinderen
        ],
        "aanvragen": [_opvangvraag(vraag) for vraag in vragen],
        "wisverzoeken": [
            {
                "gevraagd_op": verzoek.gevraagd_op,
                "afgehandeld_op": verzoek.afgehandeld_op,
                "uitkomst": verzoek.get_uitkomst_display() if verzoek.uitkomst else gettext("nog niet behandeld"),
                "reden": verzoek.reden,
            }
            for verzoek in gezin.wisverzoeken.order_by("gevraagd_op", "pk")
        ],
        "logboek": [
            {
                "tijdstip": regel.tijdstip,
                "wat": actie_tekst(regel.actie),
                "actie": regel.actie,
                "waarover": objecten.get((regel.content_type_id, regel.object_id), ""),
                "door": wie(regel.gebruiker, ik=ik),
            }
            for regel in logregels_over_gezin(gezin)
        ],
    }


def _objectnamen(gezin, ouders, kinderen, vragen, voorstellen):
    """(content type id, object id) -> a readable name, for the log's "about what"."""
    types = ContentType.objects.get_for_models(Gezin, Ouder, Kind, Opvangvraag, Opvangvoorstel)
    namen = {(types[Gezin].pk, str(gezin.pk)): gettext("het gezin")}
    for ouder in ouders:
        namen[(types[Ouder].pk, str(ouder.pk))] = gettext("ouder %(naam)s") % {"naam": ouder.voornaam}
    for kind in kinderen:
        namen[(types[Kind].pk, str(kind.pk))] = gettext("kind %(naam)s") % {"naam": kind.voornaam}
    for vraag in vragen:
        namen[(types[Opvangvraag].pk, str(vraag.pk))] = gettext("aanvraag %(referentie)s") % {
            "referentie": vraag.referentie
        }
    for voorstel in voorstellen:
        namen[(types[Opvangvoorstel].pk, str(voorstel.pk))] = gettext("voorstel van %(locatie)s") % {
            "locatie": voorstel.locatie.naam
        }
    return namen


def _opvangvraag(vraag):
    return {
        "referentie": vraag.referentie,
        "kind": f"{vraag.kind.voornaam} {vraag.kind.achternaam}",
        "status": vraag.get_status_display(),
        "kanaal": vraag.get_kanaal_display(),
        "ingediend_op": vraag.ingediend_op,
        "telt_mee_onder_gemeente": vraag.gemeente.naam_nl if vraag.gemeente_id else "",
        "oorspronkelijke_startdatum": vraag.gewenste_startdatum_origineel,
        "gewenste_startdatum": vraag.gewenste_startdatum,
        "weekschema": _weekschema(vraag.weekschema),
        "oorspronkelijk_dagen_per_week": vraag.dagen_per_week_origineel,
        "dagen_per_week": vraag.dagen_per_week,
        "voor_7u": vraag.voor_7u,
        "na_18u": vraag.na_18u,
        "zaterdag": vraag.zaterdag,
        "zon_en_feestdag": vraag.zon_en_feestdag,
        "dringend": vraag.dringend,
        "reden_dringend": vraag.get_dringend_reden_display() if vraag.dringend_reden else "",
        "voorrang": {
            "werk_of_opleiding": vraag.vg_werk_of_opleiding,
            "alleenstaande_ouder": vraag.vg_alleenstaande_ouder,
            "laag_inkomen": vraag.vg_laag_inkomen,
            "pleegkind": vraag.vg_pleegkind,
            "broer_of_zus": vraag.vg_broer_of_zus,
        },
        "gekozen_opvang": [v.locatie.naam for v in sorted(vraag.voorkeuren.all(), key=lambda v: v.rang)],
        "elke_opvang_in": vraag.voorkeur_gemeente.naam_nl if vraag.voorkeur_gemeente_id else "",
        "toeleider": _door(vraag.toeleider),
        "toestemming_op": vraag.toestemming_op,
        "toestemming_hoe": vraag.toestemming_wijze,
        "ingetrokken_op": vraag.ingetrokken_op,
        "reden_intrekking": vraag.get_intrek_reden_display() if vraag.intrek_reden else "",
        "toelichting_intrekking": vraag.intrek_toelichting,
        "samengevoegd_met": vraag.samengevoegd_met.referentie if vraag.samengevoegd_met_id else "",
        "voorstellen": [
            {
                "opvang": voorstel.locatie.naam,
                "voorgesteld_op": voorstel.voorgesteld_op,
                "startdatum": voorstel.startdatum,
                "weekschema": _weekschema(voorstel.weekschema),
                "dagen_per_week": voorstel.dagen_per_week,
                "antwoorden_tegen": voorstel.antwoord_tegen,
                "status": voorstel.get_status_display(),
                "antwoord": voorstel.get_antwoord_display() if voorstel.antwoord else "",
                "beantwoord_op": voorstel.beantwoord_op,
                "reden_weigering": voorstel.get_weigerreden_display() if voorstel.weigerreden else "",
                "opmerking": voorstel.opmerking,
                "afgesloten_op": voorstel.afgesloten_op,
                "reden_afsluiting": voorstel.afsluit_reden,
            }
            for voorstel in vraag.voorstellen.all()
        ],
        "notities_van_het_loket": [
            {"op": notitie.aangemaakt_op, "door": _door(notitie.door), "tekst": notitie.tekst}
            for notitie in sorted(vraag.notities.all(), key=lambda n: (n.aangemaakt_op, n.pk))
        ],
        "contacten": [
            {
                "op": contact.op,
                "soort": contact.get_soort_display(),
                "door": _door(contact.door),
                "verslag": contact.tekst,
            }
            for contact in sorted(vraag.contactmomenten.all(), key=lambda c: (c.op, c.pk))
        ],
        "doorverwijzingen_door_opvang": [
            {
                "op": doorverwijzing.aangemaakt_op,
                "door": doorverwijzing.organisator.naam
                if doorverwijzing.organisator
                else (doorverwijzing.door.organisatie if doorverwijzing.door else "") or gettext("een toeleider"),
                "reden": doorverwijzing.get_reden_display(),
                "toelichting": doorverwijzing.toelichting,
            }
            for doorverwijzing in sorted(vraag.doorverwijzingen.all(), key=lambda d: (d.aangemaakt_op, d.pk))
        ],
        "bekeken_door_opvang": [
            {"op": gezien.gezien_op, "door": gezien.organisator.naam}
            for gezien in sorted(vraag.gezien.all(), key=lambda g: (g.gezien_op, g.pk))
        ],
    }


def als_json(gegevens_per_gezin):
    """The download as JSON text (UTF-8, indented): {"gezinnen": [...]}."""
    return json.dumps({"gezinnen": gegevens_per_gezin}, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def als_pdf(gegevens_per_gezin):
    """The download as PDF bytes (WeasyPrint), in the active language (that of the texts in the data)."""
    # Imported here: loading WeasyPrint takes a moment and most requests never need it.
    from weasyprint import HTML

    html = render_to_string(
        "aanmelding/ouder/gegevens_pdf.html", {"gezinnen": gegevens_per_gezin, "site_url": settings.SITE_URL}
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def objectnamen(gezin):
    """(content type id, object id) -> readable name for every object of `gezin` (four queries)."""
    return _objectnamen(
        gezin,
        list(Ouder.objects.filter(gezin=gezin)),
        list(Kind.objects.filter(gezin=gezin)),
        list(Opvangvraag.objects.filter(gezin=gezin).only("pk", "referentie")),
        list(Opvangvoorstel.objects.filter(vraag__gezin=gezin).select_related("locatie")),
    )
