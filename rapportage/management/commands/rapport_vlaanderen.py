"""`python manage.py rapport_vlaanderen --jaar Y ...`: the Flemish overview over every desk (DESIGN.md)."""

import json

from django.core.management.base import BaseCommand, CommandError

from rapportage.management.commands.rapport_kg import _datum, _jaar
from rapportage.queries import FORMATEN, peildatum_fout
from rapportage.vlaanderen import rapport_vlaanderen, vlaanderen_xlsx


class Command(BaseCommand):
    help = (
        "Het Vlaamse overzicht van alle loketten van deze installatie: elk loket, de som, en elk kind één keer. "
        "Kleine aantallen worden hier niet gemaskeerd. Zonder --json of --xlsx komt de JSON op de standaarduitvoer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--jaar", required=True, help="jaar van de oorspronkelijke gewenste startdatum")
        parser.add_argument("--peildatum", help="JJJJ-MM-DD (standaard: laatste dag van februari van jaar + 1)")
        parser.add_argument("--formaat", choices=sorted(FORMATEN), help="standaard volgens het jaar")
        parser.add_argument("--json", dest="json_pad", metavar="PAD", help="JSON naar dit bestand, of - voor stdout")
        parser.add_argument("--xlsx", dest="xlsx_pad", metavar="PAD")

    def handle(self, *args, jaar, peildatum, formaat, json_pad, xlsx_pad, **opties):
        jaar = _jaar(jaar)
        peildatum = _datum(peildatum) if peildatum else None
        if peildatum is not None and (fout := peildatum_fout(jaar, peildatum)):
            raise CommandError(f"--peildatum: {fout}")
        overzicht = rapport_vlaanderen(jaar=jaar, peildatum=peildatum, formaat=formaat)
        if not (json_pad or xlsx_pad):
            json_pad = "-"
        try:
            if json_pad:
                tekst = json.dumps(overzicht.als_json(), ensure_ascii=False, indent=2) + "\n"
                if json_pad == "-":
                    self.stdout.write(tekst, ending="")
                else:
                    with open(json_pad, "w", encoding="utf-8") as bestand:
                        bestand.write(tekst)
            if xlsx_pad:
                with open(xlsx_pad, "wb") as bestand:
                    bestand.write(vlaanderen_xlsx(overzicht, maskeren=False))
        except OSError as fout:
            raise CommandError(f"Kan niet schrijven: {fout}") from None
        for soort, pad in (("JSON", json_pad), ("xlsx", xlsx_pad)):
            if pad and pad != "-":
                self.stderr.write(f"{soort} geschreven: {pad}")
