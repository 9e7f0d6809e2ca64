"""Fixtures of the aanbod tests (the shared ones live in tests/conftest.py)."""

import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def nu():
    """A fixed "now" for the clock-dependent rules (staleness, reminders, deadlines)."""
    return timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 0))


@pytest.fixture
def tweede_locatie(locatie):
    """A second location of the same organisation as `locatie`."""
    from tests.factories import LocatieFactory

    return LocatieFactory(organisator=locatie.organisator, naam="Kinderdagverblijf De Stip")


@pytest.fixture
def locatie_aanbieder(tweede_locatie):
    """A provider user of the same organisation with access to the second location only."""
    from tests.factories import AanbiederToegangFactory

    return AanbiederToegangFactory(
        organisator=tweede_locatie.organisator, locatie=tweede_locatie, gebruiker__email="stip@bolleke.be"
    ).gebruiker


@pytest.fixture
def coordinator_ander_loket(ander_loket):
    from loket.models import Rol
    from tests.factories import GebruikerFactory

    return GebruikerFactory(email="coordinator@antwerpen.be", rol=Rol.COORDINATOR, loket=ander_loket)
