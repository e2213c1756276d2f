from django.shortcuts import render

from twinning.accounts.decorators import staff_required
from twinning.core.paging import paginate

from . import policies, selectors


def search(request):
    q = request.GET.get("q", "")
    page = paginate(selectors.school_search(q=q), request.GET)
    return render(request, "schools/search.html", {"page": page, "q": q})


def detail(request, school_id):
    school = policies.school_public_or_404(school_id)
    return render(request, "schools/detail.html", {"school": school})


@staff_required
def staff_list(request):
    page = paginate(policies.schools_visible_to_staff(request.user).order_by("search_name"), request.GET)
    return render(request, "schools/staff/list.html", {"page": page})


@staff_required
def import_list(request):
    return render(request, "schools/staff/import_list.html", {"imports": policies.imports_visible_to(request.user)[:50]})
