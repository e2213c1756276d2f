from django.shortcuts import render

from . import selectors  # noqa: F401 - registers the figures this app owns
from .figures import headline_figures


def home(request):
    return render(request, "home.html", {"figures": headline_figures()})
