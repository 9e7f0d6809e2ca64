"""Views of the aanbod app (supply), one module per audience:

- publiek.py: the public search (/zoeken/), no login, no personal data;
- aanbieder.py: the provider portal (/aanbieder/...), supply side: a location's profile, its free places;
- loket.py: desk staff (/loket/vrije-plaatsen/): the free places of the area;
- beheer.py: the coordinator (/loket/aanbieders/...): organisations, locations, invitations, import.

The provider's home page, inbox and offers, and the desk's referrals and matching candidates,
are aanmelding's (aanmelding/views/aanbieder.py, voorstellen.py, doorverwijzingen.py).
"""
