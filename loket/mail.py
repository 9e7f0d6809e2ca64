"""Mail that services send after their transaction commits, in the recipient's language."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def mail_na_commit(*, aan, sjabloon, context, taal="nl"):
    """Send `templates/mail/<sjabloon>.txt` (first line = subject) once the current transaction commits."""
    ontvangers = [adres for adres in aan if adres]
    if not ontvangers:
        return

    def versturen():
        with translation.override(taal):
            tekst = render_to_string(f"mail/{sjabloon}.txt", {**context, "site_url": settings.SITE_URL})
        onderwerp, _, inhoud = tekst.strip().partition("\n")
        send_mail(onderwerp.strip(), inhoud.strip() + "\n", None, ontvangers)

    transaction.on_commit(versturen)
