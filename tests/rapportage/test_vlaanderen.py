"""The Flemish overview: each desk keeps its report, Flanders counts a child once (year 2019, P = 2020-02-29)."""

import json

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aanmelding.models import Kind, kind_sleutel, rijksregister_hash
from aanmelding.privacy import gezin_anonimiseren
from loket.datums import maanden_later
from rapportage.queries import KOLOMMEN, kolommen_voor, rapport_kg
from rapportage.vlaanderen import kinderen_ook_elders, rapport_vlaanderen
from tests.factories import ANTWERPEN, GENT, LoketFactory
from tests.rapportage.conftest import Bouwer, moment

pytestmark = pytest.mark.django_db

NUL = dict.fromkeys(KOLOMMEN, 0)


def getallen(**aantallen):
    return {**NUL, **aantallen}


@pytest.fixture
def twee(loket):
    """Two builders: the `loket` fixture's desk and a neighbouring desk (Antwerpen)."""
    return Bouwer(loket), Bouwer(LoketFactory(code="buur", gebied=[ANTWERPEN]))


def test_kind_bij_twee_loketten_telt_bij_elk_loket_en_een_keer_in_vlaanderen(twee):
    a, b = twee
    a.vraag(start="2019-05-01", ingediend="2019-01-15", voornaam="Lena")
    b.vraag(start="2019-06-01", ingediend="2019-02-01", voornaam=" LENA ", achternaam="peeters", gemeente=ANTWERPEN)
    assert rapport_kg(loket=a.loket, jaar=2019).totaal.aantallen == getallen(totaal=1, zonder_voorstel=1)
    assert rapport_kg(loket=b.loket, jaar=2019).totaal.aantallen == getallen(totaal=1, zonder_voorstel=1)

    overzicht = rapport_vlaanderen(jaar=2019)

    assert overzicht.som.aantallen == getallen(totaal=2, zonder_voorstel=2)
    assert overzicht.uniek.aantallen == getallen(totaal=1, zonder_voorstel=1)
    assert overzicht.kinderen_bij_meerdere_loketten == 1
    # The latest registration (desk b, Antwerpen) decides the municipality.
    assert {overzicht.gemeente_naam(g): t.aantallen["totaal"] for g, t in overzicht.uniek_per_gemeente.items()} == {
        "Antwerpen": 1
    }
    assert [(r.loket.code, r.totaal.aantallen["totaal"], r.totaal.elders) for r in overzicht.loketten] == [
        ("buur", 1, 1),
        (a.loket.code, 1, 1),
    ]


def test_laatst_ingediende_vraag_over_loketten_bepaalt_de_kolommen(twee):
    a, b = twee
    eerste = b.vraag(start="2019-05-01", ingediend="2019-01-10", voornaam="Noah", gemeente=ANTWERPEN)
    b.voorstel(eerste, start="2019-05-01", antwoord="aanvaard", beantwoord="2019-03-02")
    laatste = a.vraag(start="2019-09-01", ingediend="2019-04-01", voornaam="Noah")
    a.voorstel(laatste, voorgesteld="2019-05-01", antwoord="geweigerd", beantwoord="2019-05-03")

    overzicht = rapport_vlaanderen(jaar=2019)

    assert overzicht.som.aantallen == getallen(totaal=2, voorstel_niet_aanvaard=1)
    assert overzicht.uniek.aantallen == getallen(totaal=1, voorstel_niet_aanvaard=1)


def test_gelijke_indiening_telt_de_laatst_aangemaakte(twee):
    a, b = twee
    a.vraag(start="2019-05-01", ingediend="2019-01-10 10:00", voornaam="Mila")
    tweede = b.vraag(start="2019-05-01", ingediend="2019-01-10 10:00", voornaam="Mila", gemeente=ANTWERPEN)
    b.voorstel(tweede, antwoord="aanvaard", start="2019-07-15", beantwoord="2019-03-02")

    overzicht = rapport_vlaanderen(jaar=2019)

    assert overzicht.uniek.aantallen == getallen(totaal=1, later_gestart=1)


def test_vraag_na_peildatum_telt_niet_mee_in_vlaanderen(twee):
    a, b = twee
    a.vraag(start="2019-05-01", ingediend="2019-01-10", voornaam="Liam")
    later = b.vraag(start="2019-05-01", ingediend="2020-03-01", voornaam="Liam", gemeente=ANTWERPEN)
    b.voorstel(later, voorgesteld="2020-03-02", antwoord="aanvaard", beantwoord="2020-03-03")

    overzicht = rapport_vlaanderen(jaar=2019)

    assert overzicht.uniek.aantallen == getallen(totaal=1, zonder_voorstel=1)
    assert overzicht.kinderen_bij_meerdere_loketten == 0
    assert overzicht.som.aantallen == getallen(totaal=1, zonder_voorstel=1)


