import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from aanbod.models import Locatie, VrijePlaats
from aanmelding.models import Opvangvoorstel, Opvangvraag
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


def test_demo_ouder_heeft_open_voorstel_en_geschiedenis(settings, client):
    settings.DEBUG = True
    call_command("demo_data")
    call_command("demo_data")
    ouder = Gebruiker.objects.get(email="ouder@demo.be")
    vragen = list(Opvangvraag.objects.filter(gezin__ouders__gebruiker=ouder).order_by("referentie"))
    assert [(v.referentie, v.status) for v in vragen] == [("DEMO-0001", "ingetrokken"), ("DEMO-0321", "voorstel")]
    ingetrokken, open_vraag = vragen
    assert [(v.status, v.antwoord) for v in open_vraag.voorstellen.order_by("voorgesteld_op")] == [
        ("geweigerd", "geweigerd"),
        ("open", ""),
    ]
    client.force_login(ouder)
    pagina = client.get(f"/mijn/vraag/{open_vraag.pk}/")
    assert [item["actie"] for item in pagina.context["tijdlijn"]] == [
        "opvangvraag.ingediend",
        "opvangvraag.in_behandeling",
        "gezien",
        "gezien",
        "opvangvoorstel.gedaan",
        "opvangvoorstel.geweigerd",
        "opvangvoorstel.gedaan",
    ]
    # Dated as it happened, not at the moment the demo was loaded.
    assert pagina.context["tijdlijn"][0]["op"] == open_vraag.ingediend_op
    assert len(pagina.context["open_voorstellen"]) == 1
    assert "Bekijk het voorstel" in pagina.text
    tijdlijn = client.get(f"/mijn/vraag/{ingetrokken.pk}/").context["tijdlijn"]
    assert tijdlijn[0]["actie"] == "opvangvraag.ingediend"
    assert tijdlijn[-1]["actie"] == "opvangvraag.ingetrokken"
