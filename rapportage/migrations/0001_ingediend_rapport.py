import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# PostgreSQL refuses every UPDATE and DELETE of a submitted report, whatever the code path (as
# for loket_logregel; TRUNCATE, the test flush, stays possible). Not on SQLite: its flush is a
# DELETE; the Python guards in models.py remain.
TRIGGER = [
    """
CREATE FUNCTION rapportage_ingediend_onveranderlijk() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Een ingediend rapport (rapportage_ingediendrapport) kan niet gewijzigd of gewist worden.'
        USING ERRCODE = 'restrict_violation';
END;
$$
""",
    """
CREATE TRIGGER rapportage_ingediend_onveranderlijk
    BEFORE UPDATE OR DELETE ON rapportage_ingediendrapport
    FOR EACH ROW EXECUTE FUNCTION rapportage_ingediend_onveranderlijk()
""",
]
ZONDER_TRIGGER = [
    "DROP TRIGGER IF EXISTS rapportage_ingediend_onveranderlijk ON rapportage_ingediendrapport",
    "DROP FUNCTION IF EXISTS rapportage_ingediend_onveranderlijk()",
]


def trigger_maken(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in TRIGGER:
            schema_editor.execute(sql, params=None)


def trigger_weghalen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in ZONDER_TRIGGER:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("loket", "0006_logregel_alleen_toevoegen"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="IngediendRapport",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("jaar", models.PositiveSmallIntegerField(verbose_name="jaar")),
                ("versie", models.PositiveSmallIntegerField(verbose_name="versie")),
                ("formaat", models.CharField(max_length=4, verbose_name="formaat")),
                ("peildatum", models.DateField(verbose_name="peildatum")),
                ("cijfers", models.JSONField(verbose_name="cijfers")),
                ("indeling", models.JSONField(default=dict, editable=False)),
                ("xlsx", models.BinaryField(editable=False)),
                ("pdf", models.BinaryField(editable=False)),
                ("sha256_cijfers", models.CharField(editable=False, max_length=64)),
                ("sha256_xlsx", models.CharField(editable=False, max_length=64)),
                ("sha256_pdf", models.CharField(editable=False, max_length=64)),
                ("ingediend_op", models.DateTimeField(verbose_name="ingediend op")),
                (
                    "ingediend_door",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="ingediend door",
                    ),
                ),
                (
                    "loket",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="ingediende_rapporten",
                        to="loket.loket",
                    ),
                ),
            ],
            options={
                "verbose_name": "ingediend rapport",
                "verbose_name_plural": "ingediende rapporten",
                "ordering": ["loket", "-jaar", "-versie"],
                "constraints": [
                    models.UniqueConstraint(fields=("loket", "jaar", "versie"), name="ingediend_rapport_versie_uniek")
                ],
            },
        ),
        migrations.RunPython(trigger_maken, trigger_weghalen),
    ]
