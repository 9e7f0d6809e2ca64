"""The week schedule, one value type shared by supply (a free place's days) and demand (a request's days).

Stored as 7 characters, Monday to Sunday, each `-` (none), `V` (morning), `N` (afternoon) or `D`
(full day), e.g. "DDVN---". Here: the day codes, the validator, the count of days per week the
report uses, and the form field (seven selects, usable without JavaScript).
"""

from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

WEEKDAGEN = ["ma", "di", "wo", "do", "vr", "za", "zo"]


class Dagdeel(models.TextChoices):
    GEEN = "-", _("geen opvang")
    VOORMIDDAG = "V", _("voormiddag")
    NAMIDDAG = "N", _("namiddag")
    VOLLEDIG = "D", _("volledige dag")


weekschema_validator = RegexValidator(r"^[-VND]{7}$", _("Een weekschema heeft 7 dagen: -, V, N of D."))


def dagen_per_week(weekschema):
    """Full days plus half days / 2, as the report compares them: "DDVN---" -> 3.0."""
    volle = weekschema.count(Dagdeel.VOLLEDIG)
    halve = weekschema.count(Dagdeel.VOORMIDDAG) + weekschema.count(Dagdeel.NAMIDDAG)
    return Decimal(volle) + Decimal(halve) / 2


WEEKDAG_NAMEN = {
    "ma": _("maandag"),
    "di": _("dinsdag"),
    "wo": _("woensdag"),
    "do": _("donderdag"),
    "vr": _("vrijdag"),
    "za": _("zaterdag"),
    "zo": _("zondag"),
}


def weekschema_dagen(weekschema):
    """The one reading of a week schedule for people: "DDV----" -> [("maandag", "volledige dag"),
    ("dinsdag", "volledige dag"), ("woensdag", "voormiddag")]; days without care are left out.

    Names and labels are lazy translations. Every page, mail, PDF, timeline and log text shows a
    schedule through this (or weekschema_tekst); aanbod's `dagdelen` filter is its short form.
    """
    return [
        (WEEKDAG_NAMEN[dag], Dagdeel(code).label)
        for dag, code in zip(WEEKDAGEN, weekschema or "", strict=False)
        if code in Dagdeel.values and code != Dagdeel.GEEN
    ]


def weekschema_tekst(weekschema):
    """A week schedule on one line: "maandag (volledige dag), woensdag (voormiddag)"; "–" for none."""
    return ", ".join(f"{dag} ({deel})" for dag, deel in weekschema_dagen(weekschema)) or "–"


class WeekschemaWidget(forms.MultiWidget):
    """Seven selects (Mon–Sun): none, morning, afternoon, full day. Works without JavaScript."""

    template_name = "loket/widgets/weekschema.html"

    def __init__(self, attrs=None):
        super().__init__(
            [forms.Select(choices=Dagdeel.choices, attrs={"class": "form-select"}) for _dag in WEEKDAGEN], attrs
        )

    def decompress(self, value):
        return list(value) if value else ["-"] * 7

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, dag in zip(context["widget"]["subwidgets"], WEEKDAGEN, strict=True):
            subwidget["dag"] = WEEKDAG_NAMEN[dag]
        return context


class WeekschemaField(forms.MultiValueField):
    """A week schedule as DESIGN.md stores it: 7 characters of - / V / N / D, at least one day."""

    widget = WeekschemaWidget
    default_error_messages = {"leeg": _("Kies minstens één dag of dagdeel.")}

    def __init__(self, *, leeg_toegestaan=False, **kwargs):
        self.leeg_toegestaan = leeg_toegestaan
        velden = [forms.ChoiceField(choices=Dagdeel.choices) for _dag in WEEKDAGEN]
        super().__init__(velden, require_all_fields=True, **kwargs)

    def compress(self, data_list):
        schema = "".join(data_list) if data_list else "-" * 7
        if schema == "-" * 7 and not self.leeg_toegestaan:
            raise forms.ValidationError(self.error_messages["leeg"], code="leeg")
        return schema
