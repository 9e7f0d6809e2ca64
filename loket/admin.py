from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.dates import WEEKDAYS
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.admin import OTPAdminSite

from . import openingsuren
from .logboek import logregels_schrijven
from .mail import mail_opnieuw_versturen
from .models import Gebruiker, Gemeente, GemeenteAlias, Logregel, Loket, Mailbericht, Postcode
from .services import gebruiker_deactiveren
from .toegang import tweestaps_nodig


class BeheerSite(OTPAdminSite):
    """The Django admin behind the app's own login (/inloggen/, then the second step).

    The admin's own login page checked passwords without the throttle, and told a right password
    apart by asking for the OTP code next. Its URL now only sends each visitor on: anonymous to
    the app's login, a user who still has to pass the second step to that step, an administrator
    to the admin; anyone else logged in gets 403 (no loop back to a login they passed).
    """

    def login(self, request, extra_context=None):
        volgende = request.GET.get(REDIRECT_FIELD_NAME, "")
        # A path on this site only: redirect() would take "abc" for a URL name (NoReverseMatch, a 500).
        if not (volgende.startswith("/") and url_has_allowed_host_and_scheme(volgende, {request.get_host()})):
            volgende = reverse("admin:index", current_app=self.name)
        gebruiker = request.user
        if not gebruiker.is_authenticated:
            return redirect_to_login(volgende)
        if tweestaps_nodig(gebruiker):
            return redirect(f"{reverse('loket:tweestaps')}?{urlencode({'next': volgende})}")
        if self.has_permission(request):
            return redirect(volgende)
        raise PermissionDenied


class AlleenLezen:
    """Shown, searchable, never added, changed or deleted here.

    Domain data (families, requests, offers, free places, locations, organisations) changes only
    through the services, which check the allowed states and write a Logregel; the admin is a
    window on it. Without the change permission Django shows every field read-only and answers a
    POST to the add, change or delete page with 403. Desks, municipalities and users are
    configuration and stay editable.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AlleenLezenAdmin(AlleenLezen, admin.ModelAdmin):
    pass


class AlleenLezenInline(AlleenLezen, admin.TabularInline):
    extra = 0


class InzageGelogdAdmin(AlleenLezenAdmin):
    """A read-only admin for a model that shows a family's data: its list and change pages write a Logregel,
    as every other view of that data does (`<gezin|opvangvraag>.bekeken`, details {"pagina": "beheer"}).

    `inzage_via`: the relation from a row to the family or request it shows (or None: the row is
    one). Name it in `list_select_related` too, so that the list writes its rows in one query.
    """

    inzage_via = None

    def _inzage_loggen(self, request, objecten):
        doelen = [getattr(object, self.inzage_via) if self.inzage_via else object for object in objecten]
        if doelen:
            logregels_schrijven(
                door=request.user,
                actie=f"{doelen[0]._meta.model_name}.bekeken",
                objecten=doelen,
                details={"pagina": "beheer"},
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        antwoord = super().change_view(request, object_id, form_url, extra_context)
        origineel = (getattr(antwoord, "context_data", None) or {}).get("original")
        if origineel is not None:
            self._inzage_loggen(request, [origineel])
        return antwoord

    def changelist_view(self, request, extra_context=None):
        antwoord = super().changelist_view(request, extra_context)
        lijst = (getattr(antwoord, "context_data", None) or {}).get("cl")
        if lijst is not None:
            self._inzage_loggen(request, lijst.result_list)
        return antwoord


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
    list_display = ["naam", "code", "inrichtend_bestuur", "dossiernummer"]
    search_fields = ["naam", "code", "inrichtend_bestuur"]
    filter_horizontal = ["werkingsgebied"]
    prepopulated_fields = {"code": ["naam"]}
    fieldsets = [
        (None, {"fields": ["naam", "code", "inrichtend_bestuur", "dossiernummer", "werkingsgebied"]}),
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
    actions = ["deactiveren"]

    def has_delete_permission(self, request, obj=None):
        # The audit log points at its authors and is never changed: an account is deactivated instead.
        return False

    @admin.action(description=_("Geselecteerde gebruikers deactiveren"), permissions=["change"])
    def deactiveren(self, request, queryset):
        aantal = sum(gebruiker_deactiveren(gebruiker=gebruiker, door=request.user) for gebruiker in queryset)
        self.message_user(
            request,
            ngettext("%(aantal)d gebruiker gedeactiveerd.", "%(aantal)d gebruikers gedeactiveerd.", aantal)
            % {"aantal": aantal},
            messages.SUCCESS,
        )


@admin.register(Logregel)
class LogregelAdmin(AlleenLezenAdmin):
    """Read-only: the audit log is never edited or deleted."""

    list_display = ["tijdstip", "gebruiker", "actie", "content_type", "object_id", "loket"]
    list_filter = ["actie", "loket"]
    search_fields = ["actie", "object_id", "gebruiker__email"]
    date_hierarchy = "tijdstip"


@admin.register(Mailbericht)
class MailberichtAdmin(admin.ModelAdmin):
    """Every desk's mail, also mail about no single desk (login links): read, and send again."""

    list_display = ["aangemaakt_op", "sjabloon", "loket", "status", "pogingen", "laatste_fout"]
    list_filter = ["status", "sjabloon", "loket"]
    exclude = ["context"]
    readonly_fields = [
        "loket",
        "aan",
        "sjabloon",
        "taal",
        "status",
        "pogingen",
        "laatste_fout",
        "volgende_poging_op",
        "verstuurd_op",
    ]
    actions = ["opnieuw_versturen"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Opnieuw versturen"))
    def opnieuw_versturen(self, request, queryset):
        aantal = sum(mail_opnieuw_versturen(bericht=bericht) for bericht in queryset)
        self.message_user(
            request,
            ngettext("%(n)d mail opnieuw klaargezet.", "%(n)d mails opnieuw klaargezet.", aantal) % {"n": aantal},
        )
