"""Pages about people: a person's own pages (dashboard, profile, joining, notifications, privacy) and the
staff pages (validation queue, people, a person, staff roles, retention rules, an ambassador's region).
Thin: parse, call a service or a selector, render."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from twinning.core import selectors as core_selectors
from twinning.core import services as core_services
from twinning.core.actions import form_action, post_action
from twinning.core.errors import DomainError
from twinning.core.files import serve_private
from twinning.core.lookups import get_or_404
from twinning.core.paging import paginate
from twinning.core.uploads import accepts_upload
from twinning.schools import selectors as school_selectors
from twinning.staff import policies as staff_policies
from twinning.staff import services as staff_services
from twinning.staff.decorators import staff_or_ambassador_required, staff_required

from . import forms, policies, selectors, services
from .models import ELIGIBLE_ROLES, CommunityRole, ValidationStatus

# --- A person's own pages ---------------------------------------------------------------------------


@login_required
def dashboard(request):
    user = request.user
    context = {
        "schools": school_selectors.schools_of(user),
        "notifications": core_selectors.notifications_for(user, limit=5),
        "typical_wait": max(1, round(selectors.typical_wait_days(user.country)))
        if user.validation_status == ValidationStatus.PENDING
        else None,
        "can_request": policies.can_request_validation(user),
    }
    return render(request, "accounts/dashboard.html", context)


@login_required
@accepts_upload(settings.PROFILE_PHOTO_MAX_BYTES + 256 * 1024)
def profile(request):
    form = forms.ProfileForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change = services.profile_update(
                user=request.user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                bio=data["bio"],
                visibility=data["visibility"],
                preferred_language=data["preferred_language"],
                languages=data["languages"],
                subjects=data["subjects"],
                age_bands=data["age_bands"],
                photo=data["photo"] or None,
                remove_photo=data.get("remove_photo", False),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            if change.sent_for_validation:
                messages.warning(
                    request,
                    _(
                        "Your profile is saved. Because your name changed, your National Support Organisation "
                        "validates your account again; until then eTwinner features wait."
                    ),
                )
            else:
                messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


def photo(request, person_id):
    """A profile photo, to whoever the profile's visibility lets see it (404 to anyone else)."""
    person = policies.person_with_photo_or_404(request.user, person_id)
    return serve_private(person.photo, max_age=300)


@login_required
def join_role(request):
    user = request.user
    form = forms.RoleForm(request.POST or None, initial={"community_role": user.community_role or None})
    response = form_action(
        request,
        form,
        lambda data: services.community_role_choose(user=user, role=data["community_role"]),
        success=None,
        redirect_to="accounts:join_schools",
        field="community_role",
    )
    if response:
        return response
    context = {
        "form": form,
        "ineligible_role": CommunityRole.COMPANY_STAFF,
        "explanation": services.COMPANY_STAFF_EXPLANATION,
    }
    return render(request, "accounts/join_role.html", context)


@login_required
def join_schools(request):
    user = request.user
    if user.community_role not in ELIGIBLE_ROLES:
        messages.info(request, _("First choose your role in your school."))
        return redirect("accounts:join_role")
    search_form = forms.SchoolSearchForm(request.GET or None, initial={"country": user.country})
    results = None
    if search_form.is_valid() and (search_form.cleaned_data["q"] or "").strip():
        country = user.country or search_form.cleaned_data.get("country")
        results = list(school_selectors.school_search(q=search_form.cleaned_data["q"], country=country)[:20])
    context = {
        "search_form": search_form,
        "results": results,
        "propose_form": forms.SchoolProposeForm(initial={"country": user.country}),
        "schools": school_selectors.schools_of(user),
    }
    return render(request, "accounts/join_schools.html", context)


@login_required
@require_POST
def school_attach(request):
    school = get_or_404(school_selectors.schools_to_attach(), pk=request.POST.get("school"))
    return post_action(
        request,
        lambda: services.school_attach(user=request.user, school=school),
        success=_("%(school)s is attached to your profile.") % {"school": school},
        redirect_to="accounts:join_schools",
    )


