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
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from twinning.core import mfa
from twinning.core import selectors as core_selectors
from twinning.core import services as core_services
from twinning.core.actions import form_action, post_action
from twinning.core.errors import DomainError
from twinning.core.files import serve_private
from twinning.core.lookups import get_or_404
from twinning.core.net import local_path
from twinning.core.paging import paginate
from twinning.core.uploads import accepts_upload
from twinning.schools import selectors as school_selectors
from twinning.schools.models import SchoolStatus
from twinning.staff import policies as staff_policies
from twinning.staff import services as staff_services
from twinning.staff.decorators import staff_or_ambassador_required, staff_required

from . import forms, policies, selectors, services
from .models import ELIGIBLE_ROLES, CommunityRole, ValidationStatus
from .sections import person_sections

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
                preferred_language=request.user.preferred_language,
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


def person(request, person_id):
    """An eTwinner's page, as the profile's visibility allows (404 otherwise), with the sections the other
    apps register (contact, projects…)."""
    person = policies.person_page_or_404(request.user, person_id, queryset=selectors.people_for_page())
    context = {
        "person": person,
        "schools": [s for s in school_selectors.schools_of(person) if s.status == SchoolStatus.VALIDATED],
        "show_photo": policies.can_see_photo(request.user, person),
        "sections": person_sections(person, request.user),
        "is_self": request.user.pk == person.pk,
    }
    return render(request, "accounts/person.html", context)


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


# The joining search lists this many schools; the count says how many more there are.
JOIN_SEARCH_RESULTS = 20


