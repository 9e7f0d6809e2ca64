"""A small hand-built desk for the policy dashboard tests (fixed clock: 15 June 2025, noon).

Desk Gent (area Gent + Destelbergen), locations Het Bolleke (Gent, 18 places, income tariff),
De Rakker (Destelbergen, 10 places) and Lochristi Kids (outside the area, 12 places).
- Lena: registered online in January 2024 (assigned at Het Bolleke), registered again at the
  counter in March 2024 with her name typed differently (a child registered twice; still open).
- Noah: a vulnerable family via a referrer (February 2024); the request moved from Destelbergen to
  Gent; assigned at Lochristi Kids (outside the area), starting two months late.
- Emma: by phone (May 2024), urgent, Saturday; assigned at De Rakker, then the assignment fell
  through (still open).
- Mila: a walk-in registered by De Rakker (May 2024); assigned there with fewer days.
- Free places: Het Bolleke 3 fresh, De Rakker 2 stale.
"""

import datetime
from decimal import Decimal

from django.db import connection

from aanbod.models import Locatie, VrijePlaats
from aanmelding.models import Gezin, Kind
from loket.models import Gemeente
from tests.factories import (
    DESTELBERGEN,
    GENT,
    LOCHRISTI,
    OpvangvoorstelFactory,
    OpvangvraagFactory,
    OrganisatorFactory,
    VoorkeurFactory,
)
from tests.rapportage.conftest import moment

# The dashboard's queries: 19, and on PostgreSQL the planner settings of sections 3 and 4
# (rapportage.queries.grote_telling).
DASHBOARD_QUERIES = 19 + (2 if connection.vendor == "postgresql" else 0)
NU = moment("2025-06-15 12:00")


def _vraag(loket, *, voornaam, achternaam, geboren, gemeente, ingediend, start, kanaal, dagen="4", **extra):
    gemeente_obj = Gemeente.objects.get(nis=gemeente)
    gezin = Gezin.objects.create(loket=loket, gemeente=gemeente_obj, **extra.pop("gezin", {}))
    kind = Kind.objects.create(
        gezin=gezin, voornaam=voornaam, achternaam=achternaam, geboortedatum=datetime.date.fromisoformat(geboren)
    )
    return OpvangvraagFactory(
        loket=loket,
        gezin=gezin,
        kind=kind,
        gemeente=gemeente_obj,
        ingediend_op=moment(ingediend),
        gewenste_startdatum_origineel=datetime.date.fromisoformat(start),
        gewenste_startdatum=datetime.date.fromisoformat(start),
        dagen_per_week_origineel=Decimal(dagen),
        dagen_per_week=Decimal(dagen),
        kanaal=kanaal,
        status=extra.pop("status", "in_behandeling"),
        **extra,
    )


def _aanvaard(vraag, locatie, *, voorgesteld, beantwoord, start, dagen="4", afgesloten=None):
    return OpvangvoorstelFactory(
        vraag=vraag,
        locatie=locatie,
        voorgesteld_op=moment(voorgesteld),
        startdatum=datetime.date.fromisoformat(start),
        dagen_per_week=Decimal(dagen),
        antwoord="aanvaard",
        beantwoord_op=moment(beantwoord),
        status="geannuleerd" if afgesloten else "aanvaard",
        afgesloten_op=moment(afgesloten) if afgesloten else None,
        antwoord_tegen=datetime.date(2030, 1, 1),
    )