def test_samengevoegde_vraag_telt_niet_in_vlaanderen(twee):
    a, b = twee
    bewaard = a.vraag(start="2019-05-01", ingediend="2019-01-10", voornaam="Emma")
    dubbel = a.vraag(start="2019-05-01", ingediend="2019-01-12", voornaam="Emma")
    dubbel.samengevoegd_met = bewaard
    dubbel.status, dubbel.ingetrokken_op, dubbel.intrek_reden = "ingetrokken", moment("2019-01-13"), "andere"
    dubbel.save()

    overzicht = rapport_vlaanderen(jaar=2019)

    assert overzicht.uniek.aantallen == overzicht.som.aantallen == getallen(totaal=1, zonder_voorstel=1)


def test_geanonimiseerd_kind_en_hetzelfde_kind_elders_zijn_een_kind(twee):
    a, b = twee
    oud = a.vraag(
        start="2019-05-01",
        ingediend="2019-01-10",
        voornaam="Élise",
        status="ingetrokken",
        intrek_reden="niet_meer_nodig",
        ingetrokken_op="2019-02-01",
    )
    b.vraag(start="2019-05-01", ingediend="2019-03-10", voornaam="Elise", gemeente=ANTWERPEN)
    sleutel = oud.kind.sleutel
    voor = rapport_kg(loket=a.loket, jaar=2019).totaal.aantallen

    gezin_anonimiseren(gezin=oud.gezin, door=None, reden="bewaartermijn")

    kind = Kind.objects.get(pk=oud.kind.pk)
    assert kind.voornaam != "Élise" and kind.identiteit.startswith("anon:")
    assert kind.sleutel == sleutel == kind_sleutel(kind.identiteit)
    assert rapport_kg(loket=a.loket, jaar=2019).totaal.aantallen == voor
    overzicht = rapport_vlaanderen(jaar=2019)
    assert overzicht.uniek.aantallen["totaal"] == 1
    assert overzicht.kinderen_bij_meerdere_loketten == 1


def test_zelfde_rijksregisternummer_is_een_kind_ook_met_andere_spelling(twee):
    a, b = twee
    eerste = a.vraag(start="2019-05-01", ingediend="2019-01-10", voornaam="Jules", achternaam="Declercq")
    Kind.objects.filter(pk=eerste.kind.pk).update(rijksregister_hash=rijksregister_hash("18120112345"))
    tweede = b.vraag(
        start="2019-05-01", ingediend="2019-01-20", voornaam="Jule", achternaam="De Clercq", gemeente=ANTWERPEN
    )
    kind = tweede.kind
    kind.rijksregister_hash = rijksregister_hash("18.12.01-123.45")
    kind.save()

    assert kind.sleutel == eerste.kind.sleutel
    overzicht = rapport_vlaanderen(jaar=2019)
    assert overzicht.uniek.aantallen["totaal"] == 1
    assert overzicht.som.aantallen["totaal"] == 2


def test_som_van_loketten_is_som_van_hun_rapporten(twee):
    a, b = twee
    for i, bouwer in enumerate((a, a, b, b, b)):
        vraag = bouwer.vraag(
            start=f"2019-0{i + 1}-15",
            ingediend="2019-01-02",
            voornaam=f"K{i % 3}",
            gemeente=GENT if bouwer is a else ANTWERPEN,
            dringend=i % 2 == 0,
        )
        if i % 2:
            bouwer.voorstel(vraag, start="2019-12-01", dagen="2", antwoord="aanvaard", beantwoord="2019-03-02")

    overzicht = rapport_vlaanderen(jaar=2019, formaat="2020")

    for rij in overzicht.loketten:
        rapport = rapport_kg(loket=rij.loket, jaar=2019, formaat="2020")
        assert rij.totaal.aantallen == rapport.totaal.aantallen
        assert rij.totaal.categorieen == rapport.totaal.categorieen
        assert {g: t.aantallen for g, t in rij.gemeenten.items()} == {
            r.gemeente_id: r.aantallen for r in rapport.gemeenten
        }


def test_coordinator_ziet_per_gemeente_hoeveel_kinderen_ook_elders(twee):
    a, b = twee
    a.vraag(start="2019-05-01", ingediend="2019-01-10", voornaam="Arthur")
    a.vraag(start="2019-05-01", ingediend="2019-01-10", voornaam="Olivia")
    b.vraag(start="2019-05-01", ingediend="2019-02-10", voornaam="Arthur", gemeente=ANTWERPEN)

    per_gemeente = kinderen_ook_elders(loket=a.loket, jaar=2019)

    gent = a.loket.werkingsgebied.get(nis=GENT).pk
    assert per_gemeente[gent] == 1
    assert sum(per_gemeente.values()) == 1


