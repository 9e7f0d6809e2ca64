"""The desk's counter hours as data: per weekday a list of "HH:MM-HH:MM" periods.

Stored on `Loket.openingsuren` as {"ma": ["09:00-12:00"], "wo": ["09:00-12:00", "13:00-17:00"]}
(a day that is missing is closed), so every page can write them in its own language with
localized weekday names and times.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.dates import WEEKDAYS
from django.utils.formats import time_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

DAGEN = ["ma", "di", "wo", "do", "vr", "za", "zo"]
PERIODE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")
# What a person types for one day: "9-12, 13:30-17", "9u-12u", "09.00 – 12.00", "9 tot 12".
INVOER = re.compile(
    r"(\d{1,2})(?:[:.hu](\d{2}))?\s*(?:uur|u|h)?\s*(?:-|–|tot|à)\s*(\d{1,2})(?:[:.hu](\d{2}))?\s*(?:uur|u|h)?",
    re.IGNORECASE,
)


def _tijd(uur, minuut):
    return datetime.time(int(uur), int(minuut or 0))


def _tijden(periode):
    match = PERIODE.match(periode)
    return _tijd(match[1], match[2]), _tijd(match[3], match[4])


def valideren(uren):
    """The model field's validator: known days, well-formed periods that end after they start and do
    not overlap, in order."""
    if not isinstance(uren, dict) or not set(uren) <= set(DAGEN):
        raise ValidationError(_("Openingsuren: per dag (ma, di, wo, do, vr, za, zo) een lijst van periodes."))
    for dag, periodes in uren.items():
        if not isinstance(periodes, list) or not all(isinstance(p, str) and PERIODE.match(p) for p in periodes):
            raise ValidationError(_("Openingsuren: schrijf elke periode als 09:00-12:00."))
        if not _op_volgorde(periodes):
            raise ValidationError(
                _("Openingsuren op %(dag)s: elke periode eindigt na haar begin, in volgorde, zonder overlap.")
                % {"dag": WEEKDAYS[DAGEN.index(dag)]}
            )


def _op_volgorde(periodes):
    vorig_einde = None
    for van, tot in map(_tijden, periodes):
        if tot <= van or (vorig_einde is not None and van < vorig_einde):
            return False
        vorig_einde = tot
    return True


def dag_lezen(tekst):
    """The periods a person typed for one day ("9-12, 13:30-17:00"; empty = closed), as stored."""
    tekst = (tekst or "").strip()
    if not tekst:
        return []
    fout = ValidationError(_("Schrijf de uren als 9:00-12:00; meer periodes met een komma: 9:00-12:00, 13:00-17:00."))
    periodes, rest = [], tekst
    for match in INVOER.finditer(tekst):
        try:
            van, tot = _tijd(match[1], match[2]), _tijd(match[3], match[4])
        except ValueError:
            raise fout from None
        periodes.append(f"{van:%H:%M}-{tot:%H:%M}")
        rest = rest.replace(match[0], "", 1)
    if not periodes or re.sub(r"[\s,;/&]|en|et|and", "", rest, flags=re.IGNORECASE):
        raise fout
    periodes.sort()
    if not _op_volgorde(periodes):
        raise ValidationError(_("Een periode eindigt na haar begin, en twee periodes overlappen niet."))
    return periodes


def dag_tekst(periodes):
    """The stored periods of one day as a person types them (for a form's initial value)."""
    return ", ".join(periodes)


def regels(uren):
    """The hours in the active language, days with the same hours together, in weekday order.

    [("maandag, dinsdag, donderdag en vrijdag", "09:00–12:00"), ("woensdag", "09:00–12:00 en 13:00–17:00")]
    """
    groepen = {}
    for dag in DAGEN:
        periodes = tuple(uren.get(dag) or ())
        if periodes:
            groepen.setdefault(periodes, []).append(str(WEEKDAYS[DAGEN.index(dag)]))
    en = _("en")
    return [
        (
            str(get_text_list(dagen, en)),
            str(
                get_text_list(
                    [f"{time_format(van)}–{time_format(tot)}" for van, tot in map(_tijden, periodes)],
                    en,
                )
            ),
        )
        for periodes, dagen in groepen.items()
    ]
