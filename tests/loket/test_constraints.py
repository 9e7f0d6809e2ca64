"""Every database constraint refuses what it must, on SQLite and PostgreSQL alike."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import UniqueConstraint
from django.utils import timezone

from aanmelding.models import Gezin, Opvangvoorstel, Opvangvraag, Voorkeur
from loket.logboek import logregel_schrijven
from loket.models import Logregel, Loket
from tests.factories import (
    LocatieFactory,
    OpvangvoorstelFactory,
    OpvangvraagFactory,
    VoorkeurFactory,
    VrijePlaatsFactory,
)

pytestmark = pytest.mark.django_db


def melding_van(constraint):
    """The text the database puts in its IntegrityError for the named constraint.

    PostgreSQL names it ('... violates check constraint "naam"'); SQLite names a CHECK constraint
    ("CHECK constraint failed: naam") but a unique one only by its columns ("UNIQUE constraint
    failed: tabel.kolom, ...").
    """
    for model in apps.get_models():
        for kandidaat in model._meta.constraints:
            if kandidaat.name == constraint:
                break
        else:
            continue
        break
    else:
        raise LookupError(f"no constraint named {constraint}")
    if connection.vendor == "postgresql":
        return f'constraint "{constraint}"'
    if isinstance(kandidaat, UniqueConstraint):
        tabel = model._meta.db_table
        return "UNIQUE constraint failed: " + ", ".join(
            f"{tabel}.{model._meta.get_field(veld).column}" for veld in kandidaat.fields
        )
    return f"CHECK constraint failed: {constraint}"


def weigert(functie, constraint):
    """`functie` is refused by the database, by the constraint named `constraint` and no other."""
    with pytest.raises(IntegrityError) as fout, transaction.atomic():
        functie()
    melding = str(fout.value)
    if connection.vendor == "postgresql":
        assert melding.splitlines()[0].endswith(melding_van(constraint)), melding
    else:
        assert melding == melding_van(constraint)


def test_loket_dossiernummer_alleen_cijfers(loket):
    weigert(lambda: Loket.objects.filter(pk=loket.pk).update(dossiernummer="12a4"), "loket_dossiernummer_cijfers")
    Loket.objects.filter(pk=loket.pk).update(dossiernummer="0123456789")
    assert Loket.objects.get(pk=loket.pk).dossiernummer == "0123456789"


def test_vraag_een_open_vraag_per_kind():
    vraag = OpvangvraagFactory()
    weigert(lambda: OpvangvraagFactory(kind=vraag.kind, gezin=vraag.gezin), "vraag_een_open_vraag_per_kind")
    Opvangvraag.objects.filter(pk=vraag.pk).update(
        status="ingetrokken", ingetrokken_op=timezone.now(), intrek_reden="niet_meer_nodig"
    )
    assert OpvangvraagFactory(kind=vraag.kind, gezin=vraag.gezin).status == "ingediend"


def test_vraag_referentie_uniek_per_loket():
    vraag = OpvangvraagFactory(referentie="A-1")
    weigert(lambda: OpvangvraagFactory(referentie="A-1", gezin__loket=vraag.loket), "vraag_referentie_uniek_per_loket")
    assert OpvangvraagFactory(referentie="A-1").referentie == "A-1"  # another desk


@pytest.mark.parametrize("schema", ["DDDD--", "DDDDX--", "D D D D"])
def test_vraag_weekschema_geldig(schema):
    weigert(lambda: OpvangvraagFactory(weekschema=schema), "vraag_weekschema_geldig")


@pytest.mark.parametrize("dagen", ["-1", "7.5"])
def test_vraag_dagen_per_week_0_tot_7(dagen):
    weigert(lambda: OpvangvraagFactory(dagen_per_week_origineel=Decimal(dagen)), "vraag_dagen_per_week_0_tot_7")


def test_vraag_ingetrokken_met_moment_en_reden():
    weigert(lambda: OpvangvraagFactory(status="ingetrokken"), "vraag_ingetrokken_met_moment_en_reden")
    weigert(
        lambda: OpvangvraagFactory(status="ingetrokken", ingetrokken_op=timezone.now()),
        "vraag_ingetrokken_met_moment_en_reden",
    )
    weigert(lambda: OpvangvraagFactory(intrek_reden="andere"), "vraag_ingetrokken_met_moment_en_reden")


def test_vraag_via_toeleider_vraagt_toestemming():
    weigert(lambda: OpvangvraagFactory(kanaal="toeleider"), "vraag_toeleider_met_toestemming")
    assert OpvangvraagFactory(kanaal="toeleider", toestemming_op=timezone.now()).kanaal == "toeleider"


def test_gezin_kwetsbaar_gemarkeerd_vraagt_reden(loket):
    weigert(lambda: Gezin.objects.create(loket=loket, kwetsbaar_gemarkeerd=True), "gezin_kwetsbaar_met_reden")


def test_voorstel_een_open_per_vraag():
    voorstel = OpvangvoorstelFactory()
    weigert(lambda: OpvangvoorstelFactory(vraag=voorstel.vraag), "voorstel_een_open_per_vraag")


def test_voorstel_een_aanvaard_per_vraag():
    voorstel = OpvangvoorstelFactory(status="aanvaard", antwoord="aanvaard", beantwoord_op=timezone.now())
    weigert(
        lambda: OpvangvoorstelFactory(
            vraag=voorstel.vraag, status="aanvaard", antwoord="aanvaard", beantwoord_op=timezone.now()
        ),
        "voorstel_een_aanvaard_per_vraag",
    )
    # A called-off assignment keeps its answer and does not block a new one.
    Opvangvoorstel.objects.filter(pk=voorstel.pk).update(status="geannuleerd", afgesloten_op=timezone.now())
    OpvangvoorstelFactory(vraag=voorstel.vraag, status="aanvaard", antwoord="aanvaard", beantwoord_op=timezone.now())
    assert voorstel.vraag.voorstellen.count() == 2


@pytest.mark.parametrize(
    ("velden", "constraint"),
    [
        ({"status": "aanvaard"}, "voorstel_aanvaard_met_antwoord"),  # accepted without the answer
        ({"status": "geweigerd", "antwoord": "aanvaard", "beantwoord_op": "nu"}, "voorstel_geweigerd_met_antwoord"),
        ({"status": "open", "antwoord": "geweigerd", "beantwoord_op": "nu"}, "voorstel_open_zonder_antwoord"),
        ({"status": "verlopen", "antwoord": "aanvaard", "beantwoord_op": "nu"}, "voorstel_open_zonder_antwoord"),
        ({"status": "geweigerd", "antwoord": "geweigerd"}, "voorstel_antwoord_met_moment"),  # answer, no moment
        ({"status": "geannuleerd", "antwoord": "geweigerd", "beantwoord_op": "nu"}, "voorstel_aanvaard_met_antwoord"),
        ({"dagen_per_week": Decimal("8")}, "voorstel_dagen_per_week_0_tot_7"),
    ],
)
def test_voorstel_antwoord_en_status_kloppen(velden, constraint):
    velden = {k: timezone.now() if v == "nu" else v for k, v in velden.items()}
    weigert(lambda: OpvangvoorstelFactory(**velden), constraint)


def test_voorkeur_locatie_en_rang_eenmaal():
    voorkeur = VoorkeurFactory()
    weigert(
        lambda: Voorkeur.objects.create(vraag=voorkeur.vraag, locatie=voorkeur.locatie, rang=2),
        "voorkeur_locatie_eenmaal",
    )
    weigert(
        lambda: Voorkeur.objects.create(vraag=voorkeur.vraag, locatie=LocatieFactory(), rang=1), "voorkeur_rang_eenmaal"
    )
    weigert(
        lambda: Voorkeur.objects.create(vraag=voorkeur.vraag, locatie=LocatieFactory(), rang=0), "voorkeur_rang_vanaf_1"
    )


def test_vrije_plaats_aantal_en_dagen():
    weigert(lambda: VrijePlaatsFactory(aantal=201), "vrije_plaats_aantal_0_tot_200")
    weigert(lambda: VrijePlaatsFactory(weekschema="ABCDEFG"), "vrije_plaats_weekschema")


def test_locatie_leeftijd_van_voor_tot():
    weigert(lambda: LocatieFactory(leeftijd_van_maanden=30, leeftijd_tot_maanden=12), "locatie_leeftijd_van_tot")


def test_logregel_kan_niet_gewijzigd_of_gewist_worden(loket):
    regel = logregel_schrijven(door=None, actie="test.actie", object=loket, loket=loket)
    regel.actie = "iets.anders"
    with pytest.raises(PermissionDenied):
        regel.save()
    with pytest.raises(PermissionDenied):
        regel.delete()
    with pytest.raises(PermissionDenied):
        Logregel.objects.filter(pk=regel.pk).update(actie="x")
    with pytest.raises(PermissionDenied):
        Logregel.objects.all().delete()
    assert Logregel.objects.get(pk=regel.pk).actie == "test.actie"


def test_kind_identiteit_negeert_hoofdletters_accenten_en_spaties():
    een = OpvangvraagFactory(
        kind__voornaam="  Zoë ", kind__achternaam="Van  den Broeck", kind__geboortedatum=datetime.date(2025, 1, 31)
    ).kind
    assert een.identiteit == "zoe|van den broeck|2025-01-31"


def test_postcode_eenmaal_per_gemeente():
    from loket.models import Gemeente, Postcode

    gent = Gemeente.objects.get(nis="44021")
    weigert(lambda: Postcode.objects.create(code="9000", gemeente=gent), "postcode_uniek_per_gemeente")


def test_aanbiedertoegang_eenmaal(aanbieder, locatie):
    from aanbod.models import AanbiederToegang

    weigert(
        lambda: AanbiederToegang.objects.create(gebruiker=aanbieder, organisator=locatie.organisator),
        "toegang_organisatie_uniek",
    )
    AanbiederToegang.objects.create(gebruiker=aanbieder, organisator=locatie.organisator, locatie=locatie)
    weigert(
        lambda: AanbiederToegang.objects.create(gebruiker=aanbieder, organisator=locatie.organisator, locatie=locatie),
        "toegang_locatie_uniek",
    )


def test_gezien_eenmaal_per_organisator(ouder_met_vraag, locatie):
    from aanmelding.models import Gezien

    _, vraag = ouder_met_vraag
    Gezien.objects.create(vraag=vraag, organisator=locatie.organisator, gezien_op=timezone.now())
    weigert(
        lambda: Gezien.objects.create(vraag=vraag, organisator=locatie.organisator, gezien_op=timezone.now()),
        "gezien_eenmaal_per_organisator",
    )


def test_wachter_eenmaal_tegelijk(ouder_met_vraag, aanbieder):
    from aanmelding.models import Wachter

    _, vraag = ouder_met_vraag
    eerste = Wachter.objects.create(vraag=vraag, gebruiker=aanbieder)
    weigert(lambda: Wachter.objects.create(vraag=vraag, gebruiker=aanbieder), "wachter_eenmaal_tegelijk")
    Wachter.objects.filter(pk=eerste.pk).update(verwittigd_op=timezone.now())
    assert Wachter.objects.create(vraag=vraag, gebruiker=aanbieder).verwittigd_op is None  # may wait again


def test_wisverzoek_een_open_per_gezin_en_afgehandeld_met_uitkomst():
    from aanmelding.models import Wisverzoek

    gezin = OpvangvraagFactory().gezin
    Wisverzoek.objects.create(gezin=gezin, gevraagd_op=timezone.now())
    weigert(lambda: Wisverzoek.objects.create(gezin=gezin, gevraagd_op=timezone.now()), "wisverzoek_een_open_per_gezin")
    weigert(
        lambda: Wisverzoek.objects.create(
            gezin=OpvangvraagFactory().gezin, gevraagd_op=timezone.now(), afgehandeld_op=timezone.now()
        ),
        "wisverzoek_afgehandeld_met_uitkomst",
    )


def test_doorverwijzing_zonder_vraag_vraagt_contact_en_toestemming(loket, locatie):
    from aanmelding.models import Doorverwijzing

    zonder = {"loket": loket, "organisator": locatie.organisator, "reden": "geen_plaats"}
    weigert(lambda: Doorverwijzing.objects.create(**zonder), "doorverwijzing_vraag_of_contact_met_toestemming")
    weigert(
        lambda: Doorverwijzing.objects.create(**zonder, naam="An", telefoon="0470 12 34 56"),
        "doorverwijzing_vraag_of_contact_met_toestemming",
    )
    assert Doorverwijzing.objects.create(
        **zonder, naam="An", telefoon="0470 12 34 56", toestemming_op=timezone.now()
    ).pk
