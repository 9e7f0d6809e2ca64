"""Views of the aanmelding app, one module per audience:

parents in ouder.py (registration) and portaal.py; the desk in loket.py, doorverwijzingen.py
(referrals) and wisverzoeken.py; referrers in toeleider.py; providers in aanbieder.py (home page,
inbox, direct requests, referrals); offers of both in voorstellen.py.
"""

from .loket import werklijst  # noqa: F401  (aanmelding.urls uses views.werklijst)
from .ouder import privacy, start  # noqa: F401  (aanmelding.urls uses views.start etc.)
from .toeleider import home as toeleider_home  # noqa: F401
