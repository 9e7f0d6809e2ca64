"""The demo prints mail on the console so that a parent's login link can be copied as it is."""

import io

from django.core.mail import EmailMessage

from loket.mailconsole import EmailBackend


def test_console_toont_link_en_tekst_leesbaar():
    link = "http://127.0.0.1:8000/mijn/inloggen/" + "a" * 80 + "/"
    uit = io.StringIO()
    bericht = EmailMessage("Je link", f"Klik op deze link, één keer geldig:\n{link}\n", to=["ouder@demo.be"])
    EmailBackend(stream=uit).send_messages([bericht])
    tekst = uit.getvalue()
    assert link in tekst.splitlines()
    assert "één keer" in tekst
    assert "Aan: ouder@demo.be" in tekst
