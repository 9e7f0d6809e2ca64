"""`manage.py telvelden_controleren [--herstel]`: the report's kept columns checked and repaired set-based."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from aanmelding.models import Opvangvoorstel, Opvangvraag, Voorkeur
from aanmelding.queries import TELVELDEN, telvelden_controleren
from aanmelding.telvelden import eerste_reacties_bijwerken
from aanmelding.termijnen import termijnen_verwerken
from loket.models import Logregel, Rol
from tests.factories import GebruikerFactory
from tests.rapportage.conftest import moment

pytestmark = pytest.mark.django_db


def opdracht(*argumenten):
    """(exit code, stdout, stderr) of the command."""
    uit, fout = io.StringIO(), io.StringIO()
    try:
        call_command("telvelden_controleren", *argumenten, stdout=uit, stderr=fout)
    except SystemExit as einde:
        return einde.code, uit.getvalue(), fout.getvalue()
    return 0, uit.getvalue(), fout.getvalue()


def rauw(sql, parameters):
    """An operator's fix in SQL: no save hook runs."""
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)


@pytest.fixture
def vragen(bouw):
    """Requests that set every column: a re-registered child, a merged one, offers, flags."""
    eerste = bouw.vraag(start="2019-06-01", voornaam="Lena", ingediend="2019-01-10", kwetsbaar=True)
    tweede = bouw.vraag(start="2019-06-01", voornaam="Lena", ingediend="2019-02-10", zorg=True)
    bouw.voorstel(
        tweede,
        voorgesteld="2019-03-01",
        antwoord="aanvaard",
        beantwoord="2019-03-02",
        status="geannuleerd",
        afgesloten="2019-03-20",
    )
    bouw.voorstel(tweede, voorgesteld="2019-04-01", antwoord="aanvaard", beantwoord="2019-04-02")
    derde = bouw.vraag(start="2019-06-01", voornaam="Noah", ingediend="2019-01-11")
    samengevoegd = bouw.vraag(
        start="2019-06-01",
        voornaam="Noah",
        ingediend="2019-03-11",
        samengevoegd_met=derde,
        intrek_reden="andere",
        ingetrokken_op="2019-03-12",
    )
    return eerste, tweede, derde, samengevoegd


def test_telvelden_controleren_vindt_niets_na_de_bewaarhaken(vragen):
    eerste, tweede, _derde, _samengevoegd = vragen
    eerste.refresh_from_db()
    tweede.refresh_from_db()
    assert (eerste.kwetsbaar_gezin, eerste.volgende_ingediend_op) == (True, moment("2019-02-10"))
    assert (tweede.specifieke_zorgbehoefte, tweede.meerdere_aanvaard) == (True, True)
    assert tweede.eerste_voorstel_op == moment("2019-03-01")

    code, uit, fout = opdracht()

    assert code == 0
    assert uit.splitlines() == [
        "4 vragen gecontroleerd, 0 wijken af.",
        *[f"{veld}: 0" for veld in TELVELDEN],
    ]
    assert fout == ""


@pytest.mark.parametrize(
    ("veld", "waarde"),
    [
        ("kwetsbaar_gezin", False),
        ("specifieke_zorgbehoefte", False),
        ("eerste_voorstel_op", None),
        ("volgende_ingediend_op", None),
        ("meerdere_aanvaard", False),
    ],
)
def test_telvelden_controleren_vindt_en_herstelt_een_rauwe_wijziging(vragen, veld, waarde):
    eerste, tweede, *_ = vragen
    vraag = tweede if veld in ("specifieke_zorgbehoefte", "eerste_voorstel_op", "meerdere_aanvaard") else eerste
    goed = getattr(Opvangvraag.objects.get(pk=vraag.pk), veld)
    rauw(f"UPDATE aanmelding_opvangvraag SET {veld} = %s WHERE id = %s", [waarde, vraag.pk])
    code, uit, fout = opdracht()
    assert code == 1
    regels = uit.splitlines()
    assert regels[0] == "4 vragen gecontroleerd, 1 wijken af."
    assert f"{veld}: 1 ({vraag.loket.code}:{vraag.referentie})" in regels
    assert [r for r in regels[1:] if not r.endswith(": 0")] == [f"{veld}: 1 ({vraag.loket.code}:{vraag.referentie})"]
    assert "--herstel" in fout
    assert not Logregel.objects.filter(actie="telvelden.hersteld").exists()
    assert getattr(Opvangvraag.objects.get(pk=vraag.pk), veld) == waarde  # the check writes nothing

    code, uit, _fout = opdracht("--herstel")

    assert code == 0
    assert "1 vragen hersteld." in uit
    assert getattr(Opvangvraag.objects.get(pk=vraag.pk), veld) == goed
    regel = Logregel.objects.get(actie="telvelden.hersteld")
    assert regel.gebruiker is None and regel.loket is None
    assert regel.details["aantal"] == 1
    assert regel.details["per_kolom"] == {k: int(k == veld) for k in TELVELDEN}
    assert regel.details["per_loket"] == {str(vraag.loket_id): 1}
    assert regel.details["referenties"][veld] == [f"{vraag.loket.code}:{vraag.referentie}"]
    assert opdracht()[0] == 0
    assert opdracht("--herstel")[0] == 0
    assert Logregel.objects.filter(actie="telvelden.hersteld").count() == 1  # nothing left to repair


