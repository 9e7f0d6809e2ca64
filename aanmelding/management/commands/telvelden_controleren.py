from django.core.management.base import BaseCommand

from aanmelding.queries import TELVELDEN, telvelden_controleren
from aanmelding.telvelden import telvelden_herstellen


class Command(BaseCommand):
    help = (
        "Controleert de telvelden van elke opvangvraag (de kolommen die het Kind en Gezin-rapport leest) "
        "tegen wat ze moeten zijn. Toont per kolom hoeveel vragen afwijken (en welke, hoogstens 20) en "
        "eindigt met code 1 als er afwijken. Met --herstel worden ze in één transactie hersteld "
        "(één logregel)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--herstel", action="store_true", help="herstel de afwijkende vragen")

    def handle(self, *args, herstel=False, **options):
        controle = telvelden_herstellen() if herstel else telvelden_controleren()
        self.stdout.write(f"{controle.aantal_vragen} vragen gecontroleerd, {controle.afwijkend} wijken af.")
        for veld in TELVELDEN:
            aantal = controle.per_kolom[veld]
            regel = f"{veld}: {aantal}"
            if aantal:
                meer = " …" if aantal > len(controle.referenties[veld]) else ""
                regel += f" ({', '.join(controle.referenties[veld])}{meer})"
            self.stdout.write(regel)
        if controle.in_orde:
            return
        if herstel:
            self.stdout.write(self.style.SUCCESS(f"{controle.afwijkend} vragen hersteld."))
            return
        self.stderr.write("Afwijkingen gevonden: herstel ze met --herstel.")
        raise SystemExit(1)
