"""The PDF receipt of a request (WeasyPrint): for the parent online, and printed at the counter.

from aanmelding.pdf import bewijs_pdf
response = HttpResponse(bewijs_pdf(vraag), content_type="application/pdf")
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .models import Opvangvraag


def bewijs_html(vraag, *, taal=None):
    """The receipt as HTML (what the PDF shows), in `taal` (default: the family's language for mail)."""
    vraag = (
        Opvangvraag.objects.select_related("kind", "gezin", "gezin__gemeente", "loket", "voorkeur_gemeente")
        .prefetch_related("voorkeuren__locatie__gemeente", "gezin__ouders")
        .get(pk=vraag.pk)
    )
    with translation.override(taal or vraag.gezin.taal):
        return render_to_string("aanmelding/ouder/bewijs_pdf.html", {"vraag": vraag, "site_url": settings.SITE_URL})


def bewijs_pdf(vraag, *, taal=None):
    """The receipt of `vraag` as PDF bytes: reference, child, parents and address, the care asked
    for, the chosen locations, what happens next, the portal address and the desk's contact details.

    Reads only; no Logregel (the calling view writes `opvangvraag.bekeken`).
    """
    # Imported here: loading WeasyPrint takes a moment and most requests never need it.
    from weasyprint import HTML

    return HTML(string=bewijs_html(vraag, taal=taal), base_url=str(settings.BASE_DIR)).write_pdf()
