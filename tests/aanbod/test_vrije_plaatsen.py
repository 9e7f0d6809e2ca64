"""Free places: the services' checks and audit log, staleness with a fixed clock, the reminder mail."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from aanbod.models import AanbodFout, Locatie, VrijePlaats
from aanbod.queries import open_plaatsen_prefetch, versheid_toevoegen
from aanbod.vrije_plaatsen import (
    verouderde_vrije_plaatsen_herinneren,
    vrije_plaats_declareren,
    vrije_plaats_verwijderen,
    vrije_plaats_wijzigen,
    vrije_plaatsen_bevestigen,
)
from aanmelding.voorstellen import voorstel_aanvaarden
from loket.logboek import logregels_voor
from loket.models import Logregel
from tests.factories import (
    AanbiederToegangFactory,
    LocatieFactory,
    LoketFactory,
    OpvangvoorstelFactory,
    VrijePlaatsFactory,
)

pytestmark = pytest.mark.django_db

DAG = datetime.timedelta(days=1)


def vers(locatie, nu):
    """The location as every list shows it: with its freshness computed."""
    [geladen] = versheid_toevoegen(
        Locatie.objects.filter(pk=locatie.pk).prefetch_related(open_plaatsen_prefetch()), nu=nu, geldig_dagen=14
    )
    return geladen


def test_vrije_plaats_declareren_bewaart_en_logt(aanbieder, locatie, nu):
    plaats = vrije_plaats_declareren(
        locatie=locatie, door=aanbieder, vanaf=nu.date(), aantal=2, weekschema="DDV----", leeftijdsgroep="baby", nu=nu
    )
    assert (plaats.aantal, plaats.weekschema, plaats.bevestigd_op, plaats.bevestigd_door) == (
        2,
        "DDV----",
        nu,
        aanbieder,
    )
    locatie.refresh_from_db()
    assert locatie.vrije_plaatsen_bevestigd_op == nu
    [regel] = logregels_voor(plaats)
    assert (regel.actie, regel.gebruiker, regel.details["aantal"]) == ("vrije_plaats.gedeclareerd", aanbieder, 2)


@pytest.mark.parametrize(
    ("aantal", "vanaf_dagen", "weekschema", "melding"),
    [
        (-1, 0, "DDDDD--", "Het aantal plaatsen kan niet negatief zijn."),
        (0, 0, "DDDDD--", "Geef minstens 1 vrije plaats op."),
        (201, 0, "DDDDD--", "Meer dan 200 vrije plaatsen op één locatie is niet mogelijk."),
        (19, 0, "DDDDD--", "Meer vrije plaatsen (19) dan vergunde plaatsen (18) is niet mogelijk."),
        (2, -8, "DDDDD--", "De datum 'vanaf' ligt meer dan een week in het verleden."),
        (2, 0, "-------", "Kies minstens één dag."),
    ],
)
def test_vrije_plaats_declareren_weigert_onzin_en_bewaart_niets(
    aanbieder, locatie, nu, aantal, vanaf_dagen, weekschema, melding
):
    with pytest.raises(AanbodFout) as fout:
        vrije_plaats_declareren(
            locatie=locatie,
            door=aanbieder,
            vanaf=nu.date() + vanaf_dagen * DAG,
            aantal=aantal,
            weekschema=weekschema,
            nu=nu,
        )
    assert str(fout.value) == melding
    assert VrijePlaats.objects.count() == 0
    assert Logregel.objects.count() == 0


def test_vrije_plaats_declareren_een_week_terug_mag(aanbieder, locatie, nu):
    plaats = vrije_plaats_declareren(locatie=locatie, door=aanbieder, vanaf=nu.date() - 7 * DAG, aantal=1, nu=nu)
    assert plaats.vanaf == nu.date() - 7 * DAG


def test_vrije_plaats_wijzigen_bevestigt_en_logt_oud_en_nieuw(aanbieder, locatie, nu):
    plaats = VrijePlaatsFactory(locatie=locatie, aantal=2, bevestigd_op=nu - 30 * DAG)
    vrije_plaats_wijzigen(
        plaats=plaats, door=aanbieder, vanaf=nu.date(), aantal=0, weekschema="DD-----", leeftijdsgroep="peuter", nu=nu
    )
    plaats.refresh_from_db()
    assert (plaats.aantal, plaats.weekschema, plaats.leeftijdsgroep, plaats.bevestigd_op) == (
        0,
        "DD-----",
        "peuter",
        nu,
    )
    [regel] = logregels_voor(plaats)
    assert regel.actie == "vrije_plaats.gewijzigd"
    assert (regel.details["oud"]["aantal"], regel.details["nieuw"]["aantal"]) == (2, 0)


def test_vrije_plaats_wijzigen_weigert_negatief_en_laat_alles_staan(aanbieder, locatie, nu):
    plaats = VrijePlaatsFactory(locatie=locatie, aantal=2)
    with pytest.raises(AanbodFout):
        vrije_plaats_wijzigen(
            plaats=plaats,
            door=aanbieder,
            vanaf=nu.date(),
            aantal=-3,
            weekschema="DD-----",
            leeftijdsgroep="alle",
            nu=nu,
        )
    plaats.refresh_from_db()
    assert plaats.aantal == 2
    assert list(logregels_voor(plaats)) == []


def test_vrije_plaats_verwijderen_logt_op_locatie(aanbieder, locatie, nu):
    plaats = VrijePlaatsFactory(locatie=locatie, aantal=3)
    vrije_plaats_verwijderen(plaats=plaats, door=aanbieder, nu=nu)
    assert VrijePlaats.objects.filter(pk=plaats.pk).exists() is False
    [regel] = logregels_voor(locatie)
    assert (regel.actie, regel.details["aantal"], regel.details["vrije_plaats"]) == (
        "vrije_plaats.verwijderd",
        3,
        plaats.pk,
    )


def test_vrije_plaatsen_bevestigen_in_een_keer(aanbieder, locatie, nu):
    oud = nu - 20 * DAG
    plaatsen = [VrijePlaatsFactory(locatie=locatie, bevestigd_op=oud) for _ in range(3)]
    andere = VrijePlaatsFactory(bevestigd_op=oud)
    assert vrije_plaatsen_bevestigen(locatie=locatie, door=aanbieder, nu=nu) == 3
    assert [VrijePlaats.objects.get(pk=p.pk).bevestigd_op for p in plaatsen] == [nu, nu, nu]
    assert VrijePlaats.objects.get(pk=andere.pk).bevestigd_op == oud
    assert [regel.actie for regel in logregels_voor(locatie)] == ["vrije_plaats.bevestigd"]


def test_versheid_verouderd_na_termijn_met_vaste_klok(locatie, nu):
    plaats = VrijePlaatsFactory(locatie=locatie, bevestigd_op=nu - 14 * DAG)
    assert vers(locatie, nu).verouderd is False  # exactly 14 days: still fresh
    assert vers(locatie, nu + datetime.timedelta(seconds=1)).verouderd is True
    assert plaats.is_verouderd(geldig_dagen=14, nu=nu + datetime.timedelta(seconds=1)) is True


def test_versheid_locatie_volgt_oudste_declaratie(locatie, nu):
    VrijePlaatsFactory(locatie=locatie, bevestigd_op=nu - DAG)
    VrijePlaatsFactory(locatie=locatie, bevestigd_op=nu - 20 * DAG)
    VrijePlaatsFactory(locatie=locatie, bevestigd_op=nu - 40 * DAG, aantal=0)  # full: does not count
    geladen = vers(locatie, nu)
    assert (geladen.bevestigd_op, geladen.verouderd) == (nu - 20 * DAG, True)
    assert [p.verouderd for p in geladen.open_plaatsen] == [False, True]


def test_versheid_zonder_declaraties_telt_laatste_bevestiging(aanbieder, locatie, nu):
    assert (vers(locatie, nu).bevestigd_op, vers(locatie, nu).verouderd) == (None, True)
    vrije_plaatsen_bevestigen(locatie=locatie, door=aanbieder, nu=nu)
    assert (vers(locatie, nu).bevestigd_op, vers(locatie, nu).verouderd) == (nu, False)
    assert vers(locatie, nu + 15 * DAG).verouderd is True


def test_herinnering_mailt_aanbieders_van_verouderde_locatie_eenmaal_per_termijn(
    django_capture_on_commit_callbacks, loket, locatie, aanbieder, locatie_aanbieder, tweede_locatie, nu
):
    locatie.email = "bolleke@example.be"
    locatie.save()
    VrijePlaatsFactory(locatie=locatie, bevestigd_op=nu - 15 * DAG)
    VrijePlaatsFactory(locatie=tweede_locatie, bevestigd_op=nu + 2 * DAG)  # fresh all along: never reminded
    with django_capture_on_commit_callbacks(execute=True):
        assert verouderde_vrije_plaatsen_herinneren(nu=nu) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["aanbieder@bolleke.be", "bolleke@example.be"]
    assert mail.outbox[0].subject == "Kloppen je vrije plaatsen nog?"
    assert f"/aanbieder/locatie/{locatie.pk}/vrije-plaatsen/" in mail.outbox[0].body
    [regel] = logregels_voor(locatie)
    assert (regel.actie, regel.details["aan"]) == (
        "vrije_plaats.herinnerd",
        ["aanbieder@bolleke.be", "bolleke@example.be"],
    )

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert verouderde_vrije_plaatsen_herinneren(nu=nu + DAG) == 0  # within the period: not again
        assert verouderde_vrije_plaatsen_herinneren(nu=nu + 14 * DAG) == 0
        assert verouderde_vrije_plaatsen_herinneren(nu=nu + 14 * DAG + datetime.timedelta(minutes=1)) == 2
    assert len(mail.outbox) == 2


def test_herinnering_een_mail_per_adres_voor_al_zijn_locaties(django_capture_on_commit_callbacks, loket, nu):
    organisatie_toegang = AanbiederToegangFactory(gebruiker__email="directie@vzw.be")
    for naam in ("Aap", "Beer"):
        VrijePlaatsFactory(
            locatie=LocatieFactory(organisator=organisatie_toegang.organisator, naam=naam, email=""),
            bevestigd_op=nu - 30 * DAG,
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert verouderde_vrije_plaatsen_herinneren(nu=nu) == 1
    [bericht] = mail.outbox
    assert bericht.to == ["directie@vzw.be"]
    assert ("- Aap:" in bericht.body, "- Beer:" in bericht.body) == (True, True)


def test_herinnering_niet_voor_inactieve_locatie_of_volzette_declaratie(loket, nu):
    VrijePlaatsFactory(locatie=LocatieFactory(actief=False), bevestigd_op=nu - 30 * DAG)
    VrijePlaatsFactory(aantal=0, bevestigd_op=nu - 30 * DAG)
    assert verouderde_vrije_plaatsen_herinneren(nu=nu) == 0
    assert Logregel.objects.count() == 0


def test_herinnering_volgt_kortste_termijn_van_de_loketten(loket, nu):
    loket.vrije_plaatsen_geldig_dagen = 30
    loket.save()
    plaats = VrijePlaatsFactory(bevestigd_op=nu - 20 * DAG)  # in Gent: 30 days → fresh
    assert verouderde_vrije_plaatsen_herinneren(nu=nu) == 0
    LoketFactory(code="strenger", gebied=["44021"], vrije_plaatsen_geldig_dagen=7)
    assert verouderde_vrije_plaatsen_herinneren(nu=nu) == 1
    assert [r.details["geldig_dagen"] for r in logregels_voor(plaats.locatie)] == [7]


def test_versheid_blijft_na_toewijzing_van_laatste_plaats(client, medewerker, locatie):
    # A declaration confirmed two days ago (as the demo data and the admin make them: the
    # location's own "looked at" moment is empty). An assignment takes its last place.
    bevestigd = timezone.now() - 2 * DAG
    plaats = VrijePlaatsFactory(locatie=locatie, aantal=1, bevestigd_op=bevestigd)
    voorstel = OpvangvoorstelFactory(locatie=locatie, vrije_plaats=plaats)
    voorstel_aanvaarden(voorstel=voorstel, door=None)
    assert VrijePlaats.objects.get(pk=plaats.pk).aantal == 0

    geladen = vers(locatie, timezone.now())
    assert (geladen.bevestigd_op, geladen.verouderd, geladen.open_plaatsen) == (bevestigd, False, [])
    # On the desk's overview and the public page alike.
    client.force_login(medewerker)
    for url in ("/loket/vrije-plaatsen/", f"/zoeken/locatie/{locatie.pk}/"):
        tekst = client.get(url).text
        assert "nog nooit bevestigd" not in tekst
        assert f"laatst bevestigd op {timezone.localdate(bevestigd):%d/%m/%Y}" in tekst


def test_versheid_zonder_open_plaatsen_telt_laatste_bekeken_moment(aanbieder, locatie, nu):
    VrijePlaatsFactory(locatie=locatie, aantal=0, bevestigd_op=nu - 20 * DAG)
    assert (vers(locatie, nu).bevestigd_op, vers(locatie, nu).verouderd) == (nu - 20 * DAG, True)
    vrije_plaatsen_bevestigen(locatie=locatie, door=aanbieder, nu=nu + DAG)
    assert (vers(locatie, nu + DAG).bevestigd_op, vers(locatie, nu + DAG).verouderd) == (nu + DAG, False)
