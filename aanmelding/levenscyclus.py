"""Every status change of a request (Opvangvraag) and of an offer (Opvangvoorstel), in one place.

The services (registration, offers, merging, the deadlines) decide *whether* a change may happen
and with which values; this module *makes* it: it checks the allowed source states, sets the
status, saves with `update_fields`, writes the one Logregel of the change and schedules its mails
after commit. An offer's change comes with a change of its request (an offer made puts the request
in `voorstel`, an offer that ends puts it back in `in_behandeling`): the offer's row writes the log
line, the request's row none. `—` as from-state: the object is created in that state. The
request's rows paired with an offer's take any open state: the offer's own from-state is what
is checked (its request is `voorstel` while it is open and `toegewezen` once accepted, but the
check has always been the offer's).

| object         | from                                            | action                  | to             | log                             | mail                                                                             |
|----------------|-------------------------------------------------|-------------------------|----------------|---------------------------------|----------------------------------------------------------------------------------|
| opvangvraag    | —                                               | indienen                | ingediend      | opvangvraag.ingediend           | gezin: vraag_ingediend                                                           |
| opvangvraag    | ingediend                                       | in_behandeling_nemen    | in_behandeling | opvangvraag.in_behandeling      | —                                                                                |
| opvangvraag    | ingediend, in_behandeling, voorstel             | intrekken               | ingetrokken    | opvangvraag.ingetrokken         | gezin: vraag_ingetrokken                                                         |
| opvangvraag    | ingediend, in_behandeling, voorstel, toegewezen | intrekken_na_annulering | ingetrokken    | opvangvraag.ingetrokken         | gezin: vraag_ingetrokken                                                         |
| opvangvraag    | ingediend, in_behandeling, voorstel             | samenvoegen             | ingetrokken    | opvangvraag.samengevoegd_in     | —                                                                                |
| opvangvraag    | ingediend, in_behandeling                       | voorstel_ontvangen      | voorstel       | —                               | —                                                                                |
| opvangvraag    | ingediend, in_behandeling, voorstel             | toewijzen               | toegewezen     | —                               | —                                                                                |
| opvangvraag    | ingediend, in_behandeling, voorstel             | voorstel_beeindigd      | in_behandeling | —                               | wachters: voorstel_vrij_wachter                                                  |
| opvangvraag    | ingediend, in_behandeling, voorstel, toegewezen | toewijzing_vervallen    | in_behandeling | —                               | wachters: voorstel_vrij_wachter                                                  |
| opvangvoorstel | —                                               | doen                    | open           | opvangvoorstel.gedaan           | gezin: voorstel_gedaan                                                           |
| opvangvoorstel | open                                            | aanvaarden              | aanvaard       | opvangvoorstel.aanvaard         | gezin: voorstel_aanvaard, aanbieder: voorstel_aanvaard_aanbieder                 |
| opvangvoorstel | open                                            | plaats_ingenomen        | ingetrokken    | opvangvoorstel.plaats_ingenomen | gezin: voorstel_plaats_ingenomen, aanbieder: voorstel_plaats_ingenomen_aanbieder |
| opvangvoorstel | open                                            | weigeren                | geweigerd      | opvangvoorstel.geweigerd        | aanbieder: voorstel_geweigerd_aanbieder                                          |
| opvangvoorstel | open                                            | laten_verlopen          | verlopen       | opvangvoorstel.verlopen         | gezin: voorstel_verlopen                                                         |
| opvangvoorstel | open                                            | intrekken               | ingetrokken    | opvangvoorstel.ingetrokken      | gezin: voorstel_ingetrokken                                                      |
| opvangvoorstel | open                                            | intrekken_met_vraag     | ingetrokken    | opvangvoorstel.ingetrokken      | —                                                                                |
| opvangvoorstel | aanvaard                                        | annuleren               | geannuleerd    | opvangvoorstel.geannuleerd      | —                                                                                |

Mail recipients: `gezin` the parents and the referrer, in the family's language (gezin_mailen);
`aanbieder` the offer's location address; `wachters` the providers waiting for the request's open
offer to end (wachters.wachters_verwittigen). The table is the tuple OVERGANGEN below, written out;
tests/aanmelding/test_levenscyclus_tabel.py keeps the two the same.

Who calls what: registratie.opvangvraag_indienen / _in_behandeling_nemen / _intrekken /
opvangvragen_samenvoegen; voorstellen.voorstel_doen / _aanvaarden / _weigeren / _laten_verlopen /
_intrekken / toewijzing_annuleren. Accepting an offer takes its free place through
aanbod.vrije_plaatsen.plaats_innemen (lock order: request, offer, free place).
"""  # noqa: E501

