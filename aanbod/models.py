import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aanmelding.models import Kind, Opvangvraag, telvelden_bijwerken, weekschema_validator
from loket.models import Gemeente, Loket


class Organisator(models.Model):
    """A provider organisation (organisator kinderopvang) with one or more locations."""

    naam = models.CharField(_("naam"), max_length=200)
    ondernemingsnummer = models.CharField(_("ondernemingsnummer"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    telefoon = models.CharField(_("telefoon"), max_length=50, blank=True)
    # The desk whose coordinator added it: an organisation without locations yet belongs to no area.
    loket = models.ForeignKey(
        Loket,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisatoren",
        verbose_name=_("toegevoegd door loket"),
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["naam"]
        verbose_name = _("organisator")
        verbose_name_plural = _("organisatoren")

    def __str__(self):
        return self.naam


class LocatieType(models.TextChoices):
    GEZINSOPVANG = "gezinsopvang", _("gezinsopvang")
    GROEPSOPVANG = "groepsopvang", _("groepsopvang")


class Locatie(models.Model):
    organisator = models.ForeignKey(Organisator, on_delete=models.PROTECT, related_name="locaties")
    naam = models.CharField(_("naam"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=LocatieType.choices)
    straat = models.CharField(_("straat en nummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="locaties")
    erkende_plaatsen = models.PositiveSmallIntegerField(
        _("vergunde plaatsen"), default=0, validators=[MaxValueValidator(500)]
    )
    inkomenstarief = models.BooleanField(_("inkomensgerelateerd tarief"), default=False)
    openingsuren = models.JSONField(
        _("openingsuren per weekdag"), default=dict, blank=True, help_text=_('Bv. {"ma": "07:00-18:00"}')
    )
    voor_7u = models.BooleanField(_("opvang voor 7 uur"), default=False)
    na_18u = models.BooleanField(_("opvang na 18 uur"), default=False)
    zaterdag = models.BooleanField(_("opvang op zaterdag"), default=False)
    zon_en_feestdag = models.BooleanField(_("opvang op zondag of feestdag"), default=False)
    leeftijd_van_maanden = models.PositiveSmallIntegerField(_("vanaf leeftijd (maanden)"), default=0)
    leeftijd_tot_maanden = models.PositiveSmallIntegerField(_("tot leeftijd (maanden)"), default=36)
    email = models.EmailField(_("e-mail"), blank=True)
    telefoon = models.CharField(_("telefoon"), max_length=50, blank=True)
    omschrijving = models.TextField(_("korte omschrijving"), blank=True)
    opgroeien_id = models.CharField(_("dossiernummer Opgroeien"), max_length=20, blank=True)
    actief = models.BooleanField(_("actief"), default=True)
    na_te_kijken = models.BooleanField(
        _("na te kijken"), default=False, help_text=_("Aangemaakt bij een import met een onbekende naam.")
    )
    # The last time the provider looked at its free places (confirmed, declared, changed or removed
    # one). The freshness of a location with declarations is that of its oldest declaration; this
    # moment counts when it has none ("no free places" goes stale too).
    vrije_plaatsen_bevestigd_op = models.DateTimeField(_("vrije plaatsen laatst bekeken op"), null=True, blank=True)
    vrije_plaatsen_herinnerd_op = models.DateTimeField(
        _("herinnering verouderde vrije plaatsen gestuurd op"), null=True, blank=True
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["naam"]
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")
        indexes = [models.Index(fields=["gemeente", "actief"], name="locatie_gemeente_actief")]
        constraints = [
            models.CheckConstraint(
                condition=Q(leeftijd_van_maanden__lte=models.F("leeftijd_tot_maanden")),
                name="locatie_leeftijd_van_tot",
            ),
        ]

    def __str__(self):
        return self.naam


class AanbiederToegang(models.Model):
    """A provider user's access: the whole organisation (locatie empty) or one location."""

    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="aanbiedertoegangen")
    organisator = models.ForeignKey(Organisator, on_delete=models.CASCADE, related_name="toegangen")
    locatie = models.ForeignKey(Locatie, null=True, blank=True, on_delete=models.CASCADE, related_name="toegangen")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("toegang aanbieder")
        verbose_name_plural = _("toegangen aanbieders")
        constraints = [
            # Two partial constraints: in a plain unique constraint NULL locations never collide.
            models.UniqueConstraint(
                fields=["gebruiker", "organisator"], condition=Q(locatie__isnull=True), name="toegang_organisatie_uniek"
            ),
            models.UniqueConstraint(
                fields=["gebruiker", "locatie"], condition=Q(locatie__isnull=False), name="toegang_locatie_uniek"
            ),
        ]

    def __str__(self):
        return f"{self.gebruiker} → {self.locatie or self.organisator}"


class Leeftijdsgroep(models.TextChoices):
    BABY = "baby", _("baby's (tot 18 maanden)")
    PEUTER = "peuter", _("peuters (vanaf 18 maanden)")
    ALLE = "alle", _("alle leeftijden")


class VrijePlaats(models.Model):
    """A provider's declaration of free places from a date on, for an age group and days."""

    locatie = models.ForeignKey(Locatie, on_delete=models.CASCADE, related_name="vrije_plaatsen")
    vanaf = models.DateField(_("vanaf"))
    leeftijdsgroep = models.CharField(
        _("leeftijdsgroep"), max_length=10, choices=Leeftijdsgroep.choices, default=Leeftijdsgroep.ALLE
    )
    weekschema = models.CharField(_("dagen"), max_length=7, default="DDDDD--", validators=[weekschema_validator])
    aantal = models.PositiveSmallIntegerField(_("aantal plaatsen"), validators=[MaxValueValidator(200)])
    bevestigd_op = models.DateTimeField(_("laatst bevestigd op"), default=timezone.now)
    bevestigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["vanaf", "id"]
        verbose_name = _("vrije plaats")
        verbose_name_plural = _("vrije plaatsen")
        indexes = [models.Index(fields=["locatie", "vanaf"], name="vrije_plaats_locatie_vanaf")]
        constraints = [
            models.CheckConstraint(condition=Q(aantal__gte=0, aantal__lte=200), name="vrije_plaats_aantal_0_tot_200"),
            models.CheckConstraint(condition=Q(weekschema__regex=r"^[-VND]{7}$"), name="vrije_plaats_weekschema"),
        ]

    def __str__(self):
        return f"{self.locatie}: {self.aantal} vanaf {self.vanaf:%d/%m/%Y}"

    def is_verouderd(self, *, geldig_dagen, nu=None):
        """Stale when not confirmed within the desk's staleness period."""
        return (nu or timezone.now()) - self.bevestigd_op > datetime.timedelta(days=geldig_dagen)


class Voorkeur(models.Model):
    """A location a family chose for its request, ranked (1 = first choice)."""

    vraag = models.ForeignKey(Opvangvraag, on_delete=models.CASCADE, related_name="voorkeuren")
    locatie = models.ForeignKey(Locatie, on_delete=models.PROTECT, related_name="voorkeuren")
    rang = models.PositiveSmallIntegerField(_("rang"), validators=[MinValueValidator(1)])

    class Meta:
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
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-voorgesteld_op", "-id"]
        verbose_name = _("opvangvoorstel")
        verbose_name_plural = _("opvangvoorstellen")
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
        if bijgewerkt is not None and not {"vraag", "voorgesteld_op", "antwoord"}.intersection(bijgewerkt):
            return super().save(*args, **kwargs)
        # The request's first offer and its number of acceptances are report columns
        # (Opvangvraag.eerste_voorstel_op, meerdere_aanvaard).
        super().save(*args, **kwargs)
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
    # Set when the retention period wiped the family's details (services.doorverwijzingen_anonimiseren).
    geanonimiseerd_op = models.DateTimeField(_("gegevens gewist op"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True, db_index=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
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
        verbose_name = _("wachtende aanbieder")
        verbose_name_plural = _("wachtende aanbieders")
        constraints = [
            models.UniqueConstraint(
                fields=["vraag", "gebruiker"], condition=Q(verwittigd_op__isnull=True), name="wachter_eenmaal_tegelijk"
            )
        ]

    def __str__(self):
        return f"{self.gebruiker} wacht op {self.vraag}"
