"""The French and English catalogues cover everything a family reads.

`makemessages` only collects the gettext names it knows: a string marked with an alias such as
`gettext as _g` is never extracted, its translation goes obsolete and French and English pages
show Dutch. These tests extract the msgids the way makemessages does and hold the catalogues to
them.
"""

import ast
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

BASIS = Path(__file__).resolve().parent.parent
APPS = ["aanbod", "aanmelding", "loket", "rapportage"]

# The names makemessages passes to xgettext as keywords (plus `_`, which xgettext knows by itself).
VERZAMELD = {
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}

# What families (parents) see: the wizard, the portal, their mails and receipt, the public search,
# the page frame, and the services whose refusals reach them.
VOOR_GEZINNEN = (
    "templates/base.html",
    "templates/loket/home.html",
    "aanmelding/templates/aanmelding/ouder/",
    "aanmelding/templatetags/",
    "aanmelding/forms.py",
    "aanmelding/views/ouder.py",
    "aanmelding/views/portaal.py",
    "aanmelding/views/gegevens.py",
    "aanmelding/inzage.py",
    "aanmelding/pdf.py",
    "aanmelding/registratie.py",
    "aanmelding/privacy.py",
    "aanmelding/levenscyclus.py",
    "aanbod/vrije_plaatsen.py",
    "aanbod/organisatoren.py",
    "aanmelding/voorstellen.py",
    "aanmelding/verschil.py",
    "aanbod/views/publiek.py",
    "aanbod/templates/aanbod/zoeken.html",
    "aanbod/templates/aanbod/locatie_publiek.html",
    "loket/services.py",
    "aanmelding/inloglink.py",
    "loket/weekschema.py",
    "loket/openingsuren.py",
    "templates/mail/bericht.html",
    *(
        f"templates/mail/{naam}.txt"
        for naam in [
            "gezin_geanonimiseerd",
            "inloglink",
            "inloglink_dubbel",
            "voorstel_aanvaard",
            "voorstel_gedaan",
            "voorstel_herinnering",
            "voorstel_ingetrokken",
            "voorstel_verlopen",
            "vraag_ingediend",
            "vraag_ingetrokken",
            "wisverzoek_geweigerd",
        ]
    ),
)


def _po_lezen(pad):
    """The entries of a .po/.pot file: {(msgctxt, msgid): {"msgstr": [...], "vlaggen": set, "plaatsen": [...]}}.

    Obsolete (#~) entries are left out: gettext does not use them.
    """
    entries, huidig, veld = {}, None, None

    def afsluiten():
        if huidig and huidig.get("msgid") is not None:
            entries[(huidig.get("msgctxt"), huidig["msgid"])] = huidig

    for regel in [*Path(pad).read_text(encoding="utf-8").splitlines(), ""]:
        if regel.startswith("#~"):
            continue
        if not regel.strip():
            afsluiten()
            huidig, veld = None, None
            continue
        if huidig is None:
            huidig = {"msgstr": {}, "vlaggen": set(), "plaatsen": []}
        if regel.startswith("#:"):
            huidig["plaatsen"] += [plaats.rsplit(":", 1)[0] for plaats in regel[2:].split()]
        elif regel.startswith("#,"):
            huidig["vlaggen"] |= {vlag.strip() for vlag in regel[2:].split(",")}
        elif regel.startswith("#"):
            continue
        elif regel.startswith('"'):
            waarde = ast.literal_eval(regel)
            if isinstance(veld, int):
                huidig["msgstr"][veld] += waarde
            else:
                huidig[veld] += waarde
        else:
            sleutel, tekst = regel.split(" ", 1)
            waarde = ast.literal_eval(tekst)
            if sleutel.startswith("msgstr"):
                veld = int(sleutel[7:-1]) if "[" in sleutel else 0
                huidig["msgstr"][veld] = waarde
            else:
                veld = sleutel
                huidig[veld] = waarde
    return entries


def test_elke_gettext_naam_wordt_verzameld():
    """An alias (`gettext as _g`, `gettext_lazy as _l`) hides its strings from makemessages."""
    fout = []
    for app in APPS:
        for pad in sorted((BASIS / app).rglob("*.py")):
            if "migrations" in pad.parts:
                continue
            for knoop in ast.walk(ast.parse(pad.read_text(encoding="utf-8"))):
                if isinstance(knoop, ast.ImportFrom) and knoop.module == "django.utils.translation":
                    for naam in knoop.names:
                        alias = naam.asname or naam.name
                        if naam.name in VERZAMELD and alias not in VERZAMELD | {"_"}:
                            fout.append(f"{pad.relative_to(BASIS)}: {naam.name} as {alias}")
                        elif alias == "_" and naam.name not in {"gettext", "gettext_lazy"}:
                            fout.append(f"{pad.relative_to(BASIS)}: {naam.name} as _")
    assert fout == []


@pytest.fixture(scope="module")
def verzamelde_msgids(tmp_path_factory):
    """Every msgid in the code and templates, extracted by makemessages into a scratch copy."""
    assert shutil.which("xgettext"), "xgettext (GNU gettext) is missing: `make test` installs it"
    kopie = tmp_path_factory.mktemp("bron")
    for map in [*APPS, "templates"]:
        shutil.copytree(
            BASIS / map, kopie / map, ignore=shutil.ignore_patterns("migrations", "__pycache__", "data", "*.pyc")
        )
    (kopie / "locale").mkdir()
    with override_settings(LOCALE_PATHS=[str(kopie / "locale")]), pytest.MonkeyPatch.context() as mp:
        mp.chdir(kopie)
        call_command("makemessages", locale=["fr"], extensions=["html", "txt", "py"], keep_pot=True, verbosity=0)
    return _po_lezen(kopie / "locale" / "django.pot")


@pytest.mark.parametrize("taal", ["fr", "en"])
def test_alles_voor_gezinnen_is_vertaald(verzamelde_msgids, taal):
    catalogus = _po_lezen(BASIS / "locale" / taal / "LC_MESSAGES" / "django.po")
    onvertaald = []
    for sleutel, entry in verzamelde_msgids.items():
        if not sleutel[1] or not any(plaats.startswith(VOOR_GEZINNEN) for plaats in entry["plaatsen"]):
            continue
        vertaling = catalogus.get(sleutel)
        if vertaling is None or "fuzzy" in vertaling["vlaggen"] or not all(vertaling["msgstr"].values()):
            onvertaald.append((sorted(set(entry["plaatsen"])), sleutel[1]))
    assert onvertaald == [], "\n".join(f"{plaatsen}: {msgid}" for plaatsen, msgid in onvertaald)


def test_de_controle_ziet_een_verborgen_alias(verzamelde_msgids):
    """The comparison of an offer with the request is extracted (it used `gettext as _g`)."""
    assert (None, "Evenveel dagen als je vroeg.") in verzamelde_msgids
    assert (None, "Voor deze aanvraag werd al een voorstel aanvaard.") in verzamelde_msgids
