from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.dates import WEEKDAYS
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import openingsuren
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


def _urenveld(nummer):
    return forms.CharField(
        label=capfirst(WEEKDAYS[nummer]), required=False, help_text=_("Bv. 9:00-12:00, 13:00-17:00. Leeg = gesloten.")
    )


class LoketAdminForm(forms.ModelForm):
    """The desk, with its counter hours as one field per weekday ("9:00-12:00, 13:00-17:00")."""

    uren_ma = _urenveld(0)
    uren_di = _urenveld(1)
    uren_wo = _urenveld(2)
    uren_do = _urenveld(3)
    uren_vr = _urenveld(4)
    uren_za = _urenveld(5)
    uren_zo = _urenveld(6)

    class Meta:
        model = Loket
        fields = ["naam", "code"]  # the admin's fieldsets name the rest

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for dag in openingsuren.DAGEN:
            self.fields[f"uren_{dag}"].initial = openingsuren.dag_tekst(self.instance.openingsuren.get(dag, []))

    def clean(self):
        cleaned = super().clean()
        uren = {}
        for dag in openingsuren.DAGEN:
            try:
                periodes = openingsuren.dag_lezen(cleaned.get(f"uren_{dag}"))
            except forms.ValidationError as fout:
                self.add_error(f"uren_{dag}", fout)
                continue
            if periodes:
                uren[dag] = periodes
        self.instance.openingsuren = uren
        return cleaned


@admin.register(Loket)
class LoketAdmin(admin.ModelAdmin):
    form = LoketAdminForm
    list_display = ["naam", "code", "organisator", "dossiernummer"]
    search_fields = ["naam", "code", "organisator"]
    filter_horizontal = ["werkingsgebied"]
    prepopulated_fields = {"code": ["naam"]}
    fieldsets = [
        (None, {"fields": ["naam", "code", "organisator", "dossiernummer", "werkingsgebied"]}),
        (
            _("Bereikbaarheid"),
            {
                "fields": [
                    "adres",
                    *(f"uren_{dag}" for dag in openingsuren.DAGEN),
                    "openingsuren_toelichting",
                    "telefoon",
                    "email",
                ]
            },
        ),
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
