from django.db import migrations, models
from django.db.models import Exists, OuterRef


def eerste_reacties_markeren(apps, schema_editor):
    """Mark the first offer of each chosen location to a request (aanmelding.queries.eerste_reactie_verwacht;
    telvelden.telvelden_bijwerken keeps it from now on)."""
    Opvangvoorstel = apps.get_model("aanmelding", "Opvangvoorstel")
    Voorkeur = apps.get_model("aanmelding", "Voorkeur")
    gekozen = Voorkeur.objects.filter(vraag=OuterRef("vraag"), locatie=OuterRef("locatie"))
    eerder = Opvangvoorstel.objects.filter(
        vraag=OuterRef("vraag"), locatie=OuterRef("locatie"), voorgesteld_op__lt=OuterRef("voorgesteld_op")
    )
    Opvangvoorstel.objects.filter(Exists(gekozen), ~Exists(eerder)).update(eerste_reactie=True)


class Migration(migrations.Migration):
    dependencies = [("aanmelding", "0011_zoekindexen_dubbels")]

    operations = [
        migrations.AddField(
            model_name="opvangvoorstel",
            name="eerste_reactie",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(eerste_reacties_markeren, migrations.RunPython.noop),
    ]
