from .queries import publiek_loket


def loket(request):
    """The desk whose contact details every page shows (the desk is not only digital)."""
    return {"publiek_loket": publiek_loket}
