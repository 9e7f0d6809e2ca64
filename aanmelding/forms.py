from collections import Counter

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from aanbod.models import Locatie
from loket.datums import jaren_later
from loket.models import Gemeente, Postcode
from loket.weekschema import WEEKDAG_NAMEN, WeekschemaField, WeekschemaWidget  # noqa: F401  (re-exported)

from .models import (
    DringendReden,
    Situatie,
    Taal,
    atypisch_volgens_weekschema,
    rijksregister_hash,
)

# --- Registration forms --------------------------------------------------------------------------
# Plain forms (not ModelForms): the online wizard keeps what was typed in the session and builds
# the family, child and request only at the final confirm; the desk's one-screen registration
# renders the same classes side by side with a `prefix`. Each form returns the model fields it
# fills through a small `*_velden()` method, so neither view maps fields by hand.

DATUM_FORMATEN = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
# An expected birth date further ahead than this is not a pregnancy yet (about 10 months).
MAX_DAGEN_VERWACHT = 305
MAX_LEEFTIJD_JAREN = 4
MAX_JAREN_VOORUIT = 2


class DatumInput(forms.DateInput):
    """A native date picker; without one the browser shows a text box that takes 31/12/2025 too."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def datumveld(label, **kwargs):
    return forms.DateField(label=label, input_formats=DATUM_FORMATEN, widget=DatumInput(), **kwargs)


def rijksregisternummer_geldig(cijfers):
    """Belgian national register number: 11 digits, the last two a mod-97 check (before or after 2000)."""
    if len(cijfers) != 11:
        return False
    basis, controle = int(cijfers[:9]), int(cijfers[9:])
    return controle in (97 - basis % 97, 97 - int("2" + cijfers[:9]) % 97)


class KindForm(forms.Form):
    """The child: name and (expected) date of birth.

    Refuses a birth date in the future or more than 4 years ago, and an expected birth date in
    the past or more than about 10 months ahead. `vandaag` can be given for tests.
    """

    voornaam = forms.CharField(label=_("Voornaam van je kind"), max_length=100)
    achternaam = forms.CharField(label=_("Achternaam van je kind"), max_length=100)
    geboren = forms.TypedChoiceField(
        label=_("Is je kind al geboren?"),
        choices=[("ja", _("Ja")), ("nee", _("Nee, nog niet"))],
        coerce=lambda waarde: waarde == "ja",
        widget=forms.RadioSelect,
    )
    geboortedatum = datumveld(
        _("Geboortedatum, of de datum waarop je de geboorte verwacht"),
        help_text=_("Nog niet geboren? Geef de verwachte datum."),
    )
    rijksregisternummer = forms.CharField(
        label=_("Rijksregisternummer van je kind (niet verplicht)"),
        max_length=20,
        required=False,
        help_text=_("Zo vinden we een dubbele aanvraag. We bewaren het nummer niet en tonen het nooit."),
    )

    def __init__(self, *args, vandaag=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.vandaag = vandaag or timezone.localdate()

    def clean_voornaam(self):
        return " ".join(self.cleaned_data["voornaam"].split())

    def clean_achternaam(self):
        return " ".join(self.cleaned_data["achternaam"].split())

    def clean_rijksregisternummer(self):
        cijfers = "".join(c for c in self.cleaned_data["rijksregisternummer"] if c.isdigit())
        if self.cleaned_data["rijksregisternummer"].strip() and not rijksregisternummer_geldig(cijfers):
            raise forms.ValidationError(_("Dit is geen geldig rijksregisternummer. Het heeft 11 cijfers."))
        return cijfers

    def clean(self):
        data = super().clean()
        geboren, datum = data.get("geboren"), data.get("geboortedatum")
        if geboren is None or datum is None:
            return data
        if geboren:
            if datum > self.vandaag:
                self.add_error(
                    "geboortedatum",
                    _("Deze datum ligt in de toekomst. Is je kind nog niet geboren? Kies dan 'Nee, nog niet'."),
                )
            elif datum < jaren_later(self.vandaag, -MAX_LEEFTIJD_JAREN):
                self.add_error(
                    "geboortedatum",
                    _(
                        "Je kind is dan ouder dan 4 jaar. "
                        "Kinderopvang voor baby's en peuters is er tot de kleuterschool."
                    ),
                )
        else:
            if datum < self.vandaag:
                self.add_error(
                    "geboortedatum",
                    _("Deze datum ligt in het verleden. Is je kind al geboren? Kies dan 'Ja'."),
                )
            elif (datum - self.vandaag).days > MAX_DAGEN_VERWACHT:
                self.add_error(
                    "geboortedatum",
                    _("Deze datum ligt meer dan 10 maanden in de toekomst. Kijk de datum na."),
                )
        return data

    def kind_velden(self):
        """Fields for aanmelding.Kind (without the family)."""
        data = self.cleaned_data
        return {
            "voornaam": data["voornaam"],
            "achternaam": data["achternaam"],
            "geboortedatum": data["geboortedatum"],
            "verwacht": not data["geboren"],
            "rijksregister_hash": rijksregister_hash(data["rijksregisternummer"]),
        }


TELEFOON_TEKENS = set("0123456789 +./-()")


class OuderForm(forms.Form):
    """One parent. With `verplicht=False` (a second parent) the form may stay empty.

    With `email_verplicht=False` (the desk, a family without e-mail) e-mail is optional.
    """

    voornaam = forms.CharField(label=_("Voornaam"), max_length=100, required=False)
    achternaam = forms.CharField(label=_("Achternaam"), max_length=100, required=False)
    email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Dit is geen geldig e-mailadres. Bijvoorbeeld: naam@voorbeeld.be")},
    )
    telefoon = forms.CharField(
        label=_("Telefoon of gsm"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    situatie = forms.ChoiceField(
        label=_("Werk je of volg je een opleiding?"),
        choices=[("", _("Zeg ik liever niet")), *Situatie.choices],
        required=False,
    )

    def __init__(self, *args, verplicht=True, email_verplicht=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.verplicht = verplicht
        self.email_verplicht = email_verplicht
        for naam in ("voornaam", "achternaam"):
            self.fields[naam].required = verplicht
        self.fields["email"].required = verplicht and email_verplicht
        if verplicht and email_verplicht:
            self.fields["email"].help_text = _("Hier sturen we de bevestiging en later de voorstellen naartoe.")

    def clean_voornaam(self):
        return " ".join(self.cleaned_data["voornaam"].split())

    def clean_achternaam(self):
        return " ".join(self.cleaned_data["achternaam"].split())

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_telefoon(self):
        telefoon = " ".join(self.cleaned_data["telefoon"].split())
        if telefoon and (set(telefoon) - TELEFOON_TEKENS or sum(c.isdigit() for c in telefoon) < 9):
            raise forms.ValidationError(_("Dit is geen geldig telefoonnummer. Bijvoorbeeld: 0470 12 34 56"))
        return telefoon

    def clean(self):
        data = super().clean()
        if not self.verplicht and self.is_ingevuld():
            for naam in ("voornaam", "achternaam"):
                if not data.get(naam) and naam not in self.errors:
                    self.add_error(naam, _("Vul dit in, of laat alles over de tweede ouder leeg."))
        return data

    def is_ingevuld(self):
        """Whether anything was typed (a second parent is optional)."""
        return any(self.cleaned_data.get(naam) for naam in ("voornaam", "achternaam", "email", "telefoon"))

    def ouder_velden(self):
        """Fields for aanmelding.Ouder, or None for an optional parent left empty."""
        if not self.is_ingevuld():
            return None
        return {naam: self.cleaned_data[naam] for naam in ("voornaam", "achternaam", "email", "telefoon", "situatie")}


class GezinForm(forms.Form):
    """The family's language for mail."""

    taal = forms.ChoiceField(
        label=_("In welke taal wil je onze e-mails krijgen?"), choices=Taal.choices, widget=forms.RadioSelect
    )

    def gezin_velden(self):
        return {"taal": self.cleaned_data["taal"]}


