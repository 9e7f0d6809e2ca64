"""Who sees which request: each role, and for each an outsider who must not."""

import pytest
from django.http import Http404
from django.utils import timezone

from aanbod.queries import locatie_voor_aanbieder, locaties_voor_aanbieder
from aanmelding.queries import opvangvraag_voor_gebruiker, opvangvragen_zichtbaar_voor
from loket.models import Rol
from loket.queries import loketten_voor
from tests.factories import (
    AanbiederToegangFactory,
    GebruikerFactory,
    LocatieFactory,
    OpvangvoorstelFactory,
    OpvangvraagFactory,
)

pytestmark = pytest.mark.django_db


def zichtbaar(gebruiker):
    return set(opvangvragen_zichtbaar_voor(gebruiker))


def test_medewerker_ziet_alle_vragen_van_eigen_loket_en_niet_van_ander(medewerker, medewerker_ander_loket, loket):
    eigen = OpvangvraagFactory(gezin__loket=loket)
    ander = OpvangvraagFactory(gezin__loket=medewerker_ander_loket.loketten.get())
    assert zichtbaar(medewerker) == {eigen}
    assert zichtbaar(medewerker_ander_loket) == {ander}
    with pytest.raises(Http404):
        opvangvraag_voor_gebruiker(medewerker_ander_loket, eigen.pk)


def test_coordinator_ziet_eigen_loket(coordinator, loket, ander_loket):
    eigen = OpvangvraagFactory(gezin__loket=loket)
    OpvangvraagFactory(gezin__loket=ander_loket)
    assert zichtbaar(coordinator) == {eigen}
    assert list(loketten_voor(coordinator)) == [loket]


def test_beheerder_ziet_alles(loket, ander_loket):
    beheerder = GebruikerFactory(rol=Rol.BEHEERDER)
    vragen = {OpvangvraagFactory(gezin__loket=loket), OpvangvraagFactory(gezin__loket=ander_loket)}
    assert zichtbaar(beheerder) == vragen


def test_ouder_ziet_alleen_eigen_gezin(ouder_met_vraag, andere_ouder):
    ouder, vraag = ouder_met_vraag
    OpvangvraagFactory(gezin__loket=vraag.loket)
    assert zichtbaar(ouder) == {vraag}
    assert zichtbaar(andere_ouder) == set()
    with pytest.raises(Http404):
        opvangvraag_voor_gebruiker(andere_ouder, vraag.pk)


def test_toeleider_ziet_alleen_wat_hij_indiende(toeleider, loket):
    eigen = OpvangvraagFactory(
        gezin__loket=loket, kanaal="toeleider", toeleider=toeleider, toestemming_op=timezone.now()
    )
    OpvangvraagFactory(gezin__loket=loket)
    andere_toeleider = GebruikerFactory(rol=Rol.TOELEIDER, loket=loket)
    assert zichtbaar(toeleider) == {eigen}
    assert zichtbaar(andere_toeleider) == set()


def test_aanbieder_ziet_vragen_die_zijn_locatie_kozen(ouder_met_vraag, aanbieder, andere_aanbieder):
    _, vraag = ouder_met_vraag  # chose `locatie`, of aanbieder's organisation
    OpvangvraagFactory(gezin__loket=vraag.loket)  # chose nobody
    assert zichtbaar(aanbieder) == {vraag}
    assert zichtbaar(andere_aanbieder) == set()
    with pytest.raises(Http404):
        opvangvraag_voor_gebruiker(andere_aanbieder, vraag.pk)


def test_aanbieder_ziet_vraag_waarvoor_hij_voorstel_deed(aanbieder, andere_aanbieder, locatie):
    voorstel = OpvangvoorstelFactory(locatie=locatie)
    assert zichtbaar(aanbieder) == {voorstel.vraag}
    assert zichtbaar(andere_aanbieder) == set()


def test_aanbieder_met_een_locatie_ziet_niet_wat_zusterlocatie_koos(ouder_met_vraag, locatie):
    _, vraag = ouder_met_vraag
    zuster = LocatieFactory(organisator=locatie.organisator)
    alleen_zuster = AanbiederToegangFactory(organisator=locatie.organisator, locatie=zuster).gebruiker
    assert zichtbaar(alleen_zuster) == set()
    assert set(locaties_voor_aanbieder(alleen_zuster)) == {zuster}
    with pytest.raises(Http404):
        locatie_voor_aanbieder(alleen_zuster, locatie.pk)


