"""The coordinator's audit list (/loket/audit/): who looked at or changed a family, filtered, paged, exported."""

import csv
import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from openpyxl import load_workbook

from aanmelding.models import Gezin
from aanmelding.queries import logregels_over_gezin
from loket.logboek import logregel_schrijven
from loket.models import Logregel, Rol
from tests.factories import GebruikerFactory, OpvangvraagFactory

pytestmark = pytest.mark.django_db

URL = "/loket/audit/"


def op(tekst):
    return timezone.make_aware(datetime.datetime.fromisoformat(tekst), timezone.get_default_timezone())


def bekeken(gebruiker, vraag, *, tijdstip=None, monkeypatch=None):
    """A view of the request's page by `gebruiker`, at `tijdstip` (Logregel.tijdstip is set on insert)."""
    if tijdstip is None:
        return logregel_schrijven(door=gebruiker, actie="opvangvraag.bekeken", object=vraag, loket=vraag.loket)
    with monkeypatch.context() as m:
        m.setattr(timezone, "now", lambda: tijdstip)
        return logregel_schrijven(door=gebruiker, actie="opvangvraag.bekeken", object=vraag, loket=vraag.loket)


def acties_over(gezin, actie):
    return list(
        Logregel.objects.filter(
            actie=actie, content_type=ContentType.objects.get_for_model(Gezin), object_id=str(gezin.pk)
        ).values_list("gebruiker", "details")
    )


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    client.get("/loket/")  # the login's session write
    return client


def test_audit_toont_alles_over_het_gezin(coordinator_client, afgesloten_gezin, medewerker, aanbieder):
    g = afgesloten_gezin
    bekeken(aanbieder, g.vraag_mats)
    ander = OpvangvraagFactory(gezin__loket=g.gezin.loket)
    bekeken(medewerker, ander)
    response = coordinator_client.get(URL, {"gezin": g.gezin.pk})
    assert response.status_code == 200
    rijen = [(r.actie, r.waarover) for r in response.context["pagina"]]
    assert ("opvangvraag.bekeken", f"aanvraag {g.vraag_mats.referentie}") in rijen
    assert ("opvangvraag.notitie", f"aanvraag {g.vraag_lotte.referentie}") in rijen
    assert ("opvangvoorstel.geweigerd", "voorstel van Kinderdagverblijf Het Bolleke") in rijen
    assert ("gezin.gewijzigd", "het gezin") in rijen
    # Another family's request never shows (ids of other object types may coincide with its pk).
    assert ("opvangvraag", str(ander.pk)) not in {
        (r.content_type.model, r.object_id) for r in response.context["pagina"]
    }
    organisatie = g.aanvaard.locatie.organisator.naam
    assert f"{organisatie} (aanbieder)" in {r.wie for r in response.context["pagina"]}


def test_audit_schrijft_logregel(coordinator_client, coordinator, afgesloten_gezin):
    coordinator_client.get(URL, {"gezin": afgesloten_gezin.gezin.pk})
    assert acties_over(afgesloten_gezin.gezin, "gezin.audit_bekeken") == [(coordinator.pk, {})]


def test_audit_filtert_op_persoon(coordinator_client, afgesloten_gezin, medewerker, aanbieder):
    bekeken(aanbieder, afgesloten_gezin.vraag_mats)
    response = coordinator_client.get(URL, {"gezin": afgesloten_gezin.gezin.pk, "gebruiker": aanbieder.pk})
    assert [(r.gebruiker, r.actie) for r in response.context["pagina"]] == [
        (aanbieder, "opvangvraag.bekeken"),
        (aanbieder, "opvangvoorstel.gedaan"),
        (aanbieder, "opvangvoorstel.gedaan"),
    ]
    keuzes = {str(k) for k in response.context["filter"].form.fields["gebruiker"].queryset}
    assert {str(medewerker), str(aanbieder)} <= keuzes


def test_audit_filtert_op_periode(coordinator_client, afgesloten_gezin, medewerker, monkeypatch):
    vraag = afgesloten_gezin.vraag_lotte
    bekeken(medewerker, vraag, tijdstip=op("2025-01-31 23:30"), monkeypatch=monkeypatch)
    binnen = bekeken(medewerker, vraag, tijdstip=op("2025-02-01 00:10"), monkeypatch=monkeypatch)
    laatste = bekeken(medewerker, vraag, tijdstip=op("2025-02-28 23:50"), monkeypatch=monkeypatch)
    bekeken(medewerker, vraag, tijdstip=op("2025-03-01 00:05"), monkeypatch=monkeypatch)
    response = coordinator_client.get(
        URL, {"gezin": afgesloten_gezin.gezin.pk, "van": "2025-02-01", "tot": "2025-02-28"}
    )
    assert [r.pk for r in response.context["pagina"]] == [laatste.pk, binnen.pk]


def test_audit_ongeldige_datum_toont_niets_en_geen_fout(coordinator_client, afgesloten_gezin):
    response = coordinator_client.get(URL, {"gezin": afgesloten_gezin.gezin.pk, "van": "gisteren"})
    assert response.status_code == 200
    assert list(response.context["pagina"]) == []
    assert "van" in response.context["filter"].form.errors


def test_audit_pagineert_per_50(coordinator_client, afgesloten_gezin, medewerker):
    bestaand = Logregel.objects.count()
    for _ in range(60):
        bekeken(medewerker, afgesloten_gezin.vraag_mats)
    eerste = coordinator_client.get(URL, {"gezin": afgesloten_gezin.gezin.pk})
    assert (len(eerste.context["pagina"]), eerste.context["pagina"].paginator.num_pages) == (50, 2)
    assert eerste.context["pagina"].paginator.count > 60
    assert bestaand > 0


