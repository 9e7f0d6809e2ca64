import hashlib
import hmac
import itertools
import unicodedata
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _

from loket.models import Gemeente, Loket

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


def atypisch_volgens_weekschema(weekschema):
    """The atypical moments (DESIGN.md) a week schedule itself asks for: a Saturday, a Sunday.

    {"zaterdag": bool, "zon_en_feestdag": bool}. The atypical category of the report counts them too.
    """
    return {
        "zaterdag": weekschema[5:6] not in ("", Dagdeel.GEEN),
        "zon_en_feestdag": weekschema[6:7] not in ("", Dagdeel.GEEN),
    }


def normaliseer_naam(tekst):
    """Lowercase, without accents, single spaces: the identity of a child ignores those."""
    zonder_accenten = "".join(
        teken for teken in unicodedata.normalize("NFKD", tekst or "") if not unicodedata.combining(teken)
    )
    return " ".join(zonder_accenten.casefold().split())


def rijksregister_hash(nummer):
    """Keyed hash of a national register number (digits only); the number itself is never stored."""
    cijfers = "".join(c for c in str(nummer) if c.isdigit())
    if not cijfers:
        return ""
    return hmac.new(settings.RIJKSREGISTER_SLEUTEL.encode(), cijfers.encode(), hashlib.sha256).hexdigest()


def anonieme_identiteit(identiteit):
    """A keyed hash of a child's identity: the same child still groups as one in the report, the name is gone.

    Keyed with RIJKSREGISTER_SLEUTEL, so a list of names and birth dates cannot be hashed to find it back.
    """
    if identiteit.startswith(ANONIEM_PREFIX):
        return identiteit
    sleutel = settings.RIJKSREGISTER_SLEUTEL.encode()
    return ANONIEM_PREFIX + hmac.new(sleutel, identiteit.encode(), hashlib.sha256).hexdigest()


ANONIEM_PREFIX = "anon:"


def kind_sleutel(identiteit):
    """The keyed identity of a child across every desk of the installation (Kind.sleutel).

    A keyed hash (RIJKSREGISTER_SLEUTEL) of the normalised identity: exactly the hash an anonymised
    child's `identiteit` carries after ANONIEM_PREFIX, so an anonymised child and the same child in
    a family that was not anonymised have one key, and the key of an existing anonymised row can be
    derived without its wiped name.
    """
    if identiteit.startswith(ANONIEM_PREFIX):
        return identiteit[len(ANONIEM_PREFIX) :]
    sleutel = settings.RIJKSREGISTER_SLEUTEL.encode()
    return hmac.new(sleutel, identiteit.encode(), hashlib.sha256).hexdigest()


class Taal(models.TextChoices):
    NL = "nl", "Nederlands"
    FR = "fr", "Français"
    EN = "en", "English"


