import math

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .inlogbeperking import client_ip, poging_beginnen, pogingen_wissen


class InlogForm(AuthenticationForm):
    """Login by e-mail and password, throttled per account and address (see loket.inlogbeperking)."""

    username = forms.EmailField(
        label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    error_messages = {
        "invalid_login": _("Dit e-mailadres en wachtwoord horen niet bij elkaar. Probeer opnieuw."),
        "inactive": _("Dit account is niet actief. Neem contact op met het loket."),
    }

    def clean_username(self):
        return self.cleaned_data["username"].lower()

    def clean(self):
        email = self.cleaned_data.get("username")
        if not email or not self.cleaned_data.get("password"):
            # No password is checked (the empty field has its own error): nothing to count.
            return super().clean()
        ip = client_ip(self.request)
        poging, wachten = poging_beginnen(email=email, ip=ip)
        if wachten is not None:
            minuten = max(1, math.ceil(wachten.total_seconds() / 60))
            raise forms.ValidationError(
                ngettext(
                    "Te veel mislukte pogingen. Probeer opnieuw over %(minuten)s minuut.",
                    "Te veel mislukte pogingen. Probeer opnieuw over %(minuten)s minuten.",
                    minuten,
                )
                % {"minuten": minuten},
                code="te_veel_pogingen",
            )
        # A wrong password raises here and its try stays counted as a failure.
        gegevens = super().clean()
        pogingen_wissen(email=email, ip=ip, poging=poging)
        return gegevens


class TweestapsForm(forms.Form):
    code = forms.CharField(
        label=_("Code uit je authenticator-app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )

    def __init__(self, *args, apparaten, **kwargs):
        super().__init__(*args, **kwargs)
        self.apparaten = apparaten
        self.apparaat = None

    def clean_code(self):
        code = self.cleaned_data["code"].strip().replace(" ", "")
        for apparaat in self.apparaten:
            if apparaat.verify_token(code):
                self.apparaat = apparaat
                return code
        raise forms.ValidationError(_("Deze code klopt niet of is verlopen. Probeer de nieuwe code."))
