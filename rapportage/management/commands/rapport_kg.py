"""`python manage.py rapport_kg --loket CODE --jaar Y ...`: the Kind en Gezin report (DESIGN.md)."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from loket.models import Loket
from rapportage.exporteren import rapport_pdf, rapport_xlsx
from rapportage.queries import FORMATEN, peildatum_fout, peiling_voorlopig, rapport_kg


def _jaar(tekst):
    try:
        jaar = int(tekst)
    except ValueError:
        raise CommandError(f"--jaar moet een jaartal zijn, niet {tekst!r}.") from None
    if not 2000 <= jaar <= 2100:
        raise CommandError(f"--jaar {jaar} ligt niet tussen 2000 en 2100.")
    return jaar


def _datum(tekst):
    try:
        return datetime.date.fromisoformat(tekst)
    except ValueError:
        raise CommandError(f"--peildatum moet een datum JJJJ-MM-DD zijn, niet {tekst!r}.") from None


class Command(BaseCommand):
    help = (
        "Het jaarrapport voor Kind en Gezin (registratie opvangvragen) van één loket: JSON, xlsx en/of PDF. "
        "Zonder --json, --xlsx of --pdf komt de JSON op de standaarduitvoer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loket", required=True, help="code van het loket")
        parser.add_argument("--jaar", required=True, help="jaar van de oorspronkelijke gewenste startdatum")
        parser.add_argument("--peildatum", help="JJJJ-MM-DD (standaard: laatste dag van februari van jaar + 1)")
        parser.add_argument("--formaat", choices=sorted(FORMATEN), help="standaard volgens het jaar")
        parser.add_argument("--json", dest="json_pad", metavar="PAD", help="JSON naar dit bestand, of - voor stdout")
        parser.add_argument("--xlsx", dest="xlsx_pad", metavar="PAD")
        parser.add_argument("--pdf", dest="pdf_pad", metavar="PAD")

    def handle(self, *args, loket, jaar, peildatum, formaat, json_pad, xlsx_pad, pdf_pad, **opties):
        jaar = _jaar(jaar)
        peildatum = _datum(peildatum) if peildatum else None
        if peildatum is not None and (fout := peildatum_fout(jaar, peildatum)):
            raise CommandError(f"--peildatum: {fout}")
        gevonden = Loket.objects.filter(code=loket).first()
        if gevonden is None:
            raise CommandError(f"Geen loket met code {loket!r}.")
        rapport = rapport_kg(loket=gevonden, jaar=jaar, peildatum=peildatum, formaat=formaat)
        if not (json_pad or xlsx_pad or pdf_pad):
            json_pad = "-"
        try:
            if json_pad:
                tekst = json.dumps(rapport.als_json(), ensure_ascii=False, indent=2) + "\n"
                if json_pad == "-":
                    self.stdout.write(tekst, ending="")
                else:
                    with open(json_pad, "w", encoding="utf-8") as bestand:
                        bestand.write(tekst)
            if xlsx_pad:
                with open(xlsx_pad, "wb") as bestand:
                    bestand.write(rapport_xlsx(rapport))
            if pdf_pad:
                with open(pdf_pad, "wb") as bestand:
                    bestand.write(rapport_pdf(rapport))
        except OSError as fout:
            raise CommandError(f"Kan niet schrijven: {fout}") from None
        for melding in peiling_voorlopig(rapport.peiling):
            self.stderr.write(f"Let op: {melding}")
        for soort, pad in (("JSON", json_pad), ("xlsx", xlsx_pad), ("PDF", pdf_pad)):
            if pad and pad != "-":
                self.stderr.write(f"{soort} geschreven: {pad}")
