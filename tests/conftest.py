import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls in browser tests are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A Flemish browser: pages answer in Dutch (LocaleMiddleware reads Accept-Language).
    return {**browser_context_args, "locale": "nl-BE"}


@pytest.fixture(autouse=True)
def _gemeenten_na_flush(request):
    """Transactional tests flush the database, data migration included: load the municipalities again."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from loket.models import Gemeente

    if not Gemeente.objects.exists():
        gemeenten_in_bulk_laden()


def gemeenten_in_bulk_laden():
    """The data migration's municipalities in three bulk inserts (the migration itself goes row by row)."""
    import json

    from loket.models import Gemeente, GemeenteAlias, Postcode

    data = json.loads(
        (Path(__file__).resolve().parent.parent / "loket" / "data" / "gemeenten.json").read_text(encoding="utf-8")
    )
    gemeenten = Gemeente.objects.bulk_create(
        Gemeente(nis=r["nis"], naam_nl=r["naam_nl"], naam_fr=r["naam_fr"], provincie=r["provincie"])
        for r in data["gemeenten"]
    )
    per_nis = {g.nis: g for g in Gemeente.objects.all()}
    Postcode.objects.bulk_create(
        Postcode(code=code, gemeente=per_nis[r["nis"]]) for r in data["gemeenten"] for code in r["postcodes"]
    )
    GemeenteAlias.objects.bulk_create(
        GemeenteAlias(nis=a["nis"], naam=a["naam"], gemeente=per_nis[a["naar"]]) for a in data["aliassen"]
    )
    return gemeenten


@pytest.fixture(autouse=True)
def _contenttypes_in_cache(request, _gemeenten_na_flush):
    """Load every content type before the test, as a running server has long done: query counts
    then do not depend on which test happened to fill Django's content-type cache first."""
    if request.node.get_closest_marker("django_db") is None and "db" not in request.fixturenames:
        return
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(*apps.get_models())


@pytest.fixture(autouse=True)
def _tweestaps_bij_force_login(monkeypatch):
    """`client.force_login(user)` stands for a full login: for staff and providers, the second factor too.

    The second factor itself is tested in tests/loket/test_tweestaps.py with a real code.
    """
    from django.test import Client

    origineel = Client.force_login

    def force_login(self, user, backend=None):
        origineel(self, user, backend)
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from loket.toegang import TWEESTAPS_ROLLEN

        if user.rol in TWEESTAPS_ROLLEN or user.is_superuser:
            apparaat, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
            sessie = self.session
            sessie["otp_device_id"] = apparaat.persistent_id
            sessie.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _taal_nederlands(settings):
    settings.LANGUAGE_CODE = "nl"


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    op_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    for item in items:
        if "postgres" in item.keywords and not op_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (make test with DATABASE_URL=postgres://...)"))


@pytest.fixture
def loket(db):
    from tests.factories import DESTELBERGEN, GENT, LoketFactory

    return LoketFactory(code="gent", naam="Lokaal Loket Kinderopvang Gent", gebied=[GENT, DESTELBERGEN])


@pytest.fixture
def ander_loket(db):
    from tests.factories import ANTWERPEN, LoketFactory

    return LoketFactory(code="antwerpen", naam="Lokaal Loket Kinderopvang Antwerpen", gebied=[ANTWERPEN])


@pytest.fixture
def medewerker(loket):
    from loket.models import Rol
    from tests.factories import GebruikerFactory

    return GebruikerFactory(email="medewerker@gent.be", rol=Rol.LOKETMEDEWERKER, loket=loket)


@pytest.fixture
def coordinator(loket):
    from loket.models import Rol
    from tests.factories import GebruikerFactory

    return GebruikerFactory(email="coordinator@gent.be", rol=Rol.COORDINATOR, loket=loket)


@pytest.fixture
def medewerker_ander_loket(ander_loket):
    from loket.models import Rol
    from tests.factories import GebruikerFactory

    return GebruikerFactory(email="medewerker@antwerpen.be", rol=Rol.LOKETMEDEWERKER, loket=ander_loket)


@pytest.fixture
def toeleider(loket):
    from loket.models import Rol
    from tests.factories import GebruikerFactory

    return GebruikerFactory(email="toeleider@ocmw.be", rol=Rol.TOELEIDER, loket=loket, organisatie="OCMW Gent")


@pytest.fixture
def locatie(loket):
    from tests.factories import LocatieFactory

    return LocatieFactory(naam="Kinderdagverblijf Het Bolleke")


@pytest.fixture
def aanbieder(locatie):
    """A provider user with access to the whole organisation of `locatie`."""
    from tests.factories import AanbiederToegangFactory

    return AanbiederToegangFactory(organisator=locatie.organisator, gebruiker__email="aanbieder@bolleke.be").gebruiker


@pytest.fixture
def andere_aanbieder(db):
    """A provider of another organisation, with a location of its own in the same area."""
    from tests.factories import AanbiederToegangFactory, LocatieFactory

    andere = LocatieFactory(naam="Onthaalouder Anja")
    return AanbiederToegangFactory(organisator=andere.organisator, gebruiker__email="anja@example.be").gebruiker


@pytest.fixture
def ouder_met_vraag(loket, locatie):
    """A parent (with a login) whose family has one open request that chose `locatie`."""
    from loket.models import Rol
    from tests.factories import GebruikerFactory, OpvangvraagFactory, OuderFactory, VoorkeurFactory

    vraag = OpvangvraagFactory(gezin__loket=loket)
    gebruiker = GebruikerFactory(email="ouder@example.be", rol=Rol.OUDER)
    OuderFactory(gezin=vraag.gezin, email=gebruiker.email, gebruiker=gebruiker)
    VoorkeurFactory(vraag=vraag, locatie=locatie)
    return gebruiker, vraag


@pytest.fixture
def andere_ouder(db):
    from loket.models import Rol
    from tests.factories import GebruikerFactory

    return GebruikerFactory(email="andere.ouder@example.be", rol=Rol.OUDER)