def test_commando_schrijft_json_volgens_contract(twee, tmp_path, capsys):
    a, b = twee
    a.vraag(start="2019-05-01", ingediend="2019-01-10", voornaam="Lena")
    b.vraag(start="2019-05-01", ingediend="2019-02-10", voornaam="Lena", gemeente=ANTWERPEN)

    call_command("rapport_vlaanderen", "--jaar", "2019", "--json", "-", "--xlsx", str(tmp_path / "v.xlsx"))

    uit = json.loads(capsys.readouterr().out)
    assert (uit["jaar"], uit["peildatum"], uit["formaat"]) == (2019, "2020-02-29", "2019")
    assert uit["som_loketten"] == getallen(totaal=2, zonder_voorstel=2)
    assert uit["uniek"] == getallen(totaal=1, zonder_voorstel=1)
    assert uit["kinderen_bij_meerdere_loketten"] == 1
    assert [(d["code"], d["totaal"]["totaal"]) for d in uit["loketten"]] == [("buur", 1), (a.loket.code, 1)]
    assert (tmp_path / "v.xlsx").read_bytes()[:2] == b"PK"


# --- Property: the unique count equals a plain recount in Python -----------------------------------

NAMEN = ["Lena", "lena ", "Noah", "Emma"]
vraag_st = st.fixed_dictionaries(
    {
        "loket": st.integers(0, 2),
        "naam": st.integers(0, len(NAMEN) - 1),
        "geboren": st.integers(0, 1),
        "start_maand": st.sampled_from([1, 6, 12, 13]),  # 13: next year, not counted
        "ingediend_dag": st.integers(0, 3),
        "na_peildatum": st.booleans(),
        "voorstel": st.sampled_from(["", "aanvaard", "geweigerd", "laat_aanvaard"]),
    }
)


def _python_hertelling(vragen, peildatum_einde):
    """The rules by hand: per child (normalised name + birth date) the last registered counting request."""
    laatste = {}
    for vraag in sorted(vragen, key=lambda v: (v.ingediend_op, v.aangemaakt_op, v.pk)):
        if vraag.gewenste_startdatum_origineel.year == 2019 and vraag.ingediend_op < peildatum_einde:
            laatste[vraag.kind.identiteit] = vraag
    totaal = dict.fromkeys(KOLOMMEN, 0)
    for vraag in laatste.values():
        staand = [
            v
            for v in vraag.voorstellen.all()
            if v.antwoord == "aanvaard" and v.beantwoord_op < peildatum_einde and v.voorgesteld_op < peildatum_einde
        ]
        gedaan = [v for v in vraag.voorstellen.all() if v.voorgesteld_op < peildatum_einde]
        beslissend = max(staand, key=lambda v: (v.beantwoord_op, v.voorgesteld_op, v.aangemaakt_op, v.pk), default=None)
        kolommen = kolommen_voor(
            toegewezen=beslissend is not None,
            later=bool(
                beslissend
                and beslissend.startdatum
                and beslissend.startdatum >= maanden_later(vraag.gewenste_startdatum_origineel)
            ),
            minder=bool(beslissend and beslissend.dagen_per_week < vraag.dagen_per_week_origineel),
            ingetrokken=False,
            met_voorstel=bool(gedaan),
        )
        for kolom in kolommen:
            totaal[kolom] += 1
    return totaal, len(laatste)


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(vraag_st, max_size=12))
def test_uniek_is_gelijk_aan_python_hertelling(loket, vragen):
    from aanmelding.models import Opvangvraag

    Opvangvraag.objects.all().delete()
    bouwers = [Bouwer(loket)] + [Bouwer(LoketFactory(gebied=[ANTWERPEN])) for _ in range(2)]
    for v in vragen:
        bouwer = bouwers[v["loket"]]
        maand = v["start_maand"]
        start = "2020-01-01" if maand == 13 else f"2019-{maand:02d}-01"
        ingediend = "2020-03-05" if v["na_peildatum"] else f"2019-01-0{1 + v['ingediend_dag']} 10:00"
        vraag = bouwer.vraag(
            start=start,
            ingediend=ingediend,
            voornaam=NAMEN[v["naam"]],
            geboren=["2018-10-01", "2018-11-01"][v["geboren"]],
            gemeente=GENT if bouwer is bouwers[0] else ANTWERPEN,
        )
        if v["voorstel"] == "aanvaard":
            bouwer.voorstel(
                vraag, voorgesteld="2019-02-01", start=start, dagen="3", antwoord="aanvaard", beantwoord="2019-02-03"
            )
        elif v["voorstel"] == "geweigerd":
            bouwer.voorstel(vraag, voorgesteld="2019-02-01", antwoord="geweigerd", beantwoord="2019-02-03")
        elif v["voorstel"] == "laat_aanvaard":
            bouwer.voorstel(
                vraag, voorgesteld="2019-02-01", start="2019-12-31", antwoord="aanvaard", beantwoord="2020-03-10"
            )
    overzicht = rapport_vlaanderen(jaar=2019)
    alle = list(Opvangvraag.objects.select_related("kind").prefetch_related("voorstellen"))
    verwacht, kinderen = _python_hertelling(alle, overzicht.peiling.einde)

    assert overzicht.uniek.aantallen == verwacht
    assert overzicht.uniek.aantallen["totaal"] == kinderen
    assert overzicht.som.aantallen["totaal"] == sum(
        rapport_kg(loket=b.loket, jaar=2019).totaal.aantallen["totaal"] for b in bouwers
    )
