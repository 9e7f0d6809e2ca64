"""Load the 285 Flemish and 19 Brussels municipalities of 1 January 2025 (Statbel, CC BY 4.0).

See loket/data/README.md for the source and the format.
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "gemeenten.json"


def gemeenten_laden(apps, schema_editor):
    Gemeente = apps.get_model("loket", "Gemeente")
    GemeenteAlias = apps.get_model("loket", "GemeenteAlias")
    Postcode = apps.get_model("loket", "Postcode")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    per_nis = {}
    for rij in data["gemeenten"]:
        gemeente, _ = Gemeente.objects.update_or_create(
            nis=rij["nis"],
            defaults={"naam_nl": rij["naam_nl"], "naam_fr": rij["naam_fr"], "provincie": rij["provincie"]},
        )
        per_nis[gemeente.nis] = gemeente
        for code in rij["postcodes"]:
            Postcode.objects.get_or_create(code=code, gemeente=gemeente)
    for alias in data["aliassen"]:
        GemeenteAlias.objects.update_or_create(
            nis=alias["nis"], defaults={"naam": alias["naam"], "gemeente": per_nis[alias["naar"]]}
        )


class Migration(migrations.Migration):
    dependencies = [("loket", "0001_initial")]

    operations = [migrations.RunPython(gemeenten_laden, migrations.RunPython.noop)]
