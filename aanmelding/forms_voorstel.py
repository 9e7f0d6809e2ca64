"""Forms for offers: making one (provider or desk on its behalf), and an answer given at the desk."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from loket.weekschema import WeekschemaField

from .models import Antwoord, Voorkeur, WeigerReden
from .queries import vrije_plaatsen_met_ruimte


class VoorstelForm(forms.Form):
    """Location, start date, week schedule and answer deadline of a new offer for `vraag`.

    The location starts at the family's best-ranked choice among `locaties` (or `locatie_keuze`,
    e.g. from a candidate on the matching page); the free places listed are those of the chosen
    location that still have room (open offers counted). With JavaScript, htmx reloads that list
    when another location is chosen (GET `?locatie=`); without, the next submit shows it, and a
    free place of another location is refused.
    """

    locatie = forms.ModelChoiceField(label=_("Locatie"), queryset=None, empty_label=None)
    vrije_plaats = forms.ModelChoiceField(
        label=_("Vrije plaats"),
        queryset=None,
        required=False,
        empty_label=_("geen (buiten de opgegeven vrije plaatsen)"),
        help_text=_("Wordt het voorstel aanvaard, dan telt deze vrije plaats met één af."),
        error_messages={
            "invalid_choice": _(
                "Deze vrije plaats hoort niet bij de gekozen locatie of is niet meer vrij. "
                "Kies een vrije plaats uit de lijst."
            )
        },
    )
    startdatum = forms.DateField(
        label=_("Startdatum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    weekschema = WeekschemaField(label=_("Weekschema"))
    antwoord_tegen = forms.DateField(
        label=_("Antwoorden tegen"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, vraag, locaties, locatie_keuze=None, plaats_keuze=None, url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.vraag = vraag
        vandaag = timezone.localdate()
        veld = self.fields["locatie"]
        veld.queryset = locaties.order_by("naam")
        gekozen = self._locatie(locatie_keuze) or self._locatie(
            Voorkeur.objects.filter(vraag=vraag, locatie__in=locaties.values("pk"))
            .order_by("rang")
            .values_list("locatie_id", flat=True)
            .first()
        )
        if gekozen is not None:
            self.initial.setdefault("locatie", gekozen.pk)
        if self.is_bound:
            gekozen = self._locatie(self.data.get(self.add_prefix("locatie")))
        gekozen = gekozen or veld.queryset.first()
        if url:
            veld.widget.attrs.update(
                {
                    "hx-get": url,
                    "hx-trigger": "change",
                    "hx-target": "#div_id_vrije_plaats",
                    "hx-select": "#div_id_vrije_plaats",
                    "hx-swap": "outerHTML",
                }
            )
        plaatsen = self.fields["vrije_plaats"]
        plaatsen.queryset = vrije_plaatsen_met_ruimte().filter(locatie=gekozen).order_by("vanaf", "id")
        plaatsen.label_from_instance = self._plaats_label
        if plaats_keuze is not None and not self.is_bound:
            plaats = self._keuze(plaatsen, plaats_keuze)
            if plaats is not None:
                self.initial.setdefault("vrije_plaats", plaats.pk)
        self.initial.setdefault("startdatum", max(vraag.gewenste_startdatum, vandaag))
        self.initial.setdefault("weekschema", vraag.weekschema)
        self.initial.setdefault("antwoord_tegen", vandaag + datetime.timedelta(days=vraag.loket.antwoordtermijn_dagen))

    @staticmethod
    def _plaats_label(plaats):
        tekst = ngettext(
            "%(ruimte)s plaats vrij vanaf %(datum)s (%(groep)s)",
            "%(ruimte)s plaatsen vrij vanaf %(datum)s (%(groep)s)",
            plaats.ruimte,
        )
        return tekst % {
            "ruimte": plaats.ruimte,
            "datum": f"{plaats.vanaf:%d/%m/%Y}",
            "groep": plaats.get_leeftijdsgroep_display(),
        }

    def _locatie(self, waarde):
        return self._keuze(self.fields["locatie"], waarde)

    @staticmethod
    def _keuze(veld, waarde):
        """The object `waarde` (a pk from the query string or POST) names in `veld`'s choices, or None."""
        if waarde in (None, ""):
            return None
        try:
            return veld.to_python(waarde)
        except forms.ValidationError:
            return None

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
        choices=Antwoord.choices,
        widget=forms.RadioSelect,
    )
    weigerreden = forms.ChoiceField(
        label=_("Reden van weigering"), choices=[("", "---------"), *WeigerReden.choices], required=False
    )
    opmerking = forms.CharField(label=_("Opmerking"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean(self):
        gegevens = super().clean()
        if gegevens.get("antwoord") == Antwoord.GEWEIGERD and not gegevens.get("weigerreden"):
            self.add_error("weigerreden", _("Kies waarom het gezin het voorstel weigert."))
        return gegevens


class RedenForm(forms.Form):
    reden = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)

    def clean_reden(self):
        reden = self.cleaned_data["reden"].strip()
        if not reden:
            raise forms.ValidationError(_("Geef een reden."))
        return reden
