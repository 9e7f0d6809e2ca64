"""The status machine of aanmelding/levenscyclus.py: its docstring table is its code, and the one
copy that differed (toewijzing_annuleren withdrawing a request without the family's mail) now mails.
"""

import pytest
from django.core import mail

from aanmelding import levenscyclus
from aanmelding.models import OPEN_STATUSSEN, VoorstelStatus, VraagStatus
from aanmelding.registratie import opvangvraag_intrekken
from aanmelding.voorstellen import toewijzing_annuleren, voorstel_aanvaarden
from tests.factories import OpvangvoorstelFactory, OpvangvraagFactory, OuderFactory


def tabel_uit_docstring():
    """The rows of the module docstring's table as (object, from-states, action, to, log, mail)."""
    regels = [regel for regel in levenscyclus.__doc__.splitlines() if regel.startswith("|")]
    kop = [cel.strip() for cel in regels[0].strip("|").split("|")]
    assert kop == ["object", "from", "action", "to", "log", "mail"]
    assert set(regels[1]) <= {"|", "-"}
    rijen = []
    for regel in regels[2:]:
        object, van, actie, naar, log, post = (cel.strip() for cel in regel.strip("|").split("|"))
        rijen.append(
            (
                object,
                () if van == levenscyclus.GEEN else tuple(staat.strip() for staat in van.split(",")),
                actie,
                naar,
                "" if log == levenscyclus.GEEN else log,
                ()
                if post == levenscyclus.GEEN
                else tuple(tuple(deel.strip() for deel in item.split(":")) for item in post.split(",")),
            )
        )
    return rijen


def tabel_uit_code():
    return [
        (o.object, tuple(str(s) for s in o.van), o.actie, str(o.naar), o.log, o.mail) for o in levenscyclus.OVERGANGEN
    ]


def test_levenscyclus_docstring_tabel_is_de_code():
    assert tabel_uit_docstring() == tabel_uit_code()


def test_levenscyclus_statussen_en_sjablonen_bestaan():
    statussen = {"opvangvraag": set(VraagStatus.values), "opvangvoorstel": set(VoorstelStatus.values)}
    for object, van, actie, naar, _log, post in tabel_uit_code():
        assert set(van) | {naar} <= statussen[object], actie
        for ontvanger, sjabloon in post:
            assert ontvanger in {"gezin", "aanbieder", "wachters"}
            with open(f"templates/mail/{sjabloon}.txt", encoding="utf-8"):
                pass
    # One row per (object, action); the open states of a request are the ones the services use.
    assert len({(o.object, o.actie) for o in levenscyclus.OVERGANGEN}) == len(levenscyclus.OVERGANGEN)
    assert next(o for o in levenscyclus.OVERGANGEN if o.actie == "intrekken").van == tuple(OPEN_STATUSSEN)


@pytest.mark.django_db
def test_levenscyclus_weigert_overgang_uit_verkeerde_status():
    voorstel = OpvangvoorstelFactory(status=VoorstelStatus.VERLOPEN)
    fout = RuntimeError("niet open")
    with pytest.raises(RuntimeError, match="niet open"):
        levenscyclus.overgaan(voorstel, "aanvaarden", vraag=voorstel.vraag, door=None, fout=fout)


@pytest.mark.django_db
def test_toewijzing_annuleren_met_intrekken_mailt_het_gezin(django_capture_on_commit_callbacks, medewerker):
    """Withdrawing the request through a cancelled assignment mails the family as opvangvraag_intrekken does."""
    voorstel = OpvangvoorstelFactory()
    OuderFactory(gezin=voorstel.vraag.gezin, email="mama@example.be")
    voorstel_aanvaarden(voorstel=voorstel, door=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        toewijzing_annuleren(
            voorstel=voorstel, door=medewerker, reden="Ouder blijft thuis", vraag_intrekken_reden="niet_meer_nodig"
        )
    assert [m.to for m in mail.outbox] == [["mama@example.be"]]
    # The same mail a withdrawal at the desk sends.
    andere = OpvangvraagFactory(gezin=voorstel.vraag.gezin, status=VraagStatus.IN_BEHANDELING)
    with django_capture_on_commit_callbacks(execute=True):
        opvangvraag_intrekken(vraag=andere, door=medewerker, reden="niet_meer_nodig")
    assert mail.outbox[1].subject.replace(andere.referentie, voorstel.vraag.referentie) == mail.outbox[0].subject
    assert voorstel.vraag.referentie in mail.outbox[0].subject