class Gezin(models.Model):
    """A household. Vulnerability is kept as facts; `kwetsbaar` follows from them (see save())."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="gezinnen")
    straat = models.CharField(_("straat en nummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    gemeente = models.ForeignKey(
        Gemeente, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("woonplaats")
    )
    taal = models.CharField(_("taal voor e-mail"), max_length=2, choices=Taal.choices, default=Taal.NL)

    laag_inkomen = models.BooleanField(_("inkomen onder de grens"), default=False)
    opvang_voor_werk_of_opleiding = models.BooleanField(_("opvang nodig voor werk of opleiding"), default=False)
    alleenstaande_ouder = models.BooleanField(_("alleenstaande ouder"), default=False)
    gezondheids_of_zorgproblemen = models.BooleanField(_("gezondheids- of zorgproblemen in het gezin"), default=False)
    geen_diploma_secundair = models.BooleanField(_("geen ouder met diploma secundair onderwijs"), default=False)
    kwetsbaar_gemarkeerd = models.BooleanField(_("kwetsbaar volgens loket of toeleider"), default=False)
    kwetsbaar_reden = models.TextField(_("reden kwetsbaar"), blank=True)
    # Stored (not only computed) so the worklist and the report can filter and group on it in SQL.
    kwetsbaar = models.BooleanField(_("kwetsbaar gezin"), default=False, editable=False)
    hulp_inkomenstarief = models.BooleanField(_("hulp nodig bij inkomenstarief"), default=False)
    # Set by services.gezin_anonimiseren: names, contact details and free texts are wiped, the facts
    # the yearly report counts stay.
    geanonimiseerd_op = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True, editable=False)

    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    CRITERIA = [
        "laag_inkomen",
        "opvang_voor_werk_of_opleiding",
        "alleenstaande_ouder",
        "gezondheids_of_zorgproblemen",
        "geen_diploma_secundair",
    ]

    class Meta:
        verbose_name = _("gezin")
        verbose_name_plural = _("gezinnen")
        constraints = [
            models.CheckConstraint(
                condition=Q(kwetsbaar_gemarkeerd=False) | ~Q(kwetsbaar_reden=""),
                name="gezin_kwetsbaar_met_reden",
            )
        ]

    def __str__(self):
        ouder = self.ouders.first()
        return f"Gezin {ouder.achternaam}" if ouder and ouder.achternaam else f"Gezin {self.pk}"

    def save(self, *args, **kwargs):
        self.kwetsbaar = self.kwetsbaar_gemarkeerd or sum(bool(getattr(self, c)) for c in self.CRITERIA) >= 2
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "kwetsbaar", "gewijzigd_op"}
        nieuw = self._state.adding
        super().save(*args, **kwargs)
        if not nieuw:
            # Through the requests: a request's family need not be its child's (the admin can move either).
            telvelden_bijwerken(identiteiten=Kind.objects.filter(opvangvragen__gezin=self).values("identiteit"))


class Situatie(models.TextChoices):
    WERKT = "werkt", _("werkt")
    OPLEIDING = "opleiding", _("volgt een opleiding")
    WERKZOEKEND = "werkzoekend", _("zoekt werk")
    ANDERE = "andere", _("andere")


class Ouder(models.Model):
    gezin = models.ForeignKey(Gezin, on_delete=models.CASCADE, related_name="ouders")
    voornaam = models.CharField(_("voornaam"), max_length=100)
    achternaam = models.CharField(_("achternaam"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    telefoon = models.CharField(_("telefoon"), max_length=50, blank=True)
    situatie = models.CharField(_("werk of opleiding"), max_length=20, choices=Situatie.choices, blank=True)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="ouderrollen"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("ouder")
        verbose_name_plural = _("ouders")

    def __str__(self):
        return f"{self.voornaam} {self.achternaam}"


class Kind(models.Model):
    gezin = models.ForeignKey(Gezin, on_delete=models.CASCADE, related_name="kinderen")
    voornaam = models.CharField(_("voornaam"), max_length=100)
    achternaam = models.CharField(_("achternaam"), max_length=100)
    geboortedatum = models.DateField(_("geboortedatum of verwachte geboortedatum"))
    verwacht = models.BooleanField(_("nog niet geboren"), default=False)
    specifieke_zorgbehoefte = models.BooleanField(_("specifieke zorgbehoefte"), default=False)
    zorgbehoefte_omschrijving = models.TextField(_("omschrijving zorgbehoefte"), blank=True)
    rijksregister_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Normalised name + birth date: DESIGN.md's identity of a child, stored to group and match in SQL.
    identiteit = models.CharField(max_length=250, db_index=True, editable=False)
    # Once anonymised, `identiteit` holds a keyed hash of the old identity (services.gezin_anonimiseren)
    # and is never computed from the wiped name again: the report still counts the child once.
    geanonimiseerd_op = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True, editable=False)
    # One keyed identity for the whole installation (kind_sleutel), computed once: the Flemish
    # overview counts a child once across desks by it. Kept on anonymisation. A child registered
    # with a national register number takes over the key of an earlier child with the same number,
    # so a typing variant of the name at another desk is still the same child.
    sleutel = models.CharField(max_length=64, db_index=True, editable=False, default="")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kind")
        verbose_name_plural = _("kinderen")

    def __str__(self):
        return f"{self.voornaam} {self.achternaam}"

    def save(self, *args, **kwargs):
        if self.geanonimiseerd_op is None:
            self.identiteit = self.maak_identiteit(self.voornaam, self.achternaam, self.geboortedatum)
            self.sleutel = self.bereken_sleutel()
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "identiteit", "sleutel", "gewijzigd_op"}
        if self._state.adding:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            # The stored identity, not this instance's: another save may have renamed the child since it was loaded.
            vorige = Kind.objects.filter(pk=self.pk).values_list("identiteit", flat=True).first()
            if vorige is not None and vorige != self.identiteit:
                # A rename joins the child to another identity's group, which a registration at the
                # same desk may be adding to right now: take the desks' locks as registration does
                # (lock_loketten), so that one of the two sees the other's request.
                lock_loketten(Opvangvraag.objects.filter(kind=self.pk).values("loket"))
                vorige = Kind.objects.filter(pk=self.pk).values_list("identiteit", flat=True).first()
            super().save(*args, **kwargs)
            if vorige is not None:
                # A renamed child leaves the group of its old identity: both groups are counted anew.
                telvelden_bijwerken(identiteiten={vorige, self.identiteit})

    def bereken_sleutel(self):
        """The key of an earlier child with the same national register hash, else kind_sleutel(identiteit)."""
        if self.rijksregister_hash:
            andere = Kind.objects.filter(rijksregister_hash=self.rijksregister_hash).exclude(pk=self.pk).order_by("pk")
            bestaand = andere.exclude(sleutel="").values_list("sleutel", flat=True).first()
            if bestaand:
                return bestaand
        return kind_sleutel(self.identiteit)

    @staticmethod
    def maak_identiteit(voornaam, achternaam, geboortedatum):
        return f"{normaliseer_naam(voornaam)}|{normaliseer_naam(achternaam)}|{geboortedatum.isoformat()}"

    # For the bulk writers, which skip save(): Kind(identiteit=i, sleutel=Kind.maak_sleutel(i)).
    maak_sleutel = staticmethod(kind_sleutel)


class Kanaal(models.TextChoices):
    ONLINE = "online", _("online")
    BALIE = "balie", _("aan de balie")
    TELEFOON = "telefoon", _("telefonisch")
    TOELEIDER = "toeleider", _("via een toeleider")
    AANBIEDER = "aanbieder", _("via een opvanglocatie")
    IMPORT = "import", _("ingevoerde lijst")


class VraagStatus(models.TextChoices):
    INGEDIEND = "ingediend", _("ingediend")
    IN_BEHANDELING = "in_behandeling", _("in behandeling")
    VOORSTEL = "voorstel", _("voorstel")
    TOEGEWEZEN = "toegewezen", _("toegewezen")
    INGETROKKEN = "ingetrokken", _("ingetrokken")


OPEN_STATUSSEN = [VraagStatus.INGEDIEND, VraagStatus.IN_BEHANDELING, VraagStatus.VOORSTEL]


class DringendReden(models.TextChoices):
    START_WERK = "start_werk", _("start van werk")
    START_OPLEIDING = "start_opleiding", _("start van opleiding")
    VERLIES_OPVANG = "verlies_opvang", _("verlies van bestaande opvang")
    CRISIS = "crisis", _("crisis")


class IntrekReden(models.TextChoices):
    ELDERS_OPVANG_GEVONDEN = "elders_opvang_gevonden", _("elders opvang gevonden")
    NIET_MEER_NODIG = "niet_meer_nodig", _("niet meer nodig")
    VERVALLEN = "vervallen", _("vervallen (niet bevestigd)")
    GEEN_OPVANG_GEVONDEN = "geen_opvang_gevonden", _("geen opvang gevonden")
    ANDERE = "andere", _("andere")


class Opvangvraag(models.Model):
    """One central childcare request for one child at one desk. Status changes go through services."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="opvangvragen")
    kind = models.ForeignKey(Kind, on_delete=models.PROTECT, related_name="opvangvragen")
    gezin = models.ForeignKey(Gezin, on_delete=models.PROTECT, related_name="opvangvragen")
    gemeente = models.ForeignKey(
        Gemeente,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gemeente (telt mee onder)"),
    )
    referentie = models.CharField(_("referentie"), max_length=40)

    kanaal = models.CharField(_("kanaal"), max_length=20, choices=Kanaal.choices)
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ingediend_op = models.DateTimeField(_("ingediend op"), db_index=True)

    gewenste_startdatum_origineel = models.DateField(_("oorspronkelijke gewenste startdatum"), db_index=True)
    gewenste_startdatum = models.DateField(_("gewenste startdatum"))
    weekschema = models.CharField(_("weekschema"), max_length=7, default="-------", validators=[weekschema_validator])
    dagen_per_week_origineel = models.DecimalField(
        _("oorspronkelijk aantal dagen per week"), max_digits=3, decimal_places=1, validators=[MinValueValidator(0)]
    )
    dagen_per_week = models.DecimalField(
        _("dagen per week"), max_digits=3, decimal_places=1, validators=[MinValueValidator(0)]
    )

    voor_7u = models.BooleanField(_("voor 7 uur"), default=False)
    na_18u = models.BooleanField(_("na 18 uur"), default=False)
    zaterdag = models.BooleanField(_("zaterdag"), default=False)
    zon_en_feestdag = models.BooleanField(_("zondag of feestdag"), default=False)
    atypisch_zonder_detail = models.BooleanField(_("atypisch (uit een ingevoerde lijst, zonder detail)"), default=False)

    dringend = models.BooleanField(_("dringend"), default=False)
    dringend_reden = models.CharField(_("reden dringend"), max_length=20, choices=DringendReden.choices, blank=True)

    vg_werk_of_opleiding = models.BooleanField(_("werk of opleiding (gemiddeld 4/5 of meer)"), default=False)
    vg_alleenstaande_ouder = models.BooleanField(_("alleenstaande ouder"), default=False)
    vg_laag_inkomen = models.BooleanField(_("laag inkomen"), default=False)
    vg_pleegkind = models.BooleanField(_("pleegkind"), default=False)
    vg_broer_of_zus = models.BooleanField(_("broer of zus op de gekozen locatie"), default=False)
    vg_zonder_detail = models.BooleanField(_("voorrangsgroep (uit een ingevoerde lijst, zonder detail)"), default=False)

    voorkeur_gemeente = models.ForeignKey(
        Gemeente,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("elke locatie in gemeente"),
    )

    toeleider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="toegeleide_vragen",
    )
    toestemming_op = models.DateTimeField(_("toestemming van het gezin op"), null=True, blank=True)
    toestemming_wijze = models.CharField(_("hoe toestemming gegeven"), max_length=200, blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=VraagStatus.choices, default=VraagStatus.INGEDIEND, db_index=True
    )
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    intrek_reden = models.CharField(_("reden intrekking"), max_length=30, choices=IntrekReden.choices, blank=True)
    intrek_toelichting = models.TextField(_("toelichting"), blank=True)
    geen_reactie_gemeld_op = models.DateTimeField(
        _("geen reactie van aanbieders binnen termijn, gemeld op"), null=True, blank=True
    )
    # A duplicate merged into another request stays as a withdrawn request pointing at the one kept,
    # so both histories remain readable (see services.opvangvragen_samenvoegen).
    samengevoegd_met = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="samengevoegde_vragen",
        verbose_name=_("samengevoegd met"),
    )

    # What the yearly report reads, kept on the request by telvelden_bijwerken() so the report
    # counts one table. Measured with bench/rapport.py on 1,000,000 requests: joining Kind and
    # Gezin for these and working out each child's later registration at report time took 6 s;
    # reading these columns, under 1 s (see rapportage.queries).
    kwetsbaar_gezin = models.BooleanField(default=False, editable=False)
    specifieke_zorgbehoefte = models.BooleanField(default=False, editable=False)
    eerste_voorstel_op = models.DateTimeField(null=True, editable=False)
    # When the same child was registered next at this desk for the same year (None: never). The
    # report counts a child's last registration on or before P: the one whose next is after P.
    volgende_ingediend_op = models.DateTimeField(null=True, editable=False)
    # More than one of its offers was ever accepted (imported histories can hold that): only for
    # these requests does the report have to pick the acceptance answered last.
    meerdere_aanvaard = models.BooleanField(default=False, editable=False)
    # The child's key (Kind.sleutel): the Flemish overview finds a child across desks in this table
    # alone (rapportage.vlaanderen; a join to Kind for it took half the overview's time).
    kind_sleutel = models.CharField(max_length=64, default="", editable=False)

    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    # A full save or a change of one of these fields can change what the report counts.
    TELVELD_BRONNEN = {"loket", "kind", "gezin", "ingediend_op", "gewenste_startdatum_origineel", "samengevoegd_met"}

    class Meta:
        verbose_name = _("opvangvraag")
        verbose_name_plural = _("opvangvragen")
        ordering = ["-ingediend_op", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["loket", "referentie"], name="vraag_referentie_uniek_per_loket"),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(status__in=OPEN_STATUSSEN), name="vraag_een_open_vraag_per_kind"
            ),
            models.CheckConstraint(condition=Q(weekschema__regex=r"^[-VND]{7}$"), name="vraag_weekschema_geldig"),
            models.CheckConstraint(
                condition=Q(dagen_per_week__gte=0, dagen_per_week__lte=7)
                & Q(dagen_per_week_origineel__gte=0, dagen_per_week_origineel__lte=7),
                name="vraag_dagen_per_week_0_tot_7",
            ),
            models.CheckConstraint(
                condition=Q(status=VraagStatus.INGETROKKEN, ingetrokken_op__isnull=False) & ~Q(intrek_reden="")
                | ~Q(status=VraagStatus.INGETROKKEN) & Q(ingetrokken_op__isnull=True, intrek_reden=""),
                name="vraag_ingetrokken_met_moment_en_reden",
            ),
            models.CheckConstraint(
                condition=Q(kanaal=Kanaal.TOELEIDER, toestemming_op__isnull=False) | ~Q(kanaal=Kanaal.TOELEIDER),
                name="vraag_toeleider_met_toestemming",
            ),
        ]
        indexes = [
            models.Index(fields=["loket", "status", "ingediend_op"]),
            # The worklist shows a desk's open requests sorted by registration or by desired start;
            # these partial indexes let PostgreSQL read a page in order instead of sorting them all
            # (bench/aanmelding.py: sorting 20,000 rows took ~80 ms, the index scan ~1 ms).
            models.Index(
                fields=["loket", "-ingediend_op"],
                condition=Q(status__in=["ingediend", "in_behandeling", "voorstel"]),
                name="vraag_open_loket_ingediend",
            ),
            models.Index(
                fields=["loket", "gewenste_startdatum"],
                condition=Q(status__in=["ingediend", "in_behandeling", "voorstel"]),
                name="vraag_open_loket_start",
            ),
            models.Index(fields=["loket"], condition=Q(meerdere_aanvaard=True), name="vraag_meerdere_aanvaard"),
        ]

    def __str__(self):
        return f"{self.referentie} – {self.kind}"

    def save(self, *args, **kwargs):
        bijgewerkt = kwargs.get("update_fields")
        if bijgewerkt is not None and not self.TELVELD_BRONNEN.intersection(bijgewerkt):
            return super().save(*args, **kwargs)
        identiteiten = {self.kind.identiteit}
        if not self._state.adding:
            # The child may have been changed (the admin can): its old group is counted anew too.
            identiteiten.update(Kind.objects.filter(opvangvragen=self.pk).values_list("identiteit", flat=True))
        super().save(*args, **kwargs)
        telvelden_bijwerken(identiteiten=identiteiten)

    @property
    def atypisch(self):
        return self.voor_7u or self.na_18u or self.zaterdag or self.zon_en_feestdag or self.atypisch_zonder_detail

    @property
    def voorrangsgroep(self):
        return any(
            (
                self.vg_werk_of_opleiding,
                self.vg_alleenstaande_ouder,
                self.vg_laag_inkomen,
                self.vg_pleegkind,
                self.vg_broer_of_zus,
                self.vg_zonder_detail,
            )
        )

    @property
    def is_open(self):
        return self.status in OPEN_STATUSSEN

    def weekschema_dagen(self):
        """[(weekday, Dagdeel label)] for display."""
        return [(dag, Dagdeel(code).label) for dag, code in zip(WEEKDAGEN, self.weekschema, strict=True) if code != "-"]


