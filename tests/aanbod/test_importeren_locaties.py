"""Import of locations from xlsx: all or nothing, every error listed, a second import changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from aanbod.importeren_locaties import locaties_importeren
from aanbod.models import Locatie, Organisator
from loket.models import Logregel
from tests.factories import ANTWERPEN, LocatieFactory, OrganisatorFactory, gemeente

pytestmark = pytest.mark.django_db

KOPPEN = [
    "organisator",
    "naam",
    "type",
    "straat",
    "postcode",
    "gemeente",
    "erkende_plaatsen",
    "inkomenstarief",
    "email",
    "telefoon",
    "opgroeien_id",
]
GOEDE_RIJEN = [
    ["Stad Gent", "De Knuffel", "groepsopvang", "Kerkstraat 1", "9000", "44021", 28, "ja", "knuffel@gent.be", "", 1001],
    # 44040 is Melle's NIS code from before the 2025 merger into Merelbeke-Melle: it still imports.
    ["Stad Gent", "Het Nest", "Groepsopvang", "", 9070, "Destelbergen", 14.0, "nee", "", "09 1", "1002"],
    ["Anja Peeters", "Onthaalouder Anja", "gezinsopvang", "Dorp 2", "", "44040", "", "", "", "", ""],
]


def werkboek(pad, rijen, koppen=KOPPEN, titel="locaties"):
    boek = Workbook()
    blad = boek.active
    blad.title = titel
    blad.append(koppen)
    for rij in rijen:
        blad.append(rij)
    boek.save(pad)
    return pad


def test_import_maakt_locaties_en_organisatoren(tmp_path, loket):
    resultaat = locaties_importeren(werkboek(tmp_path / "l.xlsx", GOEDE_RIJEN), loket=loket)
    assert resultaat.fouten == []
    assert (resultaat.aangemaakt, resultaat.gewijzigd, resultaat.ongewijzigd, resultaat.organisatoren_aangemaakt) == (
        3,
        0,
        0,
        2,
    )
    knuffel, nest, anja = (Locatie.objects.get(naam=naam) for naam in ("De Knuffel", "Het Nest", "Onthaalouder Anja"))
    assert (knuffel.type, knuffel.erkende_plaatsen, knuffel.inkomenstarief, knuffel.opgroeien_id) == (
        "groepsopvang",
        28,
        True,
        "1001",
    )
    assert (nest.type, nest.postcode, nest.gemeente.nis, nest.erkende_plaatsen) == ("groepsopvang", "9070", "44013", 14)
    assert anja.gemeente.naam_nl == "Merelbeke-Melle"
    assert knuffel.organisator == nest.organisator
    assert Organisator.objects.get(naam="Stad Gent").loket == loket
    assert Logregel.objects.filter(actie="locatie.geimporteerd").count() == 3


def test_import_tweede_keer_verandert_niets(tmp_path, loket):
    pad = werkboek(tmp_path / "l.xlsx", GOEDE_RIJEN)
    locaties_importeren(pad)
    logregels = Logregel.objects.count()
    resultaat = locaties_importeren(pad)
    assert (resultaat.aangemaakt, resultaat.gewijzigd, resultaat.ongewijzigd) == (0, 0, 3)
    assert (Locatie.objects.count(), Organisator.objects.count(), Logregel.objects.count()) == (3, 2, logregels)


def test_import_werkt_bij_op_opgroeien_id_of_organisator_en_naam(tmp_path, loket):
    bestaand_id = LocatieFactory(naam="Oude naam", opgroeien_id="1001", erkende_plaatsen=10)
    organisator = OrganisatorFactory(naam="Anja Peeters")
    bestaand_naam = LocatieFactory(
        organisator=organisator, naam="ONTHAALOUDER ANJA", type="groepsopvang", na_te_kijken=True
    )
    resultaat = locaties_importeren(werkboek(tmp_path / "l.xlsx", GOEDE_RIJEN))
    assert (resultaat.aangemaakt, resultaat.gewijzigd) == (1, 2)
    bestaand_id.refresh_from_db()
    bestaand_naam.refresh_from_db()
    assert (bestaand_id.naam, bestaand_id.erkende_plaatsen, bestaand_id.organisator.naam) == (
        "De Knuffel",
        28,
        "Stad Gent",
    )
    assert (bestaand_naam.type, bestaand_naam.na_te_kijken) == ("gezinsopvang", False)
    regel = Logregel.objects.filter(actie="locatie.geimporteerd", object_id=str(bestaand_id.pk)).get()
    assert regel.details["erkende_plaatsen"] == [10, 28]


def test_import_alle_fouten_en_niets_geschreven(tmp_path, loket):
    rijen = [
        GOEDE_RIJEN[0],
        ["", "Zonder organisator", "kribbe", "", "90000", "99999", -3, "misschien", "geen-mail", "", "1 2"],
        [],
        ["Stad Gent", "De Knuffel", "groepsopvang", "", "", "Gent", 5, "ja", "", "", ""],
        ["Stad Gent", "Verkeerde postcode", "groepsopvang", "", "2000", "44021", 5, "ja", "", "", ""],
    ]
    resultaat = locaties_importeren(werkboek(tmp_path / "l.xlsx", rijen))
    assert [(f.blad, f.rij, f.kolom, f.bericht) for f in resultaat.fouten] == [
        ("locaties", 3, "A (organisator)", "Verplicht."),
        ("locaties", 3, "C (type)", "Schrijf gezinsopvang of groepsopvang."),
        ("locaties", 3, "E (postcode)", "Een postcode heeft 4 cijfers."),
        ("locaties", 3, "F (gemeente)", "Onbekende gemeente '99999' (geef een NIS-code of de exacte naam)."),
        ("locaties", 3, "G (erkende_plaatsen)", "Geef een getal van 0 tot 500."),
        ("locaties", 3, "H (inkomenstarief)", "Schrijf ja of nee."),
        ("locaties", 3, "I (email)", "'geen-mail' is geen geldig e-mailadres."),
        ("locaties", 3, "K (opgroeien_id)", "Alleen cijfers, letters en -, hoogstens 20 tekens."),
        ("locaties", 5, "", "Dezelfde locatie staat al op rij 2."),
        ("locaties", 6, "E (postcode)", "Postcode 2000 hoort niet bij Gent."),
    ]
    assert (Locatie.objects.count(), Organisator.objects.count(), Logregel.objects.count()) == (0, 0, 0)


def test_import_kopregel_fouten(tmp_path, loket):
    resultaat = locaties_importeren(werkboek(tmp_path / "l.xlsx", [], koppen=["naam", "Type", "kleur", "naam"]))
    assert [str(f) for f in resultaat.fouten] == [
        "blad locaties, rij 1, kolom C: Onbekende kolom 'kleur'.",
        "blad locaties, rij 1, kolom D: Kolom 'naam' staat er twee keer.",
        "blad locaties, rij 1: Verplichte kolom 'organisator' ontbreekt.",
        "blad locaties, rij 1: Verplichte kolom 'gemeente' ontbreekt.",
    ]


def test_import_geen_xlsx(tmp_path, loket):
    pad = tmp_path / "kapot.xlsx"
    pad.write_bytes(b"dit is geen werkboek")
    assert [f.bericht for f in locaties_importeren(pad).fouten] == ["Dit is geen geldig xlsx-bestand."]


def test_import_coordinator_buiten_werkingsgebied(tmp_path, loket):
    rijen = [["Stad Antwerpen", "Elders", "groepsopvang", "", "", "11002", 10, "nee", "", "", ""]]
    resultaat = locaties_importeren(werkboek(tmp_path / "l.xlsx", rijen), gemeenten=loket.werkingsgebied.all())
    assert [f.bericht for f in resultaat.fouten] == ["Antwerpen ligt niet in het werkingsgebied van je loket."]
    assert Locatie.objects.count() == 0


def test_commando_importeer_locaties(tmp_path, loket, capsys):
    pad = werkboek(tmp_path / "l.xlsx", GOEDE_RIJEN)
    call_command("importeer_locaties", str(pad))
    assert capsys.readouterr().out.strip() == (
        "3 locatie(s) aangemaakt, 0 gewijzigd, 0 ongewijzigd; 2 organisator(en) aangemaakt."
    )
    slecht = werkboek(tmp_path / "s.xlsx", [["X", "Y", "kribbe", "", "", "44021", 1, "ja", "", "", ""]])
    with pytest.raises(CommandError, match="1 fout"):
        call_command("importeer_locaties", str(slecht))
    assert "blad locaties, rij 2, kolom C (type): Schrijf gezinsopvang of groepsopvang." in capsys.readouterr().err


def test_importpagina_voor_coordinator(client, tmp_path, coordinator, loket):
    pad = werkboek(tmp_path / "l.xlsx", GOEDE_RIJEN[:2])
    client.force_login(coordinator)
    bestand = SimpleUploadedFile("locaties.xlsx", pad.read_bytes())
    response = client.post("/loket/aanbieders/import/", {"bestand": bestand})
    assert (response.status_code, response.url) == (302, "/loket/aanbieders/")
    assert Locatie.objects.count() == 2
    slecht = werkboek(tmp_path / "s.xlsx", [["X", "Y", "kribbe", "", "", "11002", 1, "ja", "", "", ""]])
    response = client.post("/loket/aanbieders/import/", {"bestand": SimpleUploadedFile("s.xlsx", slecht.read_bytes())})
    assert response.status_code == 400
    assert "Schrijf gezinsopvang of groepsopvang." in response.text
    assert "Antwerpen ligt niet in het werkingsgebied van je loket." in response.text
    assert Locatie.objects.count() == 2


def test_commando_met_loket_koppelt_niet_aan_organisatie_van_ander_loket(tmp_path, loket, ander_loket):
    """An organisation of another desk with the same name is not the importing desk's: a new one is made."""
    van_antwerpen = LocatieFactory(
        organisator=OrganisatorFactory(naam="Kinderland", loket=ander_loket),
        naam="Zonneke",
        gemeente=gemeente(ANTWERPEN),
    )
    eigen = OrganisatorFactory(naam="Stad Gent", loket=loket)
    rijen = [
        ["Kinderland", "Zonneke", "groepsopvang", "", "", "44021", 10, "nee", "", "", ""],
        ["kinderland", "Regenboog", "groepsopvang", "", "", "44021", 10, "nee", "", "", ""],
        ["Stad Gent", "De Knuffel", "groepsopvang", "", "", "44021", 10, "nee", "", "", ""],
    ]
    call_command("importeer_locaties", str(werkboek(tmp_path / "l.xlsx", rijen)), "--loket", "gent")
    assert list(van_antwerpen.organisator.locaties.all()) == [van_antwerpen]
    zonneke, regenboog = Locatie.objects.filter(gemeente__nis="44021", naam__in=["Zonneke", "Regenboog"]).order_by("pk")
    assert zonneke.organisator == regenboog.organisator != van_antwerpen.organisator
    assert (zonneke.organisator.naam, zonneke.organisator.loket) == ("Kinderland", loket)
    assert Locatie.objects.get(naam="De Knuffel").organisator == eigen


def test_import_formule_zonder_waarde_geweigerd_met_rij_en_kolom(tmp_path, loket):
    """A formula no spreadsheet program computed reads as empty: refused, also in an optional column."""
    koppen = [*KOPPEN, "omschrijving"]
    rijen = [
        [*GOEDE_RIJEN[0], '=HYPERLINK("https://example.be","klik")'],
        ["=A2", *GOEDE_RIJEN[1][1:], "Gewone tekst"],
    ]
    resultaat = locaties_importeren(werkboek(tmp_path / "l.xlsx", rijen, koppen=koppen), loket=loket)
    formule = "Deze cel bevat een formule zonder waarde. Typ de waarde zelf in."
    assert [str(f) for f in resultaat.fouten] == [
        f"blad locaties, rij 2, kolom L (omschrijving): {formule}",
        f"blad locaties, rij 3, kolom A (organisator): {formule}",
    ]
    assert Locatie.objects.count() == 0