from dataclasses import dataclass

from django.utils.translation import gettext as _

from aanbod.models import AanbodFout
from loket.logboek import logregel_schrijven
from loket.mail import mail_na_commit

from .models import OPEN_STATUSSEN, VoorstelStatus, VraagStatus
from .wachters import wachters_verwittigen

GEEN = "—"


@dataclass(frozen=True)
class Overgang:
    """One row of the table: `van` empty for a creation, `log` empty when the paired row logs."""

    object: str
    van: tuple[str, ...]
    actie: str
    naar: str
    log: str = ""
    mail: tuple[tuple[str, str], ...] = ()


_OPEN = tuple(OPEN_STATUSSEN)
_NIET_INGETROKKEN = (*OPEN_STATUSSEN, VraagStatus.TOEGEWEZEN)
V, VS = VraagStatus, VoorstelStatus

OVERGANGEN = (
    Overgang("opvangvraag", (), "indienen", V.INGEDIEND, "opvangvraag.ingediend", (("gezin", "vraag_ingediend"),)),
    Overgang("opvangvraag", (V.INGEDIEND,), "in_behandeling_nemen", V.IN_BEHANDELING, "opvangvraag.in_behandeling"),
    Overgang(
        "opvangvraag", _OPEN, "intrekken", V.INGETROKKEN, "opvangvraag.ingetrokken", (("gezin", "vraag_ingetrokken"),)
    ),
    Overgang(
        "opvangvraag",
        _NIET_INGETROKKEN,
        "intrekken_na_annulering",
        V.INGETROKKEN,
        "opvangvraag.ingetrokken",
        (("gezin", "vraag_ingetrokken"),),
    ),
    Overgang("opvangvraag", _OPEN, "samenvoegen", V.INGETROKKEN, "opvangvraag.samengevoegd_in"),
    Overgang("opvangvraag", (V.INGEDIEND, V.IN_BEHANDELING), "voorstel_ontvangen", V.VOORSTEL),
    Overgang("opvangvraag", _OPEN, "toewijzen", V.TOEGEWEZEN),
    Overgang(
        "opvangvraag",
        _OPEN,
        "voorstel_beeindigd",
        V.IN_BEHANDELING,
        mail=(("wachters", "voorstel_vrij_wachter"),),
    ),
    Overgang(
        "opvangvraag",
        _NIET_INGETROKKEN,
        "toewijzing_vervallen",
        V.IN_BEHANDELING,
        mail=(("wachters", "voorstel_vrij_wachter"),),
    ),
    Overgang("opvangvoorstel", (), "doen", VS.OPEN, "opvangvoorstel.gedaan", (("gezin", "voorstel_gedaan"),)),
    Overgang(
        "opvangvoorstel",
        (VS.OPEN,),
        "aanvaarden",
        VS.AANVAARD,
        "opvangvoorstel.aanvaard",
        (("gezin", "voorstel_aanvaard"), ("aanbieder", "voorstel_aanvaard_aanbieder")),
    ),
    Overgang(
        "opvangvoorstel",
        (VS.OPEN,),
        "plaats_ingenomen",
        VS.INGETROKKEN,
        "opvangvoorstel.plaats_ingenomen",
        (("gezin", "voorstel_plaats_ingenomen"), ("aanbieder", "voorstel_plaats_ingenomen_aanbieder")),
    ),
    Overgang(
        "opvangvoorstel",
        (VS.OPEN,),
        "weigeren",
        VS.GEWEIGERD,
        "opvangvoorstel.geweigerd",
        (("aanbieder", "voorstel_geweigerd_aanbieder"),),
    ),
    Overgang(
        "opvangvoorstel",
        (VS.OPEN,),
        "laten_verlopen",
        VS.VERLOPEN,
        "opvangvoorstel.verlopen",
        (("gezin", "voorstel_verlopen"),),
    ),
    Overgang(
        "opvangvoorstel",
        (VS.OPEN,),
        "intrekken",
        VS.INGETROKKEN,
        "opvangvoorstel.ingetrokken",
        (("gezin", "voorstel_ingetrokken"),),
    ),
    Overgang("opvangvoorstel", (VS.OPEN,), "intrekken_met_vraag", VS.INGETROKKEN, "opvangvoorstel.ingetrokken"),
    Overgang("opvangvoorstel", (VS.AANVAARD,), "annuleren", VS.GEANNULEERD, "opvangvoorstel.geannuleerd"),
)
_PER_ACTIE = {(overgang.object, overgang.actie): overgang for overgang in OVERGANGEN}


