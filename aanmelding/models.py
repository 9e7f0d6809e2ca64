import hashlib
import hmac
import unicodedata

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from aanbod.models import Locatie, Organisator, VrijePlaats
from loket.models import Gemeente, Loket
from loket.weekschema import (  # noqa: F401  (re-exported)
    WEEKDAG_NAMEN,
    WEEKDAGEN,
    Dagdeel,
    dagen_per_week,
    weekschema_dagen,
    weekschema_tekst,
    weekschema_validator,
)


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
    # Set by privacy.gezin_anonimiseren: names, contact details and free texts are wiped, the facts
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
            # The family's vulnerability is a report column of its children's requests.
            from .telvelden import telvelden_bijwerken  # telvelden.py imports these models

            telvelden_bijwerken(identiteiten=Kind.objects.filter(gezin=self).values("identiteit"))


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
        # Possible duplicates look a parent's address up case-insensitively (queries.mogelijke_dubbels).
        indexes = [models.Index(Lower("email"), name="ouder_email_klein")]

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
    # Once anonymised, `identiteit` holds a keyed hash of the old identity (privacy.gezin_anonimiseren)
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
        # Possible duplicates: children with the same birth date (queries.mogelijke_dubbels).
        indexes = [models.Index(fields=["geboortedatum"], name="kind_geboortedatum")]

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
                from .telvelden import telvelden_bijwerken  # telvelden.py imports these models

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
    # so both histories remain readable (see registratie.opvangvragen_samenvoegen).
    samengevoegd_met = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="samengevoegde_vragen",
        verbose_name=_("samengevoegd met"),
    )

    # What the yearly report reads, kept on the request by telvelden.telvelden_bijwerken() so the report
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
    # The Flemish overview's two facts, kept like volgende_ingediend_op but over every desk of the
    # installation (same child key and year of the original start, not merged): when the child was
    # registered next anywhere (Flanders counts its last registration: the one whose next is after
    # P), and the child's first registration at another desk than this request's (None: none), so
    # "also at another desk on P" is `elders_ingediend_op < P`. Measured with bench/vlaanderen.py
    # (1,000,000 requests, 300 desks): finding the children at several desks and their last
    # registration at report time (a grouped scan on the key and a window) took 13 s; these
    # columns make the overview one grouped query.
    vlaams_volgende_ingediend_op = models.DateTimeField(null=True, editable=False)
    elders_ingediend_op = models.DateTimeField(null=True, editable=False)

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
            # The policy dashboard's new children: each child's first registration at the desk, read
            # in the index's order (bench/beleid.py, 1,000,000 requests: grouping the 64-character
            # keys in a hash took 1.15 s and spilled to disk, this index-only scan 0.44 s).
            models.Index(
                fields=["loket", "kind_sleutel", "ingediend_op"],
                condition=Q(samengevoegd_met__isnull=True),
                name="vraag_eerste_per_kind",
            ),
        ]

    def __str__(self):
        return f"{self.referentie} – {self.kind}"

    def save(self, *args, **kwargs):
        bijgewerkt = kwargs.get("update_fields")
        if bijgewerkt is not None and not self.TELVELD_BRONNEN.intersection(bijgewerkt):
            return super().save(*args, **kwargs)
        super().save(*args, **kwargs)
        # A request keeps its child (no service moves it): the stored child's group is counted anew.
        from .telvelden import telvelden_bijwerken  # telvelden.py imports these models

        telvelden_bijwerken(identiteiten=Kind.objects.filter(opvangvragen=self.pk).values("identiteit"))

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
        """[(weekday, Dagdeel label)] for display (see weekschema_dagen())."""
        return weekschema_dagen(self.weekschema)


def lock_loketten(loketten):
    """Take the row lock of these desks (pks or a `values("pk")`-like queryset), in pk order, until
    the transaction ends: what serialises registering a child at a desk with everything that can
    add a request to that child's group there (registration, import, renaming a child).

    FOR NO KEY UPDATE, not FOR UPDATE: the rows that point at the desk (families, requests) take
    a KEY SHARE lock on it when inserted, which would otherwise make every writer of those wait.
    """
    return list(Loket.objects.select_for_update(no_key=True).filter(pk__in=loketten).order_by("pk").values_list("pk"))


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

    Written through privacy.wisverzoek_indienen / wisverzoek_weigeren / gezin_anonimiseren.
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


