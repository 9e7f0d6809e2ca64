import datetime

import pytest
from django.utils import timezone

from loket.datums import maanden_later
from loket.models import Logregel, Rol
from tests.factories import (
    ANTWERPEN,
    DESTELBERGEN,
    GebruikerFactory,
    GezinFactory,
    LoketFactory,
    OpvangvraagFactory,
    OuderFactory,
    gemeente,
)

pytestmark = pytest.mark.django_db

URL = "/loket/"


def refs(response):
    return [vraag.referentie for vraag in response.context["pagina"]]


@pytest.fixture
def staff_client(client, medewerker):
    client.force_login(medewerker)
    return client


def test_werklijst_toont_standaard_alleen_open_vragen_nieuwste_eerst(staff_client, loket):
    nu = timezone.now()
    OpvangvraagFactory(gezin__loket=loket, referentie="OUD", ingediend_op=nu - datetime.timedelta(days=3))
    OpvangvraagFactory(gezin__loket=loket, referentie="NIEUW", ingediend_op=nu - datetime.timedelta(days=1))
    OpvangvraagFactory(gezin__loket=loket, referentie="BEHANDELING", status="in_behandeling", ingediend_op=nu)
    OpvangvraagFactory(
        gezin__loket=loket, referentie="WEG", status="ingetrokken", ingetrokken_op=nu, intrek_reden="andere"
    )
    OpvangvraagFactory(gezin__loket=loket, referentie="TOEGEWEZEN", status="toegewezen")
    assert refs(staff_client.get(URL)) == ["BEHANDELING", "NIEUW", "OUD"]
    assert sorted(refs(staff_client.get(URL, {"status": ""}))) == ["BEHANDELING", "NIEUW", "OUD", "TOEGEWEZEN", "WEG"]
    assert refs(staff_client.get(URL, {"status": "ingetrokken"})) == ["WEG"]
    assert refs(staff_client.get(URL, {"status": "toegewezen"})) == ["TOEGEWEZEN"]


def test_werklijst_toont_geen_vragen_van_ander_loket(staff_client, loket, ander_loket):
    OpvangvraagFactory(gezin__loket=loket, referentie="GENT")
    OpvangvraagFactory(gezin__loket=ander_loket, referentie="ANTWERPEN")
    assert refs(staff_client.get(URL)) == ["GENT"]


def test_werklijst_ander_loket_kiezen_is_404_voor_wie_er_niet_werkt(staff_client, ander_loket):
    assert staff_client.get(URL, {"loket": ander_loket.code}).status_code == 404


def test_werklijst_medewerker_van_twee_loketten_kiest_het_loket(client, loket, ander_loket):
    OpvangvraagFactory(gezin__loket=loket, referentie="GENT")
    OpvangvraagFactory(gezin__loket=ander_loket, referentie="ANTWERPEN")
    beide = GebruikerFactory(email="beide@example.be", rol=Rol.LOKETMEDEWERKER, loket=loket)
    beide.loketten.add(ander_loket)
    client.force_login(beide)
    assert refs(client.get(URL, {"loket": "antwerpen"})) == ["ANTWERPEN"]
    response = client.get(URL, {"loket": "gent"})
    assert refs(response) == ["GENT"]
    assert 'href="?loket=antwerpen"' in response.text