class AdresForm(forms.Form):
    """The family's address. The postal code gives the municipality (loket.Postcode).

    A postal code shared by two municipalities (e.g. 1040) asks which one, in `gemeente`.
    """

    straat = forms.CharField(
        label=_("Straat en huisnummer"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=4,
        min_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
        error_messages={"min_length": _("Een postcode heeft 4 cijfers.")},
    )
    gemeente = forms.ChoiceField(label=_("Gemeente"), required=False, choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        postcode = (self.data.get(self.add_prefix("postcode")) or "").strip() if self.is_bound else ""
        # Raw input, not yet validated: only four ASCII digits reach the database (a NUL byte is a
        # database error on PostgreSQL).
        geldig = len(postcode) == 4 and postcode.isascii() and postcode.isdigit()
        gemeenten = list(Gemeente.objects.filter(postcodes__code=postcode).distinct()) if geldig else []
        if len(gemeenten) > 1:
            self.fields["gemeente"].choices = [("", "---------")] + [(g.nis, g.naam) for g in gemeenten]
            self.fields["gemeente"].help_text = _("Deze postcode hoort bij meer dan één gemeente.")
        else:
            # One municipality (or none yet): the postal code decides in clean(), whatever the
            # hidden field holds (a form filled from a family carries its NIS code there).
            self.fields["gemeente"] = forms.CharField(required=False, widget=forms.HiddenInput())

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].strip()
        if not postcode.isdigit():
            raise forms.ValidationError(_("Een postcode heeft 4 cijfers."))
        if not Postcode.objects.filter(code=postcode).exists():
            raise forms.ValidationError(_("Deze postcode kennen we niet. Kijk de postcode na."))
        return postcode

    def clean(self):
        data = super().clean()
        postcode = data.get("postcode")
        if not postcode:
            return data
        gemeenten = list(Gemeente.objects.filter(postcodes__code=postcode).distinct())
        if len(gemeenten) == 1:
            data["gemeente"] = gemeenten[0]
        else:
            gekozen = next((g for g in gemeenten if g.nis == data.get("gemeente")), None)
            if gekozen is None:
                self.add_error("gemeente", _("Kies je gemeente."))
            data["gemeente"] = gekozen
        return data

    def gezin_velden(self):
        return {
            "straat": self.cleaned_data["straat"],
            "postcode": self.cleaned_data["postcode"],
            "gemeente": self.cleaned_data["gemeente"],
        }


class OpvangForm(forms.Form):
    """The care asked for: start date, week grid, atypical moments.

    `geboortedatum` (of the child, when known) refuses a start before the birth. Refuses a start
    in the past or more than 2 years ahead, and an empty week. `vandaag` can be given for tests.
    """

    gewenste_startdatum = datumveld(_("Vanaf wanneer heb je opvang nodig?"))
    weekschema = WeekschemaField(
        label=_("Op welke dagen?"),
        help_text=_("Kies per dag: geen opvang, voormiddag, namiddag of een volledige dag."),
    )
    voor_7u = forms.BooleanField(label=_("Voor 7 uur 's morgens"), required=False)
    na_18u = forms.BooleanField(label=_("Na 6 uur 's avonds (18 uur)"), required=False)
    zaterdag = forms.BooleanField(label=_("Op zaterdag"), required=False)
    zon_en_feestdag = forms.BooleanField(label=_("Op zondag of op een feestdag"), required=False)

    ATYPISCH = ("voor_7u", "na_18u", "zaterdag", "zon_en_feestdag")

    def __init__(self, *args, geboortedatum=None, vandaag=None, huidige_startdatum=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.geboortedatum = geboortedatum
        self.vandaag = vandaag or timezone.localdate()
        # Changing a request: its current start date stays acceptable, even when it has passed.
        self.huidige_startdatum = huidige_startdatum

    def clean_gewenste_startdatum(self):
        start = self.cleaned_data["gewenste_startdatum"]
        if self.huidige_startdatum is not None and start == self.huidige_startdatum:
            return start
        if start < self.vandaag:
            raise forms.ValidationError(_("Deze datum ligt in het verleden. Kies een datum vanaf vandaag."))
        if start > jaren_later(self.vandaag, MAX_JAREN_VOORUIT):
            raise forms.ValidationError(
                _("Deze datum ligt meer dan 2 jaar in de toekomst. Zo ver vooruit kan je nog niet aanvragen.")
            )
        if self.geboortedatum and start < self.geboortedatum:
            raise forms.ValidationError(
                _("De opvang kan niet starten voor de geboorte (%(datum)s)."),
                params={"datum": date_format(self.geboortedatum, "d/m/Y")},
            )
        return start

    def clean(self):
        data = super().clean()
        # A Saturday or Sunday in the grid is that atypical moment: the summary and the report agree.
        if data.get("weekschema"):
            data.update({veld: True for veld, ja in atypisch_volgens_weekschema(data["weekschema"]).items() if ja})
        return data

    def vraag_velden(self):
        """Fields for opvangvraag_indienen / opvangvraag_wijzigen."""
        return {naam: self.cleaned_data[naam] for naam in ("gewenste_startdatum", "weekschema", *self.ATYPISCH)}


def _locaties_van_loket(loket):
    return Locatie.objects.filter(gemeente__loketten=loket, actief=True).select_related("gemeente").order_by("naam")


def locatie_labels(locaties):
    """{pk: label} of locations as a list shows them: "name — municipality", and the street too where two
    would read the same, so that no two options of a select look alike."""
    labels = {locatie.pk: f"{locatie.naam} — {locatie.gemeente.naam}" for locatie in locaties}
    aantallen = Counter(labels.values())
    for locatie in locaties:
        if aantallen[labels[locatie.pk]] > 1:
            labels[locatie.pk] += f", {locatie.straat}"
    return labels


class LocatieKeuze(forms.ChoiceField):
    """One ranked choice: a location of the desk's area, looked up in the list the form read once."""

    def __init__(self, *, locaties, **kwargs):
        super().__init__(**kwargs)
        self.locaties = locaties

    def to_python(self, value):
        waarde = super().to_python(value)
        if not waarde:
            return None
        locatie = self.locaties.get(waarde)
        if locatie is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return locatie

    def validate(self, value):
        forms.Field.validate(self, value)

    def prepare_value(self, value):
        return str(value.pk) if hasattr(value, "pk") else value


# The number of choices when the desk sets no maximum (0): more selects make the page slow and nobody
# ranks more than this many places.
MAX_KEUZES_ONBEPERKT = 20


class VoorkeurenForm(forms.Form):
    """Preferred locations of the desk's area, ranked: one select per choice (works without JS).

    Shows `aantal` selects (at least 1, at most `bovengrens`: the desk's `max_voorkeuren`, or
    MAX_KEUZES_ONBEPERKT when that is 0 = no limit). A choice beyond the limit or the same location
    twice is an error. Empty selects in between are skipped. Instead of (or besides) locations the
    family may say "any location in municipality X" (`voorkeur_gemeente`). With `verplicht=True` at
    least one of both is needed. `gemeente_filter` narrows the lists to one municipality (the chosen
    ones stay available). The area's locations are read once, whatever the number of selects.
    """

    voorkeur_gemeente = forms.ModelChoiceField(
        label=_("Of: elke opvang in deze gemeente is goed"),
        queryset=Gemeente.objects.none(),
        required=False,
        empty_label=_("(geen keuze)"),
    )

    def __init__(self, *args, loket, aantal=None, verplicht=True, gemeente_filter=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.loket = loket
        self.max_voorkeuren = loket.max_voorkeuren
        self.verplicht = verplicht
        self.fields["voorkeur_gemeente"].queryset = loket.werkingsgebied.order_by("naam_nl")
        al_gekozen = [k for k, v in (self.initial or {}).items() if k.startswith("keuze_") and v]
        # An existing request (the portal) keeps every preference it has, also above today's limit.
        self.bovengrens = max(self.max_voorkeuren or MAX_KEUZES_ONBEPERKT, len(al_gekozen))
        aantal = aantal or (self.max_voorkeuren or 5)
        # Fields for every choice that was posted too, so a choice is never silently dropped; a choice
        # above the limit is an error of the form.
        self.te_veel_gepost = False
        if self.is_bound:
            gepost = [rang for rang in map(self._keuzerang, self.data) if rang]
            self.te_veel_gepost = any(
                self.data.get(self.add_prefix(f"keuze_{rang}")) for rang in gepost if rang > self.bovengrens
            )
            aantal = max([aantal, *gepost])
        aantal = max(1, min(aantal, self.bovengrens))

        locaties = list(_locaties_van_loket(loket))
        per_pk = {str(locatie.pk): locatie for locatie in locaties}
        keuzelijst = locaties
        if gemeente_filter is not None:
            gekozen = {str(v) for k, v in (self.initial or {}).items() if k.startswith("keuze_") and v}
            if self.is_bound:
                gekozen.update(str(self.data.get(self.add_prefix(f"keuze_{i}"))) for i in range(1, aantal + 1))
            keuzelijst = [x for x in locaties if x.gemeente_id == gemeente_filter.pk or str(x.pk) in gekozen]
        labels = locatie_labels(locaties)
        opties = [("", _("(geen keuze)"))] + [(str(locatie.pk), labels[locatie.pk]) for locatie in keuzelijst]
        for rang in range(1, aantal + 1):
            naam = f"keuze_{rang}"
            waarde = self.data.get(self.add_prefix(naam)) if self.is_bound else (self.initial or {}).get(naam)
            gekozen_locatie = per_pk.get(str(waarde))
            self.fields[naam] = LocatieKeuze(
                label=_("Keuze %(rang)s") % {"rang": rang},
                choices=opties,
                locaties=per_pk,
                required=False,
                error_messages={"invalid_choice": _("Kies een locatie uit de lijst.")},
                # A phone cuts a long option off in the closed select: the whole choice under it.
                help_text=format_html('<span class="d-md-none">{}</span>', labels[gekozen_locatie.pk])
                if gekozen_locatie
                else "",
            )
        self.aantal = aantal
        # Keep the voorkeur_gemeente field last in the form.
        self.order_fields([f"keuze_{rang}" for rang in range(1, aantal + 1)] + ["voorkeur_gemeente"])

    def _keuzerang(self, sleutel):
        """The rank in a posted `keuze_<n>` key (raw input: ASCII digits only, at most 3), else None."""
        if self.prefix:
            if not sleutel.startswith(f"{self.prefix}-"):
                return None
            sleutel = sleutel[len(self.prefix) + 1 :]
        rang = sleutel[6:]
        if sleutel.startswith("keuze_") and rang.isascii() and rang.isdigit() and len(rang) <= 3 and int(rang) > 0:
            return int(rang)
        return None

    def kan_meer(self):
        """Whether 'more choices' can add selects."""
        return self.aantal < self.bovengrens

    def keuzevelden(self):
        return [self[f"keuze_{rang}"] for rang in range(1, self.aantal + 1)]

    def clean(self):
        data = super().clean()
        if self.te_veel_gepost:
            raise forms.ValidationError(
                ngettext(
                    "Je kan hoogstens %(max)s locatie kiezen.",
                    "Je kan hoogstens %(max)s locaties kiezen.",
                    self.bovengrens,
                )
                % {"max": self.bovengrens},
                code="te_veel",
            )
        gezien = set()
        gekozen = []
        for rang in range(1, self.aantal + 1):
            locatie = data.get(f"keuze_{rang}")
            if locatie is None:
                continue
            if locatie.pk in gezien:
                self.add_error(f"keuze_{rang}", _("Deze locatie koos je al. Kies elke locatie maar één keer."))
                continue
            gezien.add(locatie.pk)
            gekozen.append(locatie)
        data["voorkeuren"] = gekozen
        if self.verplicht and not gekozen and not data.get("voorkeur_gemeente") and not self.errors:
            raise forms.ValidationError(_("Kies minstens één locatie, of kies een gemeente waar elke opvang goed is."))
        return data

    def vraag_velden(self):
        """`voorkeuren` (Locaties, best first) and `voorkeur_gemeente` for the services."""
        return {
            "voorkeuren": self.cleaned_data["voorkeuren"],
            "voorkeur_gemeente": self.cleaned_data["voorkeur_gemeente"],
        }

    @staticmethod
    def initial_voor(vraag):
        """Initial data for an existing request (the portal's change form)."""
        initial = {f"keuze_{v.rang}": v.locatie_id for v in vraag.voorkeuren.all()}
        initial["voorkeur_gemeente"] = vraag.voorkeur_gemeente_id
        return initial


JA_NEE = [("ja", _("Ja")), ("nee", _("Nee"))]


def ja_nee_veld(label, help_text=""):
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=JA_NEE,
        coerce=lambda waarde: waarde == "ja",
        widget=forms.RadioSelect,
        required=False,
        empty_value=False,
    )


class SituatieForm(forms.Form):
    """The situation questions behind the categories: priority facts, urgency, specific care need,
    and the family's vulnerability facts. Every question may stay unanswered (= no).
    """

    werk_of_opleiding = ja_nee_veld(
        _("Heb je opvang nodig omdat je werkt of een opleiding volgt?"),
        _("Waarom vragen we dit? Wie opvang nodig heeft voor werk of opleiding, kan voorrang krijgen."),
    )
    werk_vier_vijfde = ja_nee_veld(
        _("Werken of leren de ouders gemiddeld 4/5 of meer?"),
        _("Waarom vragen we dit? Dit bepaalt mee of je voorrang krijgt."),
    )
    alleenstaande_ouder = ja_nee_veld(
        _("Zorg je alleen voor je kind?"),
        _("Waarom vragen we dit? Alleenstaande ouders kunnen voorrang krijgen."),
    )
    laag_inkomen = ja_nee_veld(
        _("Is het inkomen van je gezin laag?"),
        _(
            "Waarom vragen we dit? Gezinnen met een laag inkomen kunnen voorrang krijgen. "
            "Twijfel je? Vraag het aan het loket."
        ),
    )
    pleegkind = ja_nee_veld(
        _("Is het kind een pleegkind?"),
        _("Waarom vragen we dit? Pleegkinderen kunnen voorrang krijgen."),
    )
    broer_of_zus = ja_nee_veld(
        _("Gaat een broer of zus al naar een locatie die je koos?"),
        _("Waarom vragen we dit? Broers en zussen krijgen voorrang op dezelfde locatie."),
    )
    dringend_reden = forms.ChoiceField(
        label=_("Heb je dringend opvang nodig?"),
        choices=[("", _("Nee, niet dringend")), *DringendReden.choices],
        required=False,
        help_text=_("Waarom vragen we dit? Het loket zoekt dan sneller mee naar een plaats."),
    )
    specifieke_zorgbehoefte = ja_nee_veld(
        _("Heeft je kind extra zorg nodig?"),
        _("Bijvoorbeeld door een ziekte of een beperking. Waarom vragen we dit? Zo zoeken we een opvang die past."),
    )
    zorgbehoefte_omschrijving = forms.CharField(
        label=_("Welke zorg heeft je kind nodig?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kort, in je eigen woorden. Een diagnose is niet nodig."),
    )
    gezondheids_of_zorgproblemen = ja_nee_veld(
        _("Zijn er in je gezin problemen met gezondheid of zorg?"),
        _("Waarom vragen we dit? Het loket helpt gezinnen die het moeilijk hebben extra."),
    )
    geen_diploma_secundair = ja_nee_veld(
        _("Heeft geen enkele ouder een diploma van het middelbaar (secundair onderwijs)?"),
        _("Waarom vragen we dit? Het loket helpt gezinnen die het moeilijk hebben extra."),
    )
    hulp_inkomenstarief = ja_nee_veld(
        _("Wil je hulp om een lagere prijs te krijgen (inkomenstarief)?"),
        _("De prijs van de opvang hangt soms af van je inkomen. Het loket helpt je daarbij."),
    )

    def clean(self):
        data = super().clean()
        if data.get("specifieke_zorgbehoefte") and not (data.get("zorgbehoefte_omschrijving") or "").strip():
            self.add_error("zorgbehoefte_omschrijving", _("Schrijf kort welke zorg je kind nodig heeft."))
        if not data.get("specifieke_zorgbehoefte"):
            data["zorgbehoefte_omschrijving"] = ""
        return data

    def vraag_velden(self):
        """Fields for opvangvraag_indienen (priority facts and urgency)."""
        data = self.cleaned_data
        return {
            "vg_werk_of_opleiding": data["werk_of_opleiding"] and data["werk_vier_vijfde"],
            "vg_alleenstaande_ouder": data["alleenstaande_ouder"],
            "vg_laag_inkomen": data["laag_inkomen"],
            "vg_pleegkind": data["pleegkind"],
            "vg_broer_of_zus": data["broer_of_zus"],
            "dringend": bool(data["dringend_reden"]),
            "dringend_reden": data["dringend_reden"],
        }

    def gezin_velden(self):
        """The five vulnerability facts (and the tariff help) for aanmelding.Gezin."""
        data = self.cleaned_data
        return {
            "laag_inkomen": data["laag_inkomen"],
            "opvang_voor_werk_of_opleiding": data["werk_of_opleiding"],
            "alleenstaande_ouder": data["alleenstaande_ouder"],
            "gezondheids_of_zorgproblemen": data["gezondheids_of_zorgproblemen"],
            "geen_diploma_secundair": data["geen_diploma_secundair"],
            "hulp_inkomenstarief": data["hulp_inkomenstarief"],
        }

    def kind_velden(self):
        data = self.cleaned_data
        return {
            "specifieke_zorgbehoefte": data["specifieke_zorgbehoefte"],
            "zorgbehoefte_omschrijving": data["zorgbehoefte_omschrijving"].strip(),
        }


class ToestemmingForm(forms.Form):
    """The privacy notice is read and the family agrees the desk keeps and shares its request."""

    toestemming = forms.BooleanField(
        label=_(
            "Ik heb gelezen wat het loket met mijn gegevens doet. Ik ga akkoord dat het loket mijn aanvraag "
            "bewaart en doorgeeft aan de opvang die ik koos."
        ),
        error_messages={"required": _("Vink dit aan om verder te gaan. Zonder je akkoord kunnen we je niet helpen.")},
    )

    def vraag_velden(self, *, wijze="online aangevinkt"):
        """The consent as recorded on the request: when, and how it was given."""
        return {"toestemming_op": timezone.now(), "toestemming_wijze": wijze}