# --- Preferences, offers, "seen" marks, referrals, waiting providers ---------------------------
# These models lived in the aanbod app until its split into supply and demand; `db_table` keeps
# their tables (and their data) where they were.


class Voorkeur(models.Model):
    """A location a family chose for its request, ranked (1 = first choice)."""

    vraag = models.ForeignKey(Opvangvraag, on_delete=models.CASCADE, related_name="voorkeuren")
    locatie = models.ForeignKey(Locatie, on_delete=models.PROTECT, related_name="voorkeuren")
    rang = models.PositiveSmallIntegerField(_("rang"), validators=[MinValueValidator(1)])

    class Meta:
        db_table = "aanbod_voorkeur"
        ordering = ["rang"]
        verbose_name = _("voorkeurlocatie")
        verbose_name_plural = _("voorkeurlocaties")
        constraints = [
            models.UniqueConstraint(fields=["vraag", "locatie"], name="voorkeur_locatie_eenmaal"),
            models.UniqueConstraint(fields=["vraag", "rang"], name="voorkeur_rang_eenmaal"),
            models.CheckConstraint(condition=Q(rang__gte=1), name="voorkeur_rang_vanaf_1"),
        ]

    def __str__(self):
        return f"{self.rang}. {self.locatie}"


class VoorstelStatus(models.TextChoices):
    OPEN = "open", _("open")
    AANVAARD = "aanvaard", _("aanvaard")
    GEWEIGERD = "geweigerd", _("geweigerd")
    VERLOPEN = "verlopen", _("verlopen")
    INGETROKKEN = "ingetrokken", _("ingetrokken")
    GEANNULEERD = "geannuleerd", _("geannuleerd")


class Antwoord(models.TextChoices):
    AANVAARD = "aanvaard", _("aanvaard")
    GEWEIGERD = "geweigerd", _("geweigerd")


class WeigerReden(models.TextChoices):
    TE_VER = "te_ver", _("te ver")
    DAGEN_PASSEN_NIET = "dagen_passen_niet", _("de dagen passen niet")
    START_TE_LAAT = "start_te_laat", _("de start is te laat")
    PRIJS = "prijs", _("de prijs")
    ELDERS_GEVONDEN = "elders_gevonden", _("elders opvang gevonden")
    ANDERE = "andere", _("andere")


