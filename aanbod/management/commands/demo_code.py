"""Print the current two-factor code of a demo user, so a demo needs no authenticator app."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Toont de huidige code (tweestapsaanmelding) van een demo-gebruiker. Alleen met DEBUG=1."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if not settings.DEBUG:
            raise CommandError("demo_code is alleen voor een demo: zet DEBUG=1.")
        apparaat = TOTPDevice.objects.filter(user__email=email.lower(), name="demo", confirmed=True).first()
        if apparaat is None:
            raise CommandError(f"Geen demo-gebruiker met tweestapsaanmelding: {email}")
        self.stdout.write(f"{totp(apparaat.bin_key, step=apparaat.step, digits=apparaat.digits):06d}")
