import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.models import Gemeente, Loket
from loket.weekschema import weekschema_validator


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


# A child is a toddler (peuter) from this age on: the boundary between the two age groups.
PEUTER_VANAF_MAANDEN = 18


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


class AanbodFout(Exception):
    """A change of supply, or of an offer on it, that breaks a rule; the message is meant for the user."""
