"""Validation of the registration forms (aanmelding/forms.py): each bad input gets a Dutch message
next to its field."""

import datetime

import pytest

from aanmelding.forms import AdresForm, KindForm, OpvangForm, OuderForm, SituatieForm, ToestemmingForm, VoorkeurenForm
from tests.factories import DESTELBERGEN, GENT, LocatieFactory, gemeente

pytestmark = pytest.mark.django_db

VANDAAG = datetime.date(2025, 3, 10)


def kind_data(**extra):
    return {"voornaam": "Lotte", "achternaam": "Peeters", "geboren": "ja", "geboortedatum": "2024-11-02", **extra}


def opvang_data(start="2025-09-01", schema="DDDD---", **extra):
    data = {"gewenste_startdatum": start, **extra}
    data.update({f"weekschema_{i}": code for i, code in enumerate(schema)})
    return data


def test_kindform_geldig_normaliseert_naam():
    form = KindForm(kind_data(voornaam="  Lotte   Marie "), vandaag=VANDAAG)
    assert form.is_valid(), form.errors
    assert form.kind_velden() == {
        "voornaam": "Lotte Marie",
        "achternaam": "Peeters",
        "geboortedatum": datetime.date(2024, 11, 2),
        "verwacht": False,
        "rijksregister_hash": "",
    }


def test_kindform_aanvaardt_datum_in_belgisch_formaat():
    form = KindForm(kind_data(geboortedatum="02/11/2024"), vandaag=VANDAAG)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["geboortedatum"] == datetime.date(2024, 11, 2)


@pytest.mark.parametrize(
    ("geboren", "datum", "melding"),
    [
        ("ja", "2021-03-09", "ouder dan 4 jaar"),
        ("ja", "2025-03-11", "ligt in de toekomst"),
        ("nee", "2025-03-09", "ligt in het verleden"),
        ("nee", "2026-01-11", "meer dan 10 maanden"),
        ("ja", "31/02/2024", "Voer een geldige datum in"),
    ],
)
def test_kindform_weigert_onmogelijke_geboortedatum(geboren, datum, melding):
    form = KindForm(kind_data(geboren=geboren, geboortedatum=datum), vandaag=VANDAAG)
    assert not form.is_valid()
    assert list(form.errors) == ["geboortedatum"]
    assert melding in form.errors["geboortedatum"][0]


def test_kindform_grensgevallen_zijn_geldig():
    assert KindForm(kind_data(geboortedatum="2021-03-10"), vandaag=VANDAAG).is_valid()
    assert KindForm(kind_data(geboren="nee", geboortedatum="2025-03-10"), vandaag=VANDAAG).is_valid()
    assert KindForm(kind_data(geboren="nee", geboortedatum="2026-01-09"), vandaag=VANDAAG).is_valid()


def test_kindform_rijksregisternummer_wordt_gehasht_of_geweigerd():
    goed = KindForm(kind_data(rijksregisternummer="85.07.30-033.28"), vandaag=VANDAAG)
    assert goed.is_valid(), goed.errors
    assert len(goed.kind_velden()["rijksregister_hash"]) == 64
    fout = KindForm(kind_data(rijksregisternummer="85.07.30-033.29"), vandaag=VANDAAG)
    assert not fout.is_valid()
    assert fout.errors["rijksregisternummer"] == ["Dit is geen geldig rijksregisternummer. Het heeft 11 cijfers."]


def test_ouderform_weigert_ongeldig_email():
    form = OuderForm({"voornaam": "An", "achternaam": "Peeters", "email": "an@", "telefoon": ""})
    assert not form.is_valid()
    assert form.errors["email"] == ["Dit is geen geldig e-mailadres. Bijvoorbeeld: naam@voorbeeld.be"]


def test_ouderform_email_verplicht_en_in_kleine_letters():
    leeg = OuderForm({"voornaam": "An", "achternaam": "Peeters"})
    assert not leeg.is_valid()
    assert list(leeg.errors) == ["email"]
    form = OuderForm(
        {"voornaam": "An", "achternaam": "Peeters", "email": " An@Example.BE ", "telefoon": "0470 12 34 56"}
    )
    assert form.is_valid(), form.errors
    assert form.ouder_velden() == {
        "voornaam": "An",
        "achternaam": "Peeters",
        "email": "an@example.be",
        "telefoon": "0470 12 34 56",
        "situatie": "",
    }