def lock_loketten(loketten):
    """Take the row lock of these desks (pks or a `values("pk")`-like queryset), in pk order, until
    the transaction ends: what serialises registering a child at a desk with everything that can
    add a request to that child's group there (registration, import, renaming a child).

    FOR NO KEY UPDATE, not FOR UPDATE: the rows that point at the desk (families, requests) take
    a KEY SHARE lock on it when inserted, which would otherwise make every writer of those wait.
    """
    return list(Loket.objects.select_for_update(no_key=True).filter(pk__in=loketten).order_by("pk").values_list("pk"))


def telvelden_bijwerken(*, identiteiten):
    """Recompute the report columns of every request of the children with these identities.

    `identiteiten`: Kind identities, as a set or a `values("identiteit")` queryset; every request
    of a child with the same key (Kind.sleutel) is recomputed too. For each
    request: `kwetsbaar_gezin` and `specifieke_zorgbehoefte` copied from its family and child,
    `eerste_voorstel_op` its first offer, `kind_sleutel` its child's key, `meerdere_aanvaard`
    whether more than one of its offers was accepted, and `volgende_ingediend_op` the registration
    moment of the next request of the same child (same key, desk and year of the original start,
    not merged; ordered as the report orders them: registered, created, pk). Called by the saves that can change them
    (Gezin, Kind, Opvangvraag, Opvangvoorstel) and by the bulk writers (import, anonymisation).
    The group's existing requests are locked while they are worked out, so two writers of one
    child never store each other's stale values (new requests and renamed children are
    serialised by the desk's row lock, lock_loketten, in registration, import and Kind.save).
    Two queries, a third when a `volgende_ingediend_op` changed.
    """
    if isinstance(identiteiten, models.QuerySet):
        groep = Q(kind__sleutel__in=Kind.objects.filter(identiteit__in=identiteiten).values("sleutel"))
    else:
        identiteiten = set(identiteiten)
        # A renamed child's old identity has no Kind any more: its key is computed.
        groep = Q(kind__sleutel__in={kind_sleutel(i) for i in identiteiten}) | Q(
            kind__sleutel__in=Kind.objects.filter(identiteit__in=identiteiten).values("sleutel")
        )
    with transaction.atomic():
        vragen = list(
            Opvangvraag.objects.filter(Q(kind__identiteit__in=identiteiten) | groep)
            .select_for_update(of=("self",))
            .annotate(n_identiteit=models.F("kind__identiteit"), n_sleutel=models.F("kind__sleutel"))
            .only(
                "loket",
                "ingediend_op",
                "aangemaakt_op",
                "gewenste_startdatum_origineel",
                "samengevoegd_met",
                "volgende_ingediend_op",
            )
            .order_by("pk")
        )
        # One UPDATE computes the copied columns in the database (bulk_update's CASE per row
        # made filling 1,000,000 requests take hours).
        Opvangvraag.objects.filter(pk__in=[vraag.pk for vraag in vragen]).update(**_gekopieerde_telvelden())
        gewijzigd = _volgende_berekenen(vragen)
        Opvangvraag.objects.bulk_update(gewijzigd, ["volgende_ingediend_op"], batch_size=1000)


