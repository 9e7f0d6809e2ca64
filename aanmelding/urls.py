from django.urls import path

from . import views
from .views import aanbieder as aanbiederviews
from .views import audit as auditviews
from .views import doorverwijzingen as doorverwijsviews
from .views import gegevens as gegevensviews
from .views import loket as loketviews
from .views import ouder as ouderviews
from .views import portaal as portaalviews
from .views import toeleider as toeleiderviews
from .views import voorstellen as voorstelviews
from .views import wisverzoeken as wisverzoekviews

app_name = "aanmelding"

urlpatterns = [
    path("aanmelden/", views.start, name="start"),
    path("mijn/", portaalviews.portaal, name="portaal"),
    path("privacy/", views.privacy, name="privacy"),
    # Parents: online registration (views/ouder.py) and portal (views/portaal.py).
    path("aanmelden/stap/<slug:code>/", ouderviews.stap, name="stap"),
    path("aanmelden/nakijken/", ouderviews.overzicht, name="overzicht"),
    path("aanmelden/bevestigen/", ouderviews.bevestigen, name="bevestigen"),
    path("aanmelden/ingediend/", ouderviews.ingediend, name="ingediend"),
    path("aanmelden/ingediend/bewijs.pdf", ouderviews.ingediend_pdf, name="ingediend_pdf"),
    path("aanmelden/al-aangevraagd/", ouderviews.al_aangevraagd, name="al_aangevraagd"),
    path("aanmelden/opnieuw/", ouderviews.opnieuw, name="opnieuw"),
    path("mijn/link-verstuurd/", portaalviews.link_verstuurd, name="link_verstuurd"),
    path("mijn/inloggen/<str:token>/", portaalviews.inloglink, name="inloglink"),
    path("mijn/vraag/<int:pk>/", portaalviews.vraag, name="ouder_vraag"),
    path("mijn/vraag/<int:pk>/bewijs.pdf", portaalviews.vraag_pdf, name="ouder_vraag_pdf"),
    path("mijn/vraag/<int:pk>/wijzigen/", portaalviews.wijzigen, name="ouder_wijzigen"),
    path("mijn/vraag/<int:pk>/intrekken/", portaalviews.intrekken, name="ouder_intrekken"),
    path("mijn/voorstel/<int:pk>/", portaalviews.voorstel, name="ouder_voorstel"),
    path("mijn/voorstel/<int:pk>/aanvaarden/", portaalviews.voorstel_aanvaarden_view, name="ouder_aanvaarden"),
    path("mijn/voorstel/<int:pk>/weigeren/", portaalviews.voorstel_weigeren_view, name="ouder_weigeren"),
    # GDPR: the parent's download and erasure request (views/gegevens.py).
    path("mijn/gegevens/", gegevensviews.gegevens, name="mijn_gegevens"),
    path("mijn/gegevens/mijn-gegevens.json", gegevensviews.download_json, name="mijn_gegevens_json"),
    path("mijn/gegevens/mijn-gegevens.pdf", gegevensviews.download_pdf, name="mijn_gegevens_pdf"),
    path("mijn/gegevens/wissen/", gegevensviews.wissen, name="mijn_gegevens_wissen"),
    path("loket/", views.werklijst, name="werklijst"),
    path("loket/aanmelden/", loketviews.aanmelden, name="loket_aanmelden"),
    path("loket/vraag/<int:pk>/", loketviews.vraag, name="loket_vraag"),
    path("loket/vraag/<int:pk>/bewijs.pdf", loketviews.bewijs, name="loket_bewijs"),
    path("loket/vraag/<int:pk>/in-behandeling/", loketviews.in_behandeling, name="loket_in_behandeling"),
    path("loket/vraag/<int:pk>/intrekken/", loketviews.intrekken, name="loket_intrekken"),
    path("loket/vraag/<int:pk>/kwetsbaar/", loketviews.kwetsbaar, name="loket_kwetsbaar"),
    path("loket/vraag/<int:pk>/wijzigen/", loketviews.wijzigen, name="loket_wijzigen"),
    path("loket/vraag/<int:pk>/gezin/", loketviews.gezin_wijzigen_view, name="loket_gezin_wijzigen"),
    path("loket/vraag/<int:pk>/voorkeuren/", loketviews.voorkeuren_wijzigen, name="loket_voorkeuren_wijzigen"),
    path("loket/vraag/<int:pk>/notitie/", loketviews.notitie, name="loket_notitie"),
    path("loket/vraag/<int:pk>/contact/", loketviews.contact, name="loket_contact"),
    path("loket/vraag/<int:pk>/samenvoegen/", loketviews.samenvoegen, name="loket_samenvoegen"),
    # The coordinator: erasure requests (views/wisverzoeken.py) and the audit trail of a family (views/audit.py).
    path("loket/wisverzoeken/", wisverzoekviews.lijst, name="wisverzoeken"),
    path("loket/wisverzoeken/<int:pk>/", wisverzoekviews.detail, name="wisverzoek"),
    path("loket/wisverzoeken/<int:pk>/anonimiseren/", wisverzoekviews.anonimiseren, name="wisverzoek_anonimiseren"),
    path("loket/wisverzoeken/<int:pk>/weigeren/", wisverzoekviews.weigeren, name="wisverzoek_weigeren"),
    path("loket/audit/", auditviews.audit, name="audit"),
    path("toeleider/", views.toeleider_home, name="toeleider_home"),
    path("toeleider/aanmelden/", toeleiderviews.aanmelden, name="toeleider_aanmelden"),
    path("toeleider/vraag/<int:pk>/", toeleiderviews.vraag, name="toeleider_vraag"),
    path("toeleider/vraag/<int:pk>/bewijs.pdf", toeleiderviews.bewijs, name="toeleider_bewijs"),
    path("toeleider/vraag/<int:pk>/intrekken/", toeleiderviews.intrekken, name="toeleider_intrekken"),
    path("toeleider/vraag/<int:pk>/kwetsbaar/", toeleiderviews.kwetsbaar, name="toeleider_kwetsbaar"),
    # The provider portal, demand side: home page, inbox, direct requests, referrals (views/aanbieder.py).
    path("aanbieder/", aanbiederviews.home, name="aanbieder_home"),
    path(
        "aanbieder/vrije-plaats/<int:pk>/kandidaten/",
        aanbiederviews.vrije_plaats_kandidaten,
        name="vrije_plaats_kandidaten",
    ),
    path("aanbieder/inbox/", aanbiederviews.inbox, name="inbox"),
    path("aanbieder/inbox/<int:pk>/", aanbiederviews.inbox_vraag, name="inbox_vraag"),
    path("aanbieder/inbox/<int:pk>/doorverwijzen/", aanbiederviews.inbox_doorverwijzen, name="inbox_doorverwijzen"),
    path("aanbieder/aanvraag/", aanbiederviews.opvangvraag_registreren, name="opvangvraag_registreren"),
    path("aanbieder/doorverwijzen/", aanbiederviews.doorverwijzen, name="doorverwijzen"),
    # Desk staff: matching candidates of a request, referrals.
    path("loket/vraag/<int:pk>/kandidaten/", voorstelviews.vraag_kandidaten, name="vraag_kandidaten"),
    path("loket/doorverwijzingen/", doorverwijsviews.doorverwijzingen, name="doorverwijzingen"),
    path(
        "loket/doorverwijzingen/<int:pk>/afgehandeld/",
        doorverwijsviews.doorverwijzing_afgehandeld,
        name="doorverwijzing_afgehandeld",
    ),
    # Offers (Opvangvoorstel): made by a provider or recorded by the desk, answered, withdrawn.
    path("aanbieder/inbox/<int:pk>/voorstel/", voorstelviews.voorstel_aanbieder, name="voorstel_aanbieder"),
    path("aanbieder/inbox/<int:pk>/afwachten/", voorstelviews.voorstel_afwachten_view, name="voorstel_afwachten"),
    path("aanbieder/voorstellen/", voorstelviews.voorstellen_aanbieder, name="voorstellen"),
    path("loket/vraag/<int:pk>/voorstel/", voorstelviews.voorstel_loket, name="voorstel_loket"),
    path("voorstel/<int:pk>/", voorstelviews.voorstel_detail, name="voorstel"),
    path("voorstel/<int:pk>/intrekken/", voorstelviews.voorstel_intrekken_view, name="voorstel_intrekken"),
    path("voorstel/<int:pk>/antwoord/", voorstelviews.antwoord_registreren, name="antwoord_registreren"),
    path("voorstel/<int:pk>/annuleren/", voorstelviews.toewijzing_annuleren_view, name="toewijzing_annuleren"),
]
