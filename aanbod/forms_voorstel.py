"""Forms for offers: making one (provider or desk on its behalf), and an answer given at the desk."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aanmelding.forms import WeekschemaField

from .models import VrijePlaats, WeigerReden


class VoorstelForm(forms.Form):
    """Location, start date, week schedule and answer deadline of a new offer for `vraag`."""

    locatie = forms.ModelChoiceField(label=_("Locatie"), queryset=None, empty_label=None)
    vrije_plaats = forms.ModelChoiceField(
        label=_("Vrije plaats"),
        queryset=None,
        required=False,
        empty_label=_("geen (buiten de opgegeven vrije plaatsen)"),
        help_text=_("Wordt het voorstel aanvaard, dan telt deze vrije plaats met één af."),
    )
    startdatum = forms.DateField(
        label=_("Startdatum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    weekschema = WeekschemaField(label=_("Weekschema"))
    antwoord_tegen = forms.DateField(
        label=_("Antwoorden tegen"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, vraag, locaties, **kwargs):
        super().__init__(*args, **kwargs)
        self.vraag = vraag
        vandaag = timezone.localdate()
        self.fields["locatie"].queryset = locaties.order_by("naam")
        self.fields["vrije_plaats"].queryset = (
            VrijePlaats.objects.filter(locatie__in=locaties, aantal__gt=0).select_related("locatie").order_by("vanaf")
        )
        self.fields["vrije_plaats"].label_from_instance = lambda plaats: (
            f"{plaats.locatie.naam}: {plaats.aantal} vanaf {plaats.vanaf:%d/%m/%Y} "
            f"({plaats.get_leeftijdsgroep_display()})"
        )
        self.initial.setdefault("startdatum", max(vraag.gewenste_startdatum, vandaag))
        self.initial.setdefault("weekschema", vraag.weekschema)
        self.initial.setdefault("antwoord_tegen", vandaag + datetime.timedelta(days=vraag.loket.antwoordtermijn_dagen))

    def clean_startdatum(self):
        startdatum = self.cleaned_data["startdatum"]
        if startdatum < timezone.localdate():
            raise forms.ValidationError(_("De startdatum ligt in het verleden."))
        return startdatum

    def clean_antwoord_tegen(self):
        termijn = self.cleaned_data["antwoord_tegen"]
        vandaag = timezone.localdate()
        if termijn < vandaag:
            raise forms.ValidationError(_("De antwoordtermijn ligt in het verleden."))
        if termijn > vandaag + datetime.timedelta(days=60):
            raise forms.ValidationError(_("Geef het gezin hoogstens 60 dagen om te antwoorden."))
        return termijn

    def clean(self):
        gegevens = super().clean()
        plaats, locatie = gegevens.get("vrije_plaats"), gegevens.get("locatie")
        if plaats and locatie and plaats.locatie_id != locatie.pk:
            self.add_error("vrije_plaats", _("Deze vrije plaats hoort bij een andere locatie."))
        return gegevens


class AntwoordForm(forms.Form):
    """The family's answer, given at the counter or by phone."""

    antwoord = forms.ChoiceField(
        label=_("Antwoord van het gezin"),
        choices=[("aanvaard", _("aanvaard")), ("geweigerd", _("geweigerd"))],
        widget=forms.RadioSelect,
    )
    weigerreden = forms.ChoiceField(
        label=_("Reden van weigering"), choices=[("", "---------"), *WeigerReden.choices], required=False
    )
    opmerking = forms.CharField(label=_("Opmerking"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean(self):
        gegevens = super().clean()
        if gegevens.get("antwoord") == "geweigerd" and not gegevens.get("weigerreden"):
            self.add_error("weigerreden", _("Kies waarom het gezin het voorstel weigert."))
        return gegevens


class RedenForm(forms.Form):
    reden = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)

    def clean_reden(self):
        reden = self.cleaned_data["reden"].strip()
        if not reden:
            raise forms.ValidationError(_("Geef een reden."))
        return reden
