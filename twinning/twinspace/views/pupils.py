"""The pupils of a TwinSpace: a founder makes logins for a class of their school, prints the login cards,
records the parents' consent, resets passwords, moves pupils between teams and removes them; a pupil's home
lists their workspaces. Every decision comes from ``policies`` (the matrix)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from twinning.core.actions import form_action, post_action
from twinning.core.lookups import login_for_visitors
from twinning.core.pupils import is_pupil

from .. import cards, forms, policies, selectors, services
from . import _open

_NEW_LOGINS = "twinspace_new_logins"  # {project id: [[pupil id, number, nickname, username, password], …]}


def _keep_logins(request, project, rows) -> None:
    """The passwords just made, kept in this teacher's session only until they print the cards or say they
    are done (the platform never shows a password twice)."""
    kept = request.session.get(_NEW_LOGINS, {})
    key = str(project.pk)
    known = {row[0] for row in rows}
    kept[key] = [row for row in kept.get(key, []) if row[0] not in known] + rows
    request.session[_NEW_LOGINS] = kept


def _kept_logins(request, project) -> list[list]:
    return request.session.get(_NEW_LOGINS, {}).get(str(project.pk), [])


def _manager(request, project_id):
    project, workspace, role = _open(request, project_id)
    if not policies.may(role, "manage_members", project):
        raise PermissionDenied
    return project, workspace


@login_required
def mine(request):
    """A pupil's home: their TwinSpaces (others go to their own dashboard)."""
    if not is_pupil(request.user):
        return redirect("accounts:dashboard")
    return render(request, "twinspace/pupil_home.html", {"workspaces": selectors.pupil_workspaces(request.user)})


@login_for_visitors
@never_cache
def pupils(request, project_id):
    """The founder's page for their school's pupils; the other teachers (and staff) see the list only."""
    project, workspace, role = _open(request, project_id)
    if not policies.may(role, "see_pupils", project):
        raise PermissionDenied
    manage = policies.may(role, "manage_members", project)
    school_ids = selectors.teacher_school_ids(request.user, project) if manage else None
    school = None
    if manage:
        try:
            school = services.teacher_school(request.user, project)
        except services.WorkspaceError as exc:
            messages.warning(request, exc.message)
    form = None
    if school is not None:
        form = forms.PupilsAddForm(
            request.POST or None,
            initial={"under_consent_age": True},
            consent_age=school.country.age_of_digital_consent,
        )

    def add(data):
        logins = services.pupils_add(actor=request.user, workspace=workspace, **data)
        _keep_logins(
            request, project, [[x.pupil.pk, x.pupil.number, x.pupil.nickname, x.username, x.password] for x in logins]
        )
        return logins

    response = None
    if form is not None:
        response = form_action(
            request,
            form,
            add,
            success=lambda logins: _("%(n)s logins are ready. Print the login cards now: the passwords are not shown "
                                     "again.") % {"n": len(logins)},
            redirect_to=reverse("twinspace:pupils", args=[project.pk]) + "#new-logins",
        )  # fmt: skip
    elif request.method == "POST":
        raise PermissionDenied
    members = selectors.pupils(workspace)
    context = {
        "project": project,
        "workspace": workspace,
        "form": form,
        "manage": manage and policies.writable(project),
        "mine": {m.pupil.school_id for m in members} & set(school_ids or []),
        "school_ids": set(school_ids or []),
        "members": members,
        "new_logins": _kept_logins(request, project) if manage else [],
        "sign_in_url": request.build_absolute_uri(reverse("pupils:login")),
    }
    return response or render(request, "twinspace/pupils.html", context)


