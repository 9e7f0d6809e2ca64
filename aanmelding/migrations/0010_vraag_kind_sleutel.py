from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def sleutels_kopieren(apps, schema_editor):
    """Every request gets its child's key (aanmelding.models.telvelden_bijwerken keeps it from now on)."""
    Kind = apps.get_model("aanmelding", "Kind")
    Opvangvraag = apps.get_model("aanmelding", "Opvangvraag")
    Opvangvraag.objects.update(kind_sleutel=Subquery(Kind.objects.filter(pk=OuterRef("kind_id")).values("sleutel")[:1]))


class Migration(migrations.Migration):
    dependencies = [("aanmelding", "0009_kind_sleutel")]

    operations = [
        migrations.AddField(
            model_name="opvangvraag",
            name="kind_sleutel",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.RunPython(sleutels_kopieren, migrations.RunPython.noop),
    ]
