"""The desk worklist's filters and sort orders (django-filter)."""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.datums import maanden_later
from loket.models import Gebruiker

from .forms import TELEFOON_TEKENS, DatumInput
from .models import (
    ATYPISCH_Q,
    OPEN_STATUSSEN,
    VOORRANGSGROEP_Q,
    Kanaal,
    Opvangvraag,
    Ouder,
    VraagStatus,
    normaliseer_naam,
)

OPEN = "open"
STATUS_KEUZES = [(OPEN, _("alle open aanvragen")), *VraagStatus.choices]
WACHTTIJD_KEUZES = [("1", _("meer dan 1 maand")), ("3", _("meer dan 3 maanden")), ("6", _("meer dan 6 maanden"))]


class MaandWidget(forms.DateInput):
    input_type = "month"

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return value.strftime("%Y-%m")
        return value


class AlleenAangevinkt(django_filters.BooleanFilter):
    """A checkbox: ticked narrows the list, unticked does not filter (it never means "not")."""

    def __init__(self, *args, voorwaarde, **kwargs):
        self.voorwaarde = voorwaarde
        kwargs.setdefault("widget", forms.CheckboxInput)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.filter(self.voorwaarde) if value else qs


class Filterveld:
    """One filter field, plain: what _filterveld.html needs and nothing it must look up."""

    def __init__(self, veld, soort, waarde, opties):
        self.naam = veld.html_name
        self.id = veld.auto_id
        self.label = veld.label
        self.soort = soort
        self.waarde = waarde
        self.opties = opties
        self.fouten = " ".join(veld.errors)


