from django.urls import path

from . import views

app_name = "rapportage"

urlpatterns = [
    path("", views.home, name="home"),
    path("vragen/", views.vragen, name="vragen"),
    path("registratie.xlsx", views.xlsx, name="xlsx"),
    path("registratie.pdf", views.pdf, name="pdf"),
    path("import/", views.importeren, name="import"),
]