def test_aanbieder_ziet_gedeelde_dringende_vragen_van_zijn_gebied(loket, aanbieder, andere_aanbieder, ander_loket):
    dringend = OpvangvraagFactory(gezin__loket=loket, dringend=True, dringend_reden="crisis")
    assert zichtbaar(aanbieder) == set()  # the desk does not share urgent requests (default)
    loket.dringend_delen = True
    loket.save()
    assert zichtbaar(aanbieder) == {dringend}  # its location lies in Gent, in the desk's area
    OpvangvraagFactory(gezin__loket=ander_loket, dringend=True)  # Antwerpen: not its area
    ander_loket.dringend_delen = True
    ander_loket.save()
    assert zichtbaar(aanbieder) == {dringend}
    dringend.status = "toegewezen"
    dringend.save()
    assert zichtbaar(aanbieder) == set()  # no longer open


def test_anoniem_en_inactief_zien_niets(ouder_met_vraag, medewerker):
    from django.contrib.auth.models import AnonymousUser

    assert zichtbaar(AnonymousUser()) == set()
    medewerker.is_active = False
    assert zichtbaar(medewerker) == set()


def test_aanbieder_ziet_eigen_locaties_niet_die_van_een_ander(aanbieder, andere_aanbieder, locatie):
    assert set(locaties_voor_aanbieder(aanbieder)) == {locatie}
    with pytest.raises(Http404):
        locatie_voor_aanbieder(andere_aanbieder, locatie.pk)


def test_gezin_kind_en_wisverzoek_alleen_voor_personeel_van_eigen_loket(
    loket, ander_loket, medewerker, coordinator, medewerker_ander_loket, toeleider, aanbieder, ouder_met_vraag
):
    from django.contrib.auth.models import AnonymousUser

    from aanmelding.models import Wisverzoek
    from aanmelding.queries import (
        gezin_voor_gebruiker,
        gezinnen_zichtbaar_voor,
        kind_voor_gebruiker,
        kinderen_zichtbaar_voor,
        wisverzoek_voor_gebruiker,
        wisverzoeken_zichtbaar_voor,
    )

    ouder, vraag = ouder_met_vraag
    gezin, kind = vraag.gezin, vraag.kind
    verzoek = Wisverzoek.objects.create(gezin=gezin, gevraagd_op=timezone.now())
    ander = OpvangvraagFactory(gezin__loket=ander_loket)
    Wisverzoek.objects.create(gezin=ander.gezin, gevraagd_op=timezone.now())
    coordinator_ander = GebruikerFactory(rol=Rol.COORDINATOR, loket=ander_loket)

    for persoon in (medewerker, coordinator):
        assert (set(gezinnen_zichtbaar_voor(persoon)), set(kinderen_zichtbaar_voor(persoon))) == ({gezin}, {kind})
        assert gezin_voor_gebruiker(persoon, gezin.pk, loket=loket) == gezin
        assert kind_voor_gebruiker(persoon, kind.pk, "gezin", loket=loket) == kind
        with pytest.raises(Http404):
            gezin_voor_gebruiker(persoon, gezin.pk, loket=ander_loket)
    assert list(wisverzoeken_zichtbaar_voor(coordinator)) == [verzoek]
    assert wisverzoek_voor_gebruiker(coordinator, verzoek.pk, "gezin") == verzoek
    # Another desk's staff, and a referrer, provider or parent (who reach a family only through a request).
    for buitenstaander in (medewerker_ander_loket, coordinator_ander, toeleider, aanbieder, ouder, AnonymousUser()):
        with pytest.raises(Http404):
            gezin_voor_gebruiker(buitenstaander, gezin.pk)
        with pytest.raises(Http404):
            kind_voor_gebruiker(buitenstaander, kind.pk)
        with pytest.raises(Http404):
            wisverzoek_voor_gebruiker(buitenstaander, verzoek.pk)
    # Erasure requests are the coordinator's: desk staff do not handle them.
    assert list(wisverzoeken_zichtbaar_voor(medewerker)) == []
