"""Views of the aanbod app, one module per audience:

- publiek.py: the public search (/zoeken/), no login, no personal data;
- aanbieder.py: the provider portal (/aanbieder/): locations, free places, inbox, direct requests, referrals;
- loket.py: desk staff (/loket/...): matching candidates for a request, referrals, free places of the area;
- beheer.py: the coordinator (/loket/aanbieders/...): organisations, locations, invitations, import.
"""