class Opvangvoorstel(models.Model):
    """An offer of a place at a location for a request. The family's answer is kept apart from status."""

    vraag = models.ForeignKey(Opvangvraag, on_delete=models.CASCADE, related_name="voorstellen")
    locatie = models.ForeignKey(Locatie, on_delete=models.PROTECT, related_name="voorstellen")
    vrije_plaats = models.ForeignKey(
        VrijePlaats, null=True, blank=True, on_delete=models.SET_NULL, related_name="voorstellen"
    )
    gedaan_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    namens_aanbieder = models.BooleanField(_("door het loket namens de aanbieder"), default=False)
    voorgesteld_op = models.DateTimeField(_("voorgesteld op"), db_index=True)
    startdatum = models.DateField(_("startdatum"), null=True, blank=True)
    weekschema = models.CharField(_("weekschema"), max_length=7, blank=True, validators=[weekschema_validator])
    dagen_per_week = models.DecimalField(_("dagen per week"), max_digits=3, decimal_places=1)
    antwoord_tegen = models.DateField(_("antwoorden tegen"))
    status = models.CharField(
        _("status"), max_length=20, choices=VoorstelStatus.choices, default=VoorstelStatus.OPEN, db_index=True
    )
    antwoord = models.CharField(_("antwoord van het gezin"), max_length=10, choices=Antwoord.choices, blank=True)
    beantwoord_op = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    weigerreden = models.CharField(_("reden weigering"), max_length=20, choices=WeigerReden.choices, blank=True)
    opmerking = models.TextField(_("opmerking"), blank=True)
    afgesloten_op = models.DateTimeField(_("ingetrokken, verlopen of geannuleerd op"), null=True, blank=True)
    afsluit_reden = models.TextField(_("reden intrekking of annulering"), blank=True)
    herinnerd_op = models.DateTimeField(_("herinnering gestuurd op"), null=True, blank=True)
    # The family chose this location and it made no earlier offer for the request: the location's
    # first reaction, which the policy dashboard reads (rapportage.beleid.eerste_reacties); kept by
    # telvelden.telvelden_bijwerken and eerste_reacties_bijwerken (when the choice changes).
    # Measured with bench/beleid.py on 1,000,000 requests: finding the chosen locations' earlier
    # offers per offer took 3.5-4 s of the whole installation's dashboard (misestimated semi-joins).
    eerste_reactie = models.BooleanField(default=False, editable=False)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "aanbod_opvangvoorstel"
        ordering = ["-voorgesteld_op", "-id"]
        verbose_name = _("opvangvoorstel")
        verbose_name_plural = _("opvangvoorstellen")
        indexes = [
            # The reports' deciding offer (rapportage.queries.Peiling.vragen_met_feiten): the accepted
            # offers with every column STAAND and the facts read, so that the join never reads the table
            # (bench/vlaanderen.py, 1,000,000 requests: building its hash 0.20 s -> 0.08 s).
            models.Index(
                fields=["vraag"],
                include=[
                    "id",
                    "beantwoord_op",
                    "voorgesteld_op",
                    "status",
                    "afgesloten_op",
                    "startdatum",
                    "dagen_per_week",
                ],
                condition=Q(antwoord=Antwoord.AANVAARD),
                name="voorstel_aanvaard_dekkend",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["vraag"], condition=Q(status=VoorstelStatus.OPEN), name="voorstel_een_open_per_vraag"
            ),
            models.UniqueConstraint(
                fields=["vraag"], condition=Q(status=VoorstelStatus.AANVAARD), name="voorstel_een_aanvaard_per_vraag"
            ),
            models.CheckConstraint(
                condition=Q(antwoord="", beantwoord_op__isnull=True) | ~Q(antwoord="") & Q(beantwoord_op__isnull=False),
                name="voorstel_antwoord_met_moment",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[VoorstelStatus.OPEN, VoorstelStatus.VERLOPEN, VoorstelStatus.INGETROKKEN])
                | Q(antwoord=""),
                name="voorstel_open_zonder_antwoord",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[VoorstelStatus.AANVAARD, VoorstelStatus.GEANNULEERD])
                | Q(antwoord=Antwoord.AANVAARD),
                name="voorstel_aanvaard_met_antwoord",
            ),
            models.CheckConstraint(
                condition=~Q(status=VoorstelStatus.GEWEIGERD) | Q(antwoord=Antwoord.GEWEIGERD),
                name="voorstel_geweigerd_met_antwoord",
            ),
            models.CheckConstraint(
                condition=Q(dagen_per_week__gte=0, dagen_per_week__lte=7), name="voorstel_dagen_per_week_0_tot_7"
            ),
        ]

    def __str__(self):
        return f"Voorstel {self.locatie} voor {self.vraag}"

    def save(self, *args, **kwargs):
        bijgewerkt = kwargs.get("update_fields")
        if bijgewerkt is not None and not {"vraag", "locatie", "voorgesteld_op", "antwoord"}.intersection(bijgewerkt):
            return super().save(*args, **kwargs)
        # The request's first offer and its number of acceptances are report columns
        # (Opvangvraag.eerste_voorstel_op, meerdere_aanvaard), and so is eerste_reactie.
        super().save(*args, **kwargs)
        from .telvelden import telvelden_bijwerken  # telvelden.py imports these models

        telvelden_bijwerken(identiteiten=Kind.objects.filter(opvangvragen__voorstellen=self).values("identiteit"))


