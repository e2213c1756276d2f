from django.shortcuts import render

from twinning.core.registries import headline_figures


def home(request):
    """The public home page: what eTwinning is, how to take part, and the community's figures."""
    return render(request, "home.html", {"figures": headline_figures()})
