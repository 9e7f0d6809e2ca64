from django.urls import path

from .views import aanbieder, beheer, loket, publiek

app_name = "aanbod"

urlpatterns = [
    # The public search (no login).
    path("zoeken/", publiek.zoeken, name="zoeken"),
    path("zoeken/locatie/<int:pk>/", publiek.locatie, name="locatie_publiek"),
    # The provider portal, supply side (its home page, inbox and offers are aanmelding's).
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
        "aanbieder/wachtwoord/<uidb64>/<token>/",
        aanbieder.WachtwoordInstellenView.as_view(),
        name="wachtwoord_instellen",
    ),
    # Desk staff.
    path("loket/vrije-plaatsen/", loket.vrije_plaatsen_overzicht, name="loket_vrije_plaatsen"),
    # The coordinator: provider organisations, locations, users, import.
    path("loket/aanbieders/", beheer.organisatoren, name="beheer_organisatoren"),
    path("loket/aanbieders/import/", beheer.importeren, name="beheer_import"),
    path("loket/aanbieders/<int:pk>/", beheer.organisator, name="beheer_organisator"),
    path("loket/aanbieders/<int:pk>/uitnodigen/", beheer.uitnodigen, name="beheer_uitnodigen"),
    path("loket/aanbieders/<int:pk>/locatie/", beheer.locatie_nieuw, name="beheer_locatie_nieuw"),
    path("loket/aanbieders/locatie/<int:pk>/", beheer.locatie, name="beheer_locatie"),
    path("loket/aanbieders/toegang/<int:pk>/intrekken/", beheer.toegang_intrekken, name="beheer_toegang_intrekken"),
]
