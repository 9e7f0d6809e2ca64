"""Every message the two spreadsheet imports show staff, in one place.

Both `importeren_locaties` (locations) and `importeren_vragen` (request lists) take their error
texts from here, through `melding(code, **waarden)`: the same problem reads the same in both, and
the texts are in the catalogue (Dutch is the staff's language; a translation can follow). The
location import writes whole sentences after the cell's letter; the request import writes the
rest of a sentence after "kolom <naam>:".
"""

from django.utils.translation import gettext_lazy as _

MELDINGEN = {
    # the file and its sheets (both imports)
    "geen_xlsx": _("Dit is geen geldig xlsx-bestand."),
    # location import: the header row
    "blad_leeg": _("Het blad is leeg: verwacht een kopregel met kolomnamen."),
    "onbekende_kolom": _("Onbekende kolom '%(kolom)s'."),
    "kolom_twee_keer": _("Kolom '%(kolom)s' staat er twee keer."),
    "verplichte_kolom_ontbreekt": _("Verplichte kolom '%(kolom)s' ontbreekt."),
    # location import: cells
    "verplicht": _("Verplicht."),
    "ja_of_nee": _("Schrijf ja of nee."),
    "geheel_getal": _("Geef een geheel getal."),
    "getal_tussen": _("Geef een getal van %(minimum)s tot %(maximum)s."),
    "hoogstens_tekens": _("Hoogstens %(maximum)s tekens."),
    "gemeente_verplicht": _("Verplicht: NIS-code of naam van de gemeente."),
    "gemeente_onbekend": _("Onbekende gemeente '%(gemeente)s' (geef een NIS-code of de exacte naam)."),
    "gemeente_buiten_gebied": _("%(gemeente)s ligt niet in het werkingsgebied van je loket."),
    "type_opvang": _("Schrijf gezinsopvang of groepsopvang."),
    "postcode_cijfers": _("Een postcode heeft 4 cijfers."),
    "email_ongeldig": _("'%(email)s' is geen geldig e-mailadres."),
    "opgroeien_id": _("Alleen cijfers, letters en -, hoogstens 20 tekens."),
    "formule_zonder_waarde": _("Deze cel bevat een formule zonder waarde. Typ de waarde zelf in."),
    # location import: rows
    "leeftijden": _("De leeftijd 'tot' moet groter zijn dan de leeftijd 'vanaf'."),
    "postcode_gemeente": _("Postcode %(postcode)s hoort niet bij %(gemeente)s."),
    "locatie_dubbel": _("Dezelfde locatie staat al op rij %(rij)s."),
    "locatie_buiten_gebied": _("Deze locatie bestaat al buiten het werkingsgebied van je loket."),
    # request import: sheets and the desk
    "tabblad_ontbreekt": _("tabblad ontbreekt"),
    "onbekende_sleutel": _('onbekende sleutel "%(sleutel)s"'),
    "code_ontbreekt": _("code ontbreekt"),
    "code_ongeldig": _('"%(code)s" is geen geldige code (letters, cijfers, - of _)'),
    "dossiernummer_ongeldig": _('"%(nummer)s" is geen dossiernummer (hoogstens 10 cijfers)'),
    "loket_niet_toegestaan": _('je kan niet invoeren in loket "%(code)s"'),
    "werkingsgebied_alleen_beheerder": _("alleen een beheerder kan het werkingsgebied wijzigen"),
    "werkingsgebied_nodig": _("een nieuw loket heeft een werkingsgebied nodig"),
    # request import: the header row
    "kolom_onbekend": _("onbekende kolom"),
    "kolom_dubbel": _("kolom staat er twee keer"),
    "kolom_ontbreekt": _("kolom ontbreekt"),
    # request import: cells
    "is_verplicht": _("is verplicht"),
    "geen_datum": _('"%(waarde)s" is geen geldige datum'),
    "jaar_buiten_bereik": _('"%(waarde)s" ligt niet tussen %(van)s en %(tot)s'),
    "geen_ja_of_nee": _('"%(waarde)s" is geen ja of nee'),
    "geen_aantal_dagen": _('"%(waarde)s" is geen aantal dagen'),
    "dagen_buiten_bereik": _('"%(waarde)s" ligt niet tussen 0 en 7 (in halve dagen)'),
    "langer_dan": _("langer dan %(maximum)s tekens"),
    "geen_gekende_gemeente": _('"%(gemeente)s" is geen gekende gemeente'),
    "geen_geldig_email": _('"%(email)s" is geen geldig e-mailadres'),
    "geen_reden": _('"%(reden)s" is geen reden (%(keuzes)s)'),
    "geen_antwoord": _('"%(antwoord)s" is geen aanvaard, geweigerd of leeg'),
    # request import: rows
    "referentie_dubbel": _('"%(referentie)s" staat ook op rij %(rij)s'),
    "referentie_onbekend": _('"%(referentie)s" staat niet in vragen'),
    "ontbreekt_bij": _("ontbreekt bij een %(kolom)s"),
    "ligt_voor": _("ligt vóór %(kolom)s"),
    "na_annulatie": _("ligt na de annulatie van de vraag"),
    "voorstel_dubbel": _("hetzelfde voorstel staat ook op rij %(rij)s"),
}


def melding(code, /, **waarden):
    """The text of import message `code` in the active language, filled in with `waarden`."""
    return str(MELDINGEN[code]) % waarden