@pytest.mark.parametrize("persona", ["toeleider", "aanbieder", "andere_ouder"])
def test_werklijst_weigert_andere_rollen(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403


def test_werklijst_filter_gemeente(staff_client, loket):
    OpvangvraagFactory(gezin__loket=loket, referentie="GENT")
    OpvangvraagFactory(gezin__loket=loket, gezin__gemeente=gemeente(DESTELBERGEN), referentie="DESTELBERGEN")
    assert refs(staff_client.get(URL, {"gemeente": gemeente(DESTELBERGEN).pk})) == ["DESTELBERGEN"]
    # A municipality outside the desk's area is not a choice: the filter is ignored, not a 500.
    response = staff_client.get(URL, {"gemeente": gemeente(ANTWERPEN).pk})
    assert response.status_code == 200
    assert sorted(refs(response)) == ["DESTELBERGEN", "GENT"]
    assert "Een filter is niet geldig" in response.text


def test_werklijst_filter_startmaand(staff_client, loket):
    OpvangvraagFactory(gezin__loket=loket, referentie="MAART", gewenste_startdatum_origineel=datetime.date(2031, 3, 31))
    OpvangvraagFactory(gezin__loket=loket, referentie="APRIL", gewenste_startdatum_origineel=datetime.date(2031, 4, 1))
    assert refs(staff_client.get(URL, {"startmaand": "2031-03"})) == ["MAART"]
    assert refs(staff_client.get(URL, {"startmaand": "2031-04"})) == ["APRIL"]
    assert staff_client.get(URL, {"startmaand": "maart"}).status_code == 200


def test_werklijst_filter_startmaand_december_9999(staff_client, loket):
    """Found by tests/test_fuzz_paginas.py: the month after December 9999 overflowed (500)."""
    OpvangvraagFactory(gezin__loket=loket, referentie="LAAT", gewenste_startdatum_origineel=datetime.date(9999, 12, 31))
    OpvangvraagFactory(gezin__loket=loket, referentie="NU")
    assert refs(staff_client.get(URL, {"startmaand": "9999-12"})) == ["LAAT"]
    assert refs(staff_client.get(URL, {"startmaand": "9999-12-31"})) == ["LAAT"]


def test_werklijst_filter_categorieen(staff_client, loket):
    OpvangvraagFactory(gezin__loket=loket, referentie="GEWOON")
    OpvangvraagFactory(gezin__loket=loket, referentie="DRINGEND", dringend=True, dringend_reden="crisis")
    OpvangvraagFactory(gezin__loket=loket, referentie="ZATERDAG", zaterdag=True)
    OpvangvraagFactory(gezin__loket=loket, referentie="ATYPISCH_IMPORT", atypisch_zonder_detail=True)
    OpvangvraagFactory(gezin__loket=loket, referentie="PLEEGKIND", vg_pleegkind=True)
    OpvangvraagFactory(
        gezin__loket=loket, referentie="KWETSBAAR", gezin__laag_inkomen=True, gezin__alleenstaande_ouder=True
    )
    OpvangvraagFactory(gezin__loket=loket, referentie="ZORG", kind__specifieke_zorgbehoefte=True)
    OpvangvraagFactory(gezin__loket=loket, referentie="GEEN_REACTIE", geen_reactie_gemeld_op=timezone.now())
    assert refs(staff_client.get(URL, {"dringend": "true"})) == ["DRINGEND"]
    assert sorted(refs(staff_client.get(URL, {"atypisch": "true"}))) == ["ATYPISCH_IMPORT", "ZATERDAG"]
    assert refs(staff_client.get(URL, {"voorrangsgroep": "true"})) == ["PLEEGKIND"]
    assert refs(staff_client.get(URL, {"kwetsbaar": "true"})) == ["KWETSBAAR"]
    assert refs(staff_client.get(URL, {"zorgbehoefte": "true"})) == ["ZORG"]
    assert refs(staff_client.get(URL, {"geen_reactie": "true"})) == ["GEEN_REACTIE"]
    assert len(refs(staff_client.get(URL, {"dringend": "false"}))) == 8  # unticked never means "not"
    assert refs(staff_client.get(URL, {"dringend": "true", "zorgbehoefte": "true"})) == []


def test_werklijst_filter_kanaal(staff_client, loket):
    OpvangvraagFactory(gezin__loket=loket, referentie="ONLINE")
    OpvangvraagFactory(gezin__loket=loket, referentie="TELEFOON", kanaal="telefoon")
    assert refs(staff_client.get(URL, {"kanaal": "telefoon"})) == ["TELEFOON"]


def test_werklijst_filter_wachttijd(staff_client, loket):
    vandaag = timezone.localdate()

    def ingediend(dagen_terug_van_grens, maanden):
        dag = maanden_later(vandaag, -maanden) - datetime.timedelta(days=dagen_terug_van_grens)
        return timezone.make_aware(datetime.datetime.combine(dag, datetime.time(12)))

    OpvangvraagFactory(gezin__loket=loket, referentie="VERS", ingediend_op=timezone.now())
    OpvangvraagFactory(gezin__loket=loket, referentie="PRECIES_1", ingediend_op=ingediend(0, 1))
    OpvangvraagFactory(gezin__loket=loket, referentie="RUIM_1", ingediend_op=ingediend(1, 1))
    OpvangvraagFactory(gezin__loket=loket, referentie="RUIM_3", ingediend_op=ingediend(1, 3))
    OpvangvraagFactory(gezin__loket=loket, referentie="RUIM_6", ingediend_op=ingediend(1, 6))
    assert refs(staff_client.get(URL, {"wachttijd": "1"})) == ["RUIM_1", "RUIM_3", "RUIM_6"]
    assert refs(staff_client.get(URL, {"wachttijd": "3"})) == ["RUIM_3", "RUIM_6"]
    assert refs(staff_client.get(URL, {"wachttijd": "6"})) == ["RUIM_6"]


def test_werklijst_zoeken_op_referentie_en_naam(staff_client, loket):
    OpvangvraagFactory(gezin__loket=loket, referentie="25-ABC123", kind__voornaam="Mila", kind__achternaam="Claes")
    OpvangvraagFactory(gezin__loket=loket, referentie="25-DEF456", kind__voornaam="Noah", kind__achternaam="Claes")
    assert refs(staff_client.get(URL, {"zoek": "25-abc123"})) == ["25-ABC123"]
    assert refs(staff_client.get(URL, {"zoek": "mila claes"})) == ["25-ABC123"]
    assert sorted(refs(staff_client.get(URL, {"zoek": "claes"}))) == ["25-ABC123", "25-DEF456"]


def test_werklijst_zoeken_op_referentie_vindt_ook_afgesloten_vraag(staff_client, loket):
    """A closed request's reference under the default "open" filter gave "Geen aanvragen."."""
    nu = timezone.now()
    OpvangvraagFactory(
        gezin__loket=loket, referentie="25-WEG001", status="ingetrokken", ingetrokken_op=nu, intrek_reden="andere"
    )
    OpvangvraagFactory(gezin__loket=loket, referentie="25-OPEN01")
    assert refs(staff_client.get(URL, {"zoek": "25-weg001"})) == ["25-WEG001"]
    assert refs(staff_client.get(URL, {"zoek": "25-WEG001", "status": "open", "dringend": "true"})) == ["25-WEG001"]


def test_werklijst_zoeken_zonder_treffer_zegt_wat_een_andere_status_vindt(staff_client, loket):
    nu = timezone.now()
    OpvangvraagFactory(
        gezin__loket=loket,
        referentie="25-WEG001",
        kind__voornaam="Mila",
        status="ingetrokken",
        ingetrokken_op=nu,
        intrek_reden="andere",
    )
    response = staff_client.get(URL, {"zoek": "mila", "status": "open"})
    assert refs(response) == []
    assert "1 aanvraag met een andere status past bij je zoekopdracht." in response.text
    assert "?zoek=mila&amp;status=" in response.text


def test_werklijst_zoeken_op_telefoon_en_email_van_ouder(staff_client, loket):
    eerste = OpvangvraagFactory(gezin__loket=loket, referentie="25-TEL001")
    OuderFactory(gezin=eerste.gezin, telefoon="0470 12 34 56", email="sara@example.be")
    tweede = OpvangvraagFactory(gezin__loket=loket, referentie="25-TEL002")
    OuderFactory(gezin=tweede.gezin, telefoon="09 123 45 67", email="an@example.be")
    OuderFactory(gezin=tweede.gezin, telefoon="", email="bob@example.be")
    for zoek in ("0470123456", "+32 470 12 34 56", "0470/12.34.56"):
        assert refs(staff_client.get(URL, {"zoek": zoek})) == ["25-TEL001"], zoek
    assert refs(staff_client.get(URL, {"zoek": "SARA@example.be"})) == ["25-TEL001"]
    assert refs(staff_client.get(URL, {"zoek": "bob@example.be"})) == ["25-TEL002"]  # the second parent, once
    assert refs(staff_client.get(URL, {"zoek": "0471 00 00 00"})) == []


def test_werklijst_sorteren(staff_client, loket):
    nu = timezone.now()
    vandaag = timezone.localdate()
    OpvangvraagFactory(
        gezin__loket=loket,
        referentie="A",
        ingediend_op=nu - datetime.timedelta(days=30),
        gewenste_startdatum_origineel=vandaag + datetime.timedelta(days=200),
    )
    OpvangvraagFactory(
        gezin__loket=loket,
        referentie="B",
        ingediend_op=nu - datetime.timedelta(days=10),
        gewenste_startdatum_origineel=vandaag + datetime.timedelta(days=50),
    )
    OpvangvraagFactory(
        gezin__loket=loket,
        referentie="C",
        ingediend_op=nu - datetime.timedelta(days=20),
        gewenste_startdatum_origineel=vandaag + datetime.timedelta(days=100),
    )
    assert refs(staff_client.get(URL, {"sorteer": "start"})) == ["B", "C", "A"]
    assert refs(staff_client.get(URL, {"sorteer": "-start"})) == ["A", "C", "B"]
    assert refs(staff_client.get(URL, {"sorteer": "ingediend"})) == ["A", "C", "B"]  # longest wait first
    assert refs(staff_client.get(URL, {"sorteer": "-ingediend"})) == ["B", "C", "A"]
    assert refs(staff_client.get(URL, {"sorteer": "kind__voornaam"})) == ["B", "C", "A"]  # unknown: default


def test_werklijst_pagineert_en_houdt_filters_in_de_links(staff_client, loket):
    for i in range(12):
        OpvangvraagFactory(gezin__loket=loket, referentie=f"R{i:02d}", kanaal="telefoon")
    response = staff_client.get(URL, {"kanaal": "telefoon", "per": "10"})
    assert len(refs(response)) == 10
    assert response.context["pagina"].paginator.num_pages == 2
    assert "?kanaal=telefoon&amp;per=10&amp;status=open&amp;pagina=2" in response.text
    assert len(refs(staff_client.get(URL, {"kanaal": "telefoon", "per": "10", "pagina": "2"}))) == 2
    assert len(refs(staff_client.get(URL, {"per": "7", "pagina": "x"}))) == 12  # unknown size: 25; bad page: 1


def test_werklijst_pagina_voorbij_het_einde_toont_de_laatste(staff_client, loket):
    for i in range(12):
        OpvangvraagFactory(gezin__loket=loket, referentie=f"R{i:02d}", kanaal="telefoon")
    for nummer in ("3", "99", "0", "-1"):  # as Paginator.get_page: out of range is the last page
        response = staff_client.get(URL, {"per": "10", "pagina": nummer})
        assert response.context["pagina"].number == 2
        assert response.context["pagina"].paginator.count == 12
        assert len(refs(response)) == 2
    response = staff_client.get(URL, {"per": "10", "pagina": "2"})
    assert (response.context["pagina"].paginator.count, response.context["pagina"].start_index()) == (12, 11)
    response = staff_client.get(URL, {"kanaal": "balie"})
    assert (response.context["pagina"].paginator.count, refs(response)) == (0, [])


def test_werklijst_toont_rij_met_ouder_wachttijd_en_categorieen(staff_client, loket):
    vraag = OpvangvraagFactory(
        gezin__loket=loket,
        referentie="RIJ",
        dringend=True,
        ingediend_op=timezone.now() - datetime.timedelta(days=40),
        kind__voornaam="Mila",
        kind__achternaam="Claes",
    )
    OuderFactory(gezin=vraag.gezin, voornaam="Sara", achternaam="Claes", telefoon="0470 12 34 56")
    response = staff_client.get(URL)
    assert f'<a href="/loket/vraag/{vraag.pk}/">RIJ</a>' in response.text
    assert "Sara Claes" in response.text
    assert "0470 12 34 56" in response.text
    assert response.context["pagina"][0].wachtdagen == 40
    assert '<span class="badge text-bg-danger">dringend</span>' in response.text


def _vragen_maken(loket, aantal):
    for i in range(aantal):
        gezin = GezinFactory(loket=loket)
        OuderFactory(gezin=gezin)
        OuderFactory(gezin=gezin)
        OpvangvraagFactory(gezin=gezin, referentie=f"Q{i:03d}", dringend=i % 2 == 0)


@pytest.mark.parametrize("aantal", [1, 10, 50])
def test_werklijst_vast_aantal_queries(client, medewerker, loket, aantal, django_assert_num_queries):
    _vragen_maken(loket, aantal)
    client.force_login(medewerker)
    # session, user, second-factor device, the desk with the desks for the choice, municipalities of
    # the filter, the page's ids with the count, its rows, their parents, the footer's desk, the log
    # of who looked
    with django_assert_num_queries(10):
        response = client.get(URL, {"per": "50", "sorteer": "start"})
    assert len(response.context["pagina"]) == aantal
    getoond = {str(vraag.pk) for vraag in response.context["pagina"]}
    gelogd = Logregel.objects.filter(actie="opvangvraag.bekeken", gebruiker=medewerker)
    assert set(gelogd.values_list("object_id", flat=True)) == getoond


@pytest.mark.parametrize("aantal", [1, 10, 50])
def test_werklijst_vast_aantal_queries_met_alle_filters(client, medewerker, loket, aantal, django_assert_num_queries):
    _vragen_maken(loket, aantal)
    client.force_login(medewerker)
    filters = {
        "per": "50",
        "dringend": "true",
        "kanaal": "online",
        "status": "ingediend",
        "gemeente": gemeente("44021").pk,
        "startmaand": (timezone.localdate() + datetime.timedelta(days=90)).strftime("%Y-%m"),
        "zoek": "kind",
    }
    # exactly as above: the municipality's choices are validated without a query, and a search
    # that may be a reference is part of the page's own query
    with django_assert_num_queries(10):
        response = client.get(URL, filters)
    assert len(response.context["pagina"]) == (aantal + 1) // 2


def test_werklijst_beheerder_ziet_elk_loket(client, loket, ander_loket):
    beheerder = GebruikerFactory(email="beheer@example.be", rol=Rol.BEHEERDER)
    OpvangvraagFactory(gezin__loket=ander_loket, referentie="ANTWERPEN")
    client.force_login(beheerder)
    assert refs(client.get(URL, {"loket": "antwerpen"})) == ["ANTWERPEN"]


def test_werklijst_zonder_loket_is_404(client):
    zonder = GebruikerFactory(email="los@example.be", rol=Rol.LOKETMEDEWERKER)
    LoketFactory()
    client.force_login(zonder)
    assert client.get(URL).status_code == 404
