"""Forms of the desk and the referrers: search, registration extras, and the actions on a request.

The registration itself reuses the parent-side classes of forms.py (KindForm, OuderForm, ...);
this module only holds what staff and referrers add to them.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.datums import jaren_later

from .forms import (
    DATUM_FORMATEN,
    MAX_JAREN_VOORUIT,
    AdresForm,
    DatumInput,
    GezinForm,
    KindForm,
    OpvangForm,
    OuderForm,
    SituatieForm,
    VoorkeurenForm,
    WeekschemaField,
    datumveld,
)
from .models import ContactSoort, DringendReden, IntrekReden, Kanaal


class DatumTijdInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


DATUMTIJD_FORMATEN = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", *DATUM_FORMATEN]


def datumtijdveld(label, **kwargs):
    return forms.DateTimeField(label=label, input_formats=DATUMTIJD_FORMATEN, widget=DatumTijdInput(), **kwargs)


class NietInDeToekomst:
    """Mixin for a moment that already happened (a contact, a consent)."""

    def _verleden(self, veld):
        moment = self.cleaned_data[veld]
        # A minute of slack: the form is often filled in right after the call.
        if moment > timezone.now() + datetime.timedelta(minutes=1):
            raise forms.ValidationError(_("Dit moment ligt in de toekomst."))
        return moment


class GezinZoekForm(forms.Form):
    """Search a family at the counter before registering: at least one criterion."""

    naam = forms.CharField(label=_("Naam van kind of ouder"), max_length=100, required=False)
    geboortedatum = datumveld(_("Geboortedatum kind"), required=False)
    email = forms.CharField(label=_("E-mail ouder"), max_length=254, required=False)
    telefoon = forms.CharField(label=_("Telefoon ouder"), max_length=50, required=False)

    def clean(self):
        data = super().clean()
        if not any(data.get(veld) for veld in ("naam", "geboortedatum", "email", "telefoon")) and not self.errors:
            raise forms.ValidationError(_("Vul minstens één zoekveld in."))
        return data


class BalieForm(forms.Form):
    """What the desk adds to a registration: the channel and that the family got the privacy notice."""

    kanaal = forms.ChoiceField(
        label=_("Hoe meldt het gezin zich aan?"),
        choices=[(Kanaal.TELEFOON, Kanaal.TELEFOON.label), (Kanaal.BALIE, Kanaal.BALIE.label)],
        widget=forms.RadioSelect,
    )
    privacy_uitgelegd = forms.BooleanField(
        label=_("Het gezin kreeg uitleg over wat het loket met zijn gegevens doet en gaat akkoord."),
        error_messages={"required": _("Leg eerst uit wat het loket met de gegevens doet.")},
    )
    kwetsbaar_reden = forms.CharField(
        label=_("Kwetsbaar gezin volgens het loket: reden (niet verplicht)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


TOESTEMMING_WIJZEN = [
    ("schriftelijk", _("schriftelijk (ondertekend formulier)")),
    ("mondeling", _("mondeling, in een gesprek")),
    ("telefonisch", _("telefonisch")),
    ("e-mail", _("per e-mail")),
]


class ToeleiderForm(NietInDeToekomst, forms.Form):
    """What a referrer adds: the family's consent (when, how) and optionally their judgement that
    the family is vulnerable.
    """

    toestemming_op = datumtijdveld(_("Wanneer gaf het gezin toestemming?"))
    toestemming_wijze = forms.ChoiceField(label=_("Hoe gaf het gezin toestemming?"), choices=TOESTEMMING_WIJZEN)
    toestemming_toelichting = forms.CharField(
        label=_("Toelichting bij de toestemming (niet verplicht)"), max_length=150, required=False
    )
    kwetsbaar_reden = forms.CharField(
        label=_("Kwetsbaar gezin: waarom? (niet verplicht)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Vul dit in als het gezin volgens jou extra ondersteuning nodig heeft."),
    )
    opmerking = forms.CharField(
        label=_("Opmerking voor het loket (niet verplicht)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Heeft het kind al een aanvraag bij het loket? Dan krijgt het loket je aanmelding met deze opmerking."
        ),
    )

    def clean_toestemming_op(self):
        return self._verleden("toestemming_op")

    def toestemming_wijze_tekst(self):
        """The consent as stored on the request: "mondeling: tijdens huisbezoek"."""
        wijze = dict(TOESTEMMING_WIJZEN)[self.cleaned_data["toestemming_wijze"]]
        toelichting = self.cleaned_data["toestemming_toelichting"].strip()
        return f"{wijze}: {toelichting}" if toelichting else str(wijze)


class IntrekForm(forms.Form):
    reden = forms.ChoiceField(label=_("Reden"), choices=[("", "---------"), *IntrekReden.choices])
    toelichting = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("reden") == IntrekReden.ANDERE and not data.get("toelichting", "").strip():
            self.add_error("toelichting", _("Geef een toelichting bij de reden 'andere'."))
        return data


class KwetsbaarForm(forms.Form):
    reden = forms.CharField(
        label=_("Waarom is dit gezin kwetsbaar?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Een feit of een inschatting, geen diagnose."),
    )

    def clean_reden(self):
        reden = self.cleaned_data["reden"].strip()
        if not reden:
            raise forms.ValidationError(_("Geef een reden."))
        return reden


class NotitieForm(forms.Form):
    tekst = forms.CharField(label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean_tekst(self):
        tekst = self.cleaned_data["tekst"].strip()
        if not tekst:
            raise forms.ValidationError(_("Een notitie mag niet leeg zijn."))
        return tekst


class ContactForm(NietInDeToekomst, forms.Form):
    op = datumtijdveld(_("Wanneer"))
    soort = forms.ChoiceField(label=_("Soort contact"), choices=ContactSoort.choices)
    tekst = forms.CharField(label=_("Verslag"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean_op(self):
        return self._verleden("op")

    def clean_tekst(self):
        tekst = self.cleaned_data["tekst"].strip()
        if not tekst:
            raise forms.ValidationError(_("Schrijf kort wat er besproken werd."))
        return tekst


class WijzigForm(forms.Form):
    """Staff change the start date and the week schedule; the originals stay recorded.

    Unlike the parent's form a start date in the past is allowed (a request may be corrected
    after the fact), but not before the child's birth nor more than 2 years ahead.
    """

    gewenste_startdatum = forms.DateField(
        label=_("Gewenste startdatum"), input_formats=DATUM_FORMATEN, widget=DatumInput()
    )
    weekschema = WeekschemaField(label=_("Weekschema"))
    voor_7u = forms.BooleanField(label=_("voor 7 uur"), required=False)
    na_18u = forms.BooleanField(label=_("na 18 uur"), required=False)
    zaterdag = forms.BooleanField(label=_("zaterdag"), required=False)
    zon_en_feestdag = forms.BooleanField(label=_("zondag of feestdag"), required=False)

    def __init__(self, *args, vraag, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                veld: getattr(vraag, veld)
                for veld in ("gewenste_startdatum", "weekschema", "voor_7u", "na_18u", "zaterdag", "zon_en_feestdag")
            },
        )
        super().__init__(*args, **kwargs)
        self.vraag = vraag

    def clean_gewenste_startdatum(self):
        start = self.cleaned_data["gewenste_startdatum"]
        if start < self.vraag.kind.geboortedatum:
            raise forms.ValidationError(_("De opvang kan niet starten voor de geboorte."))
        if start > jaren_later(timezone.localdate(), MAX_JAREN_VOORUIT):
            raise forms.ValidationError(_("Deze datum ligt meer dan 2 jaar in de toekomst."))
        return start


ZONDER_REDEN = "zonder_reden"


class DringendForm(forms.Form):
    """Staff set or clear the urgency of a request, with its reason (as the wizard asks it).

    An imported request can be urgent without a reason: that stays a choice of its own, so saving
    the form does not silently clear it.
    """

    dringend_reden = forms.ChoiceField(label=_("Is de aanvraag dringend?"), required=False)

    def __init__(self, *args, vraag, **kwargs):
        huidig = (vraag.dringend_reden or ZONDER_REDEN) if vraag.dringend else ""
        kwargs.setdefault("initial", {"dringend_reden": huidig})
        super().__init__(*args, **kwargs)
        keuzes = [("", _("Nee, niet dringend")), *DringendReden.choices]
        if huidig == ZONDER_REDEN:
            keuzes.append((ZONDER_REDEN, _("Ja, reden niet gekend")))
        self.fields["dringend_reden"].choices = keuzes
        self.fields["dringend_reden"].help_text = _(
            "Dringend is opvang voor de start van werk of opleiding, na het verlies van opvang, of in een crisis."
        )

    def vraag_velden(self):
        reden = self.cleaned_data["dringend_reden"]
        return {"dringend": bool(reden), "dringend_reden": "" if reden == ZONDER_REDEN else reden}


class SamenvoegForm(forms.Form):
    """Merge this request with another one of the desk; `behoud` says which one stays."""

    andere = forms.IntegerField(widget=forms.HiddenInput)
    behoud = forms.ChoiceField(
        label=_("Welke aanvraag blijft?"),
        choices=[("deze", _("deze aanvraag")), ("andere", _("de andere aanvraag"))],
        widget=forms.RadioSelect,
        initial="deze",
    )


class AanmeldFormulieren:
    """The registration forms of forms.py side by side on one screen, for the desk and referrers.

    With an existing `kind` only the care, preferences and situation are asked; with an existing
    `gezin` also the child; otherwise also the parents, address and language. Each form has its
    own prefix. `kwargs_voor_registratie()` gives what registratie.aanmelding_registreren needs.
    """

    LABELS = [
        ("kind", "voornaam", _("Voornaam van het kind")),
        ("kind", "achternaam", _("Achternaam van het kind")),
        ("kind", "geboren", _("Is het kind al geboren?")),
        ("kind", "rijksregisternummer", _("Rijksregisternummer van het kind (niet verplicht)")),
        ("gezin", "taal", _("Taal voor de e-mails aan het gezin")),
        ("opvang", "gewenste_startdatum", _("Gewenste startdatum")),
        ("opvang", "weekschema", _("Gevraagde dagen")),
    ]

    def __init__(self, data=None, *, loket, gezin=None, kind=None, initial=None):
        self.loket = loket
        self.bestaand_kind = kind
        self.bestaand_gezin = kind.gezin if kind is not None else gezin
        self.formulieren = {}
        # `initial`: per form name, what to prefill (e.g. from a provider's referral).
        initial = initial or {}
        if kind is None:
            self.formulieren["kind"] = KindForm(data, prefix="kind", initial=initial.get("kind"))
        if self.bestaand_gezin is None:
            # At the desk a family without e-mail is helped too: a phone number will do.
            self.formulieren["ouder1"] = OuderForm(
                data, prefix="ouder1", email_verplicht=False, initial=initial.get("ouder1")
            )
            self.formulieren["ouder2"] = OuderForm(data, prefix="ouder2", verplicht=False)
            self.formulieren["adres"] = AdresForm(data, prefix="adres")
            self.formulieren["gezin"] = GezinForm(data, prefix="gezin", initial={"taal": "nl"})
        geboortedatum = kind.geboortedatum if kind is not None else None
        kindform = self.formulieren.get("kind")
        if data is not None and kindform is not None and kindform.is_valid():
            geboortedatum = kindform.cleaned_data["geboortedatum"]
        self.formulieren["opvang"] = OpvangForm(
            data, prefix="opvang", geboortedatum=geboortedatum, initial=initial.get("opvang")
        )
        self.formulieren["voorkeuren"] = VoorkeurenForm(
            data, prefix="voorkeuren", loket=loket, initial=initial.get("voorkeuren")
        )
        self.formulieren["situatie"] = SituatieForm(data, prefix="situatie")
        # The parent-side labels speak to the parent ("je kind"); staff fill in for the family.
        for naam, veld, label in self.LABELS:
            if naam in self.formulieren:
                self.formulieren[naam].fields[veld].label = label

    def __getitem__(self, naam):
        return self.formulieren[naam]

    def get(self, naam):
        return self.formulieren.get(naam)

    def is_valid(self):
        geldig = all([form.is_valid() for form in self.formulieren.values()])  # every form, for all errors
        ouder = self.formulieren.get("ouder1")
        if geldig and ouder is not None and not (ouder.cleaned_data["email"] or ouder.cleaned_data["telefoon"]):
            ouder.add_error("telefoon", _("Geef een e-mailadres of een telefoonnummer, zodat we het gezin bereiken."))
            geldig = False
        return geldig

    def kwargs_voor_registratie(self):
        f = self.formulieren
        vraag_velden = {
            **f["opvang"].vraag_velden(),
            **f["voorkeuren"].vraag_velden(),
            **f["situatie"].vraag_velden(),
        }
        kind_velden = {**(f["kind"].kind_velden() if "kind" in f else {}), **f["situatie"].kind_velden()}
        kwargs = {"loket": self.loket, "vraag_velden": vraag_velden, "kind_velden": kind_velden}
        if self.bestaand_kind is not None:
            kwargs["kind"] = self.bestaand_kind
        if self.bestaand_gezin is not None:
            kwargs["gezin"] = self.bestaand_gezin
            kwargs["gezin_velden"] = f["situatie"].gezin_velden()
        else:
            kwargs["gezin_velden"] = {
                **f["gezin"].gezin_velden(),
                **f["adres"].gezin_velden(),
                **f["situatie"].gezin_velden(),
            }
            kwargs["ouders"] = [v for v in (f["ouder1"].ouder_velden(), f["ouder2"].ouder_velden()) if v]
        return kwargs
