"""The public search (/zoeken/): filters over the desk's locations. No personal data is involved."""

import calendar
import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from loket.models import Gemeente

from .models import PEUTER_VANAF_MAANDEN, Leeftijdsgroep, LocatieType, VrijePlaats

ATYPISCHE_MOMENTEN = [
    ("voor_7u", _("voor 7 uur")),
    ("na_18u", _("na 18 uur")),
    ("zaterdag", _("op zaterdag")),
    ("zon_en_feestdag", _("op zon- en feestdagen")),
]


def maandkeuzes(vandaag=None, aantal=18):
    """("YYYY-MM", "december 2026") for this month and the next ones."""
    vandaag = vandaag or timezone.localdate()
    keuzes = []
    for stap in range(aantal):
        index = vandaag.month - 1 + stap
        eerste = datetime.date(vandaag.year + index // 12, index % 12 + 1, 1)
        keuzes.append((f"{eerste:%Y-%m}", formats.date_format(eerste, "F Y")))
    return keuzes


def _niets(queryset, name, value):
    # Applied together in ZoekFilter.filter_queryset: free places and age depend on each other.
    return queryset


class ZoekFilter(django_filters.FilterSet):
    gemeente = django_filters.ModelChoiceFilter(
        label=_("Gemeente"), queryset=Gemeente.objects.none(), empty_label=_("alle gemeenten")
    )
    type = django_filters.ChoiceFilter(label=_("Soort opvang"), choices=LocatieType.choices, empty_label=_("alle"))
    inkomenstarief = django_filters.BooleanFilter(
        label=_("Alleen met een prijs volgens inkomen (inkomenstarief)"),
        widget=forms.CheckboxInput,
        method="filter_inkomenstarief",
    )
    atypisch = django_filters.MultipleChoiceFilter(
        label=_("Opvang op ongewone uren"),
        choices=ATYPISCHE_MOMENTEN,
        widget=forms.CheckboxSelectMultiple,
        method="filter_atypisch",
    )
    vrij_vanaf = django_filters.ChoiceFilter(
        label=_("Vrije plaats vanaf"), choices=[], empty_label=_("maakt niet uit"), method=_niets
    )
    leeftijd = django_filters.NumberFilter(
        label=_("Leeftijd van je kind bij de start (in maanden)"),
        method=_niets,
        min_value=0,
        max_value=48,
        widget=forms.NumberInput(attrs={"min": 0, "max": 48}),
    )

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["gemeente"].queryset = gemeenten
        self.filters["vrij_vanaf"].extra["choices"] = maandkeuzes()

    def filter_inkomenstarief(self, queryset, name, value):
        return queryset.filter(inkomenstarief=True) if value else queryset

    def filter_atypisch(self, queryset, name, value):
        for moment in value:
            queryset = queryset.filter(**{moment: True})
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        maand = self.form.cleaned_data.get("vrij_vanaf")
        leeftijd = self.form.cleaned_data.get("leeftijd")
        if leeftijd is not None:
            leeftijd = int(leeftijd)
            queryset = queryset.filter(leeftijd_van_maanden__lte=leeftijd, leeftijd_tot_maanden__gte=leeftijd)
        if maand:
            jaar, maandnummer = (int(deel) for deel in maand.split("-"))
            laatste = datetime.date(jaar, maandnummer, calendar.monthrange(jaar, maandnummer)[1])
            plaatsen = VrijePlaats.objects.filter(locatie=OuterRef("pk"), aantal__gt=0, vanaf__lte=laatste)
            if leeftijd is not None:
                groep = Leeftijdsgroep.BABY if leeftijd < PEUTER_VANAF_MAANDEN else Leeftijdsgroep.PEUTER
                plaatsen = plaatsen.filter(Q(leeftijdsgroep=Leeftijdsgroep.ALLE) | Q(leeftijdsgroep=groep))
            queryset = queryset.filter(Exists(plaatsen))
        return queryset
