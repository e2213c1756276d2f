from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.core import selectors as core_selectors
from twinning.core import services as core_services
from twinning.core.errors import DomainError
from twinning.core.files import serve_private
from twinning.core.paging import paginate
from twinning.core.uploads import accepts_upload
from twinning.schools import selectors as school_selectors
from twinning.schools.models import School, SchoolStatus

from . import forms, policies, selectors, services
from .decorators import etwinner_required, staff_required
from .models import ELIGIBLE_ROLES, CommunityRole, ValidationStatus


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
    if request.method == "POST" and form.is_valid():
        try:
            services.community_role_choose(user=user, role=form.cleaned_data["community_role"])
        except DomainError as exc:
            form.add_error("community_role", exc.message)
        else:
            return redirect("accounts:join_schools")
    return render(
        request,
        "accounts/join_role.html",
        {
            "form": form,
            "ineligible_role": CommunityRole.COMPANY_STAFF,
            "explanation": services.COMPANY_STAFF_EXPLANATION,
        },
    )


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
    propose_form = forms.SchoolProposeForm(initial={"country": user.country})
    return render(
        request,
        "accounts/join_schools.html",
        {
            "search_form": search_form,
            "results": results,
            "propose_form": propose_form,
            "schools": school_selectors.schools_of(user),
        },
    )


@login_required
@require_POST
def school_attach(request):
    school = get_object_or_404(School, pk=request.POST.get("school"), status=SchoolStatus.VALIDATED)
    try:
        services.school_attach(user=request.user, school=school)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(school)s is attached to your profile.") % {"school": school})
    return redirect("accounts:join_schools")


@login_required
@require_POST
def school_detach(request, school_id):
    school = get_object_or_404(School, pk=school_id, memberships__user=request.user)
    try:
        services.school_detach(user=request.user, school=school)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("accounts:join_schools")


@login_required
def school_propose(request):
    user = request.user
    form = forms.SchoolProposeForm(request.POST or None, initial={"country": user.country})
    if request.method == "POST" and form.is_valid():
        try:
            school = services.school_propose_and_attach(user=user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("%(school)s is proposed; your NSO validates it with your account.") % {"school": school}
            )
            return redirect("accounts:join_schools")
    return render(request, "accounts/school_propose.html", {"form": form})


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
    return render(
        request, "accounts/notifications.html", {"items": core_selectors.notifications_for(request.user, limit=100)}
    )


@etwinner_required
def etwinner_area(request):
    """The entry to eTwinner features (partner finding, projects): validated members only."""
    return render(request, "accounts/etwinner_area.html")


# --- Staff pages ------------------------------------------------------------------------------


def _staff_country_ids(user):
    """The countries a staff member serves, as ids; None for CSS staff and administrators (all)."""
    return None if policies.is_css_staff(user) else sorted(policies.nso_country_ids(user))


@staff_required
def validation_queue(request):
    filter_form = forms.QueueFilterForm(request.GET or None, country_ids=_staff_country_ids(request.user))
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    page = paginate(selectors.validation_queue(staff=request.user, filters=filters), request.GET, per_page=25)
    rows = selectors.queue_rows(page.items)
    if request.method == "POST":
        decision = forms.DecisionForm(
            request.POST, person_ids=[int(i) for i in request.POST.getlist("people") if i.isdigit()]
        )
        if decision.is_valid():
            people = list(
                policies.people_visible_to_staff(request.user)
                .select_related("country")
                .filter(pk__in=decision.cleaned_data["people"])
            )
            if len(people) != len(set(decision.cleaned_data["people"])):
                raise Http404
            try:
                if decision.cleaned_data["action"] == "validate":
                    services.people_validate(staff=request.user, people=people, reason=decision.cleaned_data["reason"])
                    messages.success(request, _("%(n)d validated.") % {"n": len(people)})
                else:
                    services.people_reject(staff=request.user, people=people, reason=decision.cleaned_data["reason"])
                    messages.success(request, _("%(n)d rejected.") % {"n": len(people)})
            except DomainError as exc:
                messages.error(request, exc.message)
            return redirect(request.get_full_path())
        for field_errors in decision.errors.values():
            for error in field_errors:
                messages.error(request, error)
    return render(
        request,
        "accounts/staff/validation_queue.html",
        {
            "filter_form": filter_form,
            "page": page,
            "rows": rows,
            "summary": selectors.queue_summary(staff=request.user),
            "decision_form": forms.DecisionForm(),
        },
    )


@staff_required
def people(request):
    filter_form = forms.PeopleFilterForm(request.GET or None, country_ids=_staff_country_ids(request.user))
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    page = paginate(selectors.people_list(staff=request.user, filters=filters), request.GET, per_page=25)
    return render(request, "accounts/staff/people.html", {"filter_form": filter_form, "page": page})


@staff_required
def person_detail(request, person_id):
    if request.method == "POST":
        person = policies.person_for_staff_or_404(request.user, person_id)
        reason = request.POST.get("reason", "")
        try:
            if request.POST.get("action") == "validate":
                services.people_validate(staff=request.user, people=[person], reason=reason)
                messages.success(request, _("%(person)s is validated.") % {"person": person.display_name})
            elif request.POST.get("action") == "reject":
                services.people_reject(staff=request.user, people=[person], reason=reason)
                messages.success(request, _("%(person)s is rejected.") % {"person": person.display_name})
            else:
                messages.error(request, _("Choose validate or reject."))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("accounts:person_detail", person_id=person.pk)
    row = selectors.review_row(staff=request.user, person_id=person_id)
    return render(
        request,
        "accounts/staff/person_detail.html",
        {
            "person": row.person,
            "row": row,
            "trail": core_selectors.audit_trail_for(row.person),
            "can_validate": policies.can_validate(request.user, row.person),
        },
    )


@login_required
def staff_roles(request):
    if not policies.can_manage_staff_roles(request.user):
        raise PermissionDenied
    form = forms.StaffRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.staff_role_grant(
                by=request.user,
                user=selectors.live_account_by_email(data["email"]),
                kind=data["kind"],
                country=data["country"],
                region=data["region"],
                term_start=data["term_start"],
                term_end=data["term_end"],
                reason=data["reason"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The role is given."))
            return redirect("accounts:staff_roles")
    roles = policies.staff_roles_visible_to(request.user).filter(revoked_at__isnull=True).order_by("kind", "pk")[:200]
    return render(request, "accounts/staff/staff_roles.html", {"form": form, "roles": roles})


@login_required
@require_POST
def staff_role_revoke(request, role_id):
    role = get_object_or_404(policies.staff_roles_visible_to(request.user), pk=role_id)
    try:
        services.staff_role_revoke(by=request.user, role=role, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The role is revoked."))
    return redirect("accounts:staff_roles")