def test_ouderform_weigert_ongeldig_telefoonnummer():
    form = OuderForm({"voornaam": "An", "achternaam": "P", "email": "an@example.be", "telefoon": "bel me"})
    assert not form.is_valid()
    assert list(form.errors) == ["telefoon"]


def test_ouderform_tweede_ouder_mag_leeg_maar_niet_half():
    leeg = OuderForm({}, verplicht=False)
    assert leeg.is_valid()
    assert leeg.ouder_velden() is None
    half = OuderForm({"email": "tom@example.be"}, verplicht=False)
    assert not half.is_valid()
    assert sorted(half.errors) == ["achternaam", "voornaam"]


def test_adresform_postcode_geeft_gemeente():
    form = AdresForm({"straat": "Kerkstraat 1", "postcode": "9000"})
    assert form.is_valid(), form.errors
    assert form.gezin_velden() == {"straat": "Kerkstraat 1", "postcode": "9000", "gemeente": gemeente(GENT)}


@pytest.mark.parametrize("postcode", ["9999", "12a4", "900"])
def test_adresform_weigert_onbekende_postcode(postcode):
    form = AdresForm({"straat": "Kerkstraat 1", "postcode": postcode})
    assert not form.is_valid()
    assert list(form.errors) == ["postcode"]


def test_adresform_gedeelde_postcode_vraagt_gemeente():
    form = AdresForm({"straat": "Rue 1", "postcode": "1040"})
    assert not form.is_valid()
    assert form.errors["gemeente"] == ["Kies je gemeente."]
    gekozen = AdresForm({"straat": "Rue 1", "postcode": "1040", "gemeente": "21005"})
    assert gekozen.is_valid(), gekozen.errors
    assert gekozen.cleaned_data["gemeente"].naam_nl == "Etterbeek"


def test_opvangform_geldig():
    form = OpvangForm(opvang_data(zaterdag="on"), vandaag=VANDAAG, geboortedatum=datetime.date(2024, 11, 2))
    assert form.is_valid(), form.errors
    assert form.vraag_velden() == {
        "gewenste_startdatum": datetime.date(2025, 9, 1),
        "weekschema": "DDDD---",
        "voor_7u": False,
        "na_18u": False,
        "zaterdag": True,
        "zon_en_feestdag": False,
    }


@pytest.mark.parametrize(
    ("start", "melding"),
    [
        ("2025-03-09", "ligt in het verleden"),
        ("2027-03-11", "meer dan 2 jaar in de toekomst"),
        ("2025-05-31", "niet starten voor de geboorte (01/06/2025)"),
    ],
)
def test_opvangform_weigert_onmogelijke_startdatum(start, melding):
    form = OpvangForm(opvang_data(start=start), vandaag=VANDAAG, geboortedatum=datetime.date(2025, 6, 1))
    assert not form.is_valid()
    assert list(form.errors) == ["gewenste_startdatum"]
    assert melding in form.errors["gewenste_startdatum"][0]


def test_opvangform_weigert_lege_week():
    form = OpvangForm(opvang_data(schema="-------"), vandaag=VANDAAG)
    assert not form.is_valid()
    assert form.errors["weekschema"] == ["Kies minstens één dag of dagdeel."]


@pytest.fixture
def locaties(loket):
    return [LocatieFactory(naam=f"Locatie {i}") for i in range(1, 8)]


def test_voorkeurenform_rangschikt_en_slaat_lege_keuzes_over(loket, locaties):
    form = VoorkeurenForm({"keuze_1": locaties[2].pk, "keuze_3": locaties[0].pk}, loket=loket)
    assert form.is_valid(), form.errors
    assert form.vraag_velden() == {"voorkeuren": [locaties[2], locaties[0]], "voorkeur_gemeente": None}


def test_voorkeurenform_weigert_dubbele_keuze(loket, locaties):
    form = VoorkeurenForm({"keuze_1": locaties[0].pk, "keuze_2": locaties[0].pk}, loket=loket)
    assert not form.is_valid()
    assert form.errors["keuze_2"] == ["Deze locatie koos je al. Kies elke locatie maar één keer."]


