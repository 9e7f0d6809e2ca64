"""Import of existing lists: all or nothing, every bad cell listed, idempotent, old NIS codes mapped."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from aanbod.models import Locatie
from aanmelding.importeren_vragen import ImportGeweigerd, vragen_importeren
from aanmelding.models import Gezin, Kind, Opvangvoorstel, Opvangvraag, Ouder
from loket.models import Gemeente, Logregel, Loket, Rol
from rapportage.queries import rapport_kg
from tests.factories import GebruikerFactory
from tests.rapportage.test_regels import controleer_doorklikken

pytestmark = pytest.mark.django_db

VRAGEN_KOP = [
    "referentie",
    "kind_voornaam",
    "kind_achternaam",
    "kind_geboortedatum",
    "ouder_naam",
    "ouder_email",
    "ouder_telefoon",
    "gemeente",
    "ingediend_op",
    "gewenste_startdatum",
    "dagen_per_week",
    "dringend",
    "atypisch",
    "voorrangsgroep",
    "kwetsbaar_gezin",
    "specifieke_zorgbehoefte",
    "geannuleerd_op",
    "annulatie_reden",
]
VOORSTELLEN_KOP = [
    "vraag_referentie",
    "locatie",
    "voorgesteld_op",
    "startdatum",
    "dagen_per_week",
    "antwoord",
    "beantwoord_op",
]
LOKET = [
    ["code", "lier"],
    ["organisator", "Stad Lier"],
    ["naam", "Lokaal Loket Kinderopvang Lier"],
    ["dossiernummer", "0012345"],
    ["werkingsgebied", "12021, 12026"],  # Lier, Nijlen
]


def vraagrij(referentie, **waarden):
    standaard = {
        "referentie": referentie,
        "kind_voornaam": "Lena",
        "kind_achternaam": f"Peeters{referentie}",
        "kind_geboortedatum": datetime.datetime(2018, 12, 1),
        "ouder_naam": "An Peeters",
        "ouder_email": "an@example.be",
        "ouder_telefoon": "0470 11 22 33",
        "gemeente": "12021",
        "ingediend_op": datetime.datetime(2019, 1, 15, 10, 30),
        "gewenste_startdatum": datetime.datetime(2019, 6, 1),
        "dagen_per_week": 4,
        "dringend": "nee",
        "atypisch": "nee",
        "voorrangsgroep": "nee",
        "kwetsbaar_gezin": "nee",
        "specifieke_zorgbehoefte": "nee",
        "geannuleerd_op": None,
        "annulatie_reden": None,
    }
    standaard.update(waarden)
    return [standaard[kolom] for kolom in VRAGEN_KOP]


def voorstelrij(referentie, locatie="De Rakker", voorgesteld="2019-03-01", **waarden):
    standaard = {
        "vraag_referentie": referentie,
        "locatie": locatie,
        "voorgesteld_op": voorgesteld,
        "startdatum": "2019-06-01",
        "dagen_per_week": 4,
        "antwoord": None,
        "beantwoord_op": None,
    }
    standaard.update(waarden)
    return [standaard[kolom] for kolom in VOORSTELLEN_KOP]


def werkboek(vragen, voorstellen=(), loket=LOKET, vragen_kop=VRAGEN_KOP):
    boek = Workbook()
    blad = boek.active
    blad.title = "loket"
    for rij in loket:
        blad.append(rij)
    blad = boek.create_sheet("vragen")
    blad.append(vragen_kop)
    for rij in vragen:
        blad.append(rij)
    blad = boek.create_sheet("voorstellen")
    blad.append(VOORSTELLEN_KOP)
    for rij in voorstellen:
        blad.append(rij)
    uit = io.BytesIO()
    boek.save(uit)
    uit.seek(0)
    uit.name = "lijst.xlsx"
    return uit


def tellingen():
    return {
        model.__name__: model.objects.count()
        for model in (Loket, Gezin, Ouder, Kind, Opvangvraag, Opvangvoorstel, Locatie, Logregel)
    }


def fouten(bestand, **opties):
    with pytest.raises(ImportGeweigerd) as geweigerd:
        vragen_importeren(bestand=bestand, **opties)
    return [str(fout) for fout in geweigerd.value.fouten]


def test_import_maakt_loket_vragen_en_voorstellen():
    bestand = werkboek(
        [
            vraagrij(
                "A1",
                dringend="ja",
                atypisch="ja",
                voorrangsgroep="ja",
                kwetsbaar_gezin="ja",
                specifieke_zorgbehoefte="ja",
            ),
            vraagrij("A2", gemeente="Nijlen", geannuleerd_op="2019-05-01", annulatie_reden="elders_opvang_gevonden"),
        ],
        [voorstelrij("A1", startdatum="2019-08-01", dagen_per_week=3, antwoord="aanvaard", beantwoord_op="2019-03-05")],
    )
    resultaat = vragen_importeren(bestand=bestand)
    assert (resultaat.loket_nieuw, resultaat.nieuwe_vragen, resultaat.nieuwe_voorstellen) == (True, 2, 1)
    assert resultaat.nieuwe_locaties == ["De Rakker"]
    loket = Loket.objects.get(code="lier")
    assert (loket.naam, loket.inrichtend_bestuur, loket.dossiernummer) == (
        "Lokaal Loket Kinderopvang Lier",
        "Stad Lier",
        "0012345",
    )
    assert sorted(loket.werkingsgebied.values_list("naam_nl", flat=True)) == ["Lier", "Nijlen"]
    a1 = Opvangvraag.objects.get(referentie="A1")
    assert (a1.kanaal, a1.status, a1.dringend, a1.atypisch_zonder_detail, a1.vg_zonder_detail) == (
        "import",
        "toegewezen",
        True,
        True,
        True,
    )
    assert (a1.gezin.kwetsbaar, a1.gezin.kwetsbaar_gemarkeerd, a1.gezin.kwetsbaar_reden) == (
        True,
        True,
        "ingevoerde lijst",
    )
    assert a1.kind.specifieke_zorgbehoefte is True
    assert a1.kind.identiteit == "lena|peetersa1|2018-12-01"
    assert a1.ingediend_op.isoformat() == "2019-01-15T09:30:00+00:00"
    assert [(o.voornaam, o.achternaam, o.email) for o in a1.gezin.ouders.all()] == [("An", "Peeters", "an@example.be")]
    a2 = Opvangvraag.objects.get(referentie="A2")
    assert (a2.status, a2.intrek_reden, a2.gemeente.naam_nl) == ("ingetrokken", "elders_opvang_gevonden", "Nijlen")
    locatie = Locatie.objects.get(naam="De Rakker")
    assert (locatie.na_te_kijken, locatie.organisator.naam, locatie.gemeente.naam_nl) == (
        True,
        "Onbekende organisator (import)",
        "Lier",
    )
    assert Logregel.objects.filter(actie="opvangvraag.geimporteerd").count() == 2
    assert Logregel.objects.filter(actie="import.vragen").count() == 1
    rapport = rapport_kg(loket=loket, jaar=2019, formaat="2020")
    controleer_doorklikken(rapport)
    assert rapport.totaal.aantallen == {
        "totaal": 2,
        "zonder_voorstel": 0,
        "voorstel_niet_aanvaard": 0,
        "later_gestart": 1,
        "minder_dagen": 1,
    }


def test_opnieuw_importeren_verandert_niets():
    rijen = [vraagrij("A1"), vraagrij("A2")]
    voorstellen = [voorstelrij("A1", antwoord="geweigerd", beantwoord_op="2019-03-02")]
    vragen_importeren(bestand=werkboek(rijen, voorstellen))
    voor = tellingen()
    statussen = list(Opvangvraag.objects.order_by("referentie").values_list("referentie", "status", "gewijzigd_op"))
    resultaat = vragen_importeren(bestand=werkboek(rijen, voorstellen))
    assert (resultaat.nieuwe_vragen, resultaat.bestaande_vragen) == (0, 2)
    assert (resultaat.nieuwe_voorstellen, resultaat.bestaande_voorstellen) == (0, 1)
    na = tellingen()
    assert na == {**voor, "Logregel": voor["Logregel"] + 1}  # only the import's own summary line
    assert (
        list(Opvangvraag.objects.order_by("referentie").values_list("referentie", "status", "gewijzigd_op"))
        == statussen
    )


def test_oude_nis_code_wordt_de_nieuwe_gemeente():
    alias = Gemeente.objects.get(nis="44084").aliassen.first()  # Lievegem: merged from older municipalities
    bestand = werkboek(
        [vraagrij("A1", gemeente=alias.nis)],
        loket=[["code", "lievegem"], ["naam", "Loket Lievegem"], ["werkingsgebied", alias.nis]],
    )
    vragen_importeren(bestand=bestand)
    assert Opvangvraag.objects.get(referentie="A1").gemeente.nis == "44084"
    assert list(Loket.objects.get(code="lievegem").werkingsgebied.values_list("nis", flat=True)) == ["44084"]


def test_elke_foute_cel_wordt_gemeld_en_niets_opgeslagen():
    voor = tellingen()
    bestand = werkboek(
        [
            vraagrij("A1", gewenste_startdatum="31/02/2020"),
            vraagrij("A2", kind_geboortedatum=None, dagen_per_week="8", dringend="misschien"),
            vraagrij("A2", gemeente="Atlantis", ouder_email="geen-adres"),
            vraagrij("A4", geannuleerd_op="2019-05-01"),
            vraagrij("A5", annulatie_reden="verhuisd", geannuleerd_op="2019-05-01"),
            vraagrij("A6", ingediend_op="gisteren"),
        ],
        [
            voorstelrij("A9"),
            voorstelrij("A1", antwoord="ja", beantwoord_op="2019-03-02"),
            voorstelrij("A1", voorgesteld="2019-03-15", antwoord="aanvaard"),
            voorstelrij("A1", voorgesteld="2019-04-01", beantwoord_op="2019-04-02"),
            voorstelrij("A1", voorgesteld="2019-05-01", antwoord="geweigerd", beantwoord_op="2019-04-02"),
            voorstelrij("A6", voorgesteld="2019-03-01"),
            voorstelrij("A6", voorgesteld="2019-03-01"),
            voorstelrij("A1", voorgesteld="2019-06-01", startdatum="morgen", dagen_per_week="veel"),
        ],
        loket=[["code", "lier loket"], ["dossiernummer", "12-34"], ["werkingsgebied", "99999"], ["kleur", "blauw"]],
    )
    assert fouten(bestand) == [
        'loket rij 4, kolom A: onbekende sleutel "kleur"',
        'loket rij 1, kolom B: "lier loket" is geen geldige code (letters, cijfers, - of _)',
        'loket rij 2, kolom B: "12-34" is geen dossiernummer (hoogstens 10 cijfers)',
        'loket rij 3, kolom B: "99999" is geen gekende gemeente',
        'vragen rij 2, kolom gewenste_startdatum: "31/02/2020" is geen geldige datum',
        "vragen rij 3, kolom kind_geboortedatum: is verplicht",
        'vragen rij 3, kolom dagen_per_week: "8" ligt niet tussen 0 en 7 (in halve dagen)',
        'vragen rij 3, kolom dringend: "misschien" is geen ja of nee',
        'vragen rij 4, kolom referentie: "A2" staat ook op rij 3',
        'vragen rij 4, kolom ouder_email: "geen-adres" is geen geldig e-mailadres',
        'vragen rij 4, kolom gemeente: "Atlantis" is geen gekende gemeente',
        "vragen rij 5, kolom annulatie_reden: ontbreekt bij een geannuleerd_op",
        'vragen rij 6, kolom annulatie_reden: "verhuisd" is geen reden '
        "(elders_opvang_gevonden, niet_meer_nodig, vervallen, geen_opvang_gevonden, andere)",
        'vragen rij 7, kolom ingediend_op: "gisteren" is geen geldige datum',
        'voorstellen rij 2, kolom vraag_referentie: "A9" staat niet in vragen',
        'voorstellen rij 3, kolom antwoord: "ja" is geen aanvaard, geweigerd of leeg',
        "voorstellen rij 4, kolom beantwoord_op: ontbreekt bij een antwoord",
        "voorstellen rij 5, kolom antwoord: ontbreekt bij een beantwoord_op",
        "voorstellen rij 6, kolom beantwoord_op: ligt vóór voorgesteld_op",
        "voorstellen rij 8, kolom voorgesteld_op: hetzelfde voorstel staat ook op rij 7",
        'voorstellen rij 9, kolom startdatum: "morgen" is geen geldige datum',
        'voorstellen rij 9, kolom dagen_per_week: "veel" is geen aantal dagen',
    ]
    assert tellingen() == voor


def test_ontbrekende_en_onbekende_kolommen_en_tabbladen():
    kop = [k for k in VRAGEN_KOP if k != "gewenste_startdatum"] + ["opmerking"]
    bestand = werkboek([], vragen_kop=kop)
    assert fouten(bestand) == [
        "vragen rij 1, kolom opmerking: onbekende kolom",
        "vragen rij 1, kolom gewenste_startdatum: kolom ontbreekt",
    ]
    boek = Workbook()
    boek.active.title = "iets"
    uit = io.BytesIO()
    boek.save(uit)
    uit.seek(0)
    assert fouten(uit) == ["loket: tabblad ontbreekt", "vragen: tabblad ontbreekt"]
    assert fouten(io.BytesIO(b"geen werkboek")) == ["bestand: Dit is geen geldig xlsx-bestand."]


def test_voorstel_na_annulatie_wordt_geweigerd():
    bestand = werkboek(
        [vraagrij("A1", geannuleerd_op="2019-04-01", annulatie_reden="niet_meer_nodig")],
        [voorstelrij("A1", voorgesteld="2019-05-01")],
    )
    assert fouten(bestand) == ["voorstellen rij 2, kolom voorgesteld_op: ligt na de annulatie van de vraag"]


def test_geschiedenis_van_voorstellen_krijgt_afgeleide_statussen():
    bestand = werkboek(
        [vraagrij("A1"), vraagrij("A2"), vraagrij("A3")],
        [
            voorstelrij("A1", locatie="Een", voorgesteld="2019-02-01"),
            voorstelrij(
                "A1", locatie="Twee", voorgesteld="2019-02-15", antwoord="aanvaard", beantwoord_op="2019-02-16"
            ),
            voorstelrij(
                "A1", locatie="Drie", voorgesteld="2019-03-01", antwoord="aanvaard", beantwoord_op="2019-03-02"
            ),
            voorstelrij(
                "A2", locatie="Een", voorgesteld="2019-02-01", antwoord="geweigerd", beantwoord_op="2019-02-03"
            ),
            voorstelrij("A2", locatie="Twee", voorgesteld="2019-03-01"),
            voorstelrij("A3", locatie="Een", voorgesteld="2019-02-01"),
            voorstelrij(
                "A3", locatie="Twee", voorgesteld="2019-03-01", antwoord="geweigerd", beantwoord_op="2019-03-03"
            ),
        ],
    )
    vragen_importeren(bestand=bestand)

    def staat(referentie):
        return [
            (v.locatie.naam, v.status, v.antwoord, v.afgesloten_op and v.afgesloten_op.date().isoformat())
            for v in Opvangvoorstel.objects.filter(vraag__referentie=referentie).order_by("voorgesteld_op")
        ]

    assert staat("A1") == [
        ("Een", "verlopen", "", "2019-02-14"),
        ("Twee", "geannuleerd", "aanvaard", "2019-03-01"),
        ("Drie", "aanvaard", "aanvaard", None),
    ]
    assert staat("A2") == [("Een", "geweigerd", "geweigerd", None), ("Twee", "open", "", None)]
    assert staat("A3") == [("Een", "verlopen", "", "2019-02-28"), ("Twee", "geweigerd", "geweigerd", None)]
    assert dict(Opvangvraag.objects.values_list("referentie", "status")) == {
        "A1": "toegewezen",
        "A2": "voorstel",
        "A3": "in_behandeling",
    }


def test_zelfde_kind_twee_keer_blijft_twee_vragen_en_wordt_gemeld():
    bestand = werkboek(
        [
            vraagrij("A1", kind_achternaam="Peeters", ingediend_op="2019-01-01"),
            vraagrij(
                "A2", kind_voornaam=" LÉNA ", kind_achternaam="peeters", ingediend_op="2019-02-01", gemeente="12026"
            ),
        ]
    )
    resultaat = vragen_importeren(bestand=bestand)
    assert resultaat.dubbels == [["A1", "A2"]]
    assert Kind.objects.count() == 2
    rapport = rapport_kg(loket=Loket.objects.get(code="lier"), jaar=2019, formaat="2020")
    controleer_doorklikken(rapport)
    assert [(r.naam, r.aantallen["totaal"]) for r in rapport.gemeenten] == [("Lier", 0), ("Nijlen", 1)]


def test_commando_importeert_en_weigert_met_niet_nul(tmp_path, capsys):
    goed = tmp_path / "goed.xlsx"
    goed.write_bytes(werkboek([vraagrij("A1")]).getvalue())
    call_command("importeer_vragen", str(goed))
    assert "1 nieuwe vragen" in capsys.readouterr().out
    fout = tmp_path / "fout.xlsx"
    fout.write_bytes(werkboek([vraagrij("A2", gewenste_startdatum="31/02/2020")]).getvalue())
    with pytest.raises(CommandError, match=r"Niets ingevoerd: 1 fout\(en\)."):
        call_command("importeer_vragen", str(fout))
    assert 'vragen rij 2, kolom gewenste_startdatum: "31/02/2020" is geen geldige datum' in capsys.readouterr().err
    assert not Opvangvraag.objects.filter(referentie="A2").exists()
    with pytest.raises(CommandError, match="Kan .* niet openen"):
        call_command("importeer_vragen", str(tmp_path / "nergens.xlsx"))


def test_uploadpagina_voor_coordinator_van_het_eigen_loket(client):
    lier = Loket.objects.create(code="lier", naam="Loket Lier", inrichtend_bestuur="Stad Lier")
    lier.werkingsgebied.set(Gemeente.objects.filter(nis__in=["12021", "12026"]))
    coordinator = GebruikerFactory(email="coord@lier.be", rol=Rol.COORDINATOR, loket=lier)
    client.force_login(coordinator)
    bestand = SimpleUploadedFile("lijst.xlsx", werkboek([vraagrij("A1")]).getvalue())
    response = client.post(reverse("rapportage:import"), {"bestand": bestand})
    assert response.status_code == 302
    assert response.url == reverse("rapportage:import")
    vraag = Opvangvraag.objects.get(referentie="A1")
    assert vraag.ingediend_door == coordinator
    assert Logregel.objects.get(actie="import.vragen").gebruiker == coordinator
    pagina = client.get(response.url)
    assert "1 nieuwe vragen" in pagina.text


def test_uploadpagina_toont_fouten_en_slaat_niets_op(client, coordinator):
    client.force_login(coordinator)
    bestand = SimpleUploadedFile("lijst.xlsx", werkboek([vraagrij("A1", gewenste_startdatum="31/02/2020")]).getvalue())
    voor = tellingen()
    response = client.post(reverse("rapportage:import"), {"bestand": bestand})
    assert response.status_code == 200
    assert "vragen rij 2, kolom gewenste_startdatum: &quot;31/02/2020&quot; is geen geldige datum" in response.text
    assert tellingen() == voor


def test_uploadpagina_weigert_ander_loket_en_ander_werkingsgebied(client, coordinator, loket):
    client.force_login(coordinator)
    bestand = SimpleUploadedFile("lijst.xlsx", werkboek([vraagrij("A1")]).getvalue())
    response = client.post(reverse("rapportage:import"), {"bestand": bestand})
    assert [str(f) for f in response.context["fouten"]] == ['loket, kolom code: je kan niet invoeren in loket "lier"']
    eigen = [["code", "gent"], ["werkingsgebied", "44021"]]
    bestand = SimpleUploadedFile("lijst.xlsx", werkboek([vraagrij("A1", gemeente="44021")], loket=eigen).getvalue())
    response = client.post(reverse("rapportage:import"), {"bestand": bestand})
    assert [str(f) for f in response.context["fouten"]] == [
        "loket, kolom werkingsgebied: alleen een beheerder kan het werkingsgebied wijzigen"
    ]
    assert not Opvangvraag.objects.filter(referentie="A1").exists()


def test_uploadpagina_weigert_medewerker(client, medewerker):
    client.force_login(medewerker)
    assert client.get(reverse("rapportage:import")).status_code == 403


def test_onmogelijke_getallen_en_datums_worden_gemeld_en_niets_opgeslagen():
    voor = tellingen()
    bestand = werkboek(
        [
            vraagrij("B1", dagen_per_week="NaN"),
            vraagrij("B2", dagen_per_week="Infinity"),
            vraagrij("B3", dagen_per_week="-inf"),
            vraagrij("B4", dagen_per_week="sNaN"),
            vraagrij("B5", dagen_per_week="1e999999999"),
            vraagrij("B6", dagen_per_week=1e308),
            vraagrij("B7", ingediend_op="0001-01-01"),
            vraagrij("B8", gewenste_startdatum="9999-12-31"),
            vraagrij(
                "B9", kind_geboortedatum="0001-01-01", geannuleerd_op="9999-12-31T23:59:59", annulatie_reden="andere"
            ),
            vraagrij("B10", ingediend_op="99999-01-01", gewenste_startdatum="0000-00-00"),
        ],
        [
            voorstelrij("B1", voorgesteld="0001-01-01", dagen_per_week="NaN"),
            voorstelrij("B2", startdatum="9999-12-31", antwoord="geweigerd", beantwoord_op="9999-12-31"),
        ],
    )
    assert fouten(bestand) == [
        'vragen rij 2, kolom dagen_per_week: "NaN" is geen aantal dagen',
        'vragen rij 3, kolom dagen_per_week: "Infinity" is geen aantal dagen',
        'vragen rij 4, kolom dagen_per_week: "-inf" is geen aantal dagen',
        'vragen rij 5, kolom dagen_per_week: "sNaN" is geen aantal dagen',
        'vragen rij 6, kolom dagen_per_week: "1e999999999" ligt niet tussen 0 en 7 (in halve dagen)',
        'vragen rij 7, kolom dagen_per_week: "1e+308" ligt niet tussen 0 en 7 (in halve dagen)',
        'vragen rij 8, kolom ingediend_op: "0001-01-01" ligt niet tussen 1900 en 2100',
        'vragen rij 9, kolom gewenste_startdatum: "9999-12-31" ligt niet tussen 1900 en 2100',
        'vragen rij 10, kolom geannuleerd_op: "9999-12-31T23:59:59" ligt niet tussen 1900 en 2100',
        'vragen rij 10, kolom kind_geboortedatum: "0001-01-01" ligt niet tussen 1900 en 2100',
        'vragen rij 11, kolom ingediend_op: "99999-01-01" is geen geldige datum',
        'vragen rij 11, kolom gewenste_startdatum: "0000-00-00" is geen geldige datum',
        'voorstellen rij 2, kolom voorgesteld_op: "0001-01-01" ligt niet tussen 1900 en 2100',
        'voorstellen rij 2, kolom dagen_per_week: "NaN" is geen aantal dagen',
        'voorstellen rij 3, kolom startdatum: "9999-12-31" ligt niet tussen 1900 en 2100',
        'voorstellen rij 3, kolom beantwoord_op: "9999-12-31" ligt niet tussen 1900 en 2100',
    ]
    assert tellingen() == voor


def test_nan_en_jaar_1_via_commando_en_uploadpagina(tmp_path, capsys, client, coordinator):
    inhoud = werkboek([vraagrij("A1", dagen_per_week="NaN", ingediend_op="0001-01-01")]).getvalue()
    voor = tellingen()
    pad = tmp_path / "fout.xlsx"
    pad.write_bytes(inhoud)
    with pytest.raises(CommandError, match=r"Niets ingevoerd: 2 fout\(en\)."):
        call_command("importeer_vragen", str(pad))
    assert 'vragen rij 2, kolom dagen_per_week: "NaN" is geen aantal dagen' in capsys.readouterr().err
    client.force_login(coordinator)
    response = client.post(reverse("rapportage:import"), {"bestand": SimpleUploadedFile("lijst.xlsx", inhoud)})
    assert response.status_code == 200
    assert "vragen rij 2, kolom ingediend_op: &quot;0001-01-01&quot; ligt niet tussen 1900 en 2100" in response.text
    assert tellingen() == voor
