from django.urls import path

from . import views

app_name = "aanmelding"

urlpatterns = [
    path("aanmelden/", views.start, name="start"),
    path("mijn/", views.portaal, name="portaal"),
    path("privacy/", views.privacy, name="privacy"),
    path("loket/", views.werklijst, name="werklijst"),
    path("toeleider/", views.toeleider_home, name="toeleider_home"),
]
