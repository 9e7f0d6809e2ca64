from django.urls import path

from .views import aanbieder, beheer, loket, publiek, voorstellen

app_name = "aanbod"

urlpatterns = [
    # The public search (no login).
    path("zoeken/", publiek.zoeken, name="zoeken"),
    path("zoeken/locatie/<int:pk>/", publiek.locatie, name="locatie_publiek"),
    # The provider portal.
    path("aanbieder/", aanbieder.home, name="home"),
    path("aanbieder/locatie/<int:pk>/", aanbieder.profiel, name="profiel"),
    path("aanbieder/locatie/<int:pk>/vrije-plaatsen/", aanbieder.vrije_plaatsen, name="vrije_plaatsen"),
    path(
        "aanbieder/locatie/<int:pk>/vrije-plaatsen/nieuw/", aanbieder.vrije_plaats_toevoegen, name="vrije_plaats_nieuw"
    ),
    path("aanbieder/locatie/<int:pk>/vrije-plaatsen/bevestigen/", aanbieder.bevestigen, name="bevestigen"),
    path(
        "aanbieder/vrije-plaats/<int:pk>/wijzigen/", aanbieder.vrije_plaats_wijzigen_view, name="vrije_plaats_wijzigen"
    ),
    path(
        "aanbieder/vrije-plaats/<int:pk>/verwijderen/",
        aanbieder.vrije_plaats_verwijderen_view,
        name="vrije_plaats_verwijderen",
    ),
    path(
        "aanbieder/vrije-plaats/<int:pk>/kandidaten/", aanbieder.vrije_plaats_kandidaten, name="vrije_plaats_kandidaten"
    ),
    path("aanbieder/inbox/", aanbieder.inbox, name="inbox"),
    path("aanbieder/inbox/<int:pk>/", aanbieder.inbox_vraag, name="inbox_vraag"),
    path("aanbieder/inbox/<int:pk>/doorverwijzen/", aanbieder.inbox_doorverwijzen, name="inbox_doorverwijzen"),
    path("aanbieder/aanvraag/", aanbieder.aanvraag_registreren, name="aanvraag_registreren"),
    path("aanbieder/doorverwijzen/", aanbieder.doorverwijzen, name="doorverwijzen"),
    path(
        "aanbieder/wachtwoord/<uidb64>/<token>/",
        aanbieder.WachtwoordInstellenView.as_view(),
        name="wachtwoord_instellen",
    ),
    # Desk staff.
    path("loket/vraag/<int:pk>/kandidaten/", loket.vraag_kandidaten, name="vraag_kandidaten"),
    path("loket/doorverwijzingen/", loket.doorverwijzingen, name="doorverwijzingen"),
    path(
        "loket/doorverwijzingen/<int:pk>/afgehandeld/",
        loket.doorverwijzing_afgehandeld,
        name="doorverwijzing_afgehandeld",
    ),
    path("loket/vrije-plaatsen/", loket.vrije_plaatsen_overzicht, name="loket_vrije_plaatsen"),
    # Offers (Opvangvoorstel): made by a provider or recorded by the desk, answered, withdrawn.
    path("aanbieder/inbox/<int:pk>/voorstel/", voorstellen.voorstel_aanbieder, name="voorstel_aanbieder"),
    path("aanbieder/inbox/<int:pk>/afwachten/", voorstellen.voorstel_afwachten_view, name="voorstel_afwachten"),
    path("aanbieder/voorstellen/", voorstellen.voorstellen_aanbieder, name="voorstellen"),
    path("loket/vraag/<int:pk>/voorstel/", voorstellen.voorstel_loket, name="voorstel_loket"),
    path("voorstel/<int:pk>/", voorstellen.voorstel_detail, name="voorstel"),
    path("voorstel/<int:pk>/intrekken/", voorstellen.voorstel_intrekken_view, name="voorstel_intrekken"),
    path("voorstel/<int:pk>/antwoord/", voorstellen.antwoord_registreren, name="antwoord_registreren"),
    path("voorstel/<int:pk>/annuleren/", voorstellen.toewijzing_annuleren_view, name="toewijzing_annuleren"),
    # The coordinator: provider organisations, locations, users, import.
    path("loket/aanbieders/", beheer.organisatoren, name="beheer_organisatoren"),
    path("loket/aanbieders/import/", beheer.importeren, name="beheer_import"),
    path("loket/aanbieders/<int:pk>/", beheer.organisator, name="beheer_organisator"),
    path("loket/aanbieders/<int:pk>/uitnodigen/", beheer.uitnodigen, name="beheer_uitnodigen"),
    path("loket/aanbieders/<int:pk>/locatie/", beheer.locatie_nieuw, name="beheer_locatie_nieuw"),
    path("loket/aanbieders/locatie/<int:pk>/", beheer.locatie, name="beheer_locatie"),
    path("loket/aanbieders/toegang/<int:pk>/intrekken/", beheer.toegang_intrekken, name="beheer_toegang_intrekken"),
]
