"""School registry pages: the public search and school pages, and the staff registry (thin views)."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from twinning.core import selectors as core_selectors
from twinning.core.actions import form_action, post_action
from twinning.core.csv_export import csv_response
from twinning.core.files import serve_private
from twinning.core.paging import paginate
from twinning.core.uploads import accepts_upload
from twinning.reference import selectors as reference_selectors
from twinning.staff.decorators import staff_required

from . import forms, policies, registry_import, selectors, services
from .models import SchoolImport, SchoolStatus
from .sections import school_sections

_RUNNING = (SchoolImport.Status.VALIDATING, SchoolImport.Status.IMPORTING)


def _cleaned(form) -> dict:
    """The valid part of a filter form: a bad value in one field does not discard the others."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return dict(form.cleaned_data)


# --- Public pages -----------------------------------------------------------------------------


def search(request):
    form = forms.SchoolSearchForm(request.GET or None)
    schools = selectors.public_school_search(_cleaned(form))
    page = paginate(schools, request.GET)
    return render(request, "schools/search.html", {"form": form, "page": page, "found": selectors.count_up_to(schools)})


def detail(request, school_id):
    school = policies.school_public_or_404(school_id, queryset=selectors.schools_with_places())
    context = {
        "school": school,
        "levels": selectors.school_levels(school),
        "sections": school_sections(school, request.user),
        "can_manage": policies.can_manage_school(request.user, school),
    }
    return render(request, "schools/detail.html", context)


# --- Staff: the registry ----------------------------------------------------------------------


@staff_required
def staff_list(request):
    countries = policies.staff_countries(request.user)
    form = forms.StaffSchoolFilterForm(request.GET or None, countries=countries)
    schools = selectors.schools_for_staff(staff=request.user, filters=_cleaned(form))
    page = paginate(schools, request.GET)
    context = {"form": form, "page": page, "found": selectors.count_up_to(schools)}
    return render(request, "schools/staff/list.html", context)


@staff_required
def staff_create(request):
    form = forms.SchoolForm(request.POST or None, countries=policies.staff_countries(request.user))
    response = form_action(
        request,
        form,
        lambda data: services.school_create(by=request.user, **data),
        success=lambda school: _("%(school)s is added to the registry.") % {"school": school.name},
        redirect_to=lambda school: reverse("schools:staff_detail", args=[school.pk]),
    )
    return response or render(request, "schools/staff/form.html", {"form": form, "school": None})


@staff_required
def staff_detail(request, school_id):
    school = policies.school_for_staff_or_404(
        request.user, school_id, queryset=selectors.schools_with_places().select_related("proposed_by")
    )
    members, more_members = selectors.school_members_for_staff(school)
    context = {
        "school": school,
        "levels": selectors.school_levels(school),
        "members": members,
        "more_members": more_members,
        "trail": core_selectors.audit_trail_for(school),
        "decision_form": forms.DecisionForm(),
        "can_manage": policies.can_manage_school(request.user, school),
    }
    return render(request, "schools/staff/detail.html", context)


@staff_required
def staff_edit(request, school_id):
    school = policies.school_for_staff_or_404(request.user, school_id, queryset=selectors.schools_with_places())
    form = forms.SchoolForm(request.POST or None, countries=policies.staff_countries(request.user), school=school)
    response = form_action(
        request,
        form,
        lambda data: services.school_update(by=request.user, school=school, **data),
        success=_("The school's details are saved."),
        redirect_to=reverse("schools:staff_detail", args=[school.pk]),
    )
    return response or render(request, "schools/staff/form.html", {"form": form, "school": school})


@staff_required
@require_POST
def staff_decide(request, school_id):
    school = policies.school_for_staff_or_404(request.user, school_id, queryset=selectors.schools_with_places())
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("schools:staff_detail", school_id=school.pk)
    reason = form.cleaned_data["reason"]
    if form.cleaned_data["action"] == "validate":
        action, success = services.school_validate, _("%(school)s is validated.")
    else:
        action, success = services.school_reject, _("%(school)s is rejected; the proposer is told why.")
    return post_action(
        request,
        lambda: action(by=request.user, school=school, reason=reason),
        success=success % {"school": school.name},
        redirect_to=reverse("schools:staff_detail", args=[school.pk]),
    )