class WerklijstFilter(django_filters.FilterSet):
    """Filters of the worklist. `loket` limits the municipality choices to the desk's area."""

    zoek = django_filters.CharFilter(
        label=_("Zoek (referentie, naam kind, telefoon of e-mail ouder)"), method="filter_zoek"
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_KEUZES, empty_label=_("alle"), method="filter_status"
    )
    # Choices read once from the desk's area: validating a choice then costs no query of its own,
    # so every filter combination runs the same number of queries.
    gemeente = django_filters.ChoiceFilter(label=_("Gemeente"), field_name="gemeente_id", empty_label=_("alle"))
    startmaand = django_filters.DateFilter(
        label=_("Gewenste start (maand)"),
        method="filter_startmaand",
        input_formats=["%Y-%m", "%m/%Y", "%Y-%m-%d"],
        widget=MaandWidget,
    )
    kanaal = django_filters.ChoiceFilter(label=_("Kanaal"), choices=Kanaal.choices, empty_label=_("alle"))
    wachttijd = django_filters.ChoiceFilter(
        label=_("Wachttijd"), choices=WACHTTIJD_KEUZES, empty_label=_("alle"), method="filter_wachttijd"
    )
    dringend = AlleenAangevinkt(label=_("dringend"), voorwaarde=Q(dringend=True))
    atypisch = AlleenAangevinkt(label=_("atypische uren"), voorwaarde=ATYPISCH_Q)
    voorrangsgroep = AlleenAangevinkt(label=_("voorrangsgroep"), voorwaarde=VOORRANGSGROEP_Q)
    kwetsbaar = AlleenAangevinkt(label=_("kwetsbaar gezin"), voorwaarde=Q(gezin__kwetsbaar=True))
    zorgbehoefte = AlleenAangevinkt(
        label=_("specifieke zorgbehoefte"), voorwaarde=Q(kind__specifieke_zorgbehoefte=True)
    )
    geen_reactie = AlleenAangevinkt(
        label=_("geen reactie van aanbieders binnen termijn"), voorwaarde=Q(geen_reactie_gemeld_op__isnull=False)
    )
    sorteer = django_filters.OrderingFilter(
        label=_("Sorteren"),
        empty_label=_("nieuwste eerst"),
        fields=(("gewenste_startdatum", "start"), ("ingediend_op", "ingediend")),
        choices=[
            ("start", _("gewenste start, vroegste eerst")),
            ("-start", _("gewenste start, laatste eerst")),
            ("ingediend", _("langste wachttijd eerst")),
            ("-ingediend", _("kortste wachttijd eerst")),
        ],
    )

    class Meta:
        model = Opvangvraag
        fields = []

    def __init__(self, *args, loket, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["gemeente"].extra["choices"] = [
            (gemeente.pk, gemeente.naam) for gemeente in loket.werkingsgebied.order_by("naam_nl")
        ]

    def velden(self):
        """The form's fields by name, as _filterveld.html and the worklist's checkboxes render them.

        Rendered by the page's own template, not by Django's per-widget templates: there every
        option of a select is a template of its own, and the seven fields took a third of the
        page's rendering time (bench/aanmelding.py, profiled). What the widgets would show is kept:
        the submitted value, the first matching option selected, aria-invalid on a field in error and aria-describedby
        pointing at its message.
        """
        velden = {}
        for veld in self.form:
            widget = veld.field.widget
            waarde = veld.value()
            if isinstance(widget, forms.CheckboxInput):
                velden[veld.name] = Filterveld(veld, "checkbox", bool(waarde), [])
            elif isinstance(widget, forms.Select):
                # as Select.format_value: a list for the ordering's field, None as ""
                waarden = waarde if isinstance(waarde, list | tuple) else [waarde]
                gekozen = {"" if w is None else str(w) for w in waarden}
                opties, gevonden = [], False
                for optie, label in veld.field.choices:
                    selected = not gevonden and str(optie) in gekozen
                    gevonden = gevonden or selected
                    opties.append((optie, label, selected))
                velden[veld.name] = Filterveld(veld, "select", None, opties)
            else:
                velden[veld.name] = Filterveld(veld, widget.input_type, widget.format_value(waarde), [])
        return velden

    def filter_zoek(self, qs, name, value):
        value = value.strip()
        if "@" in value:
            # A parent's e-mail address: the whole address, case ignored.
            return qs.filter(Exists(Ouder.objects.filter(gezin=OuterRef("gezin"), email__iexact=value)))
        cijfers = "".join(c for c in value if c.isdigit())
        if len(cijfers) >= 6 and not set(value) - TELEFOON_TEKENS - {"+"}:
            # A parent's phone number, typed with or without spaces, dots, slashes or +32: the last 9
            # digits compared ("0470 12 34 56" and "+32 470 12 34 56" are the same number).
            telefoon = F("telefoon")
            for teken in " ./-+()":
                telefoon = Replace(telefoon, Value(teken), Value(""))
            ouders = Ouder.objects.annotate(cijfers=telefoon).filter(
                gezin=OuterRef("gezin"), cijfers__contains=cijfers[-9:]
            )
            return qs.filter(Exists(ouders))
        woorden = normaliseer_naam(value).split()
        if not woorden:
            return qs
        # References are stored in capitals: an exact match can use the (loket, referentie) index.
        # Names are matched in the child's stored identity (lowercase, without accents), one plain
        # LIKE per word instead of UPPER() on two columns (bench/aanmelding.py: ~3x faster).
        naam = Q()
        for woord in woorden:
            naam &= Q(kind__identiteit__contains=woord.replace("|", ""))
        return qs.filter(Q(referentie=value.strip().upper()) | naam)

    def filter_status(self, qs, name, value):
        if value == OPEN:
            return qs.filter(status__in=OPEN_STATUSSEN)
        return qs.filter(status=value)

    def filter_startmaand(self, qs, name, value):
        # A range, not __month: the database can use an index on the date.
        eerste = value.replace(day=1)
        if (eerste.year, eerste.month) == (datetime.MAXYEAR, 12):  # no month after December 9999
            return qs.filter(gewenste_startdatum__gte=eerste)
        volgende = (eerste + datetime.timedelta(days=32)).replace(day=1)
        return qs.filter(gewenste_startdatum__gte=eerste, gewenste_startdatum__lt=volgende)

    def filter_wachttijd(self, qs, name, value):
        grens = maanden_later(timezone.localdate(), -int(value))
        # Registered before the start of that day in Belgian time: waiting more than N months.
        return qs.filter(ingediend_op__lt=timezone.make_aware(datetime.datetime.combine(grens, datetime.time())))

    def referentie(self):
        """The reference searched for, when the search is one (capitals, as stored)."""
        zoek = (self.form.cleaned_data.get("zoek") or "").strip().upper() if self.form.is_valid() else ""
        return zoek if zoek and " " not in zoek else ""

    def filter_queryset(self, queryset):
        # A stable order for pagination: the chosen sort, then the newest registration.
        qs = super().filter_queryset(queryset)
        volgorde = [*(list(qs.query.order_by) or ["-ingediend_op"]), "-id"]
        referentie = self.referentie()
        if not referentie:
            return qs.order_by(*volgorde)
        # A reference names one request: it is found whatever the status or other filters say (a
        # closed request's reference gave "Geen aanvragen." under the default "open" filter); when
        # no request has it, the filters apply. In the page's own query, no existence check first:
        # the same number of queries whatever is searched.
        bestaat = Exists(queryset.filter(referentie=referentie).values("pk"))
        return queryset.filter(Q(referentie=referentie) | Q(pk__in=qs.values("pk")) & ~bestaat).order_by(*volgorde)


class AuditFilter(django_filters.FilterSet):
    """The coordinator's audit list of one family: by person and by period (days in Belgian time)."""

    gebruiker = django_filters.ModelChoiceFilter(
        label=_("Wie"), queryset=Gebruiker.objects.none(), empty_label=_("iedereen")
    )
    van = django_filters.DateFilter(label=_("Van"), field_name="tijdstip", lookup_expr="date__gte", widget=DatumInput())
    tot = django_filters.DateFilter(
        label=_("Tot en met"), field_name="tijdstip", lookup_expr="date__lte", widget=DatumInput()
    )

    def __init__(self, *args, gebruikers, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["gebruiker"].queryset = gebruikers
