"""The desk's counter hours become data (per weekday a list of periods), rendered per language.

The old free text moves to `openingsuren_toelichting`. Where it reads as days and hours (as the
demo's "maandag tot vrijdag 9–12 uur, woensdag ook 13–17 uur" does) it is converted and the note
emptied; anything else stays as the note, untouched, for the desk to convert: nothing is guessed
and nothing is lost.
"""

import re

from django.db import migrations, models

import loket.openingsuren

DAGEN = ["ma", "di", "wo", "do", "vr", "za", "zo"]
DAGNAMEN = {
    **{naam: i for i, naam in enumerate(["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"])},
    **{naam: i for i, naam in enumerate(DAGEN)},
}
TOKEN = re.compile(
    r"(?P<uren>(?P<u1>\d{1,2})(?:[:.hu](?P<m1>\d{2}))?\s*(?:uur|u|h)?\s*(?:-|–|tot)\s*"
    r"(?P<u2>\d{1,2})(?:[:.hu](?P<m2>\d{2}))?\s*(?:uur|u|h)?\b)"
    r"|(?P<dag>\b(?:" + "|".join(sorted(DAGNAMEN, key=len, reverse=True)) + r")\b\.?)"
    r"|(?P<tot>\btot\b|\bt/m\b|\btot en met\b|-|–)"
    r"|(?P<vulwoord>\book\b|\ben\b|\bvan\b|[,;:/&\n])"
    r"|(?P<rest>\S)",
    re.IGNORECASE,
)


def lezen(tekst):
    """The hours in a free text such as "ma-vr 9-12, woensdag ook 13:00-17:00", or None if any part
    of it is not days and hours."""
    uren, dagen, vorige, tot = {}, [], None, False
    for token in TOKEN.finditer(tekst):
        if token["rest"]:
            return None
        if token["dag"]:
            dag = DAGNAMEN[token["dag"].lower().rstrip(".")]
            if tot and vorige == "dag" and dagen:
                if dag < dagen[-1]:
                    return None
                dagen += list(range(dagen[-1] + 1, dag + 1))
            elif vorige == "uren":
                dagen = [dag]
            else:
                dagen.append(dag)
            vorige, tot = "dag", False
        elif token["tot"]:
            tot = True
        elif token["uren"]:
            u1, u2, m1, m2 = int(token["u1"]), int(token["u2"]), int(token["m1"] or 0), int(token["m2"] or 0)
            if not dagen or u1 > 23 or u2 > 23 or m1 > 59 or m2 > 59 or (u2, m2) <= (u1, m1):
                return None
            for dag in dagen:
                uren.setdefault(DAGEN[dag], []).append(f"{u1:02}:{m1:02}-{u2:02}:{m2:02}")
            vorige, tot = "uren", False
    if not uren:
        return None
    for dag, periodes in uren.items():
        periodes.sort()
        if any(periodes[i][6:] > periodes[i + 1][:5] for i in range(len(periodes) - 1)):
            return None
    return {dag: uren[dag] for dag in DAGEN if dag in uren}


def omzetten(apps, schema_editor):
    Loket = apps.get_model("loket", "Loket")
    for loket in Loket.objects.exclude(openingsuren_toelichting=""):
        uren = lezen(loket.openingsuren_toelichting)
        if uren is not None:
            loket.openingsuren, loket.openingsuren_toelichting = uren, ""
            loket.save(update_fields=["openingsuren", "openingsuren_toelichting"])


def terug(apps, schema_editor):
    """Back to one text: the hours written out before any note, so nothing is lost."""
    Loket = apps.get_model("loket", "Loket")
    for loket in Loket.objects.exclude(openingsuren={}):
        uren = "; ".join(f"{dag} {', '.join(loket.openingsuren[dag])}" for dag in DAGEN if loket.openingsuren.get(dag))
        loket.openingsuren_toelichting = " ".join(filter(None, [uren, loket.openingsuren_toelichting]))
        loket.save(update_fields=["openingsuren_toelichting"])


class Migration(migrations.Migration):

    dependencies = [
        ("loket", "0004_mislukte_inlogpoging"),
    ]

    operations = [
        migrations.RenameField(model_name="loket", old_name="openingsuren", new_name="openingsuren_toelichting"),
        migrations.AlterField(
            model_name="loket",
            name="openingsuren_toelichting",
            field=models.TextField(
                blank=True,
                help_text="Alleen wat niet in de uren past, bv. 'gesloten in juli'. Elke taal toont deze tekst zoals hij er staat.",
                verbose_name="toelichting bij de openingsuren",
            ),
        ),
        migrations.AddField(
            model_name="loket",
            name="openingsuren",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text='Per weekdag de periodes, bv. {"ma": ["09:00-12:00"], "wo": ["09:00-12:00", "13:00-17:00"]}.',
                validators=[loket.openingsuren.valideren],
                verbose_name="openingsuren van de balie",
            ),
        ),
        migrations.RunPython(omzetten, terug),
    ]
