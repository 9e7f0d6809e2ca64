"""Helpers for browser tests."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from loket.toegang import TWEESTAPS_ROLLEN


def inloggen(page, live_server, gebruiker, *, wachtwoord="wachtwoord-voor-tests", volgende=""):
    """Log in through the real login page, with the second factor where the role needs it."""
    page.goto(f"{live_server.url}/inloggen/{'?next=' + volgende if volgende else ''}")
    page.get_by_label("E-mailadres").fill(gebruiker.email)
    page.get_by_label("Wachtwoord").fill(wachtwoord)
    page.get_by_role("button", name="Aanmelden").last.click()
    if gebruiker.rol in TWEESTAPS_ROLLEN:
        apparaat, _ = TOTPDevice.objects.get_or_create(user=gebruiker, name="browser", defaults={"confirmed": True})
        expect(page.get_by_label("Code uit je authenticator-app")).to_be_visible()
        page.get_by_label("Code uit je authenticator-app").fill(f"{totp(apparaat.bin_key):06d}")
        page.get_by_role("button", name="Bevestigen").click()
