"""Voorkeur, Opvangvoorstel, Gezien, Doorverwijzing and Wachter move here from the aanbod app.

State only: each model keeps its table (`db_table` = the aanbod_* name), so no data moves; the
aanbod app's migration 0008 removed them from its state. Their content types move along, so the
audit log (Logregel), the admin log and the permissions keep pointing at the same rows.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

VERHUISD = ["doorverwijzing", "gezien", "opvangvoorstel", "voorkeur", "wachter"]


def _content_types_verhuizen(apps, van, naar):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in VERHUISD:
        # A fresh database has none yet (post_migrate creates them after all migrations); a row
        # under the new label already would mean a half-done earlier run: then the old row stays.
        if not ContentType.objects.filter(app_label=naar, model=model).exists():
            ContentType.objects.filter(app_label=van, model=model).update(app_label=naar)


def content_types_naar_aanmelding(apps, schema_editor):
    _content_types_verhuizen(apps, "aanbod", "aanmelding")


def content_types_naar_aanbod(apps, schema_editor):
    _content_types_verhuizen(apps, "aanmelding", "aanbod")


class Migration(migrations.Migration):
    dependencies = [
        ("aanbod", "0008_h11_vraagmodellen_naar_aanmelding"),
        ("aanmelding", "0007_atypisch_weekschema"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("loket", "0006_logregel_alleen_toevoegen"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Doorverwijzing",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "reden",
                            models.CharField(
                                choices=[
                                    ("geen_plaats", "geen vrije plaats"),
                                    ("past_niet", "de gevraagde dagen, uren of leeftijd passen niet"),
                                    ("begeleiding", "het gezin heeft begeleiding of ondersteuning nodig"),
                                    ("inkomenstarief", "hulp nodig bij het inkomenstarief"),
                                    ("al_aanvraag", "het kind heeft al een aanvraag bij het loket"),
                                    ("andere", "andere"),
                                ],
                                max_length=20,
                                verbose_name="reden",
                            ),
                        ),
                        ("toelichting", models.TextField(blank=True, verbose_name="toelichting")),
                        ("naam", models.CharField(blank=True, max_length=200, verbose_name="naam van de ouder")),
                        ("telefoon", models.CharField(blank=True, max_length=50, verbose_name="telefoon")),
                        ("email", models.EmailField(blank=True, max_length=254, verbose_name="e-mail")),
                        (
                            "kind_geboortedatum",
                            models.DateField(
                                blank=True, null=True, verbose_name="geboortedatum of verwachte geboortedatum"
                            ),
                        ),
                        (
                            "gewenste_startdatum",
                            models.DateField(blank=True, null=True, verbose_name="gewenste startdatum"),
                        ),
                        (
                            "toestemming_op",
                            models.DateTimeField(blank=True, null=True, verbose_name="toestemming van het gezin op"),
                        ),
                        ("afgehandeld_op", models.DateTimeField(blank=True, null=True, verbose_name="afgehandeld op")),
                        (
                            "geanonimiseerd_op",
                            models.DateTimeField(blank=True, null=True, verbose_name="gegevens gewist op"),
                        ),
                        ("aangemaakt_op", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("gewijzigd_op", models.DateTimeField(auto_now=True)),
                        (
                            "afgehandeld_door",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "door",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "gemeente",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="loket.gemeente",
                                verbose_name="woonplaats",
                            ),
                        ),
                        (
                            "locatie",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="aanbod.locatie",
                            ),
                        ),
                        (
                            "loket",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="doorverwijzingen",
                                to="loket.loket",
                            ),
                        ),
                        (
                            "organisator",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="doorverwijzingen",
                                to="aanbod.organisator",
                            ),
                        ),
                        (
                            "vraag",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="doorverwijzingen",
                                to="aanmelding.opvangvraag",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "doorverwijzing",
                        "verbose_name_plural": "doorverwijzingen",
                        "db_table": "aanbod_doorverwijzing",
                        "ordering": ["-aangemaakt_op", "-id"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("vraag__isnull", False),
                                    ("geanonimiseerd_op__isnull", False),
                                    models.Q(
                                        models.Q(("naam", ""), _negated=True),
                                        models.Q(
                                            models.Q(("telefoon", ""), _negated=True),
                                            models.Q(("email", ""), _negated=True),
                                            _connector="OR",
                                        ),
                                        ("toestemming_op__isnull", False),
                                    ),
                                    _connector="OR",
                                ),
                                name="doorverwijzing_vraag_of_contact_met_toestemming",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Gezien",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("gezien_op", models.DateTimeField(verbose_name="gezien op")),
                        (
                            "gebruiker",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "locatie",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="aanbod.locatie",
                            ),
                        ),
                        (
                            "organisator",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="aanbod.organisator"
                            ),
                        ),
                        (
                            "vraag",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="gezien",
                                to="aanmelding.opvangvraag",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "gezien door aanbieder",
                        "verbose_name_plural": "gezien door aanbieders",
                        "db_table": "aanbod_gezien",
                        "ordering": ["gezien_op", "id"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("vraag", "organisator"), name="gezien_eenmaal_per_organisator"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Opvangvoorstel",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "namens_aanbieder",
                            models.BooleanField(default=False, verbose_name="door het loket namens de aanbieder"),
                        ),
                        ("voorgesteld_op", models.DateTimeField(db_index=True, verbose_name="voorgesteld op")),
                        ("startdatum", models.DateField(blank=True, null=True, verbose_name="startdatum")),
                        (
                            "weekschema",
                            models.CharField(
                                blank=True,
                                max_length=7,
                                validators=[
                                    django.core.validators.RegexValidator(
                                        "^[-VND]{7}$", "Een weekschema heeft 7 dagen: -, V, N of D."
                                    )
                                ],
                                verbose_name="weekschema",
                            ),
                        ),
                        (
                            "dagen_per_week",
                            models.DecimalField(decimal_places=1, max_digits=3, verbose_name="dagen per week"),
                        ),
                        ("antwoord_tegen", models.DateField(verbose_name="antwoorden tegen")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("open", "open"),
                                    ("aanvaard", "aanvaard"),
                                    ("geweigerd", "geweigerd"),
                                    ("verlopen", "verlopen"),
                                    ("ingetrokken", "ingetrokken"),
                                    ("geannuleerd", "geannuleerd"),
                                ],
                                db_index=True,
                                default="open",
                                max_length=20,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "antwoord",
                            models.CharField(
                                blank=True,
                                choices=[("aanvaard", "aanvaard"), ("geweigerd", "geweigerd")],
                                max_length=10,
                                verbose_name="antwoord van het gezin",
                            ),
                        ),
                        ("beantwoord_op", models.DateTimeField(blank=True, null=True, verbose_name="beantwoord op")),
                        (
                            "weigerreden",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("te_ver", "te ver"),
                                    ("dagen_passen_niet", "de dagen passen niet"),
                                    ("start_te_laat", "de start is te laat"),
                                    ("prijs", "de prijs"),
                                    ("elders_gevonden", "elders opvang gevonden"),
                                    ("andere", "andere"),
                                ],
                                max_length=20,
                                verbose_name="reden weigering",
                            ),
                        ),
                        ("opmerking", models.TextField(blank=True, verbose_name="opmerking")),
                        (
                            "afgesloten_op",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="ingetrokken, verlopen of geannuleerd op"
                            ),
                        ),
                        ("afsluit_reden", models.TextField(blank=True, verbose_name="reden intrekking of annulering")),
                        (
                            "herinnerd_op",
                            models.DateTimeField(blank=True, null=True, verbose_name="herinnering gestuurd op"),
                        ),
                        ("aangemaakt_op", models.DateTimeField(auto_now_add=True)),
                        ("gewijzigd_op", models.DateTimeField(auto_now=True)),
                        (
                            "gedaan_door",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "locatie",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="voorstellen",
                                to="aanbod.locatie",
                            ),
                        ),
                        (
                            "vraag",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="voorstellen",
                                to="aanmelding.opvangvraag",
                            ),
                        ),
                        (
                            "vrije_plaats",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="voorstellen",
                                to="aanbod.vrijeplaats",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "opvangvoorstel",
                        "verbose_name_plural": "opvangvoorstellen",
                        "db_table": "aanbod_opvangvoorstel",
                        "ordering": ["-voorgesteld_op", "-id"],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("status", "open")),
                                fields=("vraag",),
                                name="voorstel_een_open_per_vraag",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("status", "aanvaard")),
                                fields=("vraag",),
                                name="voorstel_een_aanvaard_per_vraag",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("antwoord", ""), ("beantwoord_op__isnull", True)),
                                    models.Q(
                                        models.Q(("antwoord", ""), _negated=True), ("beantwoord_op__isnull", False)
                                    ),
                                    _connector="OR",
                                ),
                                name="voorstel_antwoord_met_moment",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("status__in", ["open", "verlopen", "ingetrokken"]), _negated=True),
                                    ("antwoord", ""),
                                    _connector="OR",
                                ),
                                name="voorstel_open_zonder_antwoord",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("status__in", ["aanvaard", "geannuleerd"]), _negated=True),
                                    ("antwoord", "aanvaard"),
                                    _connector="OR",
                                ),
                                name="voorstel_aanvaard_met_antwoord",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("status", "geweigerd"), _negated=True),
                                    ("antwoord", "geweigerd"),
                                    _connector="OR",
                                ),
                                name="voorstel_geweigerd_met_antwoord",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("dagen_per_week__gte", 0), ("dagen_per_week__lte", 7)),
                                name="voorstel_dagen_per_week_0_tot_7",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Voorkeur",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "rang",
                            models.PositiveSmallIntegerField(
                                validators=[django.core.validators.MinValueValidator(1)], verbose_name="rang"
                            ),
                        ),
                        (
                            "locatie",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="voorkeuren",
                                to="aanbod.locatie",
                            ),
                        ),
                        (
                            "vraag",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="voorkeuren",
                                to="aanmelding.opvangvraag",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "voorkeurlocatie",
                        "verbose_name_plural": "voorkeurlocaties",
                        "db_table": "aanbod_voorkeur",
                        "ordering": ["rang"],
                        "constraints": [
                            models.UniqueConstraint(fields=("vraag", "locatie"), name="voorkeur_locatie_eenmaal"),
                            models.UniqueConstraint(fields=("vraag", "rang"), name="voorkeur_rang_eenmaal"),
                            models.CheckConstraint(condition=models.Q(("rang__gte", 1)), name="voorkeur_rang_vanaf_1"),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Wachter",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("aangemaakt_op", models.DateTimeField(auto_now_add=True)),
                        ("verwittigd_op", models.DateTimeField(blank=True, null=True, verbose_name="verwittigd op")),
                        (
                            "gebruiker",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "vraag",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="wachters",
                                to="aanmelding.opvangvraag",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "wachtende aanbieder",
                        "verbose_name_plural": "wachtende aanbieders",
                        "db_table": "aanbod_wachter",
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("verwittigd_op__isnull", True)),
                                fields=("vraag", "gebruiker"),
                                name="wachter_eenmaal_tegelijk",
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_naar_aanmelding, content_types_naar_aanbod, elidable=False),
    ]
