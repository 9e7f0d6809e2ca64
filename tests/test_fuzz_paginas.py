"""Every page and every form of the project, fuzzed with nasty values: never a 500, and a refused
POST writes nothing.

What is fuzzed comes from the project itself, so a new view or field is covered without touching
this file: the URL names come from the resolver and who may use them from the permission matrix
(tests/test_toegangsmatrix.py); for each URL, the persona that may use it opens the page, and every
form on it (its fields, selects, buttons and target) and every GET parameter (the page's GET
forms, its links' query strings, and the `request.GET` keys its view module reads) is filled with
each value of NARE_WAARDEN in turn.

Why a fixed table and not Hypothesis: the values that broke this app were few and specific
(a NUL byte on PostgreSQL, `²` passing `str.isdigit()`, years outside Python's dates); a table
guarantees that every field meets every one of them on every run, with a run time that is known in
advance, where a random search would need many more examples to hit each field with each value.
The arbitrary-text search of the public forms stays in tests/test_hypothesis_formulieren.py.

Per page (GET): one request per value with every parameter set to it, with and without the
parameters that name the object (`loket`, `gezin`, ...); one per value for each of those alone;
each parameter alone with the values a form accepts but that overflow later (GELDIG_MAAR_GROOT:
a form with one invalid field never reaches its query); a list of values; 2,000 parameters.
Per form (POST): one request per value with every field set to it, the form's buttons taking
turns (so each branch of a view is reached); numbered field names with other digits (`keuze_²`);
the form as shown with its numbers and dates at the extremes; 2,000 parameters. A POST that is
refused (a client error, the form shown again, or a redirect with an error message) must not have
changed any table: after a request that sent an INSERT, UPDATE or DELETE, a checksum of all rows is
compared with the one before. Each page and form runs in a savepoint that is rolled back
afterwards, so an accepted POST changes nothing for the next one.

Run time (2 shared cores, one process): about 35 s on SQLite and 45 s on PostgreSQL for ~2,000 requests.
"""

import hashlib
import inspect
import re
import sys
from functools import partial
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.apps import apps
from django.contrib.messages import constants as berichtniveaus
from django.db import connection, transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from aanbod.models import Locatie
from aanmelding.views.ouder import CODES
from tests.aanmelding.ouder_hulp import stapdata
from tests.test_toegangsmatrix import MATRIX, PUBLIEK, url_voor
from tests.test_toegangsmatrix import werelden as werelden  # noqa: F401  (the fixture, used below)

NARE_WAARDEN = [
    "1\x00",
    "²",
    "٣",
    "-1",
    "99999999999999999999999999",
    "-99999999999999999999999999",
    "1e999",
    "NaN",
    "0000-00-00",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "99999-12-31",
    "",
    "🙂\u200b<b>'\"%_\\ " + "x" * 3000,
]
# Values that a form field accepts but that overflow later (date arithmetic, a PostgreSQL integer):
# two numbers, two dates.
GELDIG_MAAR_GROOT = ["99999999999999999999", "-99999999999999999999", "9999-12-31", "0001-01-01"]
LIJST = ["1", "²", "\x00"]

# The persona of each role that fuzzes a page: world A's own. A coordinator can do all a desk
# employee can, so pages open to both are fuzzed once, by the coordinator (a page for desk
# employees only would bring the employee in).
FUZZERS = ["anoniem", "ouder", "toeleider", "medewerker", "coordinator", "aanbieder"]

# Writes that a refused request may make: the session, the throttle's failed attempts, the second
# factor's failure counter, and the audit log's "looked at" rows (a refused form is shown again
# with the family's data on it).
NIET_VERGELEKEN = {"sessions.Session", "loket.MisluktePoging", "otp_totp.TOTPDevice"}
# Reference data that no page writes: counted, not hashed row by row (most of the rows, and time).
ALLEEN_TELLEN = {
    "loket.Gemeente",
    "loket.Postcode",
    "loket.GemeenteAlias",
    "contenttypes.ContentType",
    "auth.Permission",
}
VRIJE_TABELLEN = [f'"{apps.get_model(label)._meta.db_table}"' for label in NIET_VERGELEKEN]
INZAGE = re.compile(r"\.(bekeken|gezien|audit_bekeken|geexporteerd|gedownload)$")


def fuzzers_van(naam):
    soort, toegestaan = MATRIX[naam]
    if naam == "metrics":
        return []  # no login opens it, only a token or an allowed address (tests/loket/test_bedrijf.py)
    if toegestaan == PUBLIEK:
        return ["anoniem"]
    personen = [p for p in FUZZERS if p in toegestaan]
    if "coordinator" in personen and "medewerker" in personen:
        personen.remove("medewerker")
    return personen


