from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoketConfig(AppConfig):
    name = "loket"
    verbose_name = _("Loket")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.core.signals import request_finished, request_started

        from .middleware import sessie_starten
        from .na_antwoord import verzoek_begint, verzoek_klaar

        user_logged_in.connect(sessie_starten, dispatch_uid="loket.sessie_starten")
        request_started.connect(verzoek_begint, dispatch_uid="loket.na_antwoord_begint")
        request_finished.connect(verzoek_klaar, dispatch_uid="loket.na_antwoord_klaar")
