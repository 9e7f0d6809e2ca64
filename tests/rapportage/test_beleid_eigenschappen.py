"""Property: the unanswered-over-time line of the policy dashboard is the Kind en Gezin report.

On random small desks (a child registered more than once, offers made, refused, accepted, called
off, requests withdrawn), the dashboard's point at the end of February of Y+1 equals rapport_kg for
Y, for the whole desk, for one municipality and for vulnerable families; and every other month end
equals the report taken with that reference date.
"""

import dataclasses
import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loket.models import Gemeente
from rapportage.beleid import Keuze, onbeantwoord_per_peildatum
from rapportage.queries import rapport_kg
from tests.factories import DESTELBERGEN, GENT
from tests.rapportage.conftest import Bouwer, moment

pytestmark = pytest.mark.django_db

BEGIN = datetime.date(2023, 6, 1)
NU = moment("2025-06-15 12:00")

voorstel = st.fixed_dictionaries(
    {
        "na": st.integers(0, 200),
        "antwoord": st.sampled_from(["", "aanvaard", "geweigerd"]),
        "beantwoord_na": st.integers(0, 30),
        "start_na": st.integers(-20, 90),
        "dagen": st.sampled_from(["2", "3", "4", "5"]),
        "geannuleerd_na": st.one_of(st.none(), st.integers(1, 100)),
    }
)
vraag = st.fixed_dictionaries(
    {
        "kind": st.integers(0, 3),
        "ingediend": st.integers(0, 640),
        "start": st.integers(0, 400),
        "gemeente": st.sampled_from([GENT, DESTELBERGEN, None]),
        "dagen": st.sampled_from(["2", "3", "4", "5"]),
        "kwetsbaar": st.booleans(),
        "voorstellen": st.lists(voorstel, max_size=3),
        "ingetrokken": st.one_of(
            st.none(), st.tuples(st.integers(1, 300), st.sampled_from(["niet_meer_nodig", "geen_opvang_gevonden"]))
        ),
    }
)


def _tekst(datum):
    return datum.isoformat()


def bouwen(loket, vragen):
    bouw = Bouwer(loket)
    for spec in vragen:
        ingediend = BEGIN + datetime.timedelta(days=spec["ingediend"])
        start = datetime.date(2024, 1, 1) + datetime.timedelta(days=spec["start"] - 20)
        plannen, moment_ = [], ingediend
        for nummer, v in enumerate(spec["voorstellen"]):
            moment_ = moment_ + datetime.timedelta(days=v["na"])
            plannen.append((nummer, v, moment_))
        aanvaard = [i for i, v, _m in plannen if v["antwoord"] == "aanvaard"]
        staand = aanvaard[-1] if aanvaard and plannen[aanvaard[-1]][1]["geannuleerd_na"] is None else None
        ingetrokken = spec["ingetrokken"] if staand is None else None
        kenmerken = {}
        if ingetrokken:
            kenmerken = {
                "intrek_reden": ingetrokken[1],
                "ingetrokken_op": _tekst(ingediend + datetime.timedelta(days=ingetrokken[0])),
            }
        laatste_open = bool(plannen) and plannen[-1][1]["antwoord"] == "" and not ingetrokken
        status = "toegewezen" if staand is not None else "voorstel" if laatste_open else None
        if status:
            kenmerken["status"] = status
        v_obj = bouw.vraag(
            start=_tekst(start),
            ingediend=_tekst(ingediend),
            gemeente=spec["gemeente"],
            voornaam=f"Kind{spec['kind']}",
            achternaam="Peeters",
            geboren="2023-05-01",
            dagen=spec["dagen"],
            kwetsbaar=spec["kwetsbaar"],
            **kenmerken,
        )
        for nummer, v, voorgesteld in plannen:
            beantwoord = voorgesteld + datetime.timedelta(days=v["beantwoord_na"])
            laatste = nummer == len(plannen) - 1
            if v["antwoord"] == "aanvaard":
                if nummer == staand:
                    status, afgesloten = "aanvaard", None
                else:
                    status = "geannuleerd"
                    afgesloten = beantwoord + datetime.timedelta(days=v["geannuleerd_na"] or 1)
            elif v["antwoord"] == "geweigerd":
                status, afgesloten = "geweigerd", None
            elif laatste and laatste_open:
                status, afgesloten = "open", None
            else:
                status, afgesloten = "verlopen", voorgesteld + datetime.timedelta(days=10)
            bouw.voorstel(
                v_obj,
                voorgesteld=_tekst(voorgesteld),
                start=_tekst(start + datetime.timedelta(days=v["start_na"])),
                dagen=v["dagen"],
                antwoord=v["antwoord"],
                beantwoord=_tekst(beantwoord) if v["antwoord"] else None,
                status=status,
                afgesloten=_tekst(afgesloten) if afgesloten else None,
            )


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(vragen=st.lists(vraag, min_size=1, max_size=7))
def test_februari_punt_is_het_jaarrapport(loket, vragen):
    with transaction.atomic():
        bouwen(loket, vragen)
        keuze = Keuze(loket=loket, van=datetime.date(2024, 1, 1), tot=datetime.date(2024, 12, 1), nu=NU)
        punten = onbeantwoord_per_peildatum(keuze)
        rapport = rapport_kg(loket=loket, jaar=2024, formaat="2024")
        februari = punten[datetime.date(2025, 2, 28)]
        assert februari["alle"] == rapport.totaal.aantallen
        assert februari["kwetsbaar_gezin"] == rapport.totaal.categorieen["kwetsbaar_gezin"]
        for peildatum in (datetime.date(2024, 3, 31), datetime.date(2024, 9, 30)):
            op_dat_moment = rapport_kg(loket=loket, jaar=2024, peildatum=peildatum, formaat="2019")
            assert punten[peildatum]["alle"] == op_dat_moment.totaal.aantallen
        gent = Gemeente.objects.get(nis=GENT)
        per_gemeente = onbeantwoord_per_peildatum(dataclasses.replace(keuze, gemeente=gent))
        rij = next(r for r in rapport.gemeenten if r.gemeente_id == gent.pk)
        assert per_gemeente[datetime.date(2025, 2, 28)]["alle"] == rij.aantallen
        transaction.set_rollback(True)
