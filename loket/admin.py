from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Gebruiker, Gemeente, GemeenteAlias, Logregel, Loket, Postcode


class PostcodeInline(admin.TabularInline):
    model = Postcode
    extra = 0


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ["nis", "naam_nl", "naam_fr", "provincie"]
    list_filter = ["provincie"]
    search_fields = ["nis", "naam_nl", "naam_fr", "postcodes__code"]
    inlines = [PostcodeInline]


@admin.register(GemeenteAlias)
class GemeenteAliasAdmin(admin.ModelAdmin):
    list_display = ["nis", "naam", "gemeente"]
    search_fields = ["nis", "naam"]
    autocomplete_fields = ["gemeente"]


@admin.register(Loket)
class LoketAdmin(admin.ModelAdmin):
    list_display = ["naam", "code", "organisator", "dossiernummer"]
    search_fields = ["naam", "code", "organisator"]
    filter_horizontal = ["werkingsgebied"]
    prepopulated_fields = {"code": ["naam"]}
    fieldsets = [
        (None, {"fields": ["naam", "code", "organisator", "dossiernummer", "werkingsgebied"]}),
        (_("Bereikbaarheid"), {"fields": ["adres", "openingsuren", "telefoon", "email"]}),
        (
            _("Instellingen"),
            {
                "fields": [
                    "antwoordtermijn_dagen",
                    "reactietermijn_dagen",
                    "max_voorkeuren",
                    "dringend_delen",
                    "vrije_plaatsen_geldig_dagen",
                    "bewaartermijn_jaren",
                ]
            },
        ),
    ]


@admin.register(Gebruiker)
class GebruikerAdmin(UserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "rol", "is_active"]
    list_filter = ["rol", "is_active", "loketten"]
    search_fields = ["email", "first_name", "last_name", "organisatie"]
    filter_horizontal = ["loketten", "groups", "user_permissions"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Persoon"), {"fields": ["first_name", "last_name", "rol", "loketten", "organisatie"]}),
        (_("Rechten"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Data"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "rol", "password1", "password2"]})]


@admin.register(Logregel)
class LogregelAdmin(admin.ModelAdmin):
    """Read-only: the audit log is never edited or deleted."""

    list_display = ["tijdstip", "gebruiker", "actie", "content_type", "object_id", "loket"]
    list_filter = ["actie", "loket"]
    search_fields = ["actie", "object_id", "gebruiker__email"]
    date_hierarchy = "tijdstip"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