def _gekopieerde_telvelden():
    """The report columns that copy a value of the family, the child or the offers, as SQL expressions."""
    # aanbod's Opvangvoorstel, reached through the relation (aanmelding does not import aanbod).
    voorstellen = Opvangvraag._meta.get_field("voorstellen").related_model.objects.filter(vraag=OuterRef("pk"))
    aanvaard = voorstellen.filter(antwoord="aanvaard").values("vraag").annotate(aantal=Count("pk")).values("aantal")
    return {
        "kwetsbaar_gezin": Subquery(Gezin.objects.filter(pk=OuterRef("gezin_id")).values("kwetsbaar")),
        "specifieke_zorgbehoefte": Subquery(
            Kind.objects.filter(pk=OuterRef("kind_id")).values("specifieke_zorgbehoefte")
        ),
        # Min(), not ORDER BY ... LIMIT 1: that lets PostgreSQL walk the whole voorgesteld_op
        # index for each request when the statistics are behind (a fresh import).
        "eerste_voorstel_op": Subquery(
            voorstellen.values("vraag").annotate(eerste=Min("voorgesteld_op")).values("eerste")
        ),
        "meerdere_aanvaard": GreaterThan(Coalesce(Subquery(aanvaard), 0), 1),
        "kind_sleutel": Subquery(Kind.objects.filter(pk=OuterRef("kind_id")).values("sleutel")),
    }


