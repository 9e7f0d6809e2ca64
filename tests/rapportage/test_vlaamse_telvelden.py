"""The Flemish kept columns of a request: `vlaams_volgende_ingediend_op` (the child's next registration
at any desk) and `elders_ingediend_op` (its first registration at another desk), per child key and year."""

import importlib
import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from aanmelding.models import Opvangvraag
from aanmelding.privacy import gezin_anonimiseren
from aanmelding.queries import TELVELDEN, telvelden_controleren
from aanmelding.registratie import opvangvragen_samenvoegen
from loket.models import Logregel
from rapportage.vlaanderen import kinderen_ook_elders, rapport_vlaanderen
from tests.factories import ANTWERPEN, LoketFactory
from tests.rapportage.conftest import Bouwer, moment

pytestmark = pytest.mark.django_db

VLAAMS = ["volgende_ingediend_op", "vlaams_volgende_ingediend_op", "elders_ingediend_op"]


@pytest.fixture
def twee(loket):
    """Two builders: the `loket` fixture's desk and a neighbouring desk (Antwerpen)."""
    return Bouwer(loket), Bouwer(LoketFactory(code="buur", gebied=[ANTWERPEN]))


def momenten(vraag):
    """(volgende, vlaams volgende, elders) of a request as stored, as "YYYY-MM-DD" or None."""
    waarden = Opvangvraag.objects.filter(pk=vraag.pk).values_list(*VLAAMS).get()
    return tuple(w and w.astimezone(moment("2019-01-01").tzinfo).date().isoformat() for w in waarden)


@pytest.fixture
def kind_bij_twee_loketten(twee):
    """Lena at desk a (January, re-registered in March) and at desk b (February); in 2020 at b only."""
    a, b = twee
    a1 = a.vraag(start="2019-06-01", voornaam="Lena", ingediend="2019-01-10")
    b1 = b.vraag(start="2019-07-01", voornaam=" LENA ", ingediend="2019-02-01", gemeente=ANTWERPEN)
    a2 = a.vraag(start="2019-06-01", voornaam="Lena", ingediend="2019-03-01")
    b2020 = b.vraag(start="2020-02-01", voornaam="Lena", ingediend="2019-04-01", gemeente=ANTWERPEN)
    return a1, b1, a2, b2020


def test_kind_bij_twee_loketten_met_herinschrijving(kind_bij_twee_loketten):
    a1, b1, a2, b2020 = kind_bij_twee_loketten

    assert momenten(a1) == ("2019-03-01", "2019-02-01", "2019-02-01")
    assert momenten(b1) == (None, "2019-03-01", "2019-01-10")
    assert momenten(a2) == (None, None, "2019-02-01")
    assert momenten(b2020) == (None, None, None)  # another year: another group
    assert telvelden_controleren().in_orde


def test_nieuwe_vraag_bij_ander_loket_werkt_de_vragen_van_het_eerste_loket_bij(twee):
    a, b = twee
    eerste = a.vraag(start="2019-06-01", voornaam="Noah", ingediend="2019-01-10")
    assert momenten(eerste) == (None, None, None)

    b.vraag(start="2019-06-01", voornaam="Noah", ingediend="2019-01-05", gemeente=ANTWERPEN)  # registered earlier

    assert momenten(eerste) == (None, None, "2019-01-05")
    assert telvelden_controleren().in_orde


def test_samengevoegde_vraag_krijgt_geen_vlaamse_momenten(kind_bij_twee_loketten, medewerker):
    a1, b1, a2, _b2020 = kind_bij_twee_loketten

    opvangvragen_samenvoegen(behouden=a1, samen_te_voegen=a2, door=medewerker)

    assert momenten(a2) == (None, None, None)
    assert momenten(a1) == (None, "2019-02-01", "2019-02-01")
    assert momenten(b1) == (None, None, "2019-01-10")
    assert telvelden_controleren().in_orde


def test_geanonimiseerd_gezin_houdt_de_vlaamse_momenten(kind_bij_twee_loketten, coordinator):
    a1, b1, a2, b2020 = kind_bij_twee_loketten
    a1.status, a1.ingetrokken_op, a1.intrek_reden = "ingetrokken", moment("2019-01-20"), "andere"
    a1.save()
    voor = [momenten(v) for v in (a1, b1, a2, b2020)]

    gezin_anonimiseren(gezin=a1.gezin, door=coordinator, reden="wisverzoek")

    assert Opvangvraag.objects.get(pk=a1.pk).kind.identiteit.startswith("anon:")
    assert [momenten(v) for v in (a1, b1, a2, b2020)] == voor
    assert telvelden_controleren().in_orde
    assert rapport_vlaanderen(jaar=2019).kinderen_bij_meerdere_loketten == 1


