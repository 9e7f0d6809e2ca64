from django.db import migrations, models

from aanmelding.models import kind_sleutel


def sleutels_vullen(apps, schema_editor):
    """Every existing child gets its keyed identity (Kind.bereken_sleutel): anonymised ones from their hash."""
    Kind = apps.get_model("aanmelding", "Kind")
    per_rijksregister = {}
    bijgewerkt = []
    for kind in Kind.objects.order_by("pk").only("identiteit", "rijksregister_hash").iterator(chunk_size=5000):
        kind.sleutel = per_rijksregister.get(kind.rijksregister_hash) or kind_sleutel(kind.identiteit)
        if kind.rijksregister_hash:
            per_rijksregister.setdefault(kind.rijksregister_hash, kind.sleutel)
        bijgewerkt.append(kind)
        if len(bijgewerkt) >= 5000:
            Kind.objects.bulk_update(bijgewerkt, ["sleutel"])
            bijgewerkt = []
    Kind.objects.bulk_update(bijgewerkt, ["sleutel"])


class Migration(migrations.Migration):
    dependencies = [("aanmelding", "0008_h11_vraagmodellen_van_aanbod")]

    operations = [
        migrations.AddField(
            model_name="kind",
            name="sleutel",
            field=models.CharField(db_index=True, default="", editable=False, max_length=64),
        ),
        migrations.RunPython(sleutels_vullen, migrations.RunPython.noop),
    ]
