from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render


@login_required
def privacy(request):
    return render(request, "accounts/privacy.html")


@login_required
def export(request):
    return JsonResponse({})


@login_required
def delete_account(request):
    return render(request, "accounts/privacy.html")