@login_for_visitors
@never_cache
def pupil_cards(request, project_id):
    """The login cards of the logins just made or reset (PDF)."""
    project, _workspace = _manager(request, project_id)
    rows = _kept_logins(request, project)
    if not rows:
        raise Http404
    try:
        school = services.teacher_school(request.user, project)
    except services.WorkspaceError as exc:
        raise Http404 from exc
    pdf = cards.login_cards_pdf(
        [cards.Card(number, nickname, username, password) for _pk, number, nickname, username, password in rows],
        school=school.name,
        project=project.title,
        sign_in_url=request.build_absolute_uri(reverse("pupils:login")),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="login-cards-{project.pk}.pdf"'
    return response


@login_for_visitors
@require_POST
def pupil_cards_done(request, project_id):
    project, _workspace = _manager(request, project_id)
    kept = request.session.get(_NEW_LOGINS, {})
    kept.pop(str(project.pk), None)
    request.session[_NEW_LOGINS] = kept
    return redirect("twinspace:pupils", project.pk)


@login_for_visitors
def pupil_edit(request, project_id, pupil_id):
    project, workspace = _manager(request, project_id)
    membership = policies.pupil_for_teacher_or_404(request.user, workspace, pupil_id)
    membership.workspace = workspace
    pupil = membership.pupil
    which = request.POST.get("form") if request.method == "POST" else None
    details = forms.PupilForm(
        request.POST if which == "details" else None,
        initial={"nickname": pupil.nickname, "team": membership.team, "role": membership.role},
    )
    consent = forms.ConsentForm(
        request.POST if which == "consent" else None,
        initial={"consent_date": pupil.consent_date, "consent_method": pupil.consent_method},
    )
    back = reverse("twinspace:pupil", args=[project.pk, pupil.pk])
    response = None
    if which == "details":
        response = form_action(
            request,
            details,
            lambda data: services.pupil_update(actor=request.user, membership=membership, **data),
            success=_("The pupil's details are saved."),
            redirect_to=back,
        )
    elif which == "consent":
        response = form_action(
            request,
            consent,
            lambda data: services.pupil_consent_record(
                actor=request.user, membership=membership, date=data["consent_date"], method=data["consent_method"]
            ),
            success=_("The consent is recorded: the pupil can sign in."),
            redirect_to=back,
        )
    elif which == "publication":
        given = request.POST.get("given") == "yes"
        response = post_action(
            request,
            lambda: services.pupil_publication_consent_set(actor=request.user, membership=membership, given=given),
            success=_("Photos of this pupil may now be published.") if given else _("Photos of this pupil will not "
                                                                                       "be published."),
            redirect_to=back,
        )  # fmt: skip
    elif which is not None:
        raise Http404
    context = {
        "project": project,
        "workspace": workspace,
        "membership": membership,
        "pupil": pupil,
        "details": details,
        "consent": consent,
        "writable": policies.writable(project),
    }
    return response or render(request, "twinspace/pupil.html", context)


@login_for_visitors
@require_POST
def pupil_reset(request, project_id, pupil_id):
    project, workspace = _manager(request, project_id)
    membership = policies.pupil_for_teacher_or_404(request.user, workspace, pupil_id)
    membership.workspace = workspace

    def reset():
        password = services.pupil_password_reset(actor=request.user, membership=membership)
        pupil = membership.pupil
        _keep_logins(request, project, [[pupil.pk, pupil.number, pupil.nickname, pupil.user.username, password]])

    return post_action(
        request,
        reset,
        success=_("A new password is ready: print its login card."),
        redirect_to=reverse("twinspace:pupils", args=[project.pk]) + "#new-logins",
    )


@login_for_visitors
@require_POST
def pupil_remove(request, project_id, pupil_id):
    project, workspace = _manager(request, project_id)
    membership = policies.pupil_for_teacher_or_404(request.user, workspace, pupil_id)
    membership.workspace = workspace
    return post_action(
        request,
        lambda: services.pupil_remove(actor=request.user, membership=membership),
        success=_("The pupil is no longer in this TwinSpace."),
        redirect_to=reverse("twinspace:pupils", args=[project.pk]),
    )
