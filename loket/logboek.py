"""Writing the audit log. Every service that changes a request, offer, family or free place calls this."""

from django.contrib.contenttypes.models import ContentType

from .models import Logregel


def logregel_schrijven(*, door, actie, object=None, loket=None, details=None):
    """Append one Logregel: `door` (a user or None for the system) did `actie` (dotted code) on `object`."""
    return Logregel.objects.create(
        gebruiker=door if door is not None and door.is_authenticated else None,
        actie=actie,
        loket=loket,
        content_type=ContentType.objects.get_for_model(object) if object is not None else None,
        object_id=str(object.pk) if object is not None else "",
        details=details or {},
    )


def logregels_voor(object):
    """The audit trail of one object, oldest first."""
    return (
        Logregel.objects.filter(content_type=ContentType.objects.get_for_model(object), object_id=str(object.pk))
        .select_related("gebruiker")
        .order_by("tijdstip", "id")
    )


def logregels_schrijven(*, door, actie, objecten, details=None):
    """One Logregel per object in a single query (a list page that shows several families' requests).

    `objecten` must all be of one model and have a `loket_id`.
    """
    objecten = list(objecten)
    if not objecten:
        return []
    content_type = ContentType.objects.get_for_model(objecten[0])
    gebruiker = door if door is not None and door.is_authenticated else None
    return Logregel.objects.bulk_create(
        Logregel(
            gebruiker=gebruiker,
            actie=actie,
            loket_id=object.loket_id,
            content_type=content_type,
            object_id=str(object.pk),
            details=details or {},
        )
        for object in objecten
    )
