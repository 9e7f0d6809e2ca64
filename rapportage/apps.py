from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RapportageConfig(AppConfig):
    name = "rapportage"
    verbose_name = _("Rapportage")

    def ready(self):
        from loket.signalen import termijnen_verwerken

        from .services import termijnen_ontvanger

        termijnen_verwerken.connect(termijnen_ontvanger, dispatch_uid="rapportage.indienherinnering")
