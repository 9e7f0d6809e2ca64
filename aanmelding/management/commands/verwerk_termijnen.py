from django.core.management.base import BaseCommand

from aanmelding.termijnen import termijnen_verwerken


class Command(BaseCommand):
    help = (
        "Verwerkt de termijnen: laat verlopen voorstellen vervallen, herinnert gezinnen en aanbieders, "
        "meldt aanvragen zonder reactie en anonimiseert gezinnen voorbij de bewaartermijn. "
        "Draai elk uur vanuit cron; een tweede run doet niets extra."
    )

    def handle(self, *args, **options):
        for soort, aantal in termijnen_verwerken().items():
            self.stdout.write(f"{soort}: {aantal}")
