"""Root URLs: the only place that knows all apps."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import bedrijf, views, views_mails
from .admin import BeheerSite

loket_patterns = (
    [
        path("", views.home, name="home"),
        path("inloggen/", views.InlogView.as_view(), name="login"),
        path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
        path("start/", views.start, name="start"),
        path("inloggen/tweestaps/", views.tweestaps, name="tweestaps"),
        # The coordinator: mail that waits or failed (views_mails.py).
        path("loket/mails/", views_mails.mails, name="mails"),
        path("loket/mails/<int:pk>/opnieuw/", views_mails.mail_opnieuw, name="mail_opnieuw"),
    ],
    "loket",
)

# The Django admin asks for the second factor too, and logs in through the app's throttled login.
admin.site.__class__ = BeheerSite

urlpatterns = [
    path("", include(loket_patterns)),
    path("", include("aanmelding.urls")),
    path("", include("aanbod.urls")),
    path("rapportage/", include("rapportage.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
    # For the operator: health (load balancer, monitoring) and Prometheus metrics (loket/bedrijf.py).
    path("gezond/", bedrijf.gezond, name="gezond"),
    path("metrics", bedrijf.metrics, name="metrics"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", views.favicon),
]
