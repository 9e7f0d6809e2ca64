"""The users of the load test (a locustfile; bench/last.py starts locust with it).

Three kinds, in the mix of the issue: parents registering through the whole wizard (each
registration makes one request and one confirmation mail), desk staff reading the worklist and
request pages, providers looking at and confirming their free places. Staff and providers come
with a logged-in session (second factor passed) that bench/last.py prepared in LAST_SESSIES.
"""

import itertools
import json
import os
import random
import re
import threading

from locust import HttpUser, between, task

GEGEVENS = json.loads(open(os.environ["LAST_SESSIES"]).read())
_teller = itertools.count()
_slot = threading.Lock()
TOKEN = re.compile(r'name="token" value="([^"]+)"')


def volgnummer():
    with _slot:
        return next(_teller)


class Ouder(HttpUser):
    """A parent registering a child online: every step of the wizard, the summary, the confirm."""

    weight = GEGEVENS["gewichten"]["ouder"]
    wait_time = between(1, 3)

    @task
    def aanmelden(self):
        self.client.cookies.clear()
        nummer = volgnummer()
        self.client.get("/aanmelden/", name="/aanmelden/")
        csrf = self.client.cookies.get("csrftoken", "")
        for stap, data in GEGEVENS["stappen"].items():
            data = {**data, "csrfmiddlewaretoken": csrf}
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
        with self.client.post(
            "/aanmelden/bevestigen/",
            {"token": gevonden.group(1), "csrfmiddlewaretoken": csrf},
            name="/aanmelden/bevestigen/",
            allow_redirects=False,
            catch_response=True,
        ) as antwoord:
            if antwoord.status_code != 302 or "ingediend" not in antwoord.headers.get("Location", ""):
                antwoord.failure(f"bevestigen: {antwoord.status_code} {antwoord.headers.get('Location')}")


class Medewerker(HttpUser):
    """Desk staff: the worklist (filters, pages) and a request's page."""

    weight = GEGEVENS["gewichten"]["medewerker"]
    wait_time = between(1, 3)

    def on_start(self):
        self.client.cookies.set("sessionid", random.choice(GEGEVENS["medewerkers"]))

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


class Aanbieder(HttpUser):
    """A provider keeping the free places current: look at them, confirm them."""

    weight = GEGEVENS["gewichten"]["aanbieder"]
    wait_time = between(1, 3)

    def on_start(self):
        sessie, self.locatie = random.choice(GEGEVENS["aanbieders"])
        self.client.cookies.set("sessionid", sessie)

    @task(2)
    def vrije_plaatsen(self):
        self.client.get(f"/aanbieder/locatie/{self.locatie}/vrije-plaatsen/", name="/aanbieder/.../vrije-plaatsen/")

    @task(1)
    def bevestigen(self):
        self.client.get("/aanbieder/", name="/aanbieder/")
        self.client.post(
            f"/aanbieder/locatie/{self.locatie}/vrije-plaatsen/bevestigen/",
            {"terug": "lijst", "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")},
            name="/aanbieder/.../bevestigen/",
        )
