"""The parent side: online registration (/aanmelden/) and the parent portal (/mijn/)."""

from django.shortcuts import render


def start(request):
    """Start of the online registration: what a parent needs and how it works."""
    return render(request, "aanmelding/start.html")


def portaal(request):
    """The parent portal: parents follow their request here."""
    return render(request, "aanmelding/portaal.html")


def privacy(request):
    return render(request, "aanmelding/privacy.html")
