from django.contrib import admin

from loket.admin import AlleenLezenInline, InzageGelogdAdmin

from .models import (
    Contactmoment,
    Doorverwijzing,
    Gezin,
    Kind,
    Notitie,
    Opvangvoorstel,
    Opvangvraag,
    Ouder,
    Voorkeur,
    Wisverzoek,
)

# Every admin here is read-only (InzageGelogdAdmin): the services change a family's data and log it.


class OuderInline(AlleenLezenInline):
    model = Ouder
    fields = ["voornaam", "achternaam", "email", "telefoon", "situatie"]


class KindInline(AlleenLezenInline):
    model = Kind
    fields = ["voornaam", "achternaam", "geboortedatum", "verwacht", "specifieke_zorgbehoefte"]


@admin.register(Gezin)
class GezinAdmin(InzageGelogdAdmin):
    list_display = ["__str__", "loket", "gemeente", "kwetsbaar"]
    list_filter = ["loket", "kwetsbaar"]
    search_fields = ["ouders__achternaam", "ouders__email", "kinderen__achternaam"]
    inlines = [OuderInline, KindInline]


@admin.register(Kind)
class KindAdmin(InzageGelogdAdmin):
    list_display = ["voornaam", "achternaam", "geboortedatum", "verwacht", "gezin"]
    inzage_via = "gezin"
    list_select_related = ["gezin"]
    search_fields = ["voornaam", "achternaam"]


class NotitieInline(AlleenLezenInline):
    model = Notitie
    fields = readonly_fields = ["aangemaakt_op", "door", "tekst"]


class ContactmomentInline(AlleenLezenInline):
    model = Contactmoment
    fields = readonly_fields = ["op", "soort", "door", "tekst"]


@admin.register(Opvangvraag)
class OpvangvraagAdmin(InzageGelogdAdmin):
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
    inlines = [NotitieInline, ContactmomentInline]


@admin.register(Wisverzoek)
class WisverzoekAdmin(InzageGelogdAdmin):
    """Erasure requests are handled by the coordinator on /loket/wisverzoeken/."""

    inzage_via = "gezin"
    list_select_related = ["gezin", "afgehandeld_door"]
    list_display = ["gezin", "gevraagd_op", "afgehandeld_op", "uitkomst", "afgehandeld_door"]
    list_filter = ["uitkomst"]
    date_hierarchy = "gevraagd_op"
    fields = ["gezin", "gevraagd_op", "gevraagd_door", "afgehandeld_op", "afgehandeld_door", "uitkomst", "reden"]


@admin.register(Doorverwijzing)
class DoorverwijzingAdmin(InzageGelogdAdmin):
    """A referral to the desk; one without a request holds the family's contact details."""

    list_display = ["__str__", "loket", "reden", "aangemaakt_op", "afgehandeld_op"]
    list_filter = ["loket", "reden"]
    list_select_related = ["vraag__kind", "organisator", "door"]
    search_fields = ["vraag__referentie", "naam", "email", "organisator__naam"]
    date_hierarchy = "aangemaakt_op"


@admin.register(Voorkeur)
class VoorkeurAdmin(InzageGelogdAdmin):
    list_display = ["vraag", "locatie", "rang"]
    inzage_via = "vraag"
    list_select_related = ["vraag__kind", "locatie"]
    raw_id_fields = ["vraag"]
    autocomplete_fields = ["locatie"]


@admin.register(Opvangvoorstel)
class OpvangvoorstelAdmin(InzageGelogdAdmin):
    inzage_via = "vraag"
    list_select_related = ["vraag__kind", "locatie"]
    list_display = ["vraag", "locatie", "voorgesteld_op", "startdatum", "dagen_per_week", "status", "antwoord"]
    list_filter = ["status", "antwoord"]
    raw_id_fields = ["vraag", "vrije_plaats", "gedaan_door"]
    autocomplete_fields = ["locatie"]
