"""The PDF receipt of a request (WeasyPrint): for the parent online, and printed at the counter."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def bewijs_pdf(vraag, *, taal=None):
    """The receipt of `vraag` as PDF bytes, in `taal` (default: the family's language for mail).

    Shows the reference, the child, the care asked for, the chosen locations, the desk's contact
    details and the portal address. Reads only; no Logregel (the calling view writes that).
    """
    from weasyprint import HTML  # imported here: loading WeasyPrint takes a moment and most requests never need it

    vraag = (
        type(vraag)
        .objects.select_related("kind", "gezin", "loket", "voorkeur_gemeente", "gemeente")
        .prefetch_related("voorkeuren__locatie", "gezin__ouders")
        .get(pk=vraag.pk)
    )
    with translation.override(taal or vraag.gezin.taal):
        html = render_to_string("aanmelding/ouder/bewijs_pdf.html", {"vraag": vraag, "site_url": settings.SITE_URL})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
