from django.urls import path

from . import beleid_views, views, views_vlaanderen

app_name = "rapportage"

urlpatterns = [
    path("", views.home, name="home"),
    path("vragen/", views.vragen, name="vragen"),
    path("registratie.xlsx", views.xlsx, name="xlsx"),
    path("registratie.pdf", views.pdf, name="pdf"),
    path("import/", views.importeren, name="import"),
    path("indienen/", views.indienen, name="indienen"),
    path("ingediend/<int:pk>.<str:soort>", views.ingediend_bestand, name="ingediend_bestand"),
    path("vlaanderen/", views_vlaanderen.overzicht, name="vlaanderen"),
    path("vlaanderen.xlsx", views_vlaanderen.xlsx, name="vlaanderen_xlsx"),
    path("vlaanderen.json", views_vlaanderen.json, name="vlaanderen_json"),
    path("beleid/", beleid_views.beleid, name="beleid"),
    path("beleid/vragen/", beleid_views.beleid_vragen, name="beleid_vragen"),
    path("beleid/beleidsinformatie.xlsx", beleid_views.beleid_xlsx, name="beleid_xlsx"),
    path("beleid/beleidsinformatie.pdf", beleid_views.beleid_pdf, name="beleid_pdf"),
]
