from django.contrib import admin

from loket.admin import InzageGelogdAdmin

from .models import AanbiederToegang, Locatie, Opvangvoorstel, Organisator, Voorkeur, VrijePlaats


class LocatieInline(admin.TabularInline):
    model = Locatie
    extra = 0
    fields = ["naam", "type", "gemeente", "erkende_plaatsen", "actief"]
    autocomplete_fields = ["gemeente"]


@admin.register(Organisator)
class OrganisatorAdmin(admin.ModelAdmin):
    list_display = ["naam", "email", "telefoon"]
    search_fields = ["naam", "ondernemingsnummer"]
    inlines = [LocatieInline]


class VrijePlaatsInline(admin.TabularInline):
    model = VrijePlaats
    extra = 0
    fields = ["vanaf", "leeftijdsgroep", "weekschema", "aantal", "bevestigd_op"]


@admin.register(Locatie)
class LocatieAdmin(admin.ModelAdmin):
    list_display = [
        "naam",
        "organisator",
        "type",
        "gemeente",
        "erkende_plaatsen",
        "inkomenstarief",
        "actief",
        "na_te_kijken",
    ]
    list_filter = ["type", "inkomenstarief", "actief", "na_te_kijken", "gemeente"]
    search_fields = ["naam", "organisator__naam", "opgroeien_id"]
    autocomplete_fields = ["gemeente", "organisator"]
    inlines = [VrijePlaatsInline]


@admin.register(AanbiederToegang)
class AanbiederToegangAdmin(admin.ModelAdmin):
    list_display = ["gebruiker", "organisator", "locatie"]
    raw_id_fields = ["gebruiker"]
    autocomplete_fields = ["organisator", "locatie"]


@admin.register(VrijePlaats)
class VrijePlaatsAdmin(admin.ModelAdmin):
    list_display = ["locatie", "vanaf", "leeftijdsgroep", "weekschema", "aantal", "bevestigd_op"]
    list_filter = ["leeftijdsgroep"]
    autocomplete_fields = ["locatie"]


@admin.register(Voorkeur)
class VoorkeurAdmin(InzageGelogdAdmin):
    list_display = ["vraag", "locatie", "rang"]
    inzage_via = "vraag"
    list_select_related = ["vraag__kind", "locatie"]
    raw_id_fields = ["vraag"]
    autocomplete_fields = ["locatie"]


@admin.register(Opvangvoorstel)
class OpvangvoorstelAdmin(InzageGelogdAdmin):
    """Status and answer are read-only: they change only through the services."""

    inzage_via = "vraag"
    list_select_related = ["vraag__kind", "locatie"]
    list_display = ["vraag", "locatie", "voorgesteld_op", "startdatum", "dagen_per_week", "status", "antwoord"]
    list_filter = ["status", "antwoord"]
    raw_id_fields = ["vraag", "vrije_plaats", "gedaan_door"]
    autocomplete_fields = ["locatie"]
    readonly_fields = ["status", "antwoord", "beantwoord_op", "afgesloten_op"]

    def has_delete_permission(self, request, obj=None):
        # An offer made stays: the report counts it (Opvangvraag.eerste_voorstel_op) as of its date.
        return False