def test_eerste_reactie_bewaard_gecontroleerd_en_hersteld(vragen):
    tweede = vragen[1]
    eerste_voorstel, later_voorstel = Opvangvoorstel.objects.filter(vraag=tweede).order_by("voorgesteld_op")
    # Not chosen yet: no first reaction of a chosen location.
    assert (eerste_voorstel.eerste_reactie, later_voorstel.eerste_reactie) == (False, False)
    Voorkeur.objects.create(vraag=tweede, locatie=eerste_voorstel.locatie, rang=1)
    assert telvelden_controleren().per_kolom["eerste_reactie"] == 1  # a raw choice: the check finds it
    eerste_reacties_bijwerken(vragen=[tweede])
    eerste_voorstel.refresh_from_db()
    later_voorstel.refresh_from_db()
    assert (eerste_voorstel.eerste_reactie, later_voorstel.eerste_reactie) == (True, False)
    rauw("UPDATE aanbod_opvangvoorstel SET eerste_reactie = %s WHERE id = %s", [True, later_voorstel.pk])

    controle = telvelden_controleren()

    assert controle.afwijkend == 1
    assert controle.referenties["eerste_reactie"] == [f"{tweede.loket.code}:{tweede.referentie}"]
    assert opdracht("--herstel")[0] == 0
    later_voorstel.refresh_from_db()
    assert later_voorstel.eerste_reactie is False
    assert opdracht()[0] == 0


def test_telvelden_controleren_toont_hoogstens_20_referenties(bouw):
    vragen = [bouw.vraag(start="2019-06-01") for _ in range(22)]
    Opvangvraag.objects.update(specifieke_zorgbehoefte=True)  # a bulk write skips the save hooks
    controle = telvelden_controleren()
    assert controle.afwijkend == 22
    assert controle.per_kolom["specifieke_zorgbehoefte"] == 22
    assert len(controle.referenties["specifieke_zorgbehoefte"]) == 20
    code, uit, _fout = opdracht()
    assert code == 1
    assert uit.splitlines()[2].endswith(" …)")
    assert opdracht("--herstel")[0] == 0
    assert not Opvangvraag.objects.filter(specifieke_zorgbehoefte=True).exists()
    assert len(vragen) == 22


def test_verwerk_termijnen_herstelt_de_telvelden_eenmaal_per_nacht(vragen):
    eerste = vragen[0]
    rauw("UPDATE aanmelding_opvangvraag SET kwetsbaar_gezin = %s WHERE id = %s", [False, eerste.pk])
    nu = timezone.now()

    assert termijnen_verwerken(nu=nu)["telvelden_hersteld"] == 1
    assert Opvangvraag.objects.get(pk=eerste.pk).kwetsbaar_gezin is True
    rauw("UPDATE aanmelding_opvangvraag SET kwetsbaar_gezin = %s WHERE id = %s", [False, eerste.pk])
    assert termijnen_verwerken(nu=nu)["telvelden_hersteld"] == 0  # the same night: done already
    assert Logregel.objects.filter(actie="telvelden.hersteld").count() == 1

    assert termijnen_verwerken(nu=nu + datetime.timedelta(days=1))["telvelden_hersteld"] == 1  # the next night
    assert termijnen_verwerken(nu=nu + datetime.timedelta(days=2))["telvelden_hersteld"] == 0
    assert list(
        Logregel.objects.filter(actie__startswith="telvelden.").order_by("id").values_list("actie", flat=True)
    ) == [
        "telvelden.hersteld",
        "telvelden.hersteld",
        "telvelden.gecontroleerd",
    ]


def test_rapportpagina_meldt_een_herstelling_aan_de_coordinator(client, coordinator, bouw, ander_loket):
    vragen = [bouw.vraag(start="2019-06-01") for _ in range(2)]
    andere = bouw.vraag(start="2019-06-01")
    andere.loket = ander_loket
    andere.save()
    pagina = reverse("rapportage:home") + "?loket=gent&jaar=2019"
    client.force_login(coordinator)
    assert "hersteld" not in client.get(pagina).text
    Opvangvraag.objects.update(specifieke_zorgbehoefte=True)  # all three, at two desks
    assert opdracht("--herstel")[0] == 0

    response = client.get(pagina)

    vandaag = timezone.localdate().strftime("%d/%m/%Y")
    assert f"Op {vandaag} werden 2 vragen van dit loket hersteld" in response.text
    assert len(vragen) == 2
    assert response.context["herstellingen"] == [(Logregel.objects.get(actie="telvelden.hersteld").tijdstip, 2)]
    coordinator_ander_loket = GebruikerFactory(email="c@antwerpen.be", rol=Rol.COORDINATOR, loket=ander_loket)
    client.force_login(coordinator_ander_loket)
    assert f"Op {vandaag} werd 1 vraag van dit loket hersteld" in client.get(reverse("rapportage:home")).text