@staff_required
def staff_merge(request, school_id):
    """Merge this (duplicate) school into another one that remains."""
    school = policies.school_for_staff_or_404(request.user, school_id, queryset=selectors.schools_with_places())
    form = forms.MergeForm(request.POST or None)

    def merge(data):
        survivor = policies.school_for_staff_or_404(request.user, data["survivor"])
        return services.school_merge(by=request.user, duplicate=school, survivor=survivor, reason=data["reason"])

    response = form_action(
        request,
        form,
        merge,
        success=lambda survivor: (
            _("%(duplicate)s is merged into %(survivor)s.") % {"duplicate": school.name, "survivor": survivor.name}
        ),
        redirect_to=lambda survivor: reverse("schools:staff_detail", args=[survivor.pk]),
    )
    if response:
        return response
    q = request.GET.get("q", "")[:100]
    context = {
        "school": school,
        "form": form,
        "q": q,
        "candidates": selectors.merge_candidates(staff=request.user, school=school, q=q),
        "can_merge": school.status != SchoolStatus.MERGED,
    }
    return render(request, "schools/staff/merge.html", context)


# --- Staff: registry import -------------------------------------------------------------------


@staff_required
@accepts_upload(settings.SCHOOL_IMPORT_MAX_BYTES + 1024 * 1024)
def import_list(request):
    countries = policies.staff_countries(request.user)
    form = forms.ImportUploadForm(request.POST or None, request.FILES or None, countries=countries)
    response = form_action(
        request,
        form,
        lambda data: services.school_import_start(by=request.user, country=data["country"], upload=data["file"]),
        success=None,
        redirect_to=lambda school_import: reverse("schools:import_detail", args=[school_import.pk]),
    )
    if response:
        return response
    context = {
        "form": form,
        "imports": selectors.imports_for_staff(request.user),
        "columns": registry_import.COLUMNS,
        "required_columns": registry_import.REQUIRED_COLUMNS,
        # The codes a file may use, for the staff member's own countries.
        "regions": reference_selectors.regions_for_choice(countries),
        "levels": reference_selectors.education_levels(),
    }
    return render(request, "schools/staff/import_list.html", context)


def _error_rows(school_import: SchoolImport) -> list[dict]:
    """Stored errors, worded in the reader's language (the stored text is the uploader's)."""
    rows = []
    for entry in school_import.errors or []:
        code = entry.get("code", "")
        message = (
            registry_import.error_text(code, entry.get("params"))
            if code in registry_import.MESSAGES
            else entry.get("message", "")
        )
        rows.append({"row": entry.get("row"), "column": entry.get("column", ""), "message": message})
    return rows


def _duplicate_rows(school_import: SchoolImport) -> list[dict]:
    """One row per (new school of the file, registered school it may be), from the stored preview."""
    rows = []
    for entry in school_import.likely_duplicates or []:
        for candidate in entry.get("candidates", []):
            status = candidate.get("status", "")
            rows.append(
                {
                    "row": entry.get("row"),
                    "code": entry.get("code", ""),
                    "name": entry.get("name", ""),
                    "city": entry.get("city", ""),
                    "candidate": candidate,
                    "status_label": SchoolStatus(status).label if status in SchoolStatus.values else status,
                }
            )
    return rows


def _import_context(request, school_import: SchoolImport) -> dict:
    previewed = school_import.status in (SchoolImport.Status.READY, SchoolImport.Status.INVALID)
    return {
        "imp": school_import,
        "running": school_import.status in _RUNNING,
        "error_rows": _error_rows(school_import),
        "file_errors_only": bool(school_import.errors) and all(e.get("row") is None for e in school_import.errors),
        "hidden_errors": max(0, school_import.error_count - len(school_import.errors or [])),
        "show_new_schools": previewed,
        "duplicate_rows": _duplicate_rows(school_import) if previewed else [],
        "hidden_new_schools": max(0, school_import.to_create - len(school_import.new_schools or [])),
        "hidden_duplicates": max(0, school_import.likely_duplicate_count - len(school_import.likely_duplicates or [])),
        "can_link": previewed
        and bool(school_import.file)
        and policies.can_manage_schools(request.user, school_import.country_id),
        "trail": core_selectors.audit_trail_for(school_import),
    }


