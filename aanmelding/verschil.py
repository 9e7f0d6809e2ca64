"""How an offer differs from the request, in plain sentences the family (and staff) read before answering."""

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from loket.weekschema import WEEKDAG_NAMEN, WEEKDAGEN


def _dagen(getal):
    return number_format(getal.normalize() if getal == getal.to_integral() else getal, use_l10n=True)


def voorstel_verschil(voorstel, vraag):
    """Plain sentences on how an offer differs from the request as it stands now."""
    zinnen = []
    if voorstel.startdatum and vraag.gewenste_startdatum:
        dagen = (voorstel.startdatum - vraag.gewenste_startdatum).days
        datum = date_format(voorstel.startdatum, "j F Y")
        if dagen == 0:
            zinnen.append(_("Start op de dag die je vroeg (%(datum)s).") % {"datum": datum})
        elif dagen > 0:
            later = (
                ngettext("%(n)s week later", "%(n)s weken later", dagen // 7) % {"n": dagen // 7}
                if dagen >= 14
                else ngettext("%(n)s dag later", "%(n)s dagen later", dagen) % {"n": dagen}
            )
            zinnen.append(_("Start %(later)s dan je vroeg: op %(datum)s.") % {"later": later, "datum": datum})
        else:
            zinnen.append(
                ngettext(
                    "Start %(n)s dag vroeger dan je vroeg: op %(datum)s.",
                    "Start %(n)s dagen vroeger dan je vroeg: op %(datum)s.",
                    -dagen,
                )
                % {"n": -dagen, "datum": datum}
            )
    if voorstel.dagen_per_week < vraag.dagen_per_week:
        zinnen.append(
            _("%(aangeboden)s van de %(gevraagd)s dagen die je vroeg.")
            % {"aangeboden": _dagen(voorstel.dagen_per_week), "gevraagd": _dagen(vraag.dagen_per_week)}
        )
    elif voorstel.dagen_per_week > vraag.dagen_per_week:
        zinnen.append(
            _("Meer dagen dan je vroeg: %(aangeboden)s in plaats van %(gevraagd)s.")
            % {"aangeboden": _dagen(voorstel.dagen_per_week), "gevraagd": _dagen(vraag.dagen_per_week)}
        )
    else:
        zinnen.append(_("Evenveel dagen als je vroeg."))
    if voorstel.weekschema and voorstel.weekschema != vraag.weekschema:
        niet = [
            str(WEEKDAG_NAMEN[dag])
            for dag, gevraagd, aangeboden in zip(WEEKDAGEN, vraag.weekschema, voorstel.weekschema, strict=True)
            if gevraagd != "-" and aangeboden != gevraagd
        ]
        if niet:
            zinnen.append(_("Anders dan je vroeg op: %(dagen)s.") % {"dagen": ", ".join(niet)})
    return zinnen
