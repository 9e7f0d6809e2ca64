import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .queries import FORMATEN, peildatum_fout


class RapportForm(forms.Form):
    """Year, reference date and format of the Kind en Gezin report (read from the query string)."""

    jaar = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)
    peildatum = forms.DateField(
        label=_("Peildatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leeg: de laatste dag van februari van het jaar erna."),
    )
    formaat = forms.ChoiceField(
        label=_("Formaat"),
        required=False,
        choices=[("", _("volgens het jaar"))] + [(f, f) for f in sorted(FORMATEN)],
    )

    @staticmethod
    def standaard_jaar():
        return timezone.localdate().year - 1

    def clean(self):
        gegevens = super().clean()
        jaar, peildatum = gegevens.get("jaar"), gegevens.get("peildatum")
        if jaar is not None and peildatum is not None:
            fout = peildatum_fout(jaar, peildatum)
            if fout:
                self.add_error("peildatum", fout)
        return gegevens


class ImportForm(forms.Form):
    bestand = forms.FileField(label=_("Werkboek (.xlsx)"), help_text=_("Tabbladen loket, vragen en voorstellen."))

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if not bestand.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Kies een .xlsx-bestand."))
        if bestand.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("Het bestand is groter dan 20 MB."))
        return bestand


class BeleidForm(forms.Form):
    """The dashboard's choice (read from the query string): a year, or from-to months; one municipality or all."""

    jaar = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100, required=False)
    van = forms.DateField(
        label=_("Van (maand)"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("Leeg: het hele jaar."),
    )
    tot = forms.DateField(
        label=_("Tot en met (maand)"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=None,
        required=False,
        empty_label=_("het hele werkingsgebied"),
        to_field_name="nis",
    )

    def __init__(self, *args, loket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = loket.werkingsgebied.order_by("naam_nl")

    @staticmethod
    def standaard_jaar():
        return timezone.localdate().year - 1

    def clean(self):
        from .beleid import MAX_MAANDEN, maand_plus

        gegevens = super().clean()
        van, tot, jaar = gegevens.get("van"), gegevens.get("tot"), gegevens.get("jaar")
        if self.errors:
            return gegevens
        if van or tot:
            if not (van and tot):
                raise forms.ValidationError(_("Kies een begin- en een eindmaand, of laat beide leeg."))
            if tot < van:
                self.add_error("tot", _("De eindmaand ligt vóór de beginmaand."))
            elif maand_plus(van, MAX_MAANDEN) <= tot:
                self.add_error("tot", _("Kies hoogstens %(aantal)s maanden.") % {"aantal": MAX_MAANDEN})
            elif not (2000 <= van.year <= 2100 and 2000 <= tot.year <= 2100):
                self.add_error("van", _("Kies een maand tussen 2000 en 2100."))
        else:
            jaar = jaar or self.standaard_jaar()
            gegevens["van"], gegevens["tot"] = datetime.date(jaar, 1, 1), datetime.date(jaar, 12, 1)
        gegevens["van"] = gegevens["van"].replace(day=1) if gegevens.get("van") else None
        gegevens["tot"] = gegevens["tot"].replace(day=1) if gegevens.get("tot") else None
        return gegevens
