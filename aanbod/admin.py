from django.contrib import admin

from .models import AanbiederToegang, Locatie, Organisator, VrijePlaats


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
