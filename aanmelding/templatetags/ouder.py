"""Template filters for the parent pages, mails and the PDF receipt."""

from django import template

from ..models import weekschema_dagen, weekschema_tekst

register = template.Library()


@register.filter
def weekdagen(schema):
    """ "DDV----" -> [("maandag", "volledige dag"), ("dinsdag", ...), ("woensdag", "voormiddag")]."""
    return weekschema_dagen(schema)


@register.filter(name="weekschema")
def weekschema_filter(schema):
    """ "DDV----" -> "maandag (volledige dag), dinsdag (volledige dag), woensdag (voormiddag)"."""
    return weekschema_tekst(schema)


@register.filter
def dagen(getal):
    """3.0 -> "3", 3.5 -> "3,5" (in the active language's format)."""
    from django.utils.formats import number_format

    if getal is None:
        return ""
    return number_format(getal, decimal_pos=0 if getal == int(getal) else 1, use_l10n=True)
