"""Property-based tests of the public forms: arbitrary strings, dates and numbers never give a 500,
and what is refused writes nothing.

Forms: every step of the online registration (/aanmelden/stap/<code>/) and its confirm, the
login-link form (/mijn/) and the link itself, the public search (/zoeken/ and its GET filters),
and the staff login (/inloggen/). Each test runs its examples inside one test database
transaction (pytest-django), so each example asserts on differences in counts, with a fresh
client (and session) per example.
"""

from urllib.parse import quote

import pytest
from django.forms import MultiWidget
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from aanmelding.models import Gezin, Opvangvraag
from aanmelding.views.ouder import CODES, _formulieren
from aanmelding.views.portaal import EmailForm
from loket.models import Inloglink, MisluktePoging
from tests.aanmelding.ouder_hulp import stapdata

INSTELLINGEN = settings(
    max_examples=50,
    deadline=None,
    database=None,  # no example database in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

tekst = st.text(max_size=200)
datums = st.dates().flatmap(
    lambda d: st.sampled_from([d.isoformat(), f"{d.day}/{d.month}/{d.year}", f"{d.day:02d}-{d.month:02d}-{d.year}"])
)
getallen = st.one_of(
    st.integers().map(str),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
bekend = st.sampled_from(["", "on", "ja", "nee", "D", "V", "N", "-", "werkt", "nl", "fr", "1", "0", "true", "44021"])
waarde = st.one_of(tekst, datums, getallen, bekend)
veldwaarde = st.one_of(waarde, st.lists(waarde, min_size=1, max_size=3))


def tellingen():
    return (Opvangvraag.objects.count(), Gezin.objects.count())


def veldnamen(code, loket):
    """The POST names of one registration step's fields, taken from the step's own forms."""
    namen = []
    for form in _formulieren(code, {"stappen": {}, "geldig": []}, loket).values():
        for naam, veld in form.fields.items():
            volledig = form.add_prefix(naam)
            namen.append(volledig)
            if isinstance(veld.widget, MultiWidget):
                namen += [f"{volledig}_{i}" for i in range(len(veld.widget.widgets))]
    return namen


def formulier(namen):
    return st.dictionaries(st.sampled_from([*namen, "actie", "filter_gemeente", "onbekend"]), veldwaarde)


def geen_serverfout(response):
    assert response.status_code < 500, response.status_code
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("code", CODES)
def test_registratiestap_verdraagt_elke_invoer(code, loket, locatie):
    namen = veldnamen(code, loket)

    @INSTELLINGEN
    @given(data=formulier(namen), token=tekst)
    def stap(data, token):
        voor = tellingen()
        client = Client()
        geen_serverfout(client.post(f"/aanmelden/stap/{code}/", data))
        geen_serverfout(client.get(f"/aanmelden/stap/{code}/"))
        geen_serverfout(client.get("/aanmelden/nakijken/"))
        # A confirm without the summary's own one-time token never registers anything.
        geen_serverfout(client.post("/aanmelden/bevestigen/", {"token": token}))
        assert tellingen() == voor

    stap()


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["kind", "opvang", "situatie"])
def test_registratie_met_geldige_andere_stappen_verdraagt_elke_invoer(code, loket, locatie):
    """The other steps filled in validly, so that the summary re-validates the arbitrary step
    against them (the start date against the birth date, ...) and the confirm can really run."""
    namen = veldnamen(code, loket)
    geldig = stapdata(locatie=locatie)

    @settings(INSTELLINGEN, max_examples=30)
    @given(data=formulier(namen))
    def stap(data):
        voor = tellingen()
        client = Client()
        for andere in CODES:
            geen_serverfout(client.post(f"/aanmelden/stap/{andere}/", data if andere == code else geldig[andere]))
        overzicht = geen_serverfout(client.get("/aanmelden/nakijken/"))
        if overzicht.status_code != 200:
            # A step is not valid: the summary sends the parent back to it, and nothing can be confirmed.
            geen_serverfout(client.post("/aanmelden/bevestigen/", {"token": "geen"}))
            assert tellingen() == voor
            return
        geen_serverfout(client.post("/aanmelden/bevestigen/", {"token": overzicht.context["token"]}))
        assert tellingen()[0] - voor[0] in (0, 1)  # valid after all: one request at most

    # The valid data itself first: the confirm path runs (and registers) at least once.
    voor = tellingen()
    example(data=geldig[code])(stap)()
    assert tellingen()[0] >= voor[0] + 1


@pytest.mark.django_db
def test_registratie_start_verdraagt_elk_loket(loket):
    @INSTELLINGEN
    @given(code=tekst)
    def start(code):
        voor = tellingen()
        client = Client()
        geen_serverfout(client.get("/aanmelden/", {"loket": code}))
        geen_serverfout(client.get("/aanmelden/stap/kind/", {"loket": code}))
        assert tellingen() == voor

    start()


@pytest.mark.django_db
def test_inloglinkformulier_verdraagt_elke_invoer(loket, ouder_met_vraag):
    @INSTELLINGEN
    @given(email=st.one_of(tekst, st.emails(), waarde), extra=formulier(["email"]))
    def inloglink(email, extra):
        voor, links = tellingen(), Inloglink.objects.count()
        data = {**extra, "email": email}
        response = geen_serverfout(Client().post("/mijn/", data))
        if not EmailForm(data).is_valid():
            assert response.status_code == 200
            assert Inloglink.objects.count() == links
        assert tellingen() == voor

    inloglink()


@pytest.mark.django_db
def test_inloglink_verdraagt_elk_token(loket):
    @INSTELLINGEN
    @given(token=tekst.filter(lambda t: t.strip("./")))
    def link(token):
        voor = tellingen()
        client = Client()
        url = f"/mijn/inloggen/{quote(token, safe='')}/"
        geen_serverfout(client.get(url))
        response = geen_serverfout(client.post(url))
        assert "_auth_user_id" not in client.session
        assert response.status_code in (302, 404)
        assert tellingen() == voor

    link()


ZOEKVELDEN = ["gemeente", "type", "inkomenstarief", "atypisch", "vrij_vanaf", "leeftijd", "pagina"]


@pytest.mark.django_db
def test_publiek_zoeken_verdraagt_elke_filter(loket, locatie):
    @INSTELLINGEN
    @given(data=formulier(ZOEKVELDEN))
    def zoeken(data):
        voor = tellingen()
        response = geen_serverfout(Client().get("/zoeken/", data))
        assert response.status_code == 200
        assert tellingen() == voor

    zoeken()


@pytest.mark.django_db
def test_inlogformulier_verdraagt_elke_invoer(loket, medewerker):
    @INSTELLINGEN
    @given(gebruikersnaam=st.one_of(tekst, st.emails(), st.just("medewerker@gent.be")), wachtwoord=waarde)
    def inloggen(gebruikersnaam, wachtwoord):
        voor, pogingen = tellingen(), MisluktePoging.objects.count()
        client = Client()
        response = geen_serverfout(client.post("/inloggen/", {"username": gebruikersnaam, "password": wachtwoord}))
        # Nobody gets in with a guessed password; a failure is at most noted for the throttle.
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
        assert MisluktePoging.objects.count() - pogingen in (0, 1)
        assert tellingen() == voor

    inloggen()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("wie", "url"),
    [
        (None, "/aanmelden/"),
        ("medewerker", "/loket/"),
        ("toeleider", "/toeleider/aanmelden/"),
        ("coordinator", "/loket/wisverzoeken/"),
    ],
)
def test_loketcode_met_nul_teken_is_404(client, request, wie, url):
    """Found by the test above on PostgreSQL, which refuses a NUL character in text with an error."""
    if wie:
        client.force_login(request.getfixturevalue(wie))
    assert client.get(url, {"loket": "gent\x00"}).status_code == 404