@staff_required
def import_detail(request, import_id):
    school_import = policies.import_for_staff_or_404(request.user, import_id, queryset=selectors.imports_with_people())
    return render(request, "schools/staff/import_detail.html", _import_context(request, school_import))


@staff_required
def import_progress(request, import_id):
    """The progress fragment polled by htmx; when the task ends the whole page reloads to show the result."""
    school_import = policies.import_for_staff_or_404(request.user, import_id, queryset=selectors.imports_with_people())
    if not request.htmx:
        return redirect("schools:import_detail", import_id=school_import.pk)
    if school_import.status not in _RUNNING:
        return HttpResponseClientRefresh()
    return render(request, "schools/staff/import_detail.html#progress", {"imp": school_import, "running": True})


@staff_required
def import_file(request, import_id):
    """The uploaded file itself, to staff of the country, until it is removed (SCHOOL_IMPORT_FILE_DAYS)."""
    school_import = policies.import_for_staff_or_404(request.user, import_id, queryset=selectors.imports_with_people())
    return serve_private(school_import.file, download_name=school_import.original_name, as_attachment=True)


@staff_required
@require_POST
def import_confirm(request, import_id):
    school_import = policies.import_for_staff_or_404(request.user, import_id, queryset=selectors.imports_with_people())
    return post_action(
        request,
        lambda: services.school_import_confirm(by=request.user, school_import=school_import),
        success=None,
        redirect_to=reverse("schools:import_detail", args=[school_import.pk]),
    )


@staff_required
@require_POST
def import_cancel(request, import_id):
    school_import = policies.import_for_staff_or_404(request.user, import_id, queryset=selectors.imports_with_people())
    return post_action(
        request,
        lambda: services.school_import_cancel(by=request.user, school_import=school_import),
        success=_("The import is discarded; nothing was written to the registry."),
        redirect_to="schools:import_list",
    )


@staff_required
@require_POST
def import_link(request, import_id):
    """ "This is the same school": the registry's row takes the national code of a new row of the file."""
    school_import = policies.import_for_staff_or_404(request.user, import_id, queryset=selectors.imports_with_people())
    form = forms.ImportLinkForm(request.POST)
    target = reverse("schools:import_detail", args=[school_import.pk])
    if not form.is_valid():
        messages.error(request, _("Choose a school offered as a possible duplicate."))
        return redirect(target)
    school = policies.school_for_staff_or_404(
        request.user, form.cleaned_data["school"], queryset=selectors.schools_of_country(school_import.country_id)
    )
    code = form.cleaned_data["code"]
    return post_action(
        request,
        lambda: services.school_link_to_import(
            by=request.user, school_import=school_import, school=school, national_code=code
        ),
        success=_("%(school)s now has the national code %(code)s; the file is being checked again.")
        % {"school": school.name, "code": code},
        redirect_to=target,
    )


@staff_required
def import_template(request):
    """An empty file with the column names and one example row, to start from.

    The example's national code matches no school, so uploading the template unchanged adds one
    obviously fictional school that the preview shows, and overwrites nothing.
    """
    example = [
        "EXAMPLE-0001",
        "1ο Γυμνάσιο Παραδείγματος",
        "Αθήνα",
        "GR-I",
        "Οδός Παράδειγμα 1",
        "10431",
        "lower-secondary",
        "public",
        "Ελένη Παπαδάκη",
        "principal@school.example",
        "2100000000",
        "mail@school.example",
        "https://school.example",
    ]
    return csv_response("school-registry-template.csv", registry_import.COLUMNS, [example])
