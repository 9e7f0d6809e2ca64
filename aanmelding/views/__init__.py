"""Views of the aanmelding app: parents in ouder.py; the desk in loket.py; referrers in toeleider.py."""

from .loket import werklijst  # noqa: F401  (aanmelding.urls uses views.werklijst)
from .ouder import privacy, start  # noqa: F401  (aanmelding.urls uses views.start etc.)
from .toeleider import home as toeleider_home  # noqa: F401