def bouwen(loket):
    organisator = OrganisatorFactory(naam="Kinderopvang Samen vzw")
    bolleke = Locatie.objects.create(
        organisator=organisator,
        naam="Het Bolleke",
        type="groepsopvang",
        gemeente=Gemeente.objects.get(nis=GENT),
        erkende_plaatsen=18,
        inkomenstarief=True,
    )
    rakker = Locatie.objects.create(
        organisator=organisator,
        naam="De Rakker",
        type="gezinsopvang",
        gemeente=Gemeente.objects.get(nis=DESTELBERGEN),
        erkende_plaatsen=10,
    )
    lochristi = Locatie.objects.create(
        organisator=OrganisatorFactory(naam="Lochristi Kids"),
        naam="Lochristi Kids",
        type="groepsopvang",
        gemeente=Gemeente.objects.get(nis=LOCHRISTI),
        erkende_plaatsen=12,
    )
    VrijePlaats.objects.create(
        locatie=bolleke, vanaf=datetime.date(2025, 9, 1), aantal=3, bevestigd_op=moment("2025-06-10 09:00")
    )
    VrijePlaats.objects.create(
        locatie=rakker, vanaf=datetime.date(2025, 9, 1), aantal=2, bevestigd_op=moment("2025-05-01 09:00")
    )

    lena = _vraag(
        loket,
        voornaam="Lena",
        achternaam="Peeters",
        geboren="2023-11-01",
        gemeente=GENT,
        ingediend="2024-01-10",
        start="2024-09-01",
        kanaal="online",
        status="toegewezen",
    )
    VoorkeurFactory(vraag=lena, locatie=bolleke, rang=1)
    _aanvaard(lena, bolleke, voorgesteld="2024-02-01", beantwoord="2024-02-05", start="2024-09-01")
    lena2 = _vraag(
        loket,
        voornaam=" LENA ",
        achternaam="peeters",
        geboren="2023-11-01",
        gemeente=GENT,
        ingediend="2024-03-05",
        start="2024-09-01",
        kanaal="balie",
        gezin={"laag_inkomen": True},
    )

    noah = _vraag(
        loket,
        voornaam="Noah",
        achternaam="Janssens",
        geboren="2024-01-15",
        gemeente=DESTELBERGEN,
        ingediend="2024-02-20",
        start="2024-06-01",
        kanaal="toeleider",
        toestemming_op=moment("2024-02-20"),
        dagen="5",
        status="toegewezen",
        gezin={"kwetsbaar_gemarkeerd": True, "kwetsbaar_reden": "test"},
    )
    # The family moved to Gent: the request is counted there from now on.
    gent = Gemeente.objects.get(nis=GENT)
    Gezin.objects.filter(pk=noah.gezin_id).update(gemeente=gent)
    noah.gemeente = gent
    noah.save()
    VoorkeurFactory(vraag=noah, locatie=lochristi, rang=1)
    _aanvaard(noah, lochristi, voorgesteld="2024-04-01", beantwoord="2024-04-03", start="2024-08-01", dagen="5")

    emma = _vraag(
        loket,
        voornaam="Emma",
        achternaam="Claes",
        geboren="2024-03-01",
        gemeente=GENT,
        ingediend="2024-05-10",
        start="2025-01-15",
        kanaal="telefoon",
        dringend=True,
        zaterdag=True,
    )
    VoorkeurFactory(vraag=emma, locatie=rakker, rang=1)
    _aanvaard(
        emma, rakker, voorgesteld="2024-06-01", beantwoord="2024-06-03", start="2025-01-15", afgesloten="2024-07-01"
    )

    mila = _vraag(
        loket,
        voornaam="Mila",
        achternaam="Wouters",
        geboren="2023-12-01",
        gemeente=DESTELBERGEN,
        ingediend="2024-05-20",
        start="2024-10-01",
        kanaal="aanbieder",
        dagen="3",
        status="toegewezen",
    )
    VoorkeurFactory(vraag=mila, locatie=rakker, rang=1)
    _aanvaard(mila, rakker, voorgesteld="2024-06-10", beantwoord="2024-06-12", start="2024-10-01", dagen="2")
    return {
        "bolleke": bolleke,
        "rakker": rakker,
        "lochristi": lochristi,
        "lena": lena,
        "lena2": lena2,
        "noah": noah,
        "emma": emma,
        "mila": mila,
    }
