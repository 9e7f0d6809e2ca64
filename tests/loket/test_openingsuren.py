"""The desk's counter hours are data, written in the page's language; municipalities carry their
French name on French pages."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from aanmelding.pdf import bewijs_html
from loket.models import Gemeente, Loket, Rol
from loket.openingsuren import dag_lezen, regels
from tests.factories import ANTWERPEN, GENT, GebruikerFactory, OpvangvraagFactory, OuderFactory

DEMO_UREN = {
    "ma": ["09:00-12:00"],
    "di": ["09:00-12:00"],
    "wo": ["09:00-12:00", "13:00-17:00"],
    "do": ["09:00-12:00"],
    "vr": ["09:00-12:00"],
}
IN_DRIE_TALEN = {
    "nl": "maandag, dinsdag, donderdag en vrijdag 09:00–12:00 · woensdag 09:00–12:00 en 13:00–17:00",
    "fr": "lundi, mardi, jeudi et vendredi 09:00–12:00 · mercredi 09:00–12:00 et 13:00–17:00",
    "en": "Monday, Tuesday, Thursday and Friday 9 a.m.–noon · Wednesday 9 a.m.–noon and 1 p.m.–5 p.m.",
}


@pytest.mark.parametrize("taal", ["nl", "fr", "en"])
def test_openingsuren_per_taal(taal):
    with translation.override(taal):
        assert " · ".join(f"{dagen} {uren}" for dagen, uren in regels(DEMO_UREN)) == IN_DRIE_TALEN[taal]


@pytest.mark.django_db
@pytest.mark.parametrize("taal", ["nl", "fr", "en"])
def test_balie_open_in_taal_van_de_pagina(client, loket, taal):
    loket.openingsuren = DEMO_UREN
    loket.openingsuren_toelichting = "Gesloten in juli."
    loket.save()
    client.cookies["django_language"] = taal
    response = client.get("/aanmelden/")
    assert f"{IN_DRIE_TALEN[taal]} · Gesloten in juli." in response.text
    assert "{&#x27;ma&#x27;" not in response.text


@pytest.mark.django_db
def test_bewijs_toont_openingsuren_in_taal_van_het_gezin(loket):
    loket.openingsuren = DEMO_UREN
    loket.save()
    vraag = OpvangvraagFactory(gezin__loket=loket, gezin__taal="fr")
    OuderFactory(gezin=vraag.gezin)
    assert IN_DRIE_TALEN["fr"] in bewijs_html(vraag)


@pytest.mark.django_db
def test_openingsuren_weigeren_wat_geen_uren_zijn(loket):
    for fout in [{"ma": ["12:00-09:00"]}, {"maandag": ["09:00-12:00"]}, {"wo": ["13:00-17:00", "09:00-14:00"]}, ["ma"]]:
        loket.openingsuren = fout
        with pytest.raises(ValidationError):
            loket.full_clean()


def test_dag_lezen_begrijpt_wat_mensen_typen():
    assert dag_lezen("9-12, 13:30-17u") == ["09:00-12:00", "13:30-17:00"]
    assert dag_lezen("13.00 tot 17.00 uur en 9u-12u") == ["09:00-12:00", "13:00-17:00"]
    assert dag_lezen("") == []
    for fout in ["op afspraak", "9-", "12-9", "9-12, 11-13", "25-26"]:
        with pytest.raises(ValidationError):
            dag_lezen(fout)


@pytest.mark.django_db
def test_beheer_vult_uren_per_weekdag_in(client, loket):
    beheerder = GebruikerFactory(email="beheer@example.be", rol=Rol.BEHEERDER, is_staff=True, is_superuser=True)
    client.force_login(beheerder)
    url = f"/beheer/loket/loket/{loket.pk}/change/"
    assert client.get(url).status_code == 200
    data = {
        "naam": loket.naam,
        "code": loket.code,
        "inrichtend_bestuur": loket.inrichtend_bestuur,
        "werkingsgebied": list(loket.werkingsgebied.values_list("pk", flat=True)),
        "antwoordtermijn_dagen": 10,
        "reactietermijn_dagen": 21,
        "max_voorkeuren": 5,
        "vrije_plaatsen_geldig_dagen": 14,
        "bewaartermijn_jaren": 5,
        "uren_ma": "9-12",
        "uren_wo": "9:00-12:00, 13-17",
    }
    assert client.post(url, data).status_code == 302
    loket.refresh_from_db()
    assert loket.openingsuren == {"ma": ["09:00-12:00"], "wo": ["09:00-12:00", "13:00-17:00"]}
    assert 'value="09:00-12:00, 13:00-17:00"' in client.get(url).text
    response = client.post(url, {**data, "uren_di": "op afspraak", "uren_wo": ""})
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["uren_di"]
    loket.refresh_from_db()
    assert loket.openingsuren == {"ma": ["09:00-12:00"], "wo": ["09:00-12:00", "13:00-17:00"]}


@pytest.mark.django_db(transaction=True)
def test_migratie_zet_vrije_tekst_om_of_bewaart_ze():
    """Text that reads as days and hours becomes data; anything else stays, word for word, as the note."""
    voor, na = [("loket", "0004_mislukte_inlogpoging")], [("loket", "0005_balie_openingsuren")]
    executor = MigrationExecutor(connection)
    executor.migrate(voor)
    oud = executor.loader.project_state(voor).apps.get_model("loket", "Loket")
    oud.objects.create(code="a", naam="A", openingsuren="maandag tot vrijdag 9–12 uur, woensdag ook 13–17 uur")
    oud.objects.create(code="b", naam="B", openingsuren="Op afspraak, bel eerst.")
    executor = MigrationExecutor(connection)
    executor.migrate(na)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    a, b = Loket.objects.get(code="a"), Loket.objects.get(code="b")
    assert (a.openingsuren, a.openingsuren_toelichting) == (DEMO_UREN, "")
    assert (b.openingsuren, b.openingsuren_toelichting) == ({}, "Op afspraak, bel eerst.")


def test_migratie_leest_gangbare_schrijfwijzen():
    lezen = importlib.import_module("loket.migrations.0005_balie_openingsuren").lezen
    assert lezen("ma-vr 9:00-12:00; wo 13.30-17.00")["wo"] == ["09:00-12:00", "13:30-17:00"]
    assert lezen("maandag, dinsdag en donderdag van 9 tot 12 uur") == {
        dag: ["09:00-12:00"] for dag in ("ma", "di", "do")
    }
    assert lezen("ma 9-12, gesloten in juli") is None
    assert lezen("vrijdag tot maandag 9-12") is None


# --- municipality names ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("taal", "gent", "antwerpen"), [("nl", "Gent", "Antwerpen"), ("fr", "Gand", "Anvers"), ("en", "Gent", "Antwerpen")]
)
def test_gemeente_heet_in_het_frans_op_franse_paginas(taal, gent, antwerpen):
    with translation.override(taal):
        assert str(Gemeente.objects.get(nis=GENT)) == gent
        assert Gemeente.objects.get(nis=ANTWERPEN).naam == antwerpen
        assert Gemeente.objects.get(nis="21009").naam == ("Ixelles" if taal == "fr" else "Elsene")


@pytest.mark.django_db
def test_voorstel_toont_franse_gemeentenaam(client, ouder_met_vraag, locatie):
    from tests.factories import OpvangvoorstelFactory

    ouder, vraag = ouder_met_vraag
    voorstel = OpvangvoorstelFactory(vraag=vraag, locatie=locatie)
    client.force_login(ouder)
    client.cookies["django_language"] = "fr"
    assert "9000 Gand" in client.get(f"/mijn/voorstel/{voorstel.pk}/").text
    client.cookies["django_language"] = "nl"
    assert "9000 Gent" in client.get(f"/mijn/voorstel/{voorstel.pk}/").text


@pytest.mark.django_db
def test_wizard_gemeentefilter_in_het_frans(client, loket):
    from tests.aanmelding.ouder_hulp import stapdata

    client.cookies["django_language"] = "fr"
    data = stapdata()
    for stap in ("kind", "gezin", "adres", "opvang"):
        client.post(f"/aanmelden/stap/{stap}/", data[stap])
    response = client.get("/aanmelden/stap/voorkeuren/")
    assert f'<option value="{GENT}">Gand</option>' in response.text
    assert Loket.objects.count() == 1
