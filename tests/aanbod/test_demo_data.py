import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from aanbod.models import Locatie, Opvangvoorstel, VrijePlaats
from aanmelding.models import Opvangvraag
from loket.models import Gebruiker, Loket, Rol

pytestmark = pytest.mark.django_db


def tellingen():
    return (
        Loket.objects.count(),
        Locatie.objects.count(),
        VrijePlaats.objects.count(),
        Opvangvraag.objects.count(),
        Opvangvoorstel.objects.count(),
        Gebruiker.objects.count(),
    )


def test_demo_data_tweemaal_verdubbelt_niets(settings):
    settings.DEBUG = True
    call_command("demo_data")
    eerste = tellingen()
    call_command("demo_data")
    assert tellingen() == eerste
    loket = Loket.objects.get(code="gent-en-rand")
    assert sorted(loket.werkingsgebied.values_list("naam_nl", flat=True)) == [
        "Destelbergen",
        "Evergem",
        "Gent",
        "Lochristi",
    ]
    assert Locatie.objects.count() >= 40
    assert set(Locatie.objects.values_list("type", "inkomenstarief")) == {
        ("gezinsopvang", True),
        ("gezinsopvang", False),
        ("groepsopvang", True),
        ("groepsopvang", False),
    }
    assert Opvangvraag.objects.count() >= 300
    statussen = dict(Opvangvraag.objects.values_list("status").annotate(n=Count("id")))
    assert set(statussen) == {"ingediend", "in_behandeling", "voorstel", "toegewezen", "ingetrokken"}
    assert set(Opvangvoorstel.objects.values_list("status", flat=True)) >= {"open", "aanvaard", "geweigerd", "verlopen"}
    assert {rol for rol in Gebruiker.objects.values_list("rol", flat=True)} == set(Rol.values)


def test_demo_data_geweigerd_zonder_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_data")
    assert Loket.objects.count() == 0


def test_demo_code_toont_geldige_tweestapscode(settings, capsys):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.DEBUG = True
    call_command("demo_data")
    capsys.readouterr()
    call_command("demo_code", "loket@demo.be")
    code = capsys.readouterr().out.strip()
    apparaat = TOTPDevice.objects.get(user__email="loket@demo.be", name="demo")
    assert apparaat.verify_token(code) is True