def test_voorkeurenform_weigert_te_veel_keuzes(loket, locaties):
    loket.max_voorkeuren = 2
    loket.save()
    data = {f"keuze_{i}": locaties[i].pk for i in range(1, 4)}
    form = VoorkeurenForm(data, loket=loket)
    # No select beyond the desk's maximum; the choice posted beyond it is an error, not dropped.
    assert form.aantal == 2
    assert not form.is_valid()
    assert form.non_field_errors() == ["Je kan hoogstens 2 locaties kiezen."]


def test_voorkeurenform_onbeperkt_bij_max_nul(loket, locaties):
    loket.max_voorkeuren = 0
    loket.save()
    data = {f"keuze_{i + 1}": locatie.pk for i, locatie in enumerate(locaties)}
    form = VoorkeurenForm(data, loket=loket)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["voorkeuren"] == locaties


def test_voorkeurenform_weigert_locatie_buiten_gebied(loket, locaties):
    elders = LocatieFactory(gemeente=gemeente("11002"))
    form = VoorkeurenForm({"keuze_1": elders.pk}, loket=loket)
    assert not form.is_valid()
    assert form.errors["keuze_1"] == ["Kies een locatie uit de lijst."]


def test_voorkeurenform_gemeente_in_plaats_van_locatie(loket, locaties):
    form = VoorkeurenForm({"voorkeur_gemeente": gemeente(DESTELBERGEN).pk}, loket=loket)
    assert form.is_valid(), form.errors
    assert form.vraag_velden() == {"voorkeuren": [], "voorkeur_gemeente": gemeente(DESTELBERGEN)}
    leeg = VoorkeurenForm({}, loket=loket)
    assert not leeg.is_valid()
    assert leeg.non_field_errors() == ["Kies minstens één locatie, of kies een gemeente waar elke opvang goed is."]


def test_situatieform_vult_vraag_en_gezin():
    form = SituatieForm(
        {
            "werk_of_opleiding": "ja",
            "werk_vier_vijfde": "ja",
            "alleenstaande_ouder": "ja",
            "dringend_reden": "start_werk",
            "specifieke_zorgbehoefte": "nee",
            "zorgbehoefte_omschrijving": "wordt vergeten",
        }
    )
    assert form.is_valid(), form.errors
    assert form.vraag_velden() == {
        "vg_werk_of_opleiding": True,
        "vg_alleenstaande_ouder": True,
        "vg_laag_inkomen": False,
        "vg_pleegkind": False,
        "vg_broer_of_zus": False,
        "dringend": True,
        "dringend_reden": "start_werk",
    }
    assert form.gezin_velden()["opvang_voor_werk_of_opleiding"] is True
    assert form.kind_velden() == {"specifieke_zorgbehoefte": False, "zorgbehoefte_omschrijving": ""}


def test_situatieform_zorgbehoefte_vraagt_omschrijving():
    form = SituatieForm({"specifieke_zorgbehoefte": "ja"})
    assert not form.is_valid()
    assert form.errors["zorgbehoefte_omschrijving"] == ["Schrijf kort welke zorg je kind nodig heeft."]


def test_toestemmingform_vereist_vinkje():
    form = ToestemmingForm({})
    assert not form.is_valid()
    assert "Vink dit aan" in form.errors["toestemming"][0]


def test_weekschema_een_lezing_voor_pagina_mail_en_tijdlijn():
    from django.template import Context, Template

    from aanmelding.models import weekschema_dagen, weekschema_tekst

    assert [(str(dag), str(deel)) for dag, deel in weekschema_dagen("DDV---N")] == [
        ("maandag", "volledige dag"),
        ("dinsdag", "volledige dag"),
        ("woensdag", "voormiddag"),
        ("zondag", "namiddag"),
    ]
    assert weekschema_dagen("") == weekschema_dagen(None) == weekschema_dagen("-------") == []
    assert weekschema_tekst("-V-----") == "dinsdag (voormiddag)"
    assert weekschema_tekst("-------") == "–"
    sjabloon = Template("{% load ouder %}{{ s|weekschema }}|{% for d, p in s|weekdagen %}{{ d }}:{{ p }};{% endfor %}")
    assert sjabloon.render(Context({"s": "N------"})) == "maandag (namiddag)|maandag:namiddag;"
