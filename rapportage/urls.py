from django.urls import path

from . import views, views_vlaanderen

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
]
