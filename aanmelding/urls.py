from django.urls import path

from . import views
from .views import loket as loketviews
from .views import toeleider as toeleiderviews

app_name = "aanmelding"

urlpatterns = [
    path("aanmelden/", views.start, name="start"),
    path("mijn/", views.portaal, name="portaal"),
    path("privacy/", views.privacy, name="privacy"),
    path("loket/", views.werklijst, name="werklijst"),
    path("loket/aanmelden/", loketviews.aanmelden, name="loket_aanmelden"),
    path("loket/vraag/<int:pk>/", loketviews.vraag, name="loket_vraag"),
    path("loket/vraag/<int:pk>/in-behandeling/", loketviews.in_behandeling, name="loket_in_behandeling"),
    path("loket/vraag/<int:pk>/intrekken/", loketviews.intrekken, name="loket_intrekken"),
    path("loket/vraag/<int:pk>/kwetsbaar/", loketviews.kwetsbaar, name="loket_kwetsbaar"),
    path("loket/vraag/<int:pk>/wijzigen/", loketviews.wijzigen, name="loket_wijzigen"),
    path("loket/vraag/<int:pk>/notitie/", loketviews.notitie, name="loket_notitie"),
    path("loket/vraag/<int:pk>/contact/", loketviews.contact, name="loket_contact"),
    path("loket/vraag/<int:pk>/samenvoegen/", loketviews.samenvoegen, name="loket_samenvoegen"),
    path("toeleider/", views.toeleider_home, name="toeleider_home"),
    path("toeleider/aanmelden/", toeleiderviews.aanmelden, name="toeleider_aanmelden"),
    path("toeleider/vraag/<int:pk>/", toeleiderviews.vraag, name="toeleider_vraag"),
    path("toeleider/vraag/<int:pk>/intrekken/", toeleiderviews.intrekken, name="toeleider_intrekken"),
    path("toeleider/vraag/<int:pk>/kwetsbaar/", toeleiderviews.kwetsbaar, name="toeleider_kwetsbaar"),
]
