from django.core.management.base import BaseCommand, CommandError

from aanmelding.termijnen import PlannenFout, termijnen_inplannen, termijnen_verwerken


class Command(BaseCommand):
    help = (
        "Verwerkt de termijnen: laat verlopen voorstellen vervallen, herinnert gezinnen en aanbieders, "
        "meldt aanvragen zonder reactie en anonimiseert gezinnen voorbij de bewaartermijn. "
        "Draai elk uur vanuit cron, of plan het één keer in met --inplannen: dan doet de taakwerker "
        "(db_worker) het elk uur. Een tweede run doet niets extra."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--inplannen",
            action="store_true",
            help="Zet de termijnen als taak in de wachtrij (nu, daarna elk uur opnieuw) in plaats van ze "
            "nu te verwerken; doet niets als er al een run wacht.",
        )

    def handle(self, *args, **options):
        if options["inplannen"]:
            try:
                resultaat = termijnen_inplannen()
            except PlannenFout as fout:
                raise CommandError(f"Kan niet inplannen: {fout}; draai verwerk_termijnen vanuit cron.") from fout
            if resultaat is None:
                self.stdout.write("Al ingepland: er wacht al een run van de termijnen.")
            else:
                self.stdout.write(f"Ingepland: taak {resultaat.id}; daarna elk uur.")
            return
        for soort, aantal in termijnen_verwerken().items():
            self.stdout.write(f"{soort}: {aantal}")