def test_overzicht_leest_de_vlaamse_momenten(kind_bij_twee_loketten):
    a1, b1, a2, _b2020 = kind_bij_twee_loketten

    overzicht = rapport_vlaanderen(jaar=2019)

    # Desk a counts a2 (its last), desk b counts b1; Flanders a2 (registered last), a child at two desks.
    assert overzicht.som.aantallen["totaal"] == 2
    assert overzicht.uniek.aantallen["totaal"] == 1
    assert overzicht.kinderen_bij_meerdere_loketten == 1
    assert [(r.loket.code, r.totaal.elders) for r in overzicht.loketten] == [("buur", 1), (a1.loket.code, 1)]
    assert kinderen_ook_elders(loket=b1.loket, jaar=2019) == {b1.gemeente_id: 1}
    # On a reference date before desk b's registration the child is at one desk only.
    vroeg = rapport_vlaanderen(jaar=2019, peildatum=moment("2019-01-31").date())
    assert (vroeg.som.aantallen["totaal"], vroeg.uniek.aantallen["totaal"]) == (1, 1)
    assert vroeg.kinderen_bij_meerdere_loketten == 0
    assert kinderen_ook_elders(loket=a2.loket, jaar=2019, peildatum=moment("2019-01-31").date()) == {}


@pytest.mark.parametrize(
    ("veld", "index", "fout"),
    [
        ("vlaams_volgende_ingediend_op", 0, None),  # a1's next registration is at desk b
        ("vlaams_volgende_ingediend_op", 2, "2019-05-01"),  # a2 is the last one
        ("elders_ingediend_op", 1, None),  # b1's child is at desk a too
        ("elders_ingediend_op", 3, "2019-01-10"),  # in 2020 the child is at desk b only
    ],
)
def test_nachtelijke_controle_vindt_en_herstelt_een_fout_vlaams_moment(kind_bij_twee_loketten, veld, index, fout):
    vraag = kind_bij_twee_loketten[index]
    goed = getattr(Opvangvraag.objects.get(pk=vraag.pk), veld)
    with connection.cursor() as cursor:  # an operator's fix in SQL, or the race of two desks at once
        cursor.execute(
            f"UPDATE aanmelding_opvangvraag SET {veld} = %s WHERE id = %s", [fout and moment(fout), vraag.pk]
        )

    controle = telvelden_controleren()

    assert controle.afwijkend == 1
    assert controle.per_kolom == {k: int(k == veld) for k in TELVELDEN}
    assert controle.referenties[veld] == [f"{vraag.loket.code}:{vraag.referentie}"]
    uit = io.StringIO()
    call_command("telvelden_controleren", "--herstel", stdout=uit)
    assert getattr(Opvangvraag.objects.get(pk=vraag.pk), veld) == goed
    assert Logregel.objects.get(actie="telvelden.hersteld").details["per_loket"] == {str(vraag.loket_id): 1}
    assert telvelden_controleren().in_orde


def test_migratie_vult_de_vlaamse_momenten_zoals_telvelden_bijwerken(kind_bij_twee_loketten, twee, medewerker):
    a, b = twee
    b1 = kind_bij_twee_loketten[1]
    dubbel = b.vraag(start="2019-06-01", voornaam="Lena", ingediend="2019-05-01", gemeente=ANTWERPEN)
    dubbel.samengevoegd_met = b1
    dubbel.status, dubbel.ingetrokken_op, dubbel.intrek_reden = "ingetrokken", moment("2019-05-02"), "andere"
    dubbel.save()
    a.vraag(start="2019-06-01", voornaam="Mila", ingediend="2019-01-10")
    b.vraag(start="2019-06-01", voornaam="Mila", ingediend="2019-01-10", gemeente=ANTWERPEN)  # the same moment
    verwacht = list(Opvangvraag.objects.order_by("pk").values_list("pk", *VLAAMS))
    assert telvelden_controleren().in_orde
    Opvangvraag.objects.update(vlaams_volgende_ingediend_op=None, elders_ingediend_op=None)
    assert not telvelden_controleren().in_orde

    migratie = importlib.import_module("aanmelding.migrations.0013_vlaamse_telvelden")
    historisch = MigrationLoader(connection).project_state(("aanmelding", "0013_vlaamse_telvelden")).apps
    # The step reads only the schema editor's connection (SQLite refuses a schema editor inside the test's transaction).
    migratie.vlaamse_telvelden_vullen(historisch, SimpleNamespace(connection=connection))

    assert list(Opvangvraag.objects.order_by("pk").values_list("pk", *VLAAMS)) == verwacht
    assert telvelden_controleren().in_orde