class Gezien(models.Model):
    """A provider organisation opened a request (first time only): the parent sees who has looked."""

    vraag = models.ForeignKey(Opvangvraag, on_delete=models.CASCADE, related_name="gezien")
    organisator = models.ForeignKey(Organisator, on_delete=models.CASCADE, related_name="+")
    # The chosen location this user works for, when there is one (a shared urgent request has none).
    locatie = models.ForeignKey(Locatie, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    gezien_op = models.DateTimeField(_("gezien op"))

    class Meta:
        db_table = "aanbod_gezien"
        ordering = ["gezien_op", "id"]
        verbose_name = _("gezien door aanbieder")
        verbose_name_plural = _("gezien door aanbieders")
        constraints = [models.UniqueConstraint(fields=["vraag", "organisator"], name="gezien_eenmaal_per_organisator")]

    def __str__(self):
        return f"{self.vraag} gezien door {self.organisator}"


class DoorverwijsReden(models.TextChoices):
    GEEN_PLAATS = "geen_plaats", _("geen vrije plaats")
    PAST_NIET = "past_niet", _("de gevraagde dagen, uren of leeftijd passen niet")
    BEGELEIDING = "begeleiding", _("het gezin heeft begeleiding of ondersteuning nodig")
    INKOMENSTARIEF = "inkomenstarief", _("hulp nodig bij het inkomenstarief")
    # A provider's walk-in or a referrer's filing for a child that already has an open request:
    # the desk decides what changes in it (the sender never learns that the request exists).
    AL_AANVRAAG = "al_aanvraag", _("het kind heeft al een aanvraag bij het loket")
    ANDERE = "andere", _("andere")


class Doorverwijzing(models.Model):
    """A family a provider cannot help, referred to the desk in one action.

    Either about a request the provider can see (`vraag`), or a family that has no request yet:
    then the contact details the family agreed to pass on are kept here, as free text.
    A referrer's referral (a child they filed that already had a request) has no `organisator`:
    `door` is the referrer.
    """

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="doorverwijzingen")
    vraag = models.ForeignKey(
        Opvangvraag, null=True, blank=True, on_delete=models.CASCADE, related_name="doorverwijzingen"
    )
    organisator = models.ForeignKey(
        Organisator, null=True, blank=True, on_delete=models.PROTECT, related_name="doorverwijzingen"
    )
    locatie = models.ForeignKey(Locatie, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reden = models.CharField(_("reden"), max_length=20, choices=DoorverwijsReden.choices)
    toelichting = models.TextField(_("toelichting"), blank=True)

    naam = models.CharField(_("naam van de ouder"), max_length=200, blank=True)
    telefoon = models.CharField(_("telefoon"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    gemeente = models.ForeignKey(
        Gemeente, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("woonplaats")
    )
    kind_geboortedatum = models.DateField(_("geboortedatum of verwachte geboortedatum"), null=True, blank=True)
    gewenste_startdatum = models.DateField(_("gewenste startdatum"), null=True, blank=True)
    toestemming_op = models.DateTimeField(_("toestemming van het gezin op"), null=True, blank=True)

    afgehandeld_op = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    afgehandeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when the retention period wiped the family's details (privacy.doorverwijzingen_anonimiseren).
    geanonimiseerd_op = models.DateTimeField(_("gegevens gewist op"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True, db_index=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "aanbod_doorverwijzing"
        ordering = ["-aangemaakt_op", "-id"]
        verbose_name = _("doorverwijzing")
        verbose_name_plural = _("doorverwijzingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(vraag__isnull=False)
                | Q(geanonimiseerd_op__isnull=False)
                | ~Q(naam="") & (~Q(telefoon="") | ~Q(email="")) & Q(toestemming_op__isnull=False),
                name="doorverwijzing_vraag_of_contact_met_toestemming",
            ),
        ]

    def __str__(self):
        return f"Doorverwijzing {self.vraag or self.naam} door {self.organisator or self.door}"


class Wachter(models.Model):
    """A provider who wants to hear when the open offer on a request ends, so it can offer itself."""

    vraag = models.ForeignKey(Opvangvraag, on_delete=models.CASCADE, related_name="wachters")
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    verwittigd_op = models.DateTimeField(_("verwittigd op"), null=True, blank=True)

    class Meta:
        db_table = "aanbod_wachter"
        verbose_name = _("wachtende aanbieder")
        verbose_name_plural = _("wachtende aanbieders")
        constraints = [
            models.UniqueConstraint(
                fields=["vraag", "gebruiker"], condition=Q(verwittigd_op__isnull=True), name="wachter_eenmaal_tegelijk"
            )
        ]

    def __str__(self):
        return f"{self.gebruiker} wacht op {self.vraag}"
