from django.db import migrations


def weekend_is_atypisch(apps, schema_editor):
    """A Saturday or Sunday in the week grid is that atypical moment (aanmelding.models.atypisch_volgens_weekschema)."""
    Opvangvraag = apps.get_model("aanmelding", "Opvangvraag")
    Opvangvraag.objects.filter(weekschema__regex=r"^.{5}[VND]", zaterdag=False).update(zaterdag=True)
    Opvangvraag.objects.filter(weekschema__regex=r"^.{6}[VND]", zon_en_feestdag=False).update(zon_en_feestdag=True)


class Migration(migrations.Migration):
    dependencies = [("aanmelding", "0006_telvelden")]

    operations = [migrations.RunPython(weekend_is_atypisch, migrations.RunPython.noop)]
