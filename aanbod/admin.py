from django.contrib import admin

from loket.admin import AlleenLezenAdmin, AlleenLezenInline

from .models import AanbiederToegang, Locatie, Organisator, VrijePlaats

# Read-only: providers, locations and free places change through the services (the coordinator's
# and the provider's screens, the location import), which write a Logregel.


class LocatieInline(AlleenLezenInline):
    model = Locatie
    fields = ["naam", "type", "gemeente", "erkende_plaatsen", "actief"]


@admin.register(Organisator)
class OrganisatorAdmin(AlleenLezenAdmin):
    list_display = ["naam", "email", "telefoon"]
    search_fields = ["naam", "ondernemingsnummer"]
    inlines = [LocatieInline]


class VrijePlaatsInline(AlleenLezenInline):
    model = VrijePlaats
    fields = ["vanaf", "leeftijdsgroep", "weekschema", "aantal", "bevestigd_op"]


@admin.register(Locatie)
class LocatieAdmin(AlleenLezenAdmin):
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
    inlines = [VrijePlaatsInline]


@admin.register(AanbiederToegang)
class AanbiederToegangAdmin(AlleenLezenAdmin):
    """Granted by aanbieder_uitnodigen and withdrawn by aanbieder_toegang_intrekken (both logged)."""

    list_display = ["gebruiker", "organisator", "locatie"]
    list_select_related = ["gebruiker", "organisator", "locatie"]
    search_fields = ["gebruiker__email", "organisator__naam", "locatie__naam"]


@admin.register(VrijePlaats)
class VrijePlaatsAdmin(AlleenLezenAdmin):
    list_display = ["locatie", "vanaf", "leeftijdsgroep", "weekschema", "aantal", "bevestigd_op"]
    list_filter = ["leeftijdsgroep"]
    list_select_related = ["locatie"]
    search_fields = ["locatie__naam"]