@login_required
@require_POST
def school_detach(request, school_id):
    school = get_or_404(school_selectors.schools_of_person(request.user), pk=school_id)
    return post_action(
        request,
        lambda: services.school_detach(user=request.user, school=school),
        success=_("%(school)s is no longer on your profile.") % {"school": school},
        redirect_to="accounts:join_schools",
    )


@login_required
def school_propose(request):
    user = request.user
    form = forms.SchoolProposeForm(request.POST or None, initial={"country": user.country})
    response = form_action(
        request,
        form,
        lambda data: services.school_propose_and_attach(user=user, **data),
        success=lambda school: (
            _("%(school)s is proposed; your NSO validates it with your account.") % {"school": school}
        ),
        redirect_to="accounts:join_schools",
    )
    return response or render(request, "accounts/school_propose.html", {"form": form})


@login_required
@require_POST
def request_validation(request):
    try:
        services.validation_request(user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:join_schools")
    messages.success(request, _("Your request is sent to your National Support Organisation."))
    return redirect("accounts:dashboard")


@login_required
def notifications(request):
    if request.method == "POST":
        core_services.notifications_mark_read(recipient=request.user)
        return redirect("accounts:notifications")
    items = core_selectors.notifications_for(request.user, limit=100)
    return render(request, "accounts/notifications.html", {"items": items})


@login_required
def privacy(request):
    return render(request, "accounts/privacy.html", {"policy": selectors.retention_policy()})


@login_required
@require_GET
def export(request):
    """Download everything about me as JSON (the download is audited)."""
    data = services.data_export(user=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="twinning-data-{timezone.localdate():%Y-%m-%d}.json"'
    add_never_cache_headers(response)
    return response


@login_required
def delete_account(request):
    form = forms.DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_erase(user=request.user, actor=request.user, reason="own request")
        logout(request)
        return render(request, "accounts/delete_account.html", {"done": True})
    return render(request, "accounts/delete_account.html", {"form": form, "done": False})


# --- Staff pages ------------------------------------------------------------------------------------


def _staff_country_ids(user):
    """The countries a staff member serves, as ids; None for CSS staff and administrators (all)."""
    return None if staff_policies.is_css_staff(user) else sorted(staff_policies.nso_country_ids(user))


def _decided_message(action: str, people) -> str:
    names = ", ".join(p.display_name for p in people)
    if action == "validate":
        return ngettext("Validated: %(names)s", "Validated (%(n)d): %(names)s", len(people)) % {
            "n": len(people),
            "names": names,
        }
    return ngettext("Rejected: %(names)s", "Rejected (%(n)d): %(names)s", len(people)) % {
        "n": len(people),
        "names": names,
    }


@staff_required
def validation_queue(request):
    filter_form = forms.QueueFilterForm(request.GET or None, country_ids=_staff_country_ids(request.user))
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    if request.method == "POST":
        decision = forms.DecisionForm(
            request.POST, person_ids=[int(i) for i in request.POST.getlist("people") if i.isdigit()]
        )
        if decision.is_valid():
            people = selectors.people_for_decision(staff=request.user, ids=decision.cleaned_data["people"])
            if len(people) != len(set(decision.cleaned_data["people"])):
                raise Http404
            action = decision.cleaned_data["action"]
            decide = services.people_validate if action == "validate" else services.people_reject
            try:
                decide(staff=request.user, people=people, reason=decision.cleaned_data["reason"])
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _decided_message(action, people))
            return redirect(request.get_full_path())
        for field_errors in decision.errors.values():
            for error in field_errors:
                messages.error(request, error)
    page = paginate(selectors.validation_queue(staff=request.user, filters=filters), request.GET, per_page=25)
    context = {
        "filter_form": filter_form,
        "page": page,
        "rows": selectors.queue_rows(page.items),
        "summary": selectors.queue_summary(staff=request.user),
        "decision_form": forms.DecisionForm(),
    }
    return render(request, "accounts/staff/validation_queue.html", context)


@staff_required
def people(request):
    filter_form = forms.PeopleFilterForm(request.GET or None, country_ids=_staff_country_ids(request.user))
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    page = paginate(selectors.people_list(staff=request.user, filters=filters), request.GET, per_page=25)
    return render(request, "accounts/staff/people.html", {"filter_form": filter_form, "page": page})


@staff_required
def person_detail(request, person_id):
    if request.method == "POST":
        person = policies.person_for_staff_or_404(request.user, person_id, queryset=selectors.people_with_country())
        action = request.POST.get("action")
        reason = request.POST.get("reason", "")
        if action not in ("validate", "reject"):
            messages.error(request, _("Choose validate or reject."))
            return redirect("accounts:person_detail", person_id=person.pk)
        decide = services.people_validate if action == "validate" else services.people_reject
        return post_action(
            request,
            lambda: decide(staff=request.user, people=[person], reason=reason),
            success=_decided_message(action, [person]),
            redirect_to=request.path,
        )
    row = selectors.review_row(staff=request.user, person_id=person_id)
    if row is None:
        raise Http404
    context = {
        "person": row.person,
        "row": row,
        "trail": core_selectors.audit_trail_for(row.person),
        "can_validate": policies.can_validate(request.user, row.person),
    }
    return render(request, "accounts/staff/person_detail.html", context)


@login_required
def staff_roles(request):
    """Administrators give NSO and CSS roles; NSO staff appoint the ambassadors of their country."""
    if not staff_policies.can_manage_staff_roles(request.user):
        raise PermissionDenied
    form = forms.StaffRoleForm(request.POST or None)

    def grant(data):
        return staff_services.staff_role_grant(
            by=request.user,
            user=selectors.live_account_by_email(data["email"]),
            kind=data["kind"],
            country=data["country"],
            region=data["region"],
            term_start=data["term_start"],
            term_end=data["term_end"],
            reason=data["reason"],
        )

    response = form_action(request, form, grant, success=_("The role is given."), redirect_to="accounts:staff_roles")
    if response:
        return response
    roles = selectors.staff_roles_in_force(request.user)
    return render(request, "accounts/staff/staff_roles.html", {"form": form, "roles": roles})


@login_required
@require_POST
def staff_role_revoke(request, role_id):
    role = get_or_404(staff_policies.staff_roles_visible_to(request.user), pk=role_id)
    return post_action(
        request,
        lambda: staff_services.staff_role_revoke(by=request.user, role=role, reason=request.POST.get("reason", "")),
        success=_("The role is revoked."),
        redirect_to="accounts:staff_roles",
    )


@login_required
def retention_policy(request):
    if not staff_policies.is_css_staff(request.user):
        raise PermissionDenied
    policy = selectors.retention_policy()
    initial = {
        "inactive_after_days": policy.inactive_after_days,
        "anonymise_after_days": policy.anonymise_after_days,
        "warning_days": policy.warning_days,
    }
    form = forms.RetentionPolicyForm(request.POST or None, initial=initial)
    response = form_action(
        request,
        form,
        lambda data: services.retention_policy_update(by=request.user, **data),
        success=_("The retention policy is saved."),
        redirect_to="accounts:retention_policy",
    )
    if response:
        return response
    context = {"form": form, "policy": policy, "trail": core_selectors.audit_trail_for(policy) if policy.pk else []}
    return render(request, "accounts/staff/retention_policy.html", context)


@staff_or_ambassador_required
def region(request):
    """An ambassador's region, read-only: teachers waiting for validation and the region's schools."""
    region_ids = staff_policies.ambassador_region_ids(request.user)
    if not region_ids:
        raise PermissionDenied
    context = {
        "regions": selectors.regions_named(region_ids),
        "waiting": selectors.waiting_in_regions(region_ids, limit=100),
        "schools": school_selectors.schools_in_regions(region_ids, limit=100),
    }
    return render(request, "accounts/staff/region.html", context)
