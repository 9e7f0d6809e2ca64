"""Charts of the policy dashboard as server-rendered SVG: the same markup on the page and in the PDF.

Own code rather than a chart library: the charts are three plain kinds (lines, grouped bars,
stacked bars) over the dashboard's tables, need no JavaScript, no inline `style` (the
Content-Security-Policy stays strict: colours are presentation attributes) and must render the
same in WeasyPrint; pygal would bring its own CSS and scripts for that. About 150 lines.

A chart draws only numbers: a masked cell ("<5") or an empty one leaves a gap, so a chart never
shows more than its table.
"""

import math
from itertools import count

from django.utils.html import escape
from django.utils.safestring import mark_safe

BREEDTE, HOOGTE = 760, 300
LINKS, RECHTS, BOVEN, ONDER = 56, 12, 16, 64
# Colour-blind safe (Okabe-Ito), each with at least 3:1 contrast on white.
KLEUREN = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8a6d00", "#56606b", "#b8004f"]
_nummers = count(1)


def _getal(waarde):
    if isinstance(waarde, bool) or not isinstance(waarde, int | float):
        return None
    return float(waarde)


def _mooie_stap(maximum):
    """A round step for about five grid lines up to `maximum`."""
    if maximum <= 0:
        return 1
    ruw = maximum / 5
    macht = 10 ** math.floor(math.log10(ruw))
    for factor in (1, 2, 2.5, 5, 10):
        if ruw <= factor * macht:
            return factor * macht
    return 10 * macht


def _as_tekst(waarde, procent):
    if procent:
        return f"{round(waarde * 100)} %"
    return f"{waarde:g}".replace(".", ",")


