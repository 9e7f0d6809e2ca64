"""Forms of the aanbod app: they validate and normalise; the services in services.py act."""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aanmelding.forms import WEEKDAG_NAMEN, AdresForm, WeekschemaField
from aanmelding.models import WEEKDAGEN, DringendReden, Taal
from loket.models import Gemeente

from .models import DoorverwijsReden, Leeftijdsgroep, Locatie, Organisator
from .services import LOCATIE_PROFIEL_VELDEN


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TijdInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__({"class": "form-control form-control-sm", **(attrs or {})}, format="%H:%M")


def _vandaag():
    return timezone.localdate()


class VrijePlaatsForm(forms.Form):
    """One free-place declaration. `locatie` is the (already scoped) location it is for."""

    vanaf = forms.DateField(label=_("Vrij vanaf"), widget=DatumInput)
    leeftijdsgroep = forms.ChoiceField(label=_("Leeftijd"), choices=Leeftijdsgroep.choices, initial=Leeftijdsgroep.ALLE)
    weekschema = WeekschemaField(label=_("Dagen"), initial="DDDDD--")
    aantal = forms.IntegerField(
        label=_("Aantal plaatsen"),
        min_value=1,
        max_value=200,
        error_messages={
            "min_value": _("Geef minstens 1 vrije plaats op."),
            "max_value": _("Meer dan 200 vrije plaatsen op één locatie is niet mogelijk."),
        },
    )

    def __init__(self, *args, locatie, nul_toegestaan=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.locatie = locatie
        if nul_toegestaan:
            self.fields["aantal"].min_value = 0
            self.fields["aantal"].validators = [v for v in self.fields["aantal"].validators if v.code != "min_value"]
            self.fields["aantal"].widget.attrs["min"] = 0

    def clean_vanaf(self):
        vanaf = self.cleaned_data["vanaf"]
        if vanaf < _vandaag() - datetime.timedelta(days=7):
            raise forms.ValidationError(_("Deze datum ligt meer dan een week in het verleden."))
        if vanaf > _vandaag() + datetime.timedelta(days=3 * 366):
            raise forms.ValidationError(_("Deze datum ligt meer dan drie jaar in de toekomst."))
        return vanaf

    def clean_aantal(self):
        aantal = self.cleaned_data["aantal"]
        if aantal < 0:
            raise forms.ValidationError(_("Het aantal plaatsen kan niet negatief zijn."))
        erkend = self.locatie.erkende_plaatsen
        if erkend and aantal > erkend:
            raise forms.ValidationError(
                _("Meer vrije plaatsen dan vergunde plaatsen (%(erkend)s) is niet mogelijk.") % {"erkend": erkend}
            )
        return aantal


UREN_PATROON = re.compile(r"^(\d\d):(\d\d)-(\d\d):(\d\d)$")


class LocatieProfielForm(forms.ModelForm):
    """A location's profile as a provider keeps it: the model fields plus opening hours per weekday.

    Give it a copy of the location (`copy.copy`): validation sets the values on its instance, and
    only the service may change the real one.
    """

    class Meta:
        model = Locatie
        fields = [veld for veld in LOCATIE_PROFIEL_VELDEN if veld != "openingsuren"]
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"postcode": _("4 cijfers.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        uren = (self.instance.openingsuren or {}) if self.instance else {}
        for dag in WEEKDAGEN:
            van = tot = None
            match = UREN_PATROON.match(uren.get(dag, "") or "")
            if match:
                van = datetime.time(int(match[1]), int(match[2]))
                tot = datetime.time(int(match[3]), int(match[4]))
            self.fields[f"{dag}_van"] = forms.TimeField(
                label=_("%(dag)s open van") % {"dag": WEEKDAG_NAMEN[dag]}, required=False, widget=TijdInput, initial=van
            )
            self.fields[f"{dag}_tot"] = forms.TimeField(
                label=_("%(dag)s open tot") % {"dag": WEEKDAG_NAMEN[dag]}, required=False, widget=TijdInput, initial=tot
            )

    def profielvelden(self):
        uren = {f"{dag}_{rand}" for dag in WEEKDAGEN for rand in ("van", "tot")}
        return [veld for veld in self if veld.name not in uren]

    def urenrijen(self):
        return [(WEEKDAG_NAMEN[dag], self[f"{dag}_van"], self[f"{dag}_tot"]) for dag in WEEKDAGEN]

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].strip()
        if postcode and not re.fullmatch(r"\d{4}", postcode):
            raise forms.ValidationError(_("Een postcode heeft 4 cijfers."))
        return postcode

    def clean(self):
        cleaned = super().clean()
        uren = {}
        for dag in WEEKDAGEN:
            van, tot = cleaned.get(f"{dag}_van"), cleaned.get(f"{dag}_tot")
            if van is None and tot is None:
                continue
            if van is None or tot is None:
                self.add_error(f"{dag}_tot", _("Vul beide uren in, of geen van beide (gesloten)."))
            elif tot <= van:
                self.add_error(f"{dag}_tot", _("Het sluitingsuur moet na het openingsuur liggen."))
            else:
                uren[dag] = f"{van:%H:%M}-{tot:%H:%M}"
        cleaned["openingsuren"] = uren
        van, tot = cleaned.get("leeftijd_van_maanden"), cleaned.get("leeftijd_tot_maanden")
        if van is not None and tot is not None and van > tot:
            self.add_error("leeftijd_tot_maanden", _("De leeftijd 'tot' moet groter zijn dan de leeftijd 'vanaf'."))
        return cleaned

    def wijzigingen(self):
        """The cleaned values to hand to the service."""
        velden = {naam: self.cleaned_data[naam] for naam in self._meta.fields}
        velden["openingsuren"] = self.cleaned_data["openingsuren"]
        return velden


class LocatieBeheerForm(LocatieProfielForm):
    """The coordinator's form: the profile plus name, municipality, Opgroeien id and active."""

    class Meta(LocatieProfielForm.Meta):
        fields = ["naam", "gemeente", "opgroeien_id", "actief", *LocatieProfielForm.Meta.fields]

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten
        self.fields["naam"].required = True

    def clean_opgroeien_id(self):
        waarde = self.cleaned_data["opgroeien_id"].strip()
        if waarde and not re.fullmatch(r"[0-9A-Za-z-]{1,20}", waarde):
            raise forms.ValidationError(_("Alleen cijfers, letters en -, hoogstens 20 tekens."))
        return waarde


class OrganisatorForm(forms.ModelForm):
    class Meta:
        model = Organisator
        fields = ["naam", "ondernemingsnummer", "email", "telefoon"]


class UitnodigingForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres"))
    voornaam = forms.CharField(label=_("Voornaam"), max_length=150, required=False)
    achternaam = forms.CharField(label=_("Achternaam"), max_length=150, required=False)
    locatie = forms.ModelChoiceField(
        label=_("Toegang tot"),
        queryset=Locatie.objects.none(),
        required=False,
        empty_label=_("de hele organisatie (alle locaties)"),
    )

    def __init__(self, *args, organisator, locaties=None, hele_organisatie=True, **kwargs):
        """`locaties`: the organisation's locations the inviting desk may grant (default: all);
        `hele_organisatie`: whether access to the whole organisation may be granted."""
        super().__init__(*args, **kwargs)
        veld = self.fields["locatie"]
        veld.queryset = (locaties if locaties is not None else organisator.locaties).order_by("naam", "pk")
        if not hele_organisatie:
            veld.required = True
            veld.empty_label = None
            veld.help_text = _(
                "Deze organisator heeft ook locaties buiten jullie werkingsgebied: "
                "je kunt alleen toegang geven tot een locatie in jullie gebied."
            )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class AanvraagVoorGezinForm(AdresForm):
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


class LocatieImportForm(forms.Form):
    bestand = forms.FileField(label=_("Excelbestand (.xlsx)"))

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if not bestand.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Kies een .xlsx-bestand."))
        if bestand.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Het bestand is groter dan 5 MB."))
        return bestand
