"""Staff pages for reference data: the shared lists (CSS staff) and country settings (CSS and NSO staff)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.core import rules as core_rules
from twinning.core import selectors as core_selectors
from twinning.core.actions import form_action
from twinning.core.lookups import get_or_404
from twinning.staff import policies as staff_policies
from twinning.staff import services as staff_services
from twinning.staff.decorators import staff_required

from . import forms, policies, selectors, services
from .models import Country

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
    response = form_action(
        request,
        form,
        lambda data: services.taxonomy_create(actor=request.user, model=model, values=form.values()),
        success=lambda obj: _("“%(name)s” is added.") % {"name": obj},
        redirect_to=reverse("reference:taxonomy_list", args=[kind]),
    )
    context = {"kind": kind, "page": page, "form": form, "obj": None}
    return response or render(request, "reference/taxonomy_form.html", context)


@staff_required
def taxonomy_edit(request, kind, pk):
    model, page = _taxonomy_or_404(request.user, kind)
    obj = get_or_404(model._default_manager.all(), pk=pk)
    form = forms.TaxonomyForm(request.POST or None, model=model, instance=obj)
    response = form_action(
        request,
        form,
        lambda data: services.taxonomy_update(actor=request.user, obj=obj, values=form.values()),
        success=lambda changes: (_("“%(name)s” is saved.") % {"name": obj}) if changes else _("Nothing was changed."),
        redirect_to=reverse("reference:taxonomy_list", args=[kind]),
    )
    if response:
        return response
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
    response = form_action(
        request,
        form,
        lambda data: services.country_create(actor=request.user, code=data["code"], values=form.values()),
        success=lambda country: _("%(country)s is added with its support organisation.") % {"country": country},
        redirect_to=lambda country: reverse("reference:country_edit", args=[country.code]),
    )
    return response or render(request, "reference/country_form.html", {"form": form, "country": None})


@staff_required
def country_edit(request, code):
    country = policies.country_for_reference_or_404(request.user, code)
    editable = policies.country_editable_fields(request.user, country)
    form = forms.CountryForm(request.POST or None, editable=editable, country=country)
    response = form_action(
        request,
        form,
        lambda data: services.country_update(actor=request.user, country=country, values=form.values()),
        success=lambda changes: (
            (_("The settings of %(country)s are saved.") % {"country": country})
            if changes
            else _("Nothing was changed.")
        ),
        redirect_to=reverse("reference:country_edit", args=[country.code]),
    )
    if response:
        return response
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


@staff_required
def country_rules(request):
    """The rules each country may set for itself (e.g. upload sizes): its NSO staff, or CSS staff for any."""
    countries = Country.objects.order_by("name_en")
    if not staff_policies.is_css_staff(request.user):
        countries = countries.filter(pk__in=staff_policies.nso_country_ids(request.user))
    countries = list(countries)
    if not countries:
        raise PermissionDenied
    wanted = request.GET.get("country") or request.POST.get("country")
    country = next((c for c in countries if str(c.pk) == wanted), countries[0])
    declared = [r for r in core_rules.rules() if r.per_country]
    form = forms.CountryRulesForm(
        request.POST or None,
        declared=declared,
        platform_values=core_rules.values(),
        country_values=core_rules.country_values(country.pk),
    )
    response = form_action(
        request,
        form,
        lambda data: staff_services.country_rules_set(
            actor=request.user, country=country, values=form.rule_values(), reason=data["reason"]
        ),
        success=lambda changed: _("The rules are saved.") if changed else _("Nothing was changed."),
        redirect_to=f"{reverse('reference:country_rules')}?country={country.pk}",
    )
    if response:
        return response
    return render(request, "staff/country_rules.html", {"form": form, "country": country, "countries": countries})