def _volgende_berekenen(vragen):
    """Set `volgende_ingediend_op` on `vragen` (see telvelden_bijwerken); returns those that changed."""

    def groep(vraag):
        # The child's key (Kind.sleutel): an anonymised child and the same child in a family that
        # was not anonymised are one child. The identity only for a row written without a key.
        return vraag.loket_id, vraag.n_sleutel or vraag.n_identiteit, vraag.gewenste_startdatum_origineel.year

    volgende = {}
    telbare = sorted(
        (v for v in vragen if v.samengevoegd_met_id is None),
        key=lambda v: (*groep(v), v.ingediend_op, v.aangemaakt_op, v.pk),
    )
    for _sleutel, reeks in itertools.groupby(telbare, key=groep):
        reeks = list(reeks)
        for vraag, later in zip(reeks, reeks[1:], strict=False):
            volgende[vraag.pk] = later.ingediend_op
    gewijzigd = []
    for vraag in vragen:
        if vraag.volgende_ingediend_op != volgende.get(vraag.pk):
            vraag.volgende_ingediend_op = volgende.get(vraag.pk)
            gewijzigd.append(vraag)
    return gewijzigd


ATYPISCH_Q = (
    Q(voor_7u=True) | Q(na_18u=True) | Q(zaterdag=True) | Q(zon_en_feestdag=True) | Q(atypisch_zonder_detail=True)
)
VOORRANGSGROEP_Q = (
    Q(vg_werk_of_opleiding=True)
    | Q(vg_alleenstaande_ouder=True)
    | Q(vg_laag_inkomen=True)
    | Q(vg_pleegkind=True)
    | Q(vg_broer_of_zus=True)
    | Q(vg_zonder_detail=True)
)


