"""Projects pages: the public gallery and project page, founding and the project's life cycle for teachers,
kits, the NSO approval queue and ESEP history. Thin: parse, call a service or a selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from twinning.contacts.selectors import contacts_of
from twinning.core import selectors as core_selectors
from twinning.core.actions import form_action, post_action
from twinning.core.errors import DomainError
from twinning.core.lookups import get_or_404
from twinning.core.paging import paginate
from twinning.reference.models import Country
from twinning.staff import policies as staff_policies
from twinning.staff.decorators import staff_required

from . import forms, policies, selectors, services
from .models import EsepHistoryImport, MemberRole, ProjectStatus
from .sections import project_sections

# --- Public ---------------------------------------------------------------------------------------


def gallery(request):
    """Active and closed projects, with filters; newcomers are pointed to kits."""
    filter_form = forms.GalleryFilterForm(request.GET or None, years=selectors.gallery_years())
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    page = paginate(selectors.gallery(filters=filters), request.GET, per_page=20)
    context = {
        "filter_form": filter_form,
        "filtered": any(filters.values()),
        "page": page,
        "cards": selectors.gallery_cards(page.items),
    }
    return render(request, "projects/gallery.html", context)


def detail(request, project_id):
    project = policies.project_or_404(request.user, project_id, queryset=selectors.project_for_page())
    page = selectors.project_page(project, request.user)
    context = {"page": page, "project": project, "sections": project_sections(project, request.user)}
    if page.mine and page.mine.status == "invited":
        context["school_form"] = forms.SchoolChoiceForm(schools=selectors.schools_of(request.user))
    if page.can_manage and project.status == ProjectStatus.ACTIVE:
        context["invite_form"] = forms.InviteForm(contacts=selectors.invitable_contacts(project, request.user))
    if page.can_manage and project.status == ProjectStatus.DRAFT:
        context["cofounder_form"] = forms.CofounderForm(
            contacts=selectors.invitable_contacts(project, request.user)[:500]
        )
        context["cofounder_missing"] = not any(m.role == MemberRole.FOUNDER for m in page.invited) and not any(
            e.is_founder for e in project.external
        )
    if page.can_manage and project.is_editable:  # the same states external_partner_add accepts
        context["external_form"] = forms.ExternalPartnerForm()
    if page.mine and page.mine.status == "active":
        context["change_school_form"] = forms.SchoolChoiceForm(
            schools=selectors.schools_of(request.user), initial={"school": page.mine.school_id}
        )
    if policies.is_staff_concerned(request.user, project):
        context["trail"] = core_selectors.audit_trail_for(project)
    return render(request, "projects/detail.html", context)


# --- A teacher's projects -------------------------------------------------------------------------


def _etwinner_or_prompt(request):
    """None for an eTwinner; otherwise the page that says what to do first (sign up, wait for validation)."""
    if policies.can_found_projects(request.user):
        return None
    return render(request, "projects/not_etwinner.html", status=403)


@login_required
def mine(request):
    refused = _etwinner_or_prompt(request)
    if refused:
        return refused
    page = paginate(selectors.my_projects(request.user), request.GET, per_page=30)
    return render(request, "projects/mine.html", {"page": page})


@login_required
def new(request):
    refused = _etwinner_or_prompt(request)
    if refused:
        return refused
    user = request.user
    kit = None
    kit_id = request.POST.get("kit") or request.GET.get("kit")
    if kit_id:
        kit = policies.published_kit_or_404(kit_id)
    schools = list(selectors.schools_of(user))
    contacts = list(contacts_of(user)[:500])
    initial = services.kit_initial(kit) if kit else {}
    form = forms.NewProjectForm(request.POST or None, schools=schools, contacts=contacts, initial=initial)

    def create(data):
        cofounder = None
        if data["partner_kind"] == "contact":
            cofounder = get_or_404(contacts_of(user), pk=data["cofounder"])
        school = next((s for s in schools if s.pk == data["school"]), None)
        return services.project_create(
            founder=user,
            school=school,
            data=form.project_data(),
            cofounder=cofounder,
            external=form.external(),
            kit=kit,
        )

    response = form_action(
        request,
        form,
        create,
        success=_("The project is saved as a draft. Check it, then send it to your co-founder."),
        redirect_to=lambda project: reverse("projects:detail", args=[project.pk]),
    )
    if response:
        return response
    return render(request, "projects/form.html", {"form": form, "kit": kit, "creating": True})


@login_required
def edit(request, project_id):
    project = policies.project_for_founder_or_404(request.user, project_id)
    if not project.is_editable:
        raise Http404
    initial = {name: getattr(project, name) for name in forms.PROJECT_FIELDS if name not in forms.M2M}
    for name in forms.M2M:
        initial[name] = list(getattr(project, name).values_list("pk", flat=True))
    form = forms.ProjectForm(request.POST or None, initial=initial)
    response = form_action(
        request,
        form,
        lambda data: services.project_update(project=project, by=request.user, data=form.project_data()),
        success=_("The project is saved."),
        redirect_to=reverse("projects:detail", args=[project.pk]),
    )
    if response:
        return response
    return render(request, "projects/form.html", {"form": form, "project": project, "creating": False})


def _founder_post(request, project_id, action, success):
    project = policies.project_for_founder_or_404(request.user, project_id)
    return post_action(
        request,
        lambda: action(project),
        success=success,
        redirect_to=reverse("projects:detail", args=[project.pk]),
    )


@login_required
@require_POST
def delete(request, project_id):
    project = policies.project_for_founder_or_404(request.user, project_id)
    return post_action(
        request,
        lambda: services.project_delete(project=project, by=request.user),
        success=_("The project “%(title)s” is deleted.") % {"title": project.title},
        redirect_to=reverse("projects:mine"),
    )


@login_required
@require_POST
def submit(request, project_id):
    return _founder_post(
        request,
        project_id,
        lambda p: services.project_submit(project=p, by=request.user),
        lambda p: (
            _("Sent to your co-founder.")
            if p.status == ProjectStatus.PENDING_PARTNER
            else _("Sent to the National Support Organisation for approval.")
        ),
    )


@login_required
@require_POST
def close(request, project_id):
    return _founder_post(
        request,
        project_id,
        lambda p: services.project_close(project=p, by=request.user),
        _("The project is closed."),
    )


@login_required
@require_POST
def archive(request, project_id):
    return _founder_post(
        request,
        project_id,
        lambda p: services.project_archive(project=p, by=request.user),
        _("The project is archived."),
    )


@login_required
@require_POST
def accept(request, project_id):
    """The invited teacher accepts: a co-founder (the project goes to the NSOs) or a member."""
    member = policies.membership_or_404(request.user, project_id, statuses=("invited",))
    form = forms.SchoolChoiceForm(request.POST, schools=selectors.schools_of(request.user))
    school = None
    if form.is_valid():
        school = selectors.schools_of(request.user).filter(pk=form.cleaned_data["school"]).first()
    if member.role == "founder":

        def act():
            return services.cofounder_accept(project=member.project, user=request.user, school=school)

        success = _("You are a founder of this project. It is sent to the NSOs for approval.")
    else:

        def act():
            return services.invitation_answer(project=member.project, user=request.user, accept=True, school=school)

        success = _("You take part in this project.")
    return post_action(request, act, success=success, redirect_to=reverse("projects:detail", args=[project_id]))


@login_required
@require_POST
def decline(request, project_id):
    member = policies.membership_or_404(request.user, project_id, statuses=("invited",))
    reason = forms.ReasonForm(request.POST)
    text = reason.cleaned_data["reason"] if reason.is_valid() else ""
    if member.role == "founder":

        def act():
            return services.cofounder_decline(project=member.project, user=request.user, reason=text)

    else:

        def act():
            return services.invitation_answer(project=member.project, user=request.user, accept=False)

    return post_action(request, act, success=_("You declined the invitation."), redirect_to=reverse("projects:mine"))


@login_required
@require_POST
def invite(request, project_id):
    project = policies.project_for_founder_or_404(request.user, project_id)
    form = forms.InviteForm(request.POST, contacts=selectors.invitable_contacts(project, request.user))
    if not form.is_valid():
        messages.error(request, _("Choose one of your contacts."))
        return redirect("projects:detail", project_id=project.pk)
    person = get_or_404(contacts_of(request.user), pk=form.cleaned_data["user"])
    return post_action(
        request,
        lambda: services.member_invite(
            project=project, by=request.user, user=person, message=form.cleaned_data["message"]
        ),
        success=_("%(name)s is invited.") % {"name": person.display_name},
        redirect_to=reverse("projects:detail", args=[project.pk]),
    )


@login_required
@require_POST
def cofounder(request, project_id):
    """A draft gets another co-founder (the first one declined before it was sent, or was erased)."""
    project = policies.project_for_founder_or_404(request.user, project_id)
    form = forms.CofounderForm(request.POST, contacts=selectors.invitable_contacts(project, request.user)[:500])
    if not form.is_valid():
        messages.error(request, _("Choose one of your contacts."))
        return redirect("projects:detail", project_id=project.pk)
    person = get_or_404(contacts_of(request.user), pk=form.cleaned_data["user"])
    return post_action(
        request,
        lambda: services.cofounder_replace(project=project, by=request.user, cofounder=person),
        success=_("%(name)s is your co-founder now. Send the project when it is ready.")
        % {"name": person.display_name},
        redirect_to=reverse("projects:detail", args=[project.pk]),
    )


@login_required
@require_POST
def leave(request, project_id):
    member = policies.membership_or_404(request.user, project_id, statuses=("active",))
    return post_action(
        request,
        lambda: services.member_leave(project=member.project, user=request.user),
        success=_("You left the project."),
        redirect_to=reverse("projects:mine"),
    )


@login_required
@require_POST
def remove(request, project_id, member_id):
    project = policies.project_for_founder_or_404(request.user, project_id)
    member = policies.member_of_project_or_404(project, member_id)
    reason = forms.ReasonForm(request.POST)
    text = reason.cleaned_data["reason"] if reason.is_valid() else ""
    return post_action(
        request,
        lambda: services.member_remove(project=project, by=request.user, member=member, reason=text),
        success=_("%(name)s is no longer in the project.") % {"name": member.user.display_name},
        redirect_to=reverse("projects:detail", args=[project.pk]),
    )


@login_required
@require_POST
def hand_over(request, project_id, member_id):
    project = policies.project_for_founder_or_404(request.user, project_id)
    member = policies.member_of_project_or_404(project, member_id)
    return post_action(
        request,
        lambda: services.founder_offer(project=project, by=request.user, member=member),
        success=_("Founder rights are offered to %(name)s.") % {"name": member.user.display_name},
        redirect_to=reverse("projects:detail", args=[project.pk]),
    )


@login_required
@require_POST
def founder_answer(request, project_id):
    member = policies.membership_or_404(request.user, project_id, statuses=("active",))
    take = request.POST.get("answer") == "accept"
    return post_action(
        request,
        lambda: services.founder_offer_answer(project=member.project, user=request.user, accept=take),
        success=_("You are now a founder of this project.") if take else _("You stay a member."),
        redirect_to=reverse("projects:detail", args=[project_id]),
    )


@login_required
@require_POST
def change_school(request, project_id):
    member = policies.membership_or_404(request.user, project_id, statuses=("active",))
    form = forms.SchoolChoiceForm(request.POST, schools=selectors.schools_of(request.user))
    school = None
    if form.is_valid():
        school = selectors.schools_of(request.user).filter(pk=form.cleaned_data["school"]).first()
    return post_action(
        request,
        lambda: services.member_school_change(project=member.project, user=request.user, school=school),
        success=_("Your school in this project is changed."),
        redirect_to=reverse("projects:detail", args=[project_id]),
    )


@login_required
@require_POST
def external_add(request, project_id):
    project = policies.project_for_founder_or_404(request.user, project_id)
    form = forms.ExternalPartnerForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect("projects:detail", project_id=project.pk)
    return post_action(
        request,
        lambda: services.external_partner_add(project=project, by=request.user, data=form.cleaned_data),
        success=_("The partner on ESEP is added."),
        redirect_to=reverse("projects:detail", args=[project.pk]),
    )


# --- Kits -------------------------------------------------------------------------------------------


def kits(request):
    page = paginate(selectors.published_kits(), request.GET, per_page=20)
    return render(request, "projects/kits.html", {"page": page})


def kit_detail(request, kit_id):
    kit = get_or_404(selectors.kit_for_page().filter(is_published=True), pk=kit_id)
    return render(request, "projects/kit.html", {"kit": kit})


@staff_required
def kit_staff(request):
    kits = policies.kits_editable_by(request.user).select_related("country").order_by("title_en", "pk")
    page = paginate(kits, request.GET, per_page=30)
    return render(request, "projects/staff/kits.html", {"page": page})


@staff_required
def kit_edit(request, kit_id=None):
    kit = get_or_404(policies.kits_editable_by(request.user), pk=kit_id) if kit_id else None
    form = forms.KitForm(request.POST or None, instance=kit)
    response = form_action(
        request,
        form,
        lambda data: services.kit_save(by=request.user, data=data, kit=kit),
        success=_("The kit is saved."),
        redirect_to="projects:kit_staff",
    )
    if response:
        return response
    return render(request, "projects/staff/kit_form.html", {"form": form, "kit": kit})


# --- NSO approval queue ------------------------------------------------------------------------------


def _staff_country_ids(user):
    return None if staff_policies.is_css_staff(user) else sorted(staff_policies.nso_country_ids(user))


def _decided_message(approve: bool, approvals) -> str:
    titles = ", ".join(f"“{a.project.title}”" for a in approvals)
    if approve:
        return ngettext("Approved: %(titles)s", "Approved (%(n)d): %(titles)s", len(approvals)) % {
            "n": len(approvals),
            "titles": titles,
        }
    return ngettext("Rejected: %(titles)s", "Rejected (%(n)d): %(titles)s", len(approvals)) % {
        "n": len(approvals),
        "titles": titles,
    }


@staff_required
def approvals(request):
    """The NSO's queue: its country's side of each project waiting, with what to check; bulk decisions."""
    filter_form = forms.ApprovalFilterForm(request.GET or None, country_ids=_staff_country_ids(request.user))
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    decision = forms.ApprovalDecisionForm()
    selected: set[int] = set()
    if request.method == "POST":
        selected = {int(i) for i in request.POST.getlist("approvals") if i.isdigit()}
        decision = forms.ApprovalDecisionForm(request.POST, approval_ids=sorted(selected))
        if decision.is_valid():
            chosen = selectors.approvals_for_decision(staff=request.user, ids=decision.cleaned_data["approvals"])
            if len(chosen) != len(set(decision.cleaned_data["approvals"])):
                decision.add_error(
                    None, _("Someone else decided on some of these projects meanwhile. Reload the queue.")
                )
            else:
                approve = decision.cleaned_data["action"] == "approve"
                try:
                    services.approvals_decide(
                        staff=request.user, approvals=chosen, approve=approve, reason=decision.cleaned_data["reason"]
                    )
                except DomainError as exc:
                    decision.add_error(None, exc.message)
                else:
                    messages.success(request, _decided_message(approve, chosen))
                    return redirect(request.get_full_path())
    page = paginate(selectors.approval_queue(staff=request.user, filters=filters), request.GET, per_page=25)
    context = {
        "filter_form": filter_form,
        "filtered": any(v for v in filters.values()),
        "page": page,
        "rows": selectors.approval_rows(page.items),
        "summary": selectors.approval_queue_summary(staff=request.user),
        "decision_form": decision,
        "selected": selected,
    }
    return render(request, "projects/staff/approvals.html", context)


@staff_required
def founderless(request):
    page = paginate(selectors.founderless_projects(staff=request.user), request.GET, per_page=30)
    return render(request, "projects/staff/founderless.html", {"page": page})


# --- ESEP history --------------------------------------------------------------------------------------

ESEP_MAX_BYTES = 5 * 1024 * 1024


@staff_required
def esep_history(request):
    """NSO staff: upload a CSV (checked at once, a preview), and verify the items teachers declared."""
    form = forms.EsepUploadForm(
        request.POST or None, request.FILES or None, country_ids=_staff_country_ids(request.user)
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > ESEP_MAX_BYTES:
            form.add_error("file", _("The file is larger than 5 MB: split it."))
        else:
            country = get_or_404(Country.objects.all(), pk=form.cleaned_data["country"])
            try:
                checked = services.esep_import_check(
                    staff=request.user, country=country, name=upload.name, content=upload.read()
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect("projects:esep_import", import_id=checked.pk)
    context = {
        "form": form,
        "waiting": list(selectors.esep_items_waiting(staff=request.user)[:100]),
        "imports": list(selectors.esep_imports(staff=request.user)[:20]),
        "reason_form": forms.ReasonForm(),
    }
    return render(request, "projects/staff/esep_history.html", context)


@staff_required
def esep_import(request, import_id):
    upload = get_or_404(selectors.esep_imports(staff=request.user), pk=import_id)
    if request.method == "POST":
        return post_action(
            request,
            lambda: services.esep_import_apply(staff=request.user, upload=upload),
            success=lambda done: (
                _("Imported: %(created)s new items, %(updated)s updated.")
                % {"created": done.created_count, "updated": done.updated_count}
            ),
            redirect_to=reverse("projects:esep_import", args=[upload.pk]),
        )
    return render(request, "projects/staff/esep_import.html", {"upload": upload, "Status": EsepHistoryImport.Status})


@staff_required
@require_POST
def esep_item_decide(request, item_id):
    item = get_or_404(selectors.esep_items_waiting(staff=request.user), pk=item_id)
    verify = request.POST.get("action") == "verify"
    reason = forms.ReasonForm(request.POST)
    text = reason.cleaned_data["reason"] if reason.is_valid() else ""
    return post_action(
        request,
        lambda: services.esep_item_decide(staff=request.user, item=item, verify=verify, reason=text),
        success=_("Verified.") if verify else _("Not accepted; the teacher is told why."),
        redirect_to="projects:esep_history",
    )


@login_required
def my_esep_history(request):
    """A teacher's ESEP history, and declaring an item for their NSO to verify."""
    refused = _etwinner_or_prompt(request)
    if refused:
        return refused
    form = forms.EsepDeclareForm(request.POST or None)
    response = form_action(
        request,
        form,
        lambda data: services.esep_item_declare(user=request.user, data=data),
        success=_("Declared. Your National Support Organisation verifies it."),
        redirect_to="projects:my_esep_history",
    )
    if response:
        return response
    items = list(selectors.my_esep_history(request.user)[:200])
    return render(request, "projects/my_esep_history.html", {"form": form, "items": items})
