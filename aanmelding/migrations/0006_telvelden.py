import itertools

from django.db import migrations, models
from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.db.models.functions import ExtractYear


def telvelden_vullen(apps, schema_editor):
    """Fill the new report columns as aanmelding.models.telvelden_bijwerken() keeps them."""
    Opvangvraag = apps.get_model("aanmelding", "Opvangvraag")
    Gezin = apps.get_model("aanmelding", "Gezin")
    Kind = apps.get_model("aanmelding", "Kind")
    Opvangvoorstel = apps.get_model("aanbod", "Opvangvoorstel")

    def kolom(model, veld, sleutel):
        return Subquery(model.objects.filter(pk=OuterRef(sleutel)).values(veld)[:1])

    eerste = (
        Opvangvoorstel.objects.filter(vraag=OuterRef("pk"))
        .values("vraag")
        .annotate(eerste=Min("voorgesteld_op"))
        .values("eerste")
    )
    Opvangvraag.objects.update(
        kwetsbaar_gezin=kolom(Gezin, "kwetsbaar", "gezin_id"),
        specifieke_zorgbehoefte=kolom(Kind, "specifieke_zorgbehoefte", "kind_id"),
        eerste_voorstel_op=Subquery(eerste),
    )
    meerdere = (
        Opvangvoorstel.objects.filter(antwoord="aanvaard")
        .values("vraag")
        .annotate(aantal=Count("pk"))
        .filter(aantal__gt=1)
        .values("vraag")
    )
    Opvangvraag.objects.filter(pk__in=meerdere).update(meerdere_aanvaard=True)
    jaar = ExtractYear("gewenste_startdatum_origineel")
    vragen = (
        Opvangvraag.objects.filter(samengevoegd_met__isnull=True)
        .values_list("pk", "loket_id", "kind__identiteit", "gewenste_startdatum_origineel", "ingediend_op")
        .order_by("loket_id", "kind__identiteit", jaar, "ingediend_op", "aangemaakt_op", "pk")
    )
    volgende = []
    for _groep, reeks in itertools.groupby(vragen.iterator(chunk_size=5000), key=lambda v: (v[1], v[2], v[3].year)):
        reeks = list(reeks)
        for vraag, later in zip(reeks, reeks[1:]):
            volgende.append(Opvangvraag(pk=vraag[0], volgende_ingediend_op=later[4]))
    Opvangvraag.objects.bulk_update(volgende, ["volgende_ingediend_op"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("aanmelding", "0005_anonimiseren_en_wisverzoeken"),
        ("aanbod", "0006_toegang_uniek_ook_zonder_locatie"),
    ]

    operations = [
        migrations.AddField(
            model_name="opvangvraag",
            name="eerste_voorstel_op",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="opvangvraag",
            name="kwetsbaar_gezin",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="opvangvraag",
            name="specifieke_zorgbehoefte",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="opvangvraag",
            name="volgende_ingediend_op",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="opvangvraag",
            name="meerdere_aanvaard",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddIndex(
            model_name="opvangvraag",
            index=models.Index(
                condition=Q(("meerdere_aanvaard", True)), fields=["loket"], name="vraag_meerdere_aanvaard"
            ),
        ),
        migrations.RunPython(telvelden_vullen, migrations.RunPython.noop),
    ]
