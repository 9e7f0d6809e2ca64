"""Writes of the loket app: user accounts. (The parents' login links are aanmelding.inloglink's.)"""

from django.db import transaction

from .logboek import logregel_schrijven


def gebruiker_deactiveren(*, gebruiker, door) -> bool:
    """Close an account instead of deleting it: the audit log keeps pointing at who did what.

    Returns whether it changed (an inactive account stays as it is). Side effects: `is_active`
    off, so the user can no longer log in and open sessions stop working; Logregel
    `gebruiker.gedeactiveerd` on the account.
    """
    if not gebruiker.is_active:
        return False
    with transaction.atomic():
        gebruiker.is_active = False
        gebruiker.save(update_fields=["is_active"])
        logregel_schrijven(door=door, actie="gebruiker.gedeactiveerd", object=gebruiker)
    return True