class Notitie(models.Model):
    """A desk's internal note on a request. Never shown to the family; written through services."""

    vraag = models.ForeignKey(Opvangvraag, on_delete=models.CASCADE, related_name="notities")
    tekst = models.TextField(_("notitie"))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("door")
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-aangemaakt_op", "-id"]
        verbose_name = _("notitie")
        verbose_name_plural = _("notities")

    def __str__(self):
        return f"{self.vraag.referentie}: {self.tekst[:40]}"


class ContactSoort(models.TextChoices):
    TELEFOON_IN = "telefoon_in", _("telefoon van het gezin")
    TELEFOON_UIT = "telefoon_uit", _("telefoon naar het gezin")
    BEZOEK = "bezoek", _("bezoek aan de balie")
    HUISBEZOEK = "huisbezoek", _("huisbezoek")
    EMAIL = "email", _("e-mail")
    BRIEF = "brief", _("brief")
    DOORVERWIJZING = "doorverwijzing", _("doorverwijzing (bv. OCMW voor het tarief)")
    ANDERE = "andere", _("andere")


class Contactmoment(models.Model):
    """A contact with the family about a request (call, visit, ...): when, how, what, by whom."""

    vraag = models.ForeignKey(Opvangvraag, on_delete=models.CASCADE, related_name="contactmomenten")
    op = models.DateTimeField(_("wanneer"))
    soort = models.CharField(_("soort contact"), max_length=20, choices=ContactSoort.choices)
    tekst = models.TextField(_("verslag"))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("door")
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-op", "-id"]
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")

    def __str__(self):
        return f"{self.vraag.referentie}: {self.get_soort_display()} {self.op:%d/%m/%Y}"


