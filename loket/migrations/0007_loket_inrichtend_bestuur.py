# Loket.organisator (a text: who runs the desk) is renamed so it is not mistaken for a provider
# (aanbod.Organisator). The column is renamed; no data changes.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("loket", "0006_logregel_alleen_toevoegen"),
    ]

    operations = [
        migrations.RenameField(model_name="loket", old_name="organisator", new_name="inrichtend_bestuur"),
        migrations.AlterField(
            model_name="loket",
            name="inrichtend_bestuur",
            field=models.CharField(
                help_text="De organisatie die het loket inricht, bv. de gemeente. In het rapport: Naam Organisator.",
                max_length=200,
                verbose_name="inrichtend bestuur",
            ),
        ),
    ]
