"""rapportage's writes: submitting the yearly report (an immutable snapshot) and the reminder to submit it."""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aanmelding.models import Kanaal, Opvangvraag
from loket.logboek import logregel_schrijven
from loket.mail import mail_na_commit
from loket.models import Gebruiker, Gemeente, Logregel, Loket, Rol

from .exporteren import rapport_pdf, rapport_xlsx
from .models import IngediendRapport
from .queries import CATEGORIEEN, KOLOMMEN, _als_bool, kolommen_voor, rapport_kg, standaard_peildatum


def _sha256(inhoud):
    return hashlib.sha256(inhoud).hexdigest()


def cijfers_bytes(cijfers):
    """The canonical bytes of a report's JSON, as its checksum is taken."""
    return json.dumps(cijfers, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def indeling_van(peiling, categorieen):
    """{str(request pk): [gemeente_id, [columns], [categories]]} of every counting request. One query."""
    vragen = peiling.vragen_met_feiten().values(
        "pk",
        "gemeente_id",
        *[f"f_{naam}" for naam in peiling.feiten()],
        **{f"c_{naam}": _als_bool(CATEGORIEEN[naam]) for naam in categorieen},
    )
    return {
        str(vraag["pk"]): [
            vraag["gemeente_id"],
            kolommen_voor(**{naam: bool(vraag[f"f_{naam}"]) for naam in peiling.feiten()}),
            [c for c in categorieen if vraag[f"c_{c}"]],
        ]
        for vraag in vragen
    }


def rapport_indienen(*, loket, jaar, door, formaat=None, peildatum=None, nu=None) -> IngediendRapport:
    """Submit `loket`'s report of `jaar` (format and reference date as on the report page): a new version.

    Side effects: one IngediendRapport (version = the last + 1, under the desk's row lock so two
    submissions at once get 1 and 2) holding the JSON, the xlsx and the PDF with their SHA-256
    and the classification per request; Logregel `rapport.ingediend`. Returns the new version.
    """
    nu = nu or timezone.now()
    rapport = rapport_kg(loket=loket, jaar=jaar, peildatum=peildatum, formaat=formaat)
    cijfers = rapport.als_json()
    xlsx, pdf = rapport_xlsx(rapport), rapport_pdf(rapport)
    indeling = indeling_van(rapport.peiling, rapport.categorieen)
    with transaction.atomic():
        Loket.objects.select_for_update(no_key=True).filter(pk=loket.pk).first()
        vorige = IngediendRapport.objects.filter(loket=loket, jaar=jaar).aggregate(m=Max("versie"))["m"] or 0
        ingediend = IngediendRapport.objects.create(
            loket=loket,
            jaar=jaar,
            versie=vorige + 1,
            formaat=rapport.formaat,
            peildatum=rapport.peiling.peildatum,
            cijfers=cijfers,
            indeling=indeling,
            xlsx=xlsx,
            pdf=pdf,
            sha256_cijfers=_sha256(cijfers_bytes(cijfers)),
            sha256_xlsx=_sha256(xlsx),
            sha256_pdf=_sha256(pdf),
            ingediend_door=door,
            ingediend_op=nu,
        )
        logregel_schrijven(
            door=door,
            actie="rapport.ingediend",
            object=ingediend,
            loket=loket,
            details={
                "jaar": jaar,
                "versie": ingediend.versie,
                "formaat": ingediend.formaat,
                "peildatum": ingediend.peildatum.isoformat(),
                "sha256_xlsx": ingediend.sha256_xlsx,
                "sha256_pdf": ingediend.sha256_pdf,
            },
        )
    return ingediend


# What can change a submitted figure, for the page and the tests (rapportage/tests: test_indienen).
# Anonymisation cannot: the child keeps its grouping (a keyed hash of the same identity) and every
# counted fact. The others can, and the page names them per request.
OORZAKEN = {
    "laat_geregistreerd": _("na het indienen geregistreerd, met een indieningsdatum vóór de peildatum"),
    "ingevoerd": _("na het indienen ingevoerd uit een lijst (import)"),
    "samengevoegd": _("samengevoegd met een andere vraag"),
    "vervangen": _("telt niet meer: een andere vraag van hetzelfde kind telt"),
    "telt_nu": _("telt nu in de plaats van een andere vraag van hetzelfde kind"),
    "gewist": _("bestaat niet meer"),
    "gewijzigd": _("gegevens of voorstellen gewijzigd na het indienen"),
}


@dataclass
class Celverschil:
    gemeente: str
    categorie: str | None
    kolom: str
    ingediend: int
    nu: int
    vragen: list = field(default_factory=list)  # [(referentie or "#pk", oorzaak code)]


@dataclass
class Verschil:
    ingediend: IngediendRapport
    cellen: list

    @property
    def gelijk(self):
        return not self.cellen


def _cellen(cijfers):
    """{(nis or name, categorie, kolom): number} of a report's JSON, totals row included."""
    uit = {}
    for rij in [*cijfers["gemeenten"], {"nis": None, "gemeente": "Totaal", **cijfers["totaal"]}]:
        sleutel = rij["nis"] or rij["gemeente"]
        for kolom in KOLOMMEN:
            uit[(sleutel, None, kolom)] = rij.get(kolom, 0)
        for categorie, kolommen in (rij.get("categorieen") or {}).items():
            for kolom in KOLOMMEN:
                uit[(sleutel, categorie, kolom)] = kolommen.get(kolom, 0)
    return uit


def verschil_met_ingediend(ingediend):
    """Today's report (same year, reference date and format) against a submitted version.

    Every cell that differs, with the requests whose classification moved in or out of it and
    why (OORZAKEN). Three or four queries.
    """
    rapport = rapport_kg(
        loket=ingediend.loket, jaar=ingediend.jaar, peildatum=ingediend.peildatum, formaat=ingediend.formaat
    )
    oud, nieuw = _cellen(ingediend.cijfers), _cellen(rapport.als_json())
    namen = {rij["nis"] or rij["gemeente"]: rij["gemeente"] for rij in ingediend.cijfers["gemeenten"]}
    namen.update({rij.nis or rij.naam: rij.naam for rij in rapport.gemeenten})
    namen[None] = "Totaal"
    gewijzigd = [
        sleutel for sleutel in sorted(set(oud) | set(nieuw), key=str) if oud.get(sleutel, 0) != nieuw.get(sleutel, 0)
    ]
    if not gewijzigd:
        return Verschil(ingediend=ingediend, cellen=[])
    indeling_nu = indeling_van(rapport.peiling, rapport.categorieen)
    indeling_toen = ingediend.indeling
    verschoven = {pk for pk in set(indeling_nu) | set(indeling_toen) if indeling_nu.get(pk) != indeling_toen.get(pk)}
    vragen = Opvangvraag.objects.in_bulk([int(pk) for pk in verschoven])
    nis_van = dict(
        Gemeente.objects.filter(
            pk__in={i[0] for i in [*indeling_nu.values(), *indeling_toen.values()] if i[0]}
        ).values_list("pk", "nis")
    )

    def oorzaak(pk):
        vraag = vragen.get(int(pk))
        if vraag is None:
            return "gewist"
        if pk not in indeling_toen:
            if vraag.aangemaakt_op > ingediend.ingediend_op:
                return "ingevoerd" if vraag.kanaal == Kanaal.IMPORT else "laat_geregistreerd"
            return "telt_nu"
        if pk not in indeling_nu:
            return "samengevoegd" if vraag.samengevoegd_met_id else "vervangen"
        return "gewijzigd"

    def in_cel(indeling, sleutel):
        if indeling is None:
            return False
        gemeente_id, kolommen, categorieen = indeling
        nis, categorie, kolom = sleutel
        if nis is not None and nis != "Totaal" and nis_van.get(gemeente_id, "zonder gemeente") != nis:
            return False
        return kolom in kolommen and (categorie is None or categorie in categorieen)

    cellen = []
    for sleutel in gewijzigd:
        nis, categorie, kolom = sleutel
        achter = [
            pk
            for pk in sorted(verschoven, key=int)
            if in_cel(indeling_toen.get(pk), sleutel) != in_cel(indeling_nu.get(pk), sleutel)
        ]
        cellen.append(
            Celverschil(
                gemeente=namen.get(nis, nis),
                categorie=categorie,
                kolom=kolom,
                ingediend=oud.get(sleutel, 0),
                nu=nieuw.get(sleutel, 0),
                vragen=[(vragen[int(pk)].referentie if int(pk) in vragen else f"#{pk}", oorzaak(pk)) for pk in achter],
            )
        )
    return Verschil(ingediend=ingediend, cellen=cellen)


# --- The reminder before the deadline (1 March) ------------------------------------------------

HERINNERING_VANAF_DAG = 15  # of February


def indienherinneringen_versturen(*, nu=None):
    """From 15 February to the last day of February of Y+1: mail the coordinators of every desk that
    has not submitted its report of year Y, once per desk and year.

    Side effects per desk reminded: Logregel `rapport.herinnerd` (details: jaar), which also makes
    a second run do nothing; a mail to its active coordinators after commit. Returns the number of desks.
    """
    vandaag = timezone.localdate(nu or timezone.now())
    jaar = vandaag.year - 1
    if not (vandaag.month == 2 and HERINNERING_VANAF_DAG <= vandaag.day <= standaard_peildatum(jaar).day):
        return 0
    al_ingediend = IngediendRapport.objects.filter(jaar=jaar).values("loket")
    al_herinnerd = Logregel.objects.filter(actie="rapport.herinnerd", details__jaar=jaar).values("loket")
    aantal = 0
    for loket in Loket.objects.exclude(pk__in=al_ingediend).exclude(pk__in=al_herinnerd).order_by("pk"):
        adressen = sorted(
            Gebruiker.objects.filter(loketten=loket, rol=Rol.COORDINATOR, is_active=True).values_list(
                "email", flat=True
            )
        )
        with transaction.atomic():
            logregel_schrijven(door=None, actie="rapport.herinnerd", loket=loket, details={"jaar": jaar})
            mail_na_commit(
                aan=adressen,
                sjabloon="rapport_indienen_herinnering",
                context={"loket": loket, "jaar": jaar, "termijn": datetime.date(jaar + 1, 3, 1)},
            )
        aantal += 1
    return aantal


def termijnen_ontvanger(sender, *, nu, **kwargs):
    """verwerk_termijnen's hook (loket.signalen.termijnen_verwerken): the reminder above."""
    return {"rapport_herinneringen": indienherinneringen_versturen(nu=nu)}