class WisverzoekUitkomst(models.TextChoices):
    GEANONIMISEERD = "geanonimiseerd", _("gegevens gewist")
    GEWEIGERD = "geweigerd", _("geweigerd")


class Wisverzoek(models.Model):
    """A family asks the desk to erase its data (GDPR art. 17); the coordinator anonymises or refuses.

    Written through services.wisverzoek_indienen / wisverzoek_weigeren / gezin_anonimiseren.
    """

    gezin = models.ForeignKey(Gezin, on_delete=models.CASCADE, related_name="wisverzoeken")
    gevraagd_op = models.DateTimeField(_("gevraagd op"), db_index=True)
    gevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    afgehandeld_op = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    afgehandeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("afgehandeld door"),
    )
    uitkomst = models.CharField(_("uitkomst"), max_length=20, choices=WisverzoekUitkomst.choices, blank=True)
    reden = models.TextField(_("reden van de weigering"), blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-gevraagd_op", "-id"]
        verbose_name = _("verzoek tot wissen")
        verbose_name_plural = _("verzoeken tot wissen")
        constraints = [
            models.UniqueConstraint(
                fields=["gezin"], condition=Q(afgehandeld_op__isnull=True), name="wisverzoek_een_open_per_gezin"
            ),
            models.CheckConstraint(
                condition=Q(afgehandeld_op__isnull=True, uitkomst="")
                | Q(afgehandeld_op__isnull=False) & ~Q(uitkomst=""),
                name="wisverzoek_afgehandeld_met_uitkomst",
            ),
        ]

    def __str__(self):
        return f"Wisverzoek gezin {self.gezin_id} {self.gevraagd_op:%Y-%m-%d}"

    @property
    def is_open(self):
        return self.afgehandeld_op is None
