"""rapportage's own tables: the yearly reports as a desk submitted them (immutable snapshots)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.models import Loket


class IngediendRapportQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("Een ingediend rapport kan niet gewijzigd worden.")


class IngediendRapport(models.Model):
    """One submitted version of a desk's Kind en Gezin report of year `jaar`: exactly what was sent.

    Written once by services.rapport_indienen and never changed (save() refuses an update, the
    queryset refuses update(), and on PostgreSQL a trigger refuses UPDATE and DELETE). Submitting
    again makes version `versie` + 1; earlier versions stay. `cijfers` is rapport_kg's JSON,
    `xlsx` and `pdf` the files as downloaded, each with its SHA-256. `indeling` holds per counting
    request (pk) its municipality, columns and categories at submission: what the page compares
    today's classification with to name the requests behind a changed cell.
    """

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="ingediende_rapporten")
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    versie = models.PositiveSmallIntegerField(_("versie"))
    formaat = models.CharField(_("formaat"), max_length=4)
    peildatum = models.DateField(_("peildatum"))
    cijfers = models.JSONField(_("cijfers"))
    indeling = models.JSONField(default=dict, editable=False)
    xlsx = models.BinaryField(editable=False)
    pdf = models.BinaryField(editable=False)
    sha256_cijfers = models.CharField(max_length=64, editable=False)
    sha256_xlsx = models.CharField(max_length=64, editable=False)
    sha256_pdf = models.CharField(max_length=64, editable=False)
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("ingediend door")
    )
    ingediend_op = models.DateTimeField(_("ingediend op"))

    objects = IngediendRapportQuerySet.as_manager()

    class Meta:
        verbose_name = _("ingediend rapport")
        verbose_name_plural = _("ingediende rapporten")
        ordering = ["loket", "-jaar", "-versie"]
        constraints = [
            models.UniqueConstraint(fields=["loket", "jaar", "versie"], name="ingediend_rapport_versie_uniek"),
        ]

    def __str__(self):
        return f"{self.loket.code} {self.jaar} v{self.versie}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("Een ingediend rapport kan niet gewijzigd worden.")
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Een ingediend rapport kan niet gewist worden.")
