"""`python manage.py importeer_vragen PAD.xlsx`: import a desk's existing request list (DESIGN.md)."""

from django.core.management.base import BaseCommand, CommandError

from aanmelding.importeren_vragen import ImportGeweigerd, vragen_importeren


class Command(BaseCommand):
    help = (
        "Voert een werkboek met bestaande opvangvragen in (tabbladen loket, vragen, voorstellen). Alles of niets; "
        "opnieuw invoeren verandert niets."
    )

    def add_arguments(self, parser):
        parser.add_argument("pad", help="het .xlsx-bestand")

    def handle(self, *args, pad, **opties):
        try:
            with open(pad, "rb") as bestand:
                resultaat = vragen_importeren(bestand=bestand)
        except OSError as fout:
            raise CommandError(f"Kan {pad} niet openen: {fout.strerror}") from None
        except ImportGeweigerd as geweigerd:
            for fout in geweigerd.fouten:
                self.stderr.write(str(fout))
            raise CommandError(f"Niets ingevoerd: {len(geweigerd.fouten)} fout(en).") from None
        self.stdout.write(resultaat.samenvatting())
        for groep in resultaat.dubbels:
            self.stdout.write(f"Waarschijnlijk hetzelfde kind: {', '.join(groep)}")
