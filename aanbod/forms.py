"""Forms of the aanbod app: they validate and normalise; the services in services.py act."""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.weekschema import WEEKDAG_NAMEN, WEEKDAGEN, WeekschemaField

from .models import Leeftijdsgroep, Locatie, Organisator
from .organisatoren import LOCATIE_PROFIEL_VELDEN


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


class LocatieImportForm(forms.Form):
    bestand = forms.FileField(label=_("Excelbestand (.xlsx)"))

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if not bestand.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Kies een .xlsx-bestand."))
        if bestand.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Het bestand is groter dan 5 MB."))
        return bestand
