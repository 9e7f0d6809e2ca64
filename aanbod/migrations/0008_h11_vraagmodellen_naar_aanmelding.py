"""Voorkeur, Opvangvoorstel, Gezien, Doorverwijzing and Wachter move to the aanmelding app.

State only: the tables stay where they are (aanmelding's models set `db_table` to these names),
so no data moves. aanmelding's migration 0008 takes the models over in its state.
"""

from django.db import migrations

VERHUISD = ["Doorverwijzing", "Gezien", "Opvangvoorstel", "Voorkeur", "Wachter"]


class Migration(migrations.Migration):
    dependencies = [
        ("aanbod", "0007_doorverwijzing_toeleider"),
        # After every migration of aanmelding that still reads these models as aanbod's (0006 does).
        ("aanmelding", "0007_atypisch_weekschema"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name=naam) for naam in VERHUISD],
            database_operations=[],
        ),
    ]
