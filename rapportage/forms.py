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
