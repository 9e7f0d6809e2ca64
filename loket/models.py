from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .openingsuren import regels as openingsuren_regels
from .openingsuren import valideren as openingsuren_valideren


class Gemeente(models.Model):
    """A municipality of 1 January 2025 (Statbel), identified by its NIS code."""

    nis = models.CharField(_("NIS-code"), max_length=5, unique=True)
    naam_nl = models.CharField(_("naam"), max_length=100)
    naam_fr = models.CharField(_("Franse naam"), max_length=100, blank=True)
    provincie = models.CharField(_("provincie"), max_length=100)

    class Meta:
        ordering = ["naam_nl"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self):
        return self.naam

    @property
    def naam(self):
        """The name in the page's language: the French name on French pages, where there is one."""
        if self.naam_fr and (get_language() or "").startswith("fr"):
            return self.naam_fr
        return self.naam_nl

    @classmethod
    def zoek(cls, waarde):
        """The municipality for a NIS code (also a pre-2025 one) or an exact name; None if unknown."""
        waarde = str(waarde or "").strip()
        if not waarde:
            return None
        if waarde.isdigit():
            gemeente = cls.objects.filter(nis=waarde).first()
            if gemeente is None:
                alias = GemeenteAlias.objects.filter(nis=waarde).select_related("gemeente").first()
                gemeente = alias.gemeente if alias else None
            return gemeente
        gemeente = cls.objects.filter(Q(naam_nl__iexact=waarde) | Q(naam_fr__iexact=waarde)).first()
        if gemeente is None:
            alias = GemeenteAlias.objects.filter(naam__iexact=waarde).select_related("gemeente").first()
            gemeente = alias.gemeente if alias else None
        return gemeente


class GemeenteAlias(models.Model):
    """A NIS code that no longer exists since a merger, pointing at the municipality it became part of."""

    nis = models.CharField(_("oude NIS-code"), max_length=5, unique=True)
    naam = models.CharField(_("oude naam"), max_length=100)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="aliassen")

    class Meta:
        verbose_name = _("oude gemeentecode")
        verbose_name_plural = _("oude gemeentecodes")

    def __str__(self):
        return f"{self.nis} {self.naam} → {self.gemeente}"


class Postcode(models.Model):
    code = models.CharField(_("postcode"), max_length=4, db_index=True)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="postcodes")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["code", "gemeente"], name="postcode_uniek_per_gemeente")]
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.gemeente}"