@login_required
def join_schools(request):
    user = request.user
    if user.community_role not in ELIGIBLE_ROLES:
        messages.info(request, _("First choose your role in your school."))
        return redirect("accounts:join_role")
    search_form = forms.SchoolSearchForm(request.GET or None, initial={"country": user.country})
    results = found = None
    if search_form.is_valid() and (search_form.cleaned_data["q"] or "").strip():
        country = user.country or search_form.cleaned_data.get("country")
        schools = school_selectors.school_search(q=search_form.cleaned_data["q"], country=country)
        results = list(schools[:JOIN_SEARCH_RESULTS])
        found = school_selectors.count_up_to(schools)
    context = {
        "search_form": search_form,
        "results": results,
        "found": found,
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

    def detach():
        services.school_detach(user=request.user, school=school)
        return school_selectors.school_status(school.pk)

    def success(status):
        if status == SchoolStatus.WITHDRAWN:
            return _("%(school)s is no longer on your profile, and your proposal of it is withdrawn.") % {
                "school": school
            }
        return _("%(school)s is no longer on your profile.") % {"school": school}

    return post_action(request, detach, success=success, redirect_to="accounts:join_schools")


@login_required
def school_propose(request):
    """Propose a school missing from the registry. Similar schools of the same place come first ("Did you
    mean…?"): the proposal goes through once the person confirms that theirs is none of them."""
    user = request.user
    form = forms.SchoolProposeForm(request.POST or None, initial={"country": user.country})
    similar = []
    if request.method == "POST" and form.is_valid() and not form.cleaned_data["not_listed"]:
        data = form.cleaned_data
        if user.country_id is None or data["country"].pk == user.country_id:
            similar = school_selectors.similar_schools(
                country=data["country"], name=data["name"], city=data["city"], region=data["region"]
            )
    if similar:
        form.offer_confirmation()
    else:
        response = form_action(
            request,
            form,
            lambda data: services.school_propose_and_attach(user=user, **form.proposal(data)),
            success=lambda school: (
                _("%(school)s is proposed; your NSO validates it with your account.") % {"school": school}
            ),
            redirect_to="accounts:join_schools",
        )
        if response:
            return response
    return render(request, "accounts/school_propose.html", {"form": form, "similar": similar})


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
    """The notification centre: every notice, newest first, or the unread ones; mark all as read."""
    if request.method == "POST":
        core_services.notifications_mark_read(recipient=request.user)
        return redirect("accounts:notifications")
    unread_only = request.GET.get("show") == "unread"
    page = paginate(core_selectors.notification_inbox(request.user, unread_only=unread_only), request.GET)
    return render(request, "accounts/notifications.html", {"page": page, "unread_only": unread_only})


@login_required
@require_POST
def notification_open(request, notification_id):
    """Open what a notice is about: it is marked as read, then the person goes to its page (a path of this
    site only) or back to the list."""
    notice = get_or_404(core_selectors.notification_inbox(request.user), pk=notification_id)
    core_services.notifications_mark_read(recipient=request.user, notification_id=notice.pk)
    if local_path(notice.url):
        return redirect(notice.url)
    return redirect("accounts:notifications")


@login_required
def account_settings(request):
    """Everything about the account in one place: password, e-mail addresses, second factor, language,
    which notices come by e-mail, and the sessions open elsewhere."""
    user = request.user
    section = request.POST.get("section") if request.method == "POST" else None
    language_form = forms.LanguageForm(
        request.POST if section == "language" else None, initial={"preferred_language": user.preferred_language}
    )
    notices_form = forms.NotificationPreferencesForm(
        request.POST if section == "notices" else None, preferences=selectors.notification_preferences(user)
    )
    if section == "language":
        response = form_action(
            request,
            language_form,
            lambda data: services.language_set(user=user, language=data["preferred_language"]),
            success=_("The language is saved."),
            redirect_to=lambda _changed: reverse("accounts:settings"),
        )
        if response:
            # The page opens again in the language just chosen.
            with translation.override(user.preferred_language):
                return redirect(reverse("accounts:settings"))
    elif section == "notices":
        response = form_action(
            request,
            notices_form,
            lambda data: services.notification_preferences_set(user=user, delivery_by_kind=notices_form.choices()),
            success=_("Your choices are saved."),
            redirect_to=reverse("accounts:settings"),
        )
        if response:
            return response
    context = {
        "language_form": language_form,
        "notices_form": notices_form,
        "email_addresses": selectors.email_addresses(user),
        "has_second_factor": mfa.has_totp(user),
        "sessions": selectors.open_sessions(user),
    }
    return render(request, "accounts/settings.html", context)


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
    """The queue: filters, the rows with what to check, and decisions on the ticked rows. A mistake in the
    decision (nothing ticked, no reason to reject) is shown next to its field with the rows still ticked;
    rejecting asks for a confirmation that names everyone rejected."""
    filter_form = forms.QueueFilterForm(request.GET or None, country_ids=_staff_country_ids(request.user))
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    decision = forms.DecisionForm()
    selected: set[int] = set()
    if request.method == "POST":
        selected = {int(i) for i in request.POST.getlist("people") if i.isdigit()}
        decision = forms.DecisionForm(request.POST, person_ids=sorted(selected))
        if decision.is_valid():
            people = selectors.people_for_decision(staff=request.user, ids=decision.cleaned_data["people"])
            if len(people) != len(set(decision.cleaned_data["people"])):
                raise Http404
            action = decision.cleaned_data["action"]
            reason = decision.cleaned_data["reason"]
            if action == "reject" and request.POST.get("confirmed") != "yes":
                context = {"people": people, "reason": reason, "back": request.get_full_path()}
                return render(request, "accounts/staff/reject_confirm.html", context)
            decide = services.people_validate if action == "validate" else services.people_reject
            try:
                decide(staff=request.user, people=people, reason=reason)
            except DomainError as exc:
                decision.add_error(None, exc.message)
            else:
                messages.success(request, _decided_message(action, people))
                return redirect(request.get_full_path())
    page = paginate(selectors.validation_queue(staff=request.user, filters=filters), request.GET, per_page=25)
    context = {
        "filter_form": filter_form,
        "filtered": any(filters.values()),
        "page": page,
        "rows": selectors.queue_rows(page.items),
        "summary": selectors.queue_summary(staff=request.user),
        "decision_form": decision,
        "selected": selected,
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
    form = forms.StaffRoleForm(
        request.POST or None,
        country_ids=None
        if staff_policies.is_administrator(request.user)
        else staff_policies.nso_country_ids(request.user),
    )

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
