"""The provider's demand-side forms: a request registered on a family's behalf, a referral to the desk.

They validate and normalise; the services in inbox.py and doorverwijzingen.py act.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from aanbod.forms import DatumInput, _vandaag
from aanbod.models import Locatie
from loket.models import Gemeente
from loket.weekschema import WeekschemaField

from .forms import AdresForm
from .models import DoorverwijsReden, DringendReden, Taal


class OpvangvraagVoorGezinForm(AdresForm):
    """A request that reached a provider directly (phone, visit), registered on the family's behalf.

    The address is the wizard's (AdresForm): the postal code gives the municipality, and a code
    shared by two municipalities asks which one. Only the street may stay empty here.
    """

    locatie = forms.ModelChoiceField(
        label=_("Eerste voorkeur: onze locatie"), queryset=Locatie.objects.none(), empty_label=None
    )

    ouder_voornaam = forms.CharField(label=_("Voornaam ouder"), max_length=100)
    ouder_achternaam = forms.CharField(label=_("Achternaam ouder"), max_length=100)
    ouder_email = forms.EmailField(label=_("E-mail ouder"), required=False)
    ouder_telefoon = forms.CharField(label=_("Telefoon ouder"), max_length=50, required=False)
    taal = forms.ChoiceField(label=_("Taal voor e-mail"), choices=Taal.choices, initial=Taal.NL)
    straat = forms.CharField(label=_("Straat en nummer"), max_length=200, required=False)

    kind_voornaam = forms.CharField(label=_("Voornaam kind"), max_length=100)
    kind_achternaam = forms.CharField(label=_("Achternaam kind"), max_length=100)
    kind_geboortedatum = forms.DateField(
        label=_("Geboortedatum of verwachte geboortedatum"),
        widget=DatumInput,
        help_text=_("Ook tijdens de zwangerschap."),
    )

    gewenste_startdatum = forms.DateField(label=_("Gewenste startdatum"), widget=DatumInput)
    weekschema = WeekschemaField(label=_("Gevraagde dagen"))
    voor_7u = forms.BooleanField(label=_("Opvang voor 7 uur"), required=False)
    na_18u = forms.BooleanField(label=_("Opvang na 18 uur"), required=False)
    zaterdag = forms.BooleanField(label=_("Opvang op zaterdag"), required=False)
    zon_en_feestdag = forms.BooleanField(label=_("Opvang op zon- of feestdag"), required=False)

    dringend = forms.BooleanField(label=_("Dringend"), required=False)
    dringend_reden = forms.ChoiceField(
        label=_("Reden dringend"), choices=[("", "–"), *DringendReden.choices], required=False
    )
    vg_werk_of_opleiding = forms.BooleanField(label=_("Werk of opleiding (gemiddeld 4/5 of meer)"), required=False)
    vg_alleenstaande_ouder = forms.BooleanField(label=_("Alleenstaande ouder"), required=False)
    vg_laag_inkomen = forms.BooleanField(label=_("Laag inkomen"), required=False)
    vg_pleegkind = forms.BooleanField(label=_("Pleegkind"), required=False)
    vg_broer_of_zus = forms.BooleanField(label=_("Broer of zus op onze locatie"), required=False)
    hulp_inkomenstarief = forms.BooleanField(
        label=_("Het gezin heeft hulp nodig bij het inkomenstarief"), required=False
    )

    toestemming = forms.BooleanField(
        label=_("Het gezin geeft toestemming om deze aanvraag bij het lokaal loket te registreren."),
        error_messages={"required": _("Zonder toestemming van het gezin kan je de aanvraag niet registreren.")},
    )
    toestemming_wijze = forms.CharField(
        label=_("Hoe gaf het gezin toestemming?"),
        max_length=200,
        help_text=_("Bijvoorbeeld: mondeling aan de telefoon, op 3 maart."),
    )

    def __init__(self, *args, locaties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locatie"].queryset = locaties.order_by("naam")
        if isinstance(self.fields["gemeente"].widget, forms.HiddenInput):
            # The postal code names one municipality: whatever else was posted (an old form that
            # still had a municipality list) is ignored, not an error.
            self.fields["gemeente"] = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_kind_geboortedatum(self):
        datum = self.cleaned_data["kind_geboortedatum"]
        if datum < _vandaag() - datetime.timedelta(days=4 * 366):
            raise forms.ValidationError(_("Kinderopvang voor baby's en peuters is tot 3 jaar. Kijk de datum na."))
        if datum > _vandaag() + datetime.timedelta(days=300):
            raise forms.ValidationError(_("Deze geboortedatum ligt te ver in de toekomst."))
        return datum

    def clean_gewenste_startdatum(self):
        datum = self.cleaned_data["gewenste_startdatum"]
        if datum < _vandaag():
            raise forms.ValidationError(_("De gewenste startdatum ligt in het verleden."))
        if datum > _vandaag() + datetime.timedelta(days=3 * 366):
            raise forms.ValidationError(_("De gewenste startdatum ligt meer dan drie jaar in de toekomst."))
        return datum

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("ouder_email") and not (cleaned.get("ouder_telefoon") or "").strip():
            self.add_error("ouder_telefoon", _("Geef een telefoonnummer of e-mailadres van de ouder."))
        if cleaned.get("dringend") and not cleaned.get("dringend_reden"):
            self.add_error("dringend_reden", _("Kies waarom de aanvraag dringend is."))
        if not cleaned.get("dringend"):
            cleaned["dringend_reden"] = ""
        return cleaned

    def service_argumenten(self):
        """The keyword arguments for opvangvraag_registreren_door_aanbieder."""
        d = self.cleaned_data
        return {
            "locatie": d["locatie"],
            "ouder": {
                "voornaam": d["ouder_voornaam"].strip(),
                "achternaam": d["ouder_achternaam"].strip(),
                "email": d["ouder_email"],
                "telefoon": d["ouder_telefoon"].strip(),
            },
            "gezin": {
                "straat": d["straat"].strip(),
                "postcode": d["postcode"],
                "gemeente": d["gemeente"],
                "taal": d["taal"],
                "laag_inkomen": d["vg_laag_inkomen"],
                "alleenstaande_ouder": d["vg_alleenstaande_ouder"],
                "opvang_voor_werk_of_opleiding": d["vg_werk_of_opleiding"],
                "hulp_inkomenstarief": d["hulp_inkomenstarief"],
            },
            "kind": {
                "voornaam": d["kind_voornaam"].strip(),
                "achternaam": d["kind_achternaam"].strip(),
                "geboortedatum": d["kind_geboortedatum"],
                "verwacht": d["kind_geboortedatum"] > _vandaag(),
            },
            "gewenste_startdatum": d["gewenste_startdatum"],
            "weekschema": d["weekschema"],
            "toestemming_wijze": d["toestemming_wijze"],
            **{
                veld: d[veld]
                for veld in (
                    "voor_7u",
                    "na_18u",
                    "zaterdag",
                    "zon_en_feestdag",
                    "dringend",
                    "dringend_reden",
                    "vg_werk_of_opleiding",
                    "vg_alleenstaande_ouder",
                    "vg_laag_inkomen",
                    "vg_pleegkind",
                    "vg_broer_of_zus",
                )
            },
        }


class DoorverwijzingVraagForm(forms.Form):
    """Refer a request the provider can see to the desk."""

    reden = forms.ChoiceField(label=_("Waarom verwijs je door?"), choices=DoorverwijsReden.choices)
    toelichting = forms.CharField(
        label=_("Toelichting voor het loket"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class DoorverwijzingForm(DoorverwijzingVraagForm):
    """Refer a family without a request to the desk, with the contact details it agreed to pass on."""

    locatie = forms.ModelChoiceField(label=_("Vanuit locatie"), queryset=Locatie.objects.none(), empty_label=None)
    naam = forms.CharField(label=_("Naam van de ouder"), max_length=200)
    telefoon = forms.CharField(label=_("Telefoon"), max_length=50, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    gemeente = forms.ModelChoiceField(
        label=_("Woonplaats"),
        queryset=Gemeente.objects.order_by("naam_nl"),
        required=False,
        empty_label=_("(niet gekend)"),
    )
    kind_geboortedatum = forms.DateField(
        label=_("Geboortedatum of verwachte geboortedatum van het kind"), widget=DatumInput, required=False
    )
    gewenste_startdatum = forms.DateField(label=_("Gewenste startdatum"), widget=DatumInput, required=False)
    toestemming = forms.BooleanField(
        label=_("Het gezin geeft toestemming om deze gegevens aan het lokaal loket door te geven."),
        error_messages={"required": _("Zonder toestemming van het gezin kan je het niet doorverwijzen.")},
    )

    field_order = ["locatie", "naam", "telefoon", "email", "gemeente", "kind_geboortedatum", "gewenste_startdatum"]

    def __init__(self, *args, locaties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locatie"].queryset = locaties.order_by("naam")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not (cleaned.get("telefoon") or "").strip():
            self.add_error(
                "telefoon", _("Geef een telefoonnummer of e-mailadres, zodat het loket het gezin kan bereiken.")
            )
        return cleaned
