"""Template filters for the parent pages, mails and the PDF receipt."""

from django import template

from ..forms import WEEKDAG_NAMEN
from ..models import WEEKDAGEN, Dagdeel

register = template.Library()


@register.filter
def weekdagen(schema):
    """ "DDV----" -> [("maandag", "volledige dag"), ("dinsdag", ...), ("woensdag", "voormiddag")]."""
    if not schema:
        return []
    return [
        (WEEKDAG_NAMEN[dag], Dagdeel(code).label)
        for dag, code in zip(WEEKDAGEN, schema, strict=False)
        if code in Dagdeel.values and code != Dagdeel.GEEN
    ]


@register.filter
def dagen(getal):
    """3.0 -> "3", 3.5 -> "3,5" (in the active language's format)."""
    from django.utils.formats import number_format

    if getal is None:
        return ""
    return number_format(getal, decimal_pos=0 if getal == int(getal) else 1, use_l10n=True)
