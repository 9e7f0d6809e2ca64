from django.db import migrations, models
from django.db.models import Exists, OuterRef


def eerste_markeren(apps, schema_editor):
    """Mark every offer made before any other of its location for its request (aanmelding.queries.eerste_van_locatie_verwacht;
    telvelden.telvelden_bijwerken keeps it from now on)."""
    Opvangvoorstel = apps.get_model("aanmelding", "Opvangvoorstel")
    eerder = Opvangvoorstel.objects.filter(
        vraag=OuterRef("vraag"), locatie=OuterRef("locatie"), voorgesteld_op__lt=OuterRef("voorgesteld_op")
    )
    Opvangvoorstel.objects.filter(Exists(eerder)).update(eerste_van_locatie=False)


class Migration(migrations.Migration):
    dependencies = [("aanmelding", "0010_vraag_kind_sleutel")]

    operations = [
        migrations.AddField(
            model_name="opvangvoorstel",
            name="eerste_van_locatie",
            field=models.BooleanField(default=True, editable=False),
        ),
        migrations.RunPython(eerste_markeren, migrations.RunPython.noop),
    ]
