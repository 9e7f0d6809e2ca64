"""Dependencies between the apps point one way: loket <- aanbod <- aanmelding <- rapportage.

Every .py file of each app is read with `ast` (nothing is imported): `import x` and `from x import`
anywhere in the file (inside functions too), and the model references written as text, "app.Model"
in `apps.get_model(...)` or a relation field (ForeignKey, OneToOneField, ManyToManyField). An app
may use its own and lower apps only. Migrations are checked for imports; their text references are
the recorded history of where a model lived, so they are left out of that part.
URL names ("aanmelding:start") are not dependencies here: the root urls.py knows all apps.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAGEN = ["loket", "aanbod", "aanmelding", "rapportage"]
RELATIEVELDEN = {"ForeignKey", "OneToOneField", "ManyToManyField"}


def _app_van(naam):
    """The app a dotted module path or an "app.Model" reference belongs to (None: not one of ours)."""
    eerste = naam.split(".")[0]
    return eerste if eerste in LAGEN else None


def verwijzingen(bron, *, migratie=False):
    """(line, app) for each import of, or text reference to, one of the apps in a module's source."""
    for knoop in ast.walk(ast.parse(bron)):
        if isinstance(knoop, ast.Import):
            for alias in knoop.names:
                yield knoop.lineno, _app_van(alias.name)
        elif isinstance(knoop, ast.ImportFrom) and knoop.level == 0 and knoop.module:
            yield knoop.lineno, _app_van(knoop.module)
        elif isinstance(knoop, ast.Call) and not migratie:
            functie = knoop.func.attr if isinstance(knoop.func, ast.Attribute) else getattr(knoop.func, "id", "")
            if functie == "get_model" and knoop.args and isinstance(knoop.args[0], ast.Constant):
                tekst = str(knoop.args[0].value)
                yield knoop.lineno, _app_van(tekst if "." in tekst else f"{tekst}.")
            elif functie in RELATIEVELDEN:
                doel = knoop.args[0] if knoop.args else next((k.value for k in knoop.keywords if k.arg == "to"), None)
                if isinstance(doel, ast.Constant) and isinstance(doel.value, str) and "." in doel.value:
                    yield knoop.lineno, _app_van(doel.value)


def overtredingen(app, pad, bron):
    """The references in `bron` (a file of `app`) to an app above it, as "path:line: app" texts."""
    hoogte = LAGEN.index(app)
    migratie = "migrations" in pad.parts
    return [
        f"{pad.relative_to(ROOT)}:{regel}: {app} gebruikt {doel}"
        for regel, doel in verwijzingen(bron, migratie=migratie)
        if doel is not None and LAGEN.index(doel) > hoogte
    ]


@pytest.mark.parametrize("app", LAGEN)
def test_app_gebruikt_geen_hogere_app(app):
    fouten = [
        fout
        for pad in sorted((ROOT / app).rglob("*.py"))
        for fout in overtredingen(app, pad, pad.read_text(encoding="utf-8"))
    ]
    assert fouten == []


@pytest.mark.parametrize(
    "regel",
    [
        "from aanmelding.models import Opvangvraag",
        "import aanmelding.models",
        "def f():\n    from rapportage.queries import rapport_kg\n",
        "Ouder = apps.get_model('aanmelding', 'Ouder')",
        "Ouder = apps.get_model('aanmelding.Ouder')",
        "vraag = models.ForeignKey('aanmelding.Opvangvraag', on_delete=models.CASCADE)",
        "vraag = models.ForeignKey(to='aanmelding.opvangvraag', on_delete=models.CASCADE)",
    ],
)
def test_de_controle_ziet_een_verwijzing_naar_boven(regel):
    assert overtredingen("aanbod", ROOT / "aanbod" / "x.py", regel) != []


@pytest.mark.parametrize(
    "regel",
    [
        "from loket.models import Loket",
        "from .models import Locatie",
        "Locatie = apps.get_model('aanbod', 'Locatie')",
        "locatie = models.ForeignKey('aanbod.Locatie', on_delete=models.CASCADE)",
    ],
)
def test_de_controle_laat_eigen_en_lagere_apps_toe(regel):
    assert overtredingen("aanbod", ROOT / "aanbod" / "x.py", regel) == []


def test_migraties_mogen_de_geschiedenis_noemen_maar_niets_hogers_importeren():
    pad = ROOT / "aanbod" / "migrations" / "0002_x.py"
    assert overtredingen("aanbod", pad, "x = models.ForeignKey(to='aanmelding.opvangvraag')") == []
    assert overtredingen("aanbod", pad, "import aanmelding.models") != []