def overgang(object, actie: str) -> Overgang:
    """The row of the table for `actie` on `object` (an Opvangvraag or Opvangvoorstel)."""
    return _PER_ACTIE[(object._meta.model_name, actie)]


def toegestaan(object, actie: str) -> bool:
    """Whether `actie` may happen to `object` in its current status."""
    return object.status in overgang(object, actie).van


def overgaan(object, actie: str, *, vraag, door, velden=(), details=None, fout=None, nu=None) -> Overgang:
    """Make the change `actie` on `object` (locked by the caller, inside its transaction).

    Raises `fout` (the service's own message for the user) when the current status is not one of
    the row's from-states. Side effects: the status and the extra `velden` the caller set on
    `object`, saved with `update_fields`; the row's Logregel on `object` at the request's desk
    with `details`; the row's mails after commit (`vraag` is the request, `object` itself for a
    request). Returns the row.
    """
    rij = overgang(object, actie)
    if object.status not in rij.van:
        raise fout if fout is not None else ValueError(f"{rij.object} {object.pk}: {actie} vanuit {object.status}")
    object.status = rij.naar
    object.save(update_fields=["status", *velden, "gewijzigd_op"])
    _loggen_en_mailen(rij, object, vraag=vraag, door=door, details=details, nu=nu)
    return rij


def aangemaakt(object, actie: str, *, vraag, door, details=None, nu=None) -> Overgang:
    """The row of a creation (from-state `—`) for an object just saved in its first status.

    Side effects: the row's Logregel on `object` with `details`; the row's mails after commit.
    """
    rij = overgang(object, actie)
    if rij.van or object.status != rij.naar:
        raise ValueError(f"{rij.object} {object.pk}: {actie} is geen aanmaak in status {object.status}")
    _loggen_en_mailen(rij, object, vraag=vraag, door=door, details=details, nu=nu)
    return rij


def _loggen_en_mailen(rij, object, *, vraag, door, details, nu):
    if rij.log:
        logregel_schrijven(door=door, actie=rij.log, object=object, loket=vraag.loket, details=details)
    voorstel = object if rij.object == "opvangvoorstel" else None
    for ontvanger, sjabloon in rij.mail:
        if ontvanger == "gezin":
            gezin_mailen(vraag, sjabloon, **({"voorstel": voorstel} if voorstel is not None else {}))
        elif ontvanger == "aanbieder":
            mail_na_commit(aan=[voorstel.locatie.email], sjabloon=sjabloon, context={"voorstel": voorstel})
        elif ontvanger == "wachters":
            wachters_verwittigen(vraag=vraag, nu=nu, sjabloon=sjabloon)
        else:
            raise ValueError(f"Onbekende ontvanger {ontvanger}")


def voorstel_afsluiten(voorstel, actie: str, *, vraag, door, nu, velden=(), details=None) -> Overgang:
    """An open offer ends (`weigeren`, `laten_verlopen`, `intrekken`, `plaats_ingenomen`) and its
    request goes back to `in_behandeling` (`voorstel_beeindigd`: waiting providers are told).

    Sets `afgesloten_op` (except for a refusal, which is an answer: the caller sets
    `beantwoord_op`). The request changes first, so the waiting providers' mails go before the
    offer's. Raises AanbodFout when the offer is not open.
    """
    if actie != "weigeren":
        voorstel.afgesloten_op = nu
        velden = ["afgesloten_op", *velden]
    fout = AanbodFout(_("Dit voorstel is niet meer open."))
    if not toegestaan(voorstel, actie):
        raise fout
    overgaan(vraag, "voorstel_beeindigd", vraag=vraag, door=door, nu=nu)
    return overgaan(voorstel, actie, vraag=vraag, door=door, velden=velden, details=details, fout=fout, nu=nu)


def gezin_mailen(vraag, sjabloon, **extra) -> None:
    """Mail the parents (and the referrer, if any) about their request, in the family's language."""
    adressen = [ouder.email for ouder in vraag.gezin.ouders.all()]
    if vraag.toeleider_id:
        adressen.append(vraag.toeleider.email)
    mail_na_commit(aan=adressen, sjabloon=sjabloon, context={"vraag": vraag, **extra}, taal=vraag.gezin.taal)
