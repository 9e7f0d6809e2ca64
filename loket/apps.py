from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoketConfig(AppConfig):
    name = "loket"
    verbose_name = _("Loket")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import sessie_starten

        user_logged_in.connect(sessie_starten, dispatch_uid="loket.sessie_starten")
