"""`manage.py importeer_locaties PATH.xlsx [--loket CODE]`: import provider locations (all or nothing)."""

from django.core.management.base import BaseCommand, CommandError

from aanbod.importeren_locaties import locaties_importeren
from loket.models import Loket


class Command(BaseCommand):
    help = "Importeer opvanglocaties uit een xlsx-bestand (zie aanbod/importeren_locaties.py voor de kolommen)."

    def add_arguments(self, parser):
        parser.add_argument("pad", help="het xlsx-bestand")
        parser.add_argument(
            "--loket",
            help="code van een loket: alleen gemeenten uit zijn werkingsgebied",
        )

    def handle(self, *args, pad, loket=None, **options):
        gemeenten = None
        if loket:
            try:
                loket = Loket.objects.get(code=loket)
            except Loket.DoesNotExist:
                raise CommandError(f"Geen loket met code '{loket}'.") from None
            gemeenten = loket.werkingsgebied.all()
        try:
            with open(pad, "rb") as bestand:
                resultaat = locaties_importeren(bestand, gemeenten=gemeenten, loket=loket)
        except OSError as fout:
            raise CommandError(f"Kan {pad} niet openen: {fout.strerror}.") from None
        if not resultaat.gelukt:
            for fout in resultaat.fouten:
                self.stderr.write(str(fout))
            raise CommandError(f"{len(resultaat.fouten)} fout(en): er werd niets geïmporteerd.")
        self.stdout.write(
            f"{resultaat.aangemaakt} locatie(s) aangemaakt, {resultaat.gewijzigd} gewijzigd, "
            f"{resultaat.ongewijzigd} ongewijzigd; {resultaat.organisatoren_aangemaakt} organisator(en) aangemaakt."
        )
