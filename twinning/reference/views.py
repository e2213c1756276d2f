"""Staff pages for reference data: the shared lists (CSS staff) and country settings (CSS and NSO staff)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.core import selectors as core_selectors
from twinning.core.errors import DomainError
from twinning.staff.decorators import staff_required

from . import forms, policies, selectors, services

# Per list: its title, the label of its add button and the columns shown besides code and names.
TAXONOMY_PAGES = {
    "subjects": {
        "title": gettext_lazy("Subjects"),
        "add": gettext_lazy("Add a subject"),
        "columns": (("position", gettext_lazy("Order")), ("is_active", gettext_lazy("In use"))),
    },
    "age-bands": {
        "title": gettext_lazy("Pupils' age bands"),
        "add": gettext_lazy("Add an age band"),
        "columns": (("min_age", gettext_lazy("From age")), ("max_age", gettext_lazy("To age"))),
    },
    "languages": {
        "title": gettext_lazy("Working languages"),
        "add": gettext_lazy("Add a language"),
        "columns": (
            ("native_name", gettext_lazy("Native name")),
            ("is_eu_official", gettext_lazy("EU official")),
            ("position", gettext_lazy("Order")),
        ),
    },
    "levels": {
        "title": gettext_lazy("Levels of education"),
        "add": gettext_lazy("Add a level of education"),
        "columns": (("position", gettext_lazy("Order")),),
    },
}


def _taxonomy_or_404(user, kind: str):
    if kind not in services.TAXONOMY_MODELS:
        raise Http404
    if not policies.can_edit_taxonomies(user):
        raise PermissionDenied
    return services.TAXONOMY_MODELS[kind], TAXONOMY_PAGES[kind]


def _apply_error(form, exc: DomainError) -> None:
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, exc.message)


@staff_required
def index(request):
    return render(
        request,
        "reference/index.html",
        {
            "taxonomies": [(kind, page["title"]) for kind, page in TAXONOMY_PAGES.items()]
            if policies.can_edit_taxonomies(request.user)
            else [],
            "countries": policies.countries_editable_by(request.user).order_by("name_en"),
        },
    )


@staff_required
def taxonomy_list(request, kind):
    model, page = _taxonomy_or_404(request.user, kind)
    rows = []
    for obj in model._default_manager.all():
        rows.append((obj, [getattr(obj, field) for field, _label in page["columns"]]))
    return render(request, "reference/taxonomy_list.html", {"kind": kind, "page": page, "rows": rows})


@staff_required
def taxonomy_create(request, kind):
    model, page = _taxonomy_or_404(request.user, kind)
    form = forms.TaxonomyForm(request.POST or None, model=model)
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.taxonomy_create(actor=request.user, model=model, values=form.values())
        except DomainError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("“%(name)s” is added.") % {"name": obj})
            return redirect("reference:taxonomy_list", kind=kind)
    return render(request, "reference/taxonomy_form.html", {"kind": kind, "page": page, "form": form, "obj": None})


@staff_required
def taxonomy_edit(request, kind, pk):
    model, page = _taxonomy_or_404(request.user, kind)
    obj = get_object_or_404(model, pk=pk)
    form = forms.TaxonomyForm(request.POST or None, model=model, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            changes = services.taxonomy_update(actor=request.user, obj=obj, values=form.values())
        except DomainError as exc:
            _apply_error(form, exc)
        else:
            if changes:
                messages.success(request, _("“%(name)s” is saved.") % {"name": obj})
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("reference:taxonomy_list", kind=kind)
    return render(
        request,
        "reference/taxonomy_form.html",
        {"kind": kind, "page": page, "form": form, "obj": obj, "trail": core_selectors.audit_trail_for(obj)},
    )


@staff_required
def country_list(request):
    countries = selectors.countries_for_list(policies.countries_editable_by(request.user))
    return render(
        request,
        "reference/country_list.html",
        {"countries": countries, "can_create": policies.can_create_countries(request.user)},
    )


@staff_required
def country_create(request):
    if not policies.can_create_countries(request.user):
        raise PermissionDenied
    editable = policies.COUNTRY_SETUP_FIELDS | policies.COUNTRY_OPERATIONAL_FIELDS
    form = forms.CountryForm(
        request.POST or None,
        editable=editable,
        initial={"age_of_digital_consent": 16, "typical_validation_days": 7},
    )
    if request.method == "POST" and form.is_valid():
        try:
            country = services.country_create(actor=request.user, code=form.cleaned_data["code"], values=form.values())
        except DomainError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("%(country)s is added with its support organisation.") % {"country": country})
            return redirect("reference:country_edit", code=country.code)
    return render(request, "reference/country_form.html", {"form": form, "country": None})


@staff_required
def country_edit(request, code):
    country = policies.country_for_reference_or_404(request.user, code)
    editable = policies.country_editable_fields(request.user, country)
    form = forms.CountryForm(request.POST or None, editable=editable, country=country)
    if request.method == "POST" and form.is_valid():
        try:
            changes = services.country_update(actor=request.user, country=country, values=form.values())
        except DomainError as exc:
            _apply_error(form, exc)
        else:
            if changes:
                messages.success(request, _("The settings of %(country)s are saved.") % {"country": country})
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("reference:country_edit", code=country.code)
    return render(
        request,
        "reference/country_form.html",
        {
            "form": form,
            "country": country,
            "setup_editable": bool(editable & policies.COUNTRY_SETUP_FIELDS),
            "trail": core_selectors.audit_trail_for(country),
        },
    )
