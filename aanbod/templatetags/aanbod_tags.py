"""Template filters of the aanbod pages: week schedules and ages in short, readable form."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from loket.weekschema import WEEKDAG_NAMEN, WEEKDAGEN, Dagdeel

register = template.Library()

KORT = {Dagdeel.VOLLEDIG: "", Dagdeel.VOORMIDDAG: " (vm)", Dagdeel.NAMIDDAG: " (nm)"}


@register.filter
def dagdelen(schema):
    """ "DDV----" -> "maandag, dinsdag, woensdag (vm)"; a half day is marked vm/nm."""
    if not schema:
        return ""
    delen = [f"{WEEKDAG_NAMEN[dag]}{KORT[code]}" for dag, code in zip(WEEKDAGEN, schema, strict=False) if code in KORT]
    return ", ".join(str(deel) for deel in delen) or _("geen dagen")


@register.filter
def maanden(aantal):
    """An age in months, readable: 14 -> "14 maanden", -1 -> "nog niet geboren"."""
    if aantal is None:
        return ""
    if aantal < 0:
        return _("nog niet geboren")
    return ngettext("%(aantal)s maand", "%(aantal)s maanden", aantal) % {"aantal": aantal}
