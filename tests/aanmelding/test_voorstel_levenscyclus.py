"""The offer's transitions: allowed and refused source states, the request's status, Logregel, mail."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from aanbod.models import AanbodFout, VrijePlaats
from aanbod.vrije_plaatsen import vrije_plaats_declareren, vrije_plaats_wijzigen, vrije_plaatsen_bevestigen
from aanmelding.voorstellen import (
    toewijzing_annuleren,
    voorstel_aanvaarden,
    voorstel_doen,
    voorstel_intrekken,
    voorstel_laten_verlopen,
    voorstel_weigeren,
)
from loket.logboek import logregels_voor
from tests.factories import (
    LocatieFactory,
    OpvangvoorstelFactory,
    OpvangvraagFactory,
    OuderFactory,
    VrijePlaatsFactory,
)

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate()


def acties(object):
    return [regel.actie for regel in logregels_voor(object)]


def status(object):
    object.refresh_from_db()
    return object.status


def doe_voorstel(vraag, door, **extra):
    return voorstel_doen(
        vraag=vraag,
        locatie=extra.pop("locatie", None) or LocatieFactory(),
        door=door,
        startdatum=extra.pop("startdatum", VANDAAG + datetime.timedelta(days=30)),
        weekschema="DDD----",
        **extra,
    )


def test_voorstel_doen_zet_vraag_op_voorstel(django_capture_on_commit_callbacks, aanbieder, loket):
    vraag = OpvangvraagFactory(gezin__loket=loket, status="in_behandeling")
    OuderFactory(gezin=vraag.gezin, email="papa@example.be")
    with django_capture_on_commit_callbacks(execute=True):
        voorstel = doe_voorstel(vraag, aanbieder)
    assert (voorstel.status, str(voorstel.dagen_per_week)) == ("open", "3")
    assert voorstel.antwoord_tegen == VANDAAG + datetime.timedelta(days=loket.antwoordtermijn_dagen)
    assert status(vraag) == "voorstel"
    assert acties(voorstel) == ["opvangvoorstel.gedaan"]
    assert [m.to for m in mail.outbox] == [["papa@example.be"]]


def test_voorstel_doen_weigert_tweede_open_voorstel(aanbieder, andere_aanbieder):
    vraag = OpvangvraagFactory()
    eerste = doe_voorstel(vraag, aanbieder)
    with pytest.raises(AanbodFout, match="loopt al een voorstel"):
        doe_voorstel(vraag, andere_aanbieder)
    assert list(vraag.voorstellen.all()) == [eerste]


@pytest.mark.parametrize("vraagstatus", ["toegewezen", "ingetrokken"])
def test_voorstel_doen_weigert_afgesloten_vraag(aanbieder, vraagstatus):
    velden = {"ingetrokken_op": timezone.now(), "intrek_reden": "andere"} if vraagstatus == "ingetrokken" else {}
    vraag = OpvangvraagFactory(status=vraagstatus, **velden)
    with pytest.raises(AanbodFout, match="afgesloten"):
        doe_voorstel(vraag, aanbieder)
    assert vraag.voorstellen.count() == 0


def test_voorstel_doen_weigert_startdatum_in_verleden(aanbieder):
    vraag = OpvangvraagFactory()
    with pytest.raises(AanbodFout, match="verleden"):
        doe_voorstel(vraag, aanbieder, startdatum=VANDAAG - datetime.timedelta(days=1))
    assert status(vraag) == "ingediend"


def test_voorstel_aanvaarden_wijst_toe_en_telt_plaats_af(django_capture_on_commit_callbacks, aanbieder):
    plaats = VrijePlaatsFactory(aantal=2)
    voorstel = OpvangvoorstelFactory(vrije_plaats=plaats, locatie=plaats.locatie)
    with django_capture_on_commit_callbacks(execute=True):
        voorstel_aanvaarden(voorstel=voorstel, door=None)
    assert status(voorstel) == "aanvaard"
    assert (voorstel.antwoord, voorstel.beantwoord_op is not None) == ("aanvaard", True)
    assert status(voorstel.vraag) == "toegewezen"
    plaats.refresh_from_db()
    assert plaats.aantal == 1
    assert acties(voorstel) == ["opvangvoorstel.aanvaard"]
    assert plaats.locatie.email in [adres for m in mail.outbox for adres in m.to]


@pytest.mark.parametrize("voorstelstatus", ["aanvaard", "geweigerd", "verlopen", "ingetrokken"])
def test_voorstel_aanvaarden_weigert_niet_open_voorstel(voorstelstatus):
    antwoord = {"aanvaard": "aanvaard", "geweigerd": "geweigerd"}.get(voorstelstatus, "")
    voorstel = OpvangvoorstelFactory(
        status=voorstelstatus, antwoord=antwoord, beantwoord_op=timezone.now() if antwoord else None
    )
    with pytest.raises(AanbodFout, match="niet meer open"):
        voorstel_aanvaarden(voorstel=voorstel, door=None)
    assert status(voorstel) == voorstelstatus


def test_voorstel_aanvaarden_na_termijn_geweigerd():
    voorstel = OpvangvoorstelFactory(antwoord_tegen=VANDAAG - datetime.timedelta(days=1))
    with pytest.raises(AanbodFout, match="antwoordtermijn"):
        voorstel_aanvaarden(voorstel=voorstel, door=None)
    assert status(voorstel) == "open"


def test_voorstel_weigeren_met_reden_zet_vraag_terug():
    voorstel = OpvangvoorstelFactory()
    with pytest.raises(AanbodFout):
        voorstel_weigeren(voorstel=voorstel, door=None, reden="geen zin")
    voorstel_weigeren(voorstel=voorstel, door=None, reden="te_ver", opmerking="30 minuten rijden")
    assert (status(voorstel), voorstel.antwoord, voorstel.weigerreden) == ("geweigerd", "geweigerd", "te_ver")
    assert status(voorstel.vraag) == "in_behandeling"
    assert acties(voorstel) == ["opvangvoorstel.geweigerd"]


def test_voorstel_laten_verlopen_alleen_na_termijn_en_eenmaal():
    voorstel = OpvangvoorstelFactory(antwoord_tegen=VANDAAG)
    assert voorstel_laten_verlopen(voorstel=voorstel) is False  # still answerable today
    morgen = timezone.now() + datetime.timedelta(days=1)
    assert voorstel_laten_verlopen(voorstel=voorstel, nu=morgen) is True
    assert voorstel_laten_verlopen(voorstel=voorstel, nu=morgen) is False
    assert (status(voorstel), status(voorstel.vraag)) == ("verlopen", "in_behandeling")
    assert acties(voorstel) == ["opvangvoorstel.verlopen"]


def test_voorstel_intrekken_door_aanbieder(aanbieder):
    voorstel = OpvangvoorstelFactory()
    with pytest.raises(AanbodFout):
        voorstel_intrekken(voorstel=voorstel, door=aanbieder, reden=" ")
    voorstel_intrekken(voorstel=voorstel, door=aanbieder, reden="Plaats toch niet vrij")
    assert (status(voorstel), status(voorstel.vraag)) == ("ingetrokken", "in_behandeling")
    assert acties(voorstel) == ["opvangvoorstel.ingetrokken"]
    with pytest.raises(AanbodFout, match="niet meer open"):
        voorstel_intrekken(voorstel=voorstel, door=aanbieder, reden="nogmaals")


def test_toewijzing_annuleren_geeft_plaats_terug_en_houdt_antwoord(medewerker):
    plaats = VrijePlaatsFactory(aantal=1)
    voorstel = OpvangvoorstelFactory(vrije_plaats=plaats)
    voorstel_aanvaarden(voorstel=voorstel, door=None)
    with pytest.raises(AanbodFout):
        toewijzing_annuleren(voorstel=voorstel, door=medewerker, reden="")
    toewijzing_annuleren(voorstel=voorstel, door=medewerker, reden="Gezin verhuist")
    assert (status(voorstel), voorstel.antwoord) == ("geannuleerd", "aanvaard")
    assert status(voorstel.vraag) == "in_behandeling"
    plaats.refresh_from_db()
    assert plaats.aantal == 1
    assert acties(voorstel) == ["opvangvoorstel.aanvaard", "opvangvoorstel.geannuleerd"]
    # A new offer may follow.
    assert doe_voorstel(voorstel.vraag, medewerker).status == "open"


def test_toewijzing_annuleren_kan_vraag_intrekken(medewerker):
    voorstel = OpvangvoorstelFactory()
    voorstel_aanvaarden(voorstel=voorstel, door=None)
    toewijzing_annuleren(
        voorstel=voorstel, door=medewerker, reden="Ouder blijft thuis", vraag_intrekken_reden="niet_meer_nodig"
    )
    vraag = voorstel.vraag
    assert (status(vraag), vraag.intrek_reden) == ("ingetrokken", "niet_meer_nodig")
    assert acties(vraag) == ["opvangvraag.ingetrokken"]


def test_toewijzing_annuleren_weigert_open_voorstel(medewerker):
    voorstel = OpvangvoorstelFactory()
    with pytest.raises(AanbodFout, match="Alleen een aanvaard"):
        toewijzing_annuleren(voorstel=voorstel, door=medewerker, reden="x")


def test_vrije_plaats_declareren_en_wijzigen_met_log(aanbieder, locatie):
    plaats = vrije_plaats_declareren(locatie=locatie, door=aanbieder, vanaf=VANDAAG, aantal=3)
    assert (plaats.aantal, plaats.bevestigd_door) == (3, aanbieder)
    vrije_plaats_wijzigen(
        plaats=plaats, door=aanbieder, vanaf=VANDAAG, aantal=1, weekschema="DD-----", leeftijdsgroep="baby"
    )
    plaats.refresh_from_db()
    assert (plaats.aantal, plaats.weekschema) == (1, "DD-----")
    assert acties(plaats) == ["vrije_plaats.gedeclareerd", "vrije_plaats.gewijzigd"]


@pytest.mark.parametrize(
    ("vanaf_dagen", "aantal", "melding"),
    [(0, -1, "negatief"), (0, 201, "200"), (-8, 1, "week in het verleden")],
)
def test_vrije_plaats_declareren_weigert_onzin(aanbieder, locatie, vanaf_dagen, aantal, melding):
    with pytest.raises(AanbodFout, match=melding):
        vrije_plaats_declareren(
            locatie=locatie, door=aanbieder, vanaf=VANDAAG + datetime.timedelta(days=vanaf_dagen), aantal=aantal
        )
    assert locatie.vrije_plaatsen.count() == 0


def test_vrije_plaatsen_bevestigen_in_een_klik(aanbieder, locatie):
    oud = timezone.now() - datetime.timedelta(days=40)
    VrijePlaatsFactory.create_batch(2, locatie=locatie, bevestigd_op=oud)
    assert vrije_plaatsen_bevestigen(locatie=locatie, door=aanbieder) == 2
    assert all(p.bevestigd_op > oud and p.bevestigd_door == aanbieder for p in locatie.vrije_plaatsen.all())
    assert acties(locatie) == ["vrije_plaats.bevestigd"]


def test_voorstel_doen_weigert_vrije_plaats_zonder_ruimte(aanbieder):
    # One place: the first offer holds it while open, a second offer on it is refused.
    plaats = VrijePlaatsFactory(aantal=1)
    eerste, tweede = OpvangvraagFactory(status="in_behandeling"), OpvangvraagFactory(status="in_behandeling")
    doe_voorstel(eerste, aanbieder, locatie=plaats.locatie, vrije_plaats=plaats)
    with pytest.raises(AanbodFout, match="Deze vrije plaats is niet meer vrij"):
        doe_voorstel(tweede, aanbieder, locatie=plaats.locatie, vrije_plaats=plaats)
    assert (status(tweede), tweede.voorstellen.count()) == ("in_behandeling", 0)
    # Once the first offer ends, its place is free for another offer again.
    voorstel_weigeren(voorstel=eerste.voorstellen.get(), door=None, reden="te_ver")
    assert doe_voorstel(tweede, aanbieder, locatie=plaats.locatie, vrije_plaats=plaats).vrije_plaats == plaats


def test_voorstel_doen_weigert_vrije_plaats_van_andere_locatie(aanbieder):
    plaats = VrijePlaatsFactory(aantal=2)
    vraag = OpvangvraagFactory(status="in_behandeling")
    with pytest.raises(AanbodFout, match="hoort bij een andere locatie"):
        doe_voorstel(vraag, aanbieder, locatie=LocatieFactory(), vrije_plaats=plaats)
    assert vraag.voorstellen.count() == 0


def test_tweede_aanvaarding_van_laatste_plaats_geweigerd_na_elkaar(django_capture_on_commit_callbacks):
    # Two offers on one place of 1 (made before offers counted against it, or the provider lowered
    # the number since): the first acceptance takes the place, the second is refused.
    plaats = VrijePlaatsFactory(aantal=1, locatie__email="bolleke@example.be")
    eerste, tweede = [OpvangvoorstelFactory(vrije_plaats=plaats, locatie=plaats.locatie) for _ in range(2)]
    OuderFactory(gezin=tweede.vraag.gezin, email="tweede@example.be")
    voorstel_aanvaarden(voorstel=eerste, door=None)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(AanbodFout) as fout:
        voorstel_aanvaarden(voorstel=tweede, door=None)
    assert str(fout.value) == (
        "Deze plaats is intussen niet meer vrij: ze werd net aan iemand anders gegeven. "
        "Het voorstel vervalt. Je aanvraag blijft lopen en het loket zoekt verder."
    )
    plaats.refresh_from_db()
    assert plaats.aantal == 0
    assert (status(eerste), status(eerste.vraag)) == ("aanvaard", "toegewezen")
    # The second offer ends plainly: withdrawn with the reason, the request back with the desk.
    assert (status(tweede), tweede.antwoord, status(tweede.vraag)) == ("ingetrokken", "", "in_behandeling")
    assert tweede.afsluit_reden == "De vrije plaats was al ingenomen toen het gezin wilde aanvaarden."
    [regel] = logregels_voor(tweede)
    assert (regel.actie, regel.details) == ("opvangvoorstel.plaats_ingenomen", {"vrije_plaats": plaats.pk})
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("bolleke@example.be", f"Voorstel vervallen: de vrije plaats was al ingenomen ({tweede.vraag.referentie})"),
        ("tweede@example.be", f"Een voorstel voor kinderopvang gaat niet door ({tweede.vraag.referentie})"),
    ]
    with pytest.raises(AanbodFout, match="niet meer open"):
        voorstel_aanvaarden(voorstel=tweede, door=None)


def test_aanvaarding_geweigerd_als_aanbieder_plaatsen_op_0_zette(aanbieder):
    plaats = VrijePlaatsFactory(aantal=1)
    voorstel = OpvangvoorstelFactory(vrije_plaats=plaats, locatie=plaats.locatie)
    vrije_plaats_wijzigen(
        plaats=plaats, door=aanbieder, vanaf=plaats.vanaf, aantal=0, weekschema="DDDDD--", leeftijdsgroep="alle"
    )
    with pytest.raises(AanbodFout, match="niet meer vrij"):
        voorstel_aanvaarden(voorstel=voorstel, door=None)
    assert (status(voorstel), status(voorstel.vraag)) == ("ingetrokken", "in_behandeling")
    assert VrijePlaats.objects.get(pk=plaats.pk).aantal == 0


def test_database_laat_vrije_plaatsen_nooit_onder_0_zakken():
    # Two checks hold it: the positive column's own and `vrije_plaats_aantal_0_tot_200`; both name it.
    plaats = VrijePlaatsFactory(aantal=0)
    with pytest.raises(IntegrityError, match="aantal"), transaction.atomic():
        VrijePlaats.objects.filter(pk=plaats.pk).update(aantal=F("aantal") - 1)
    assert VrijePlaats.objects.get(pk=plaats.pk).aantal == 0
