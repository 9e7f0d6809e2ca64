"""Reading spreadsheet cells the same way in every xlsx import (locations, request lists).

A person types "ja" as j, yes, x or oui, and Excel stores 12 as 12.0: both importers read a cell
through these helpers, so a workbook that one of them accepts the other reads alike.
"""

JA = frozenset({"ja", "j", "yes", "y", "true", "waar", "1", "x", "oui"})
NEE = frozenset({"nee", "n", "no", "false", "onwaar", "0", "non", ""})


def cel_tekst(waarde) -> str:
    """A cell as stripped text: "" for an empty cell, a whole number without Excel's ".0"."""
    if waarde is None:
        return ""
    if isinstance(waarde, float) and waarde.is_integer() and abs(waarde) < 1e15:  # 1e308 is no 309-digit text
        waarde = int(waarde)
    return str(waarde).strip()


def cel_ja_nee(waarde) -> bool | None:
    """True for yes, False for no or an empty cell, None for anything else (the caller reports it).

    Case is ignored; a cell Excel holds as TRUE/FALSE (or 1/0) counts too.
    """
    if isinstance(waarde, bool):
        return waarde
    tekst = cel_tekst(waarde).lower()
    if tekst in JA:
        return True
    if tekst in NEE:
        return False
    return None
