from django.contrib import admin

from loket.admin import InzageGelogdAdmin

from .models import Contactmoment, Gezin, Kind, Notitie, Opvangvoorstel, Opvangvraag, Ouder, Voorkeur, Wisverzoek


class OuderInline(admin.TabularInline):
    model = Ouder
    extra = 0
    fields = ["voornaam", "achternaam", "email", "telefoon", "situatie"]


class KindInline(admin.TabularInline):
    model = Kind
    extra = 0
    fields = ["voornaam", "achternaam", "geboortedatum", "verwacht", "specifieke_zorgbehoefte"]


@admin.register(Gezin)
class GezinAdmin(InzageGelogdAdmin):
    list_display = ["__str__", "loket", "gemeente", "kwetsbaar"]
    list_filter = ["loket", "kwetsbaar"]
    search_fields = ["ouders__achternaam", "ouders__email", "kinderen__achternaam"]
    inlines = [OuderInline, KindInline]
    autocomplete_fields = ["gemeente"]


@admin.register(Kind)
class KindAdmin(InzageGelogdAdmin):
    list_display = ["voornaam", "achternaam", "geboortedatum", "verwacht", "gezin"]
    inzage_via = "gezin"
    list_select_related = ["gezin"]
    search_fields = ["voornaam", "achternaam"]
    raw_id_fields = ["gezin"]


class AlleenLezenInline(admin.TabularInline):
    """Notes and contacts are written through the services (each writes a Logregel): shown only."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class NotitieInline(AlleenLezenInline):
    model = Notitie
    fields = readonly_fields = ["aangemaakt_op", "door", "tekst"]


class ContactmomentInline(AlleenLezenInline):
    model = Contactmoment
    fields = readonly_fields = ["op", "soort", "door", "tekst"]


@admin.register(Opvangvraag)
class OpvangvraagAdmin(InzageGelogdAdmin):
    """Status and life-cycle fields are read-only: they change only through the services."""

    list_display = [
        "referentie",
        "kind",
        "loket",
        "gemeente",
        "status",
        "kanaal",
        "ingediend_op",
        "gewenste_startdatum",
    ]
    list_filter = ["loket", "status", "kanaal", "dringend"]
    search_fields = ["referentie", "kind__voornaam", "kind__achternaam"]
    date_hierarchy = "ingediend_op"
    raw_id_fields = ["kind", "gezin", "ingediend_door", "toeleider"]
    autocomplete_fields = ["gemeente", "voorkeur_gemeente"]
    readonly_fields = [
        "status",
        "ingetrokken_op",
        "intrek_reden",
        "gewenste_startdatum_origineel",
        "dagen_per_week_origineel",
        "geen_reactie_gemeld_op",
        "samengevoegd_met",
    ]
    inlines = [NotitieInline, ContactmomentInline]

    def has_delete_permission(self, request, obj=None):
        # A request is withdrawn, merged or anonymised, never deleted: the yearly report counts it.
        return False


@admin.register(Wisverzoek)
class WisverzoekAdmin(InzageGelogdAdmin):
    """Erasure requests are handled by the coordinator on /loket/wisverzoeken/ (services): shown only."""

    inzage_via = "gezin"
    list_select_related = ["gezin", "afgehandeld_door"]
    list_display = ["gezin", "gevraagd_op", "afgehandeld_op", "uitkomst", "afgehandeld_door"]
    list_filter = ["uitkomst"]
    date_hierarchy = "gevraagd_op"
    fields = readonly_fields = [
        "gezin",
        "gevraagd_op",
        "gevraagd_door",
        "afgehandeld_op",
        "afgehandeld_door",
        "uitkomst",
        "reden",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