class Loket(models.Model):
    """A desk (the tenant): every request belongs to exactly one desk."""

    code = models.SlugField(_("code"), unique=True)
    naam = models.CharField(_("naam"), max_length=200)
    # The organisation that runs the desk (usually the municipality), as text: not a provider
    # (aanbod.Organisator). The report's "Naam Organisator" and its JSON key loket.organisator.
    inrichtend_bestuur = models.CharField(
        _("inrichtend bestuur"),
        max_length=200,
        help_text=_("De organisatie die het loket inricht, bv. de gemeente. In het rapport: Naam Organisator."),
    )
    dossiernummer = models.CharField(
        _("dossiernummer Opgroeien"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^[0-9]*$", _("Alleen cijfers, hoogstens 10."))],
    )
    werkingsgebied = models.ManyToManyField(Gemeente, related_name="loketten", verbose_name=_("werkingsgebied"))
    adres = models.CharField(_("adres"), max_length=300, blank=True)
    openingsuren = models.JSONField(
        _("openingsuren van de balie"),
        default=dict,
        blank=True,
        validators=[openingsuren_valideren],
        help_text=_('Per weekdag de periodes, bv. {"ma": ["09:00-12:00"], "wo": ["09:00-12:00", "13:00-17:00"]}.'),
    )
    openingsuren_toelichting = models.TextField(
        _("toelichting bij de openingsuren"),
        blank=True,
        help_text=_(
            "Alleen wat niet in de uren past, bv. 'gesloten in juli'. Elke taal toont deze tekst zoals hij er staat."
        ),
    )
    telefoon = models.CharField(_("telefoon"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    antwoordtermijn_dagen = models.PositiveSmallIntegerField(_("antwoordtermijn voor voorstellen (dagen)"), default=10)
    reactietermijn_dagen = models.PositiveSmallIntegerField(_("termijn eerste reactie aanbieders (dagen)"), default=21)
    max_voorkeuren = models.PositiveSmallIntegerField(
        _("maximum aantal voorkeurlocaties"), default=5, help_text=_("0 = onbeperkt")
    )
    dringend_delen = models.BooleanField(_("dringende vragen delen met alle aanbieders"), default=False)
    vrije_plaatsen_geldig_dagen = models.PositiveSmallIntegerField(_("vrije plaatsen verouderd na (dagen)"), default=14)
    bewaartermijn_jaren = models.PositiveSmallIntegerField(_("bewaartermijn afgesloten vragen (jaren)"), default=5)

    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["naam"]
        verbose_name = _("loket")
        verbose_name_plural = _("loketten")
        constraints = [
            models.CheckConstraint(
                condition=Q(dossiernummer__regex=r"^[0-9]{0,10}$"), name="loket_dossiernummer_cijfers"
            ),
        ]

    def __str__(self):
        return self.naam

    def openingsuren_regels(self):
        """The counter hours in the active language: [(days, hours)], days with the same hours together."""
        return openingsuren_regels(self.openingsuren or {})


class GebruikerManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("Een gebruiker heeft een e-mailadres nodig.")
        gebruiker = self.model(email=self.normalize_email(email).lower(), **extra)
        gebruiker.set_password(password)
        gebruiker.save(using=self._db)
        return gebruiker

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("rol", Rol.BEHEERDER)
        return self.create_user(email, password, **extra)


class Rol(models.TextChoices):
    OUDER = "ouder", _("ouder")
    TOELEIDER = "toeleider", _("toeleider")
    LOKETMEDEWERKER = "loketmedewerker", _("loketmedewerker")
    AANBIEDER = "aanbieder", _("aanbieder")
    COORDINATOR = "coordinator", _("coördinator")
    BELEID = "beleid", _("beleidsmedewerker")
    BEHEERDER = "beheerder", _("beheerder")
    # An analyst of the agency (Opgroeien), installation-wide: every desk's figures, no personal data.
    OPGROEIEN = "opgroeien", _("Opgroeien (Vlaams overzicht)")


class Gebruiker(AbstractUser):
    """Everyone who logs in, by e-mail. What they may see follows from `rol` and their desks."""

    username = None
    email = models.EmailField(_("e-mail"), unique=True)
    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices, default=Rol.OUDER)
    loketten = models.ManyToManyField(
        Loket,
        blank=True,
        related_name="medewerkers",
        verbose_name=_("loketten"),
        help_text=_("Voor loketmedewerkers, coördinatoren en toeleiders."),
    )
    organisatie = models.CharField(
        _("organisatie"), max_length=200, blank=True, help_text=_("Voor toeleiders: OCMW, CAW, Huis van het Kind, ...")
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []
    objects = GebruikerManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_beheerder(self):
        return self.rol == Rol.BEHEERDER or self.is_superuser

    @property
    def is_loketpersoneel(self):
        return self.rol in (Rol.LOKETMEDEWERKER, Rol.COORDINATOR)


class LogregelQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("Het auditlog kan niet gewijzigd worden.")

    def delete(self):
        raise PermissionDenied("Het auditlog kan niet gewist worden.")


class Logregel(models.Model):
    """Append-only audit log: who did what, when, on which object. Never edited or deleted.

    Held in the database too: on PostgreSQL a trigger refuses every UPDATE and DELETE of a row
    (migration 0006), whatever the code path (raw SQL, `_raw_delete()`, an UpdateQuery). So a user,
    desk or content type a row points at cannot be deleted (PROTECT): users are deactivated.
    """

    tijdstip = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    gebruiker = models.ForeignKey(
        Gebruiker, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    actie = models.CharField(_("actie"), max_length=100, db_index=True)
    loket = models.ForeignKey(Loket, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=40, blank=True)
    object = GenericForeignKey("content_type", "object_id")
    details = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = LogregelQuerySet.as_manager()

    class Meta:
        ordering = ["-tijdstip", "-id"]
        verbose_name = _("logregel")
        verbose_name_plural = _("logregels")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.actie}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("Het auditlog kan niet gewijzigd worden.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Het auditlog kan niet gewist worden.")


class Inloglink(models.Model):
    """A one-time login link for a parent (no password): valid 15 minutes, used once.

    Only the SHA-256 hash of the token is stored, so a copy of the database cannot log anyone in.
    The rows also count the links sent per address, for the rate limit.
    """

    email = models.EmailField(_("e-mail"), db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), db_index=True)
    geldig_tot = models.DateTimeField(_("geldig tot"))
    gebruikt_op = models.DateTimeField(_("gebruikt op"), null=True, blank=True)

    class Meta:
        ordering = ["-aangemaakt_op"]
        verbose_name = _("inloglink")
        verbose_name_plural = _("inloglinks")

    def __str__(self):
        return f"{self.email} {self.aangemaakt_op:%Y-%m-%d %H:%M}"


class EenmaligeVerzending(models.Model):
    """A form that may be sent only once (a double click, a re-sent confirm page).

    The view inserts the hash of its one-time token in the same transaction as the write: a
    second, concurrent request with the same token fails on the unique key instead of writing
    twice, and finds the object the first one made in `object_id`.
    """

    sleutel = models.CharField(max_length=64, unique=True)
    object_id = models.CharField(max_length=40, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("eenmalige verzending")
        verbose_name_plural = _("eenmalige verzendingen")

    def __str__(self):
        return f"{self.sleutel[:8]}… → {self.object_id}"


class MisluktePoging(models.Model):
    """A failed password login, kept to throttle guessing per account and per address."""

    email = models.CharField(max_length=254, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    tijdstip = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("mislukte inlogpoging")
        verbose_name_plural = _("mislukte inlogpogingen")
        indexes = [models.Index(fields=["email", "tijdstip"])]

    def __str__(self):
        return f"{self.email} {self.ip} {self.tijdstip:%Y-%m-%d %H:%M}"


class MailStatus(models.TextChoices):
    WACHTEND = "wachtend", _("wacht op verzending")
    VERSTUURD = "verstuurd", _("verstuurd")
    MISLUKT = "mislukt", _("mislukt")


class Mailbericht(models.Model):
    """One mail a service asked for (`loket.mail.mail_na_commit`), from the moment its transaction commits.

    Written in the same transaction as the change that causes it, together with the task that sends
    it: a mail server that is down loses nothing. `context` holds the template's context as JSON
    (models as references, read again when the mail is built) and is emptied once the mail is sent,
    since it may hold a one-time login token. `loket` is the desk the mail is about (None for mail
    that belongs to no single desk, e.g. a login link); its coordinator sees the failures.
    """

    loket = models.ForeignKey(Loket, on_delete=models.CASCADE, null=True, blank=True, related_name="mailberichten")
    aan = models.JSONField(_("aan"), default=list)
    sjabloon = models.CharField(_("sjabloon"), max_length=100)
    context = models.JSONField(_("context"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    taal = models.CharField(_("taal"), max_length=10, default="nl")
    status = models.CharField(_("status"), max_length=10, choices=MailStatus.choices, default=MailStatus.WACHTEND)
    pogingen = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    laatste_fout = models.TextField(_("laatste fout"), blank=True)
    volgende_poging_op = models.DateTimeField(_("volgende poging"), null=True, blank=True)
    verstuurd_op = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True, db_index=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        ordering = ["-aangemaakt_op", "-pk"]
        verbose_name = _("mailbericht")
        verbose_name_plural = _("mailberichten")
        indexes = [models.Index(fields=["loket", "status", "aangemaakt_op"])]

    def __str__(self):
        return f"{self.sjabloon} → {', '.join(self.aan)} ({self.status})"