@pytest.mark.parametrize("aantal", [1, 10])
def test_audit_vast_aantal_queries(coordinator_client, loket, medewerker, aanbieder, aantal, django_assert_num_queries):
    vraag = OpvangvraagFactory(gezin__loket=loket)
    for _ in range(aantal):
        bekeken(medewerker, vraag)
        bekeken(aanbieder, vraag)
    # session, user, second-factor device, the family, count, the page, its users' provider
    # access, the family's parents, children, requests and offers (names of the objects), the
    # audit row itself, the person choices, the footer's desk
    with django_assert_num_queries(14):
        response = coordinator_client.get(URL, {"gezin": vraag.gezin_id})
    assert len(response.context["pagina"]) == 2 * aantal


def test_audit_zoekt_het_gezin_op_referentie(coordinator_client, afgesloten_gezin):
    response = coordinator_client.get(URL, {"referentie": afgesloten_gezin.vraag_lotte.referentie.lower()})
    assert response.context["gezin"] == afgesloten_gezin.gezin


def test_audit_onbekende_referentie(coordinator_client, ander_loket):
    andere = OpvangvraagFactory(gezin__loket=ander_loket)
    # A NUL character was a DataError on PostgreSQL (found by tests/test_fuzz_paginas.py).
    for referentie in ("ZZ-ONBEKEND", andere.referentie, "\x00", f"{andere.referentie}\x00"):
        response = coordinator_client.get(URL, {"referentie": referentie}, follow=True)
        assert response.context["gezin"] is None
        assert "Geen aanvraag met die referentie bij jouw loket." in response.content.decode()


def test_audit_zonder_gezin_toont_zoekformulier(coordinator_client):
    response = coordinator_client.get(URL)
    assert (response.status_code, response.context["gezin"]) == (200, None)


def test_audit_export_xlsx_neutraliseert_formules(coordinator_client, coordinator, afgesloten_gezin, loket):
    listig = GebruikerFactory(first_name="=HYPERLINK(1)", last_name="X", rol=Rol.LOKETMEDEWERKER, loket=loket)
    bekeken(listig, afgesloten_gezin.vraag_mats)
    response = coordinator_client.get(
        URL, {"gezin": afgesloten_gezin.gezin.pk, "gebruiker": listig.pk, "formaat": "xlsx"}
    )
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith(f'attachment; filename="audit-gezin-{afgesloten_gezin.gezin.pk}-')
    blad = load_workbook(io.BytesIO(response.content))["Audit"]
    rijen = [[cel.value for cel in rij] for rij in blad.iter_rows()]
    assert rijen[0] == ["Tijdstip", "Wie", "Rol", "Wat", "Actie", "Waarover"]
    assert rijen[1][1:] == [
        "'=HYPERLINK(1) X (loketmedewerker)",
        "loketmedewerker",
        "aanvraag bekeken",
        "opvangvraag.bekeken",
        f"aanvraag {afgesloten_gezin.vraag_mats.referentie}",
    ]
    assert blad["B2"].data_type == "s"
    assert len(rijen) == 2
    assert acties_over(afgesloten_gezin.gezin, "gezin.audit_geexporteerd") == [(coordinator.pk, {"formaat": "xlsx"})]


def test_audit_export_csv(coordinator_client, afgesloten_gezin, medewerker):
    response = coordinator_client.get(URL, {"gezin": afgesloten_gezin.gezin.pk, "formaat": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rijen = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    assert rijen[0] == ["Tijdstip", "Wie", "Rol", "Wat", "Actie", "Waarover"]
    # every row about the family, the export's own row included (it is written first)
    assert len(rijen) == 1 + logregels_over_gezin(afgesloten_gezin.gezin).count()
    assert rijen[1][4] == "gezin.audit_geexporteerd"
    assert {rij[4] for rij in rijen[1:]} >= {"opvangvraag.ingediend", "opvangvoorstel.aanvaard", "gezin.gewijzigd"}


def test_vraagpagina_linkt_naar_audit_voor_coordinator(client, coordinator, medewerker, afgesloten_gezin):
    url = f"/loket/vraag/{afgesloten_gezin.vraag_mats.pk}/"
    link = f"/loket/audit/?gezin={afgesloten_gezin.gezin.pk}"
    client.force_login(coordinator)
    assert link in client.get(url).content.decode()
    client.force_login(medewerker)
    assert link not in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("wie", "status"),
    [
        ("medewerker", 403),
        ("aanbieder", 403),
        ("andere_ouder", 403),
        ("toeleider", 403),
        ("coordinator_ander_loket", 404),
    ],
)
def test_audit_buitenstaanders(client, request, wie, status, afgesloten_gezin):
    client.force_login(request.getfixturevalue(wie))
    assert client.get(URL, {"gezin": afgesloten_gezin.gezin.pk}).status_code == status
    assert client.get(URL, {"gezin": afgesloten_gezin.gezin.pk, "formaat": "csv"}).status_code == status
    assert acties_over(afgesloten_gezin.gezin, "gezin.audit_bekeken") == []
    assert acties_over(afgesloten_gezin.gezin, "gezin.audit_geexporteerd") == []


def test_audit_anoniem_naar_inloggen(client, afgesloten_gezin):
    response = client.get(URL, {"gezin": afgesloten_gezin.gezin.pk})
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


def test_audit_ongeldig_gezin_is_404(coordinator_client):
    assert coordinator_client.get(URL, {"gezin": "abc"}).status_code == 404
    assert coordinator_client.get(URL, {"gezin": "999999"}).status_code == 404
