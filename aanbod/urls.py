from django.urls import path

from . import views

app_name = "aanbod"

urlpatterns = [
    path("aanbieder/", views.home, name="home"),
    path("zoeken/", views.zoeken, name="zoeken"),
]