def urls_van(naam, objecten):
    soort = MATRIX[naam][0]
    if soort == "stap":
        return [f"/aanmelden/stap/{code}/?loket={objecten['loket']}" for code in CODES]
    return [url_voor(naam, soort, objecten)]


class Formulieren(HTMLParser):
    """The forms of a page (target, method, fields with the value they show) and its links."""

    def __init__(self):
        super().__init__()
        self.formulieren, self.links, self._select = [], [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.formulieren.append(
                {
                    "actie": a.get("action") or "",
                    "methode": (a.get("method") or "get").lower(),
                    "velden": {},
                    "typen": {},
                    "knoppen": [],
                }
            )
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if not self.formulieren or not a.get("name"):
            if tag == "option" and self._select and self.formulieren:
                velden = self.formulieren[-1]["velden"]
                if "selected" in a or not velden.get(self._select):
                    velden[self._select] = a.get("value", "")
            return
        velden, naam = self.formulieren[-1]["velden"], a["name"]
        if tag == "button" or (tag == "input" and a.get("type") in ("submit", "image")):
            self.formulieren[-1]["knoppen"].append((naam, a.get("value", "")))
        elif tag == "input" and a.get("type") in ("checkbox", "radio"):
            if "checked" in a or naam not in velden:
                velden[naam] = a.get("value", "on") if "checked" in a else velden.get(naam, "")
        elif tag == "input":
            velden[naam] = a.get("value", "")
            self.formulieren[-1]["typen"][naam] = a.get("type", "text")
        elif tag == "textarea":
            velden[naam] = ""
        elif tag == "select":
            velden[naam], self._select = "", naam

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def gelezen_parameters(pad):
    """The `request.GET` keys that the view behind `pad` reads, itself or in the helpers of its
    module that it hands the request to (`_loket(request)`, ...)."""
    try:
        view = inspect.unwrap(resolve(pad).func)
    except Resolver404:
        return set()
    module = sys.modules[view.__module__]
    bron = inspect.getsource(view)
    for naam in set(re.findall(r"\b(\w+)\(request\b", bron)):
        hulp = getattr(module, naam, None)
        if inspect.isfunction(hulp) and hulp.__module__ == module.__name__:
            bron += inspect.getsource(hulp)
    return set(re.findall(r"request\.GET(?:\.get|\.getlist)?[\[(]\s*[\"'](\w+)[\"']", bron))


def momentopname():
    """A checksum of every table's rows, but those that a refused request may write."""
    from loket.models import Logregel

    som = hashlib.sha256()
    for model in apps.get_models():
        if model._meta.label in NIET_VERGELEKEN or model._meta.managed is False:
            continue
        if model._meta.label in ALLEEN_TELLEN:
            som.update(f"{model._meta.label}:{model.objects.count()}".encode())
            continue
        rijen = model.objects.order_by("pk").values_list()
        if model is Logregel:
            rijen = [r for r in rijen.values_list("pk", "actie") if not INZAGE.search(r[1])]
        som.update(f"{model._meta.label}:{list(rijen)!r}".encode())
    return som.hexdigest()


def geweigerd(response):
    """Refused input: the form shown again, a client error, or a redirect with an error message."""
    if response.status_code != 302:
        return True
    berichten = getattr(response.wsgi_request, "_messages", None)
    return any(b.level == berichtniveaus.ERROR for b in getattr(berichten, "_queued_messages", []))


class Fuzzer:
    """Sends the requests of one persona and notes every 500 and every write on refused input."""

    def __init__(self, persoon, objecten):
        self.persoon, self.objecten, self.client = persoon, objecten, Client(raise_request_exception=False)
        self.fouten, self.stand = [], None

    def begin(self, pagina=None):
        """A fresh login (a POST may have logged out) and the page that holds the form: it sets up
        what the form expects in the session."""
        self.client.logout()
        if self.persoon is not None:
            self.client.force_login(self.persoon)
        if pagina:
            self.wizard_invullen(pagina)
            self.client.get(pagina)
        self.stand = None

    def wizard_invullen(self, url):
        """The registration wizard shows a step (and the summary its confirm form) only when the
        steps before it are valid, and its receipt only after a registration: fill them all in
        first, at world A's desk (and register, for the receipt)."""
        pad = urlsplit(url).path
        ingediend = pad.startswith(reverse("aanmelding:ingediend"))
        if not (pad.startswith("/aanmelden/stap/") or pad == reverse("aanmelding:overzicht") or ingediend):
            return
        self.client.get(reverse("aanmelding:start"), {"loket": self.objecten["loket"]})
        for code, data in stapdata(locatie=Locatie.objects.get(pk=self.objecten["locatie"])).items():
            self.client.post(reverse("aanmelding:stap", kwargs={"code": code}), data)
        if ingediend:
            token = self.client.get(reverse("aanmelding:overzicht")).context["token"]
            self.client.post(reverse("aanmelding:bevestigen"), {"token": token})

    def vraag(self, methode, pad, data, vergelijk=False):
        if vergelijk and self.stand is None:
            self.stand = momentopname()
        punt, schrijven = transaction.savepoint_create(), []
        with connection.execute_wrapper(partial(schrijfopdrachten, schrijven)):
            response = getattr(self.client, methode)(pad, data)
        if response.status_code >= 500:
            transaction.savepoint_rollback(punt)  # PostgreSQL refuses every query after an error
            fout = response.exc_info[1] if response.exc_info else response.status_code
            self.fouten.append((methode.upper(), pad, kort(data), f"{type(fout).__name__}: {fout}"[:300]))
            return response
        transaction.savepoint_commit(punt)
        # The checksum again only after a write statement: without one, nothing can have changed.
        if vergelijk and schrijven:
            voor, self.stand = self.stand, momentopname()
            if geweigerd(response) and self.stand != voor:
                self.fouten.append((methode.upper(), pad, kort(data), f"refused ({response.status_code}) but written"))
        return response


def schrijfopdrachten(schrijven, execute, sql, params, many, context):
    """Notes the statements that may change a compared table (a connection.execute_wrapper)."""
    if sql.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE") and not any(t in sql for t in VRIJE_TABELLEN):
        schrijven.append(sql)
    return execute(sql, params, many, context)


def kort(data):
    """A request's data, short enough to read in a failure message."""
    if isinstance(data, dict) and len(data) > 12:
        return f"<{len(data)} parameters>"
    return {k: (v[:20] + "…" if isinstance(v, str) and len(v) > 20 else v) for k, v in data.items()}


def doelen_verzamelen(fuzzer, urls):
    """What to fuzz on the pages at `urls`: GET targets {pad: {"basis": the URL's own query,
    "velden": parameter: shown value}} and POST targets {pad: {"velden", "typen", "knoppen",
    "pagina": the page that shows the form}}."""
    gets, posts, onbereikbaar, links = {}, {}, [], []

    def post_doel(pad):
        return posts.setdefault(pad, {"velden": {}, "typen": {}, "knoppen": [], "pagina": None})

    for url in urls:
        with transaction.atomic():  # nothing of the wizard's registration stays for the next page
            fuzzer.begin()
            fuzzer.wizard_invullen(url)
            response = fuzzer.client.get(url)
            transaction.set_rollback(True)
        pad, query = urlsplit(url).path, dict(parse_qsl(urlsplit(url).query))
        if response.status_code in (403, 404) or response.get("Location", "").startswith(reverse("loket:login")):
            onbereikbaar.append((url, response.status_code))
        if response.status_code == 405:
            post_doel(pad)
            continue
        doel = gets.setdefault(pad, {"basis": query, "velden": {}})
        doel["velden"].update(dict.fromkeys(gelezen_parameters(pad) - set(doel["velden"]), ""))
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        pagina = Formulieren()
        pagina.feed(response.content.decode())
        for link in pagina.links:
            deel = urlsplit(link)
            if not deel.netloc:
                links.append((deel.path or pad, deel.query))
        for formulier in pagina.formulieren:
            actie = urlsplit(formulier["actie"]).path or pad
            try:
                resolve(actie)
            except Resolver404:
                continue
            if formulier["methode"] == "get":
                velden = gets.setdefault(actie, {"basis": {}, "velden": {}})["velden"]
                velden.update(formulier["velden"], **dict(formulier["knoppen"]))
            else:
                post = post_doel(actie)
                post["velden"].update(formulier["velden"])
                post["typen"].update(formulier["typen"])
                post["knoppen"] += [k for k in formulier["knoppen"] if k not in post["knoppen"]]
                post["pagina"] = post["pagina"] or url
    # A link's parameters are parameters of the page it leads to (the report's downloads, ...).
    for pad, query in links:
        if pad in gets:
            velden = gets[pad]["velden"]
            velden.update({k: v for k, v in parse_qsl(query) if k not in velden})
    # A page the persona cannot open would only fuzz its refusal.
    assert not onbereikbaar, onbereikbaar
    return gets, posts


def get_fuzzen(fuzzer, pad, basis, velden):
    """Every value in every parameter at once (a raw read fails whatever the others hold), each
    parameter that names the object alone, and each parameter alone with the values that a form
    accepts (a valid year 9999 reaches the query only when the other fields are valid too)."""
    velden = {k: v for k, v in velden.items() if k not in basis}
    fuzzer.vraag("get", pad, {**basis, **{f"p{i}": "1" for i in range(2000)}})
    if not velden and not basis:
        return
    for waarde in NARE_WAARDEN:
        if velden:
            fuzzer.vraag("get", pad, {**basis, **dict.fromkeys(velden, waarde)})
            if basis:  # a parameter may be read only without the object's own (?referentie= without ?gezin=)
                fuzzer.vraag("get", pad, dict.fromkeys(velden, waarde))
        for sleutel in basis:
            fuzzer.vraag("get", pad, {**basis, sleutel: waarde})
    fuzzer.vraag("get", pad, {**basis, **dict.fromkeys(velden or basis, LIJST)})
    # Only where a number or a date may go: a field that shows a word (`on`, `open`) is a choice.
    for veld in [v for v, getoond in velden.items() if re.fullmatch(r"[\d/-]*", getoond)]:
        for waarde in GELDIG_MAAR_GROOT:
            fuzzer.vraag("get", pad, {**basis, **velden, veld: waarde})


def post_fuzzen(fuzzer, pad, velden, typen, knoppen):
    """Every value in every field at once, the form's buttons taking turns so that each branch is
    reached (a NUL byte and `²` with every button); numbered field names with other digits
    (`keuze_²`); then the form as shown with its numbers and dates at the extremes a form accepts."""
    velden = {k: v for k, v in velden.items() if k != "csrfmiddlewaretoken"}
    knoppen = knoppen or [None]
    reeks = [(w, k) for w in NARE_WAARDEN[:2] for k in knoppen]
    reeks += [(w, knoppen[i % len(knoppen)]) for i, w in enumerate([*NARE_WAARDEN[2:], LIJST])]
    for waarde, knop in reeks:
        fuzzer.vraag("post", pad, {**dict.fromkeys(velden, waarde), **dict([knop] if knop else [])}, True)
    knop = dict(knoppen[:1]) if knoppen[0] else {}
    genummerd = [naam for naam in velden if re.search(r"\d", naam)]
    for cijfer in ("²", "٣") if genummerd else ():
        fuzzer.vraag("post", pad, {**velden, **knop, **{re.sub(r"\d+", cijfer, n): "1" for n in genummerd}}, True)
    getallen = [k for k, t in typen.items() if t == "number"]
    datums = [k for k, t in typen.items() if t in ("date", "month")]
    for groot, datum in zip(GELDIG_MAAR_GROOT[:2], GELDIG_MAAR_GROOT[2:], strict=True):
        if getallen or datums:
            fuzzer.vraag(
                "post", pad, {**velden, **knop, **dict.fromkeys(getallen, groot), **dict.fromkeys(datums, datum)}, True
            )
    fuzzer.vraag("post", pad, {f"p{i}": "1" for i in range(2000)}, vergelijk=True)


# A persona's targets in this many parts, each a test of its own, so that pytest-xdist spreads them
# (the coordinator's ~1,400 requests took a minute in one test, the last to end on two workers).
DELEN = {"coordinator": 6, "aanbieder": 2}


def _volgorde(doel):
    methode, pad = doel
    return methode, re.sub(r"\d+", lambda getal: getal[0].zfill(12), pad)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "deel"),
    [(p, deel) for p in FUZZERS if any(p in fuzzers_van(naam) for naam in MATRIX) for deel in range(DELEN.get(p, 1))],
)
def test_paginas_en_formulieren_verdragen_nare_invoer(werelden, persona, deel):
    personen, objecten, _ = werelden
    namen = [naam for naam in sorted(MATRIX) if persona in fuzzers_van(naam)]
    fuzzer = Fuzzer(personen[persona], objecten)
    # Every page is read for its targets (a link on one page gives parameters to another); each
    # part fuzzes every DELEN-th target, in an order that does not depend on the pks' number of
    # digits (PostgreSQL's sequences go on from test to test).
    gets, posts = doelen_verzamelen(fuzzer, [url for naam in namen for url in urls_van(naam, objecten)])
    doelen = sorted([("get", pad) for pad in gets] + [("post", pad) for pad in posts], key=_volgorde)
    for methode, pad in doelen[deel :: DELEN.get(persona, 1)]:
        with transaction.atomic():
            if methode == "get":
                fuzzer.begin()
                get_fuzzen(fuzzer, pad, gets[pad]["basis"], gets[pad]["velden"])
            else:
                fuzzer.begin(posts[pad]["pagina"])
                post_fuzzen(fuzzer, pad, posts[pad]["velden"], posts[pad]["typen"], posts[pad]["knoppen"])
            transaction.set_rollback(True)
    assert not fuzzer.fouten, "\n".join(map(repr, fuzzer.fouten))