def svg(figuur):
    """The figure's chart as an inline <svg> (role img, named by its title)."""
    tabel = figuur.tabel
    kolommen = {kolom.sleutel: (i, kolom) for i, kolom in enumerate(tabel.kolommen)}
    labels = [str(rij[0]) for rij in tabel.rijen]
    reeksen = [
        (kolommen[s][1].titel, [_getal(rij[kolommen[s][0]]) for rij in tabel.rijen])
        for s in figuur.reeksen
        if s in kolommen
    ]
    procent = all(kolommen[s][1].soort == "procent" for s in figuur.reeksen if s in kolommen)
    nummer = next(_nummers)
    titel_id = f"grafiek-{figuur.sleutel}-{nummer}"
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {BREEDTE} {HOOGTE + 24 * _legendelijnen(reeksen)}" '
        f'width="100%" role="img" aria-labelledby="{titel_id}" class="grafiek">',
        f'<title id="{titel_id}">{escape(figuur.titel)}</title>',
    ]
    if not labels or not reeksen:
        delen.append(f'<text x="{LINKS}" y="{BOVEN + 20}" font-size="14" fill="#333">–</text></svg>')
        return mark_safe("".join(delen))
    if figuur.grafiek == "gestapeld":
        hoogste = max(
            (sum(w[i] or 0 for _n, w in reeksen) for i in range(len(labels))),
            default=0,
        )
    else:
        hoogste = max((w for _n, waarden in reeksen for w in waarden if w is not None), default=0)
    if procent:
        hoogste = max(hoogste, 1.0) if hoogste > 0.5 else max(hoogste, 0.1)
    stap = _mooie_stap(hoogste) if not procent else (0.2 if hoogste > 0.5 else _mooie_stap(hoogste))
    top = stap * max(1, math.ceil(hoogste / stap)) if hoogste else stap
    plot_b, plot_h = BREEDTE - LINKS - RECHTS, HOOGTE - BOVEN - ONDER

    def y(waarde):
        return BOVEN + plot_h - (waarde / top) * plot_h

    # Grid and y axis.
    waarde = 0.0
    while waarde <= top + 1e-9:
        yy = y(waarde)
        delen.append(f'<line x1="{LINKS}" x2="{BREEDTE - RECHTS}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#d0d4d9"/>')
        delen.append(
            f'<text x="{LINKS - 6}" y="{yy + 4:.1f}" font-size="12" text-anchor="end" fill="#333">'
            f"{escape(_as_tekst(waarde, procent))}</text>"
        )
        waarde += stap
    vak = plot_b / len(labels)
    # X labels: at most about 14, turned when they do not fit.
    elke = max(1, math.ceil(len(labels) / 14))
    gedraaid = vak * elke < 8 * max(len(label) for label in labels)
    for i, label in enumerate(labels):
        if i % elke:
            continue
        x = LINKS + vak * (i + 0.5)
        tekst = escape(label if len(label) <= 22 else label[:21] + "…")
        if gedraaid:
            delen.append(
                f'<text x="{x:.1f}" y="{BOVEN + plot_h + 14}" font-size="11" text-anchor="end" fill="#333" '
                f'transform="rotate(-35 {x:.1f} {BOVEN + plot_h + 14})">{tekst}</text>'
            )
        else:
            delen.append(
                f'<text x="{x:.1f}" y="{BOVEN + plot_h + 18}" font-size="12" text-anchor="middle" fill="#333">'
                f"{tekst}</text>"
            )
    if figuur.grafiek == "lijn":
        for r, (_naam, waarden) in enumerate(reeksen):
            kleur = KLEUREN[r % len(KLEUREN)]
            stuk = []
            for i, w in enumerate(waarden):
                if w is None:
                    if len(stuk) > 1:
                        delen.append(_lijn(stuk, kleur))
                    stuk = []
                    continue
                stuk.append((LINKS + vak * (i + 0.5), y(w)))
            if len(stuk) > 1:
                delen.append(_lijn(stuk, kleur))
            for i, w in enumerate(waarden):
                if w is not None:
                    delen.append(f'<circle cx="{LINKS + vak * (i + 0.5):.1f}" cy="{y(w):.1f}" r="3" fill="{kleur}"/>')
    elif figuur.grafiek == "gestapeld":
        breedte = vak * 0.7
        for i in range(len(labels)):
            basis = 0.0
            for r, (_naam, waarden) in enumerate(reeksen):
                w = waarden[i]
                if not w:
                    continue
                x = LINKS + vak * i + (vak - breedte) / 2
                delen.append(
                    f'<rect x="{x:.1f}" y="{y(basis + w):.1f}" width="{breedte:.1f}" '
                    f'height="{y(basis) - y(basis + w):.1f}" fill="{KLEUREN[r % len(KLEUREN)]}"/>'
                )
                basis += w
    else:
        breedte = vak * 0.8 / len(reeksen)
        for i in range(len(labels)):
            for r, (_naam, waarden) in enumerate(reeksen):
                w = waarden[i]
                if not w:
                    continue
                x = LINKS + vak * i + vak * 0.1 + breedte * r
                delen.append(
                    f'<rect x="{x:.1f}" y="{y(w):.1f}" width="{max(breedte - 1, 1):.1f}" '
                    f'height="{y(0) - y(w):.1f}" fill="{KLEUREN[r % len(KLEUREN)]}"/>'
                )
    delen.append(f'<line x1="{LINKS}" x2="{BREEDTE - RECHTS}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#333"/>')
    delen.extend(_legende(reeksen))
    delen.append("</svg>")
    return mark_safe("".join(delen))


def _lijn(punten, kleur):
    return (
        f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in punten)}" fill="none" '
        f'stroke="{kleur}" stroke-width="2"/>'
    )


LEGENDE_KOLOMMEN = 3


def _legendelijnen(reeksen):
    return math.ceil(len(reeksen) / LEGENDE_KOLOMMEN)


def _legende(reeksen):
    breedte = (BREEDTE - LINKS) / LEGENDE_KOLOMMEN
    for r, (naam, _waarden) in enumerate(reeksen):
        x = LINKS + breedte * (r % LEGENDE_KOLOMMEN)
        yy = HOOGTE + 24 * (r // LEGENDE_KOLOMMEN)
        tekst = naam if len(naam) <= 40 else naam[:39] + "…"
        yield f'<rect x="{x:.1f}" y="{yy - 10}" width="12" height="12" fill="{KLEUREN[r % len(KLEUREN)]}"/>'
        yield f'<text x="{x + 16:.1f}" y="{yy}" font-size="12" fill="#333">{escape(tekst)}</text>'
