from django.db import migrations, models

# Set-based SQL: the ORM cannot write an UPDATE from a window or from a grouped self-join, and a
# bulk_update of computed rows made filling 1,000,000 requests take hours (see 0006). Each
# statement is one pass over the request table joined to the children; only rows that get a value
# are written (most children have one request, so most rows keep NULL).
PER_VRAAG = """
    per_vraag AS (
        SELECT v.id, v.loket_id, v.ingediend_op, v.aangemaakt_op,
               COALESCE(NULLIF(k.sleutel, ''), k.identiteit) AS sleutel, {jaar} AS jaar
        FROM {vraag} v JOIN {kind} k ON k.id = v.kind_id
        WHERE v.samengevoegd_met_id IS NULL
    )
"""

# The next registration of the same child (key, year of the original start) anywhere, ordered as
# the report orders them: registered, created, pk.
VLAAMS_VOLGENDE = """
    WITH {per_vraag},
    volgende AS (
        SELECT id, LEAD(ingediend_op) OVER (
            PARTITION BY sleutel, jaar ORDER BY ingediend_op, aangemaakt_op, id
        ) AS op
        FROM per_vraag
    )
    UPDATE {vraag} SET vlaams_volgende_ingediend_op = volgende.op
    FROM volgende
    WHERE volgende.id = {vraag}.id AND volgende.op IS NOT NULL
"""

# The child's first registration at another desk: per desk its first registration, then per desk
# the earliest of the other desks' (a self-join of the grouped rows, only children at 2+ desks match).
ELDERS = """
    WITH {per_vraag},
    per_loket AS (
        SELECT sleutel, jaar, loket_id, MIN(ingediend_op) AS eerste
        FROM per_vraag GROUP BY sleutel, jaar, loket_id
    ),
    elders AS (
        SELECT a.sleutel, a.jaar, a.loket_id, MIN(b.eerste) AS op
        FROM per_loket a
        JOIN per_loket b ON b.sleutel = a.sleutel AND b.jaar = a.jaar AND b.loket_id <> a.loket_id
        GROUP BY a.sleutel, a.jaar, a.loket_id
    )
    UPDATE {vraag} SET elders_ingediend_op = elders.op
    FROM per_vraag JOIN elders
        ON elders.sleutel = per_vraag.sleutel AND elders.jaar = per_vraag.jaar AND elders.loket_id = per_vraag.loket_id
    WHERE per_vraag.id = {vraag}.id
"""


def vlaamse_telvelden_vullen(apps, schema_editor):
    """Fill the two new columns as aanmelding.telvelden.telvelden_bijwerken() keeps them."""
    connection = schema_editor.connection
    namen = {
        "vraag": connection.ops.quote_name(apps.get_model("aanmelding", "Opvangvraag")._meta.db_table),
        "kind": connection.ops.quote_name(apps.get_model("aanmelding", "Kind")._meta.db_table),
        # The year of a date: SQLite stores dates as ISO text.
        "jaar": "strftime('%Y', v.gewenste_startdatum_origineel)"
        if connection.vendor == "sqlite"
        else "EXTRACT(YEAR FROM v.gewenste_startdatum_origineel)",
    }
    per_vraag = PER_VRAAG.format(**namen)
    with connection.cursor() as cursor:
        cursor.execute(VLAAMS_VOLGENDE.format(per_vraag=per_vraag, **namen))
        cursor.execute(ELDERS.format(per_vraag=per_vraag, **namen))


class Migration(migrations.Migration):
    dependencies = [("aanmelding", "0012_voorstel_eerste_reactie")]

    operations = [
        migrations.AddField(
            model_name="opvangvraag",
            name="elders_ingediend_op",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="opvangvraag",
            name="vlaams_volgende_ingediend_op",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.RunPython(vlaamse_telvelden_vullen, migrations.RunPython.noop),
    ]
