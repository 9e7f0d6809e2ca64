"""The users of the load test (a locustfile; bench/last.py starts locust with it).

Three kinds, in the mix of the issue, each with the pauses of a real person (think time):

- **Parents** registering a child online, through the whole wizard as a browser does it: the
  start page, then for each of the 7 steps the step's page (GET) and, after filling it in, its
  form (POST), then the summary, the confirm and the confirmation page: 18 requests. A parent
  reads or types 15-45 s (30 s on average) before each step, the summary and the first step:
  9 pauses, about 270 s per registration, plus 15-45 s before the next parent takes the place.
  A peak does not start with every parent on the first step: bench/last.py prepares each
  parent's session with 0 to 7 steps already done (evenly spread), so the run starts in the middle
  of a peak and about three in four of them confirm within 3 minutes (one request and one mail
  each); the others are still typing.
- **Desk staff** reading the worklist (filters, pages) and opening a request: 10-30 s (20 s) on
  a page before the next: scanning 25 rows, reading a request's history.
- **Providers** keeping their free places current: the free-places page, or their home page and
  then "nothing changed" (a POST and the page it redirects to); 10-30 s (20 s) on each page.

What that offers (Little's law, requests per user divided by the time between them):
parents 200 x 18 / (9 x 30 s + 30 s) = 12 req/s; staff 50 / 20 s = 2.5 req/s; providers
50 x 5/3 requests per task / (20 s + 1/3 x 20 s) = 3.1 req/s; together about 18 requests per
second, against the ~150 of the earlier version, in which every user waited only 1-3 s and a
parent posted all steps back to back (9600 ms p50: a queue, not a measure of the app).
Staff and providers come with a logged-in session (second factor passed) that bench/last.py
prepared in LAST_SESSIES, parents with a session of a wizard in progress.
"""

import itertools
import json
import os
import random
import re
import threading

import gevent
from locust import HttpUser, between, task

GEGEVENS = json.loads(open(os.environ["LAST_SESSIES"]).read())


class Persoon(HttpUser):
    """A user who, when the measurement starts, is somewhere in a pause already (as everyone is in
    the middle of a peak): the first request comes after a random part of one think time, not all
    300 users in the same second (the earlier version's first 10 s were a burst of ~30 req/s)."""

    abstract = True

    def on_start(self):
        gevent.sleep(random.random() * self.wait_time())


_teller = itertools.count()
_ouders = itertools.count()
_slot = threading.Lock()
TOKEN = re.compile(r'name="token" value="([^"]+)"')
STAPPEN = list(GEGEVENS["stappen"].items())


def volgnummer(teller=_teller):
    with _slot:
        return next(teller)


class Ouder(Persoon):
    """A parent registering a child online: every step of the wizard, the summary, the confirm."""

    weight = GEGEVENS["gewichten"]["ouder"]
    wait_time = between(15, 45)  # reading a page, typing a step

    def on_start(self):
        # The first registration continues a wizard in progress (bench/last.py: 0-7 steps done).
        sessie, self.gedaan = GEGEVENS["ouders"][volgnummer(_ouders) % len(GEGEVENS["ouders"])]
        self.client.cookies.set("sessionid", sessie)
        super().on_start()

    @task
    def aanmelden(self):
        if self.gedaan is None:
            self.client.cookies.clear()
            self.client.get("/aanmelden/", name="/aanmelden/")
            self.wait()
            begin = 0
        else:
            begin, self.gedaan = self.gedaan, None
        nummer = volgnummer()
        for stap, data in STAPPEN[begin:]:
            self.client.get(f"/aanmelden/stap/{stap}/", name="/aanmelden/stap/[stap]/")
            self.wait()
            data = {**data, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
            if stap == "kind":
                data["voornaam"] = f"Kind{os.getpid()}x{nummer}"
            if stap == "gezin":
                data["ouder1-email"] = f"ouder-{os.getpid()}-{nummer}@last.invalid"
            with self.client.post(
                f"/aanmelden/stap/{stap}/",
                data,
                name="/aanmelden/stap/[stap]/",
                allow_redirects=False,
                catch_response=True,
            ) as antwoord:
                if antwoord.status_code != 302:
                    antwoord.failure(f"stap {stap}: {antwoord.status_code}")
                    return
        nakijken = self.client.get("/aanmelden/nakijken/", name="/aanmelden/nakijken/")
        gevonden = TOKEN.search(nakijken.text)
        if not gevonden:
            return
        self.wait()
        with self.client.post(
            "/aanmelden/bevestigen/",
            {"token": gevonden.group(1), "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")},
            name="/aanmelden/bevestigen/",
            allow_redirects=False,
            catch_response=True,
        ) as antwoord:
            if antwoord.status_code != 302 or "ingediend" not in antwoord.headers.get("Location", ""):
                antwoord.failure(f"bevestigen: {antwoord.status_code} {antwoord.headers.get('Location')}")
                return
            volgende = antwoord.headers["Location"]
        self.client.get(volgende, name="/aanmelden/ingediend/")


class Medewerker(Persoon):
    """Desk staff: the worklist (filters, pages) and a request's page."""

    weight = GEGEVENS["gewichten"]["medewerker"]
    wait_time = between(10, 30)  # scanning a page of 25 rows, reading a request

    def on_start(self):
        self.client.cookies.set("sessionid", random.choice(GEGEVENS["medewerkers"]))
        super().on_start()

    @task(3)
    def werklijst(self):
        params = random.choice(
            [
                "",
                "&pagina=2",
                "&status=ingediend",
                "&sorteer=ingediend",
                "&dringend=true",
                f"&pagina={random.randint(1, 40)}",
                "&zoek=mila",
            ]
        )
        self.client.get(f"/loket/?loket={GEGEVENS['loket']}{params}", name="/loket/ (werklijst)")

    @task(2)
    def vraag(self):
        self.client.get(f"/loket/vraag/{random.choice(GEGEVENS['vragen'])}/", name="/loket/vraag/[pk]/")


class Aanbieder(Persoon):
    """A provider keeping the free places current: look at them, confirm them."""

    weight = GEGEVENS["gewichten"]["aanbieder"]
    wait_time = between(10, 30)  # reading the page

    def on_start(self):
        sessie, self.locatie = random.choice(GEGEVENS["aanbieders"])
        self.client.cookies.set("sessionid", sessie)
        super().on_start()

    @task(2)
    def vrije_plaatsen(self):
        self.client.get(f"/aanbieder/locatie/{self.locatie}/vrije-plaatsen/", name="/aanbieder/.../vrije-plaatsen/")

    @task(1)
    def bevestigen(self):
        self.client.get("/aanbieder/", name="/aanbieder/")
        self.wait()
        with self.client.post(
            f"/aanbieder/locatie/{self.locatie}/vrije-plaatsen/bevestigen/",
            {"terug": "lijst", "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")},
            name="/aanbieder/.../bevestigen/",
            allow_redirects=False,
            catch_response=True,
        ) as antwoord:
            if antwoord.status_code != 302:
                antwoord.failure(f"bevestigen: {antwoord.status_code}")
                return
            volgende = antwoord.headers["Location"]
        # The page the confirm redirects to, measured on its own (it was inside the POST's time).
        self.client.get(volgende, name="/aanbieder/.../vrije-plaatsen/")
