"""The helpdesk's pages: the help start page, the ticket form (signed-in people at once, visitors after the
link sent to their address), "My requests" and a request's page (answer, rate, files); for agents the queue
with the dashboard, a ticket's page (reply with a canned reply, notes, status, priority, agent, transfer,
escalation, merge, the requester's context), a phone call's form and the canned replies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.accounts.sections import staff_context
from twinning.core import attachments
from twinning.core.actions import form_action, post_action
from twinning.core.errors import DomainError
from twinning.core.paging import paginate

from . import forms, policies, selectors, services
from .models import Channel, Status, Ticket, VisitorRequest

QUEUE_PER_PAGE = 30
HOST = "support.ticket"


def _language() -> str:
    return (get_language() or "el")[:8]


# --- requesters -----------------------------------------------------------------------------------------------


def start(request):
    context = {
        "has_tickets": selectors.has_tickets(request.user),
        "agent": policies.is_agent(request.user),
        "categories": selectors.active_categories(),
    }
    return render(request, "support/start.html", context)


def _attach(request, ticket: Ticket, upload, rights: str) -> None:
    attachments.attach(actor=request.user, host=HOST, host_id=ticket.pk, upload=upload, rights=rights)


def new_ticket(request):
    """Signed-in people open a ticket at once; visitors get a link by e-mail first."""
    visitor = not request.user.is_authenticated
    form_class = forms.VisitorTicketForm if visitor else forms.TicketForm
    form = form_class(request.POST or None, request.FILES or None)
    if visitor:

        def action(data):
            return services.visitor_request(
                email=data["email"], name=data["name"], country=data["country"], category=data["category"],
                subject=data["subject"], body=data["body"], language=_language(),
            )  # fmt: skip

        response = form_action(
            request,
            form,
            action,
            success=None,
            redirect_to=reverse("support:visitor_sent"),
        )
    else:

        @transaction.atomic
        def action(data):
            ticket = services.open_ticket(
                email=request.user.email, requester=request.user, category=data["category"],
                subject=data["subject"], body=data["body"], suggestions_shown=bool(data.get("suggestions_shown")),
            )  # fmt: skip
            if data.get("attachment"):
                try:
                    _attach(request, ticket, data["attachment"], data.get("rights") or "")
                except attachments.UploadError as exc:  # nothing is kept: the ticket waits for a good file
                    raise services.SupportError(
                        exc.message, field="rights" if exc.field == "rights" else "attachment"
                    ) from None
            return ticket

        response = form_action(
            request,
            form,
            action,
            success=lambda t: (
                _("Your request %(ref)s is sent. We will answer you here and by e-mail.") % {"ref": t.reference}
            ),
            redirect_to=lambda t: reverse("support:ticket", args=[t.pk]),
        )
    if response:
        return response
    return render(request, "support/new.html", {"form": form, "visitor": visitor})


def visitor_sent(request):
    return render(request, "support/visitor_sent.html")


def visitor_confirm(request, token):
    """GET shows a button (mail scanners open links); POST opens the ticket."""
    pending = VisitorRequest.objects.select_related("category").filter(token=token).first()
    expired = pending is not None and services.visitor_request_expired(pending)
    if request.method == "POST":
        try:
            ticket = services.visitor_confirm(token=token)
        except DomainError as exc:
            return render(request, "support/visitor_confirm.html", {"error": exc.message}, status=400)
        return render(request, "support/visitor_done.html", {"ticket": ticket})
    if pending is None or expired:
        error = (
            _("This link has expired. Send your request again.")
            if expired
            else _("This link is not valid (any more). Send your request again.")
        )
        return render(request, "support/visitor_confirm.html", {"error": error}, status=404)
    return render(request, "support/visitor_confirm.html", {"pending": pending})


@login_required
def mine(request):
    page = paginate(selectors.requester_tickets(request.user), request.GET, per_page=QUEUE_PER_PAGE)
    for ticket in page.items:
        ticket.handler = selectors.handler_label(ticket)
    return render(request, "support/mine.html", {"page": page})


@login_required
def ticket(request, ticket_id):
    ticket = policies.ticket_for_requester_or_404(request.user, ticket_id)
    can_rate = (
        ticket.status in (Status.RESOLVED, Status.CLOSED) and ticket.satisfaction is None and not ticket.merged_into_id
    )
    context = {
        "ticket": ticket,
        "handler": selectors.handler_label(ticket),
        "thread": selectors.ticket_messages(ticket, for_agent=False),
        "files": selectors.ticket_attachments(ticket),
        "reply_form": forms.ReplyForm() if ticket.status != Status.CLOSED else None,
        "rate_form": forms.RateForm() if can_rate else None,
        "upload_form": forms.UploadForm() if ticket.status != Status.CLOSED else None,
    }
    return render(request, "support/ticket.html", context)


@login_required
def reply(request, ticket_id):
    ticket = policies.ticket_for_requester_or_404(request.user, ticket_id)
    form = forms.ReplyForm(request.POST or None)
    response = form_action(
        request,
        form,
        lambda data: services.requester_reply(
            ticket=ticket, body=data["body"], author=request.user, author_email=request.user.email
        ),
        success=_("Your reply is sent."),
        redirect_to=reverse("support:ticket", args=[ticket.pk]),
        field="body",
    )
    if response:
        return response
    return render(request, "support/form_page.html", {"form": form, "ticket": ticket, "title": _("Your reply")})


@login_required
def rate(request, ticket_id):
    ticket = policies.ticket_for_requester_or_404(request.user, ticket_id)
    form = forms.RateForm(request.POST or None)
    response = form_action(
        request,
        form,
        lambda data: services.rate(
            ticket=ticket, requester=request.user, rating=data["rating"], comment=data["comment"]
        ),
        success=_("Thank you for your rating."),
        redirect_to=reverse("support:ticket", args=[ticket.pk]),
        field="rating",
    )
    if response:
        return response
    return render(request, "support/form_page.html", {"form": form, "ticket": ticket, "title": _("Rate the answer")})


def _upload(request, ticket: Ticket, back: str, *, staff: bool = False):
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    response = form_action(
        request,
        form,
        lambda data: _attach(request, ticket, data["file"], data["rights"]),
        success=_("The file is added."),
        redirect_to=back,
        field="file",
    )
    if response:
        return response
    return render(
        request,
        "support/form_page.html",
        {"form": form, "ticket": ticket, "title": _("Add a file"), "files": True, "staff": staff},
    )


@login_required
def upload(request, ticket_id):
    ticket = policies.ticket_for_requester_or_404(request.user, ticket_id)
    if ticket.status == Status.CLOSED:
        raise Http404
    return _upload(request, ticket, reverse("support:ticket", args=[ticket.pk]))


# --- agents -----------------------------------------------------------------------------------------------------


def _agents_only(request) -> None:
    if not policies.is_agent(request.user):
        raise PermissionDenied


@login_required
def staff_queue(request):
    _agents_only(request)
    form = forms.QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    now = timezone.now()
    page = paginate(selectors.queue(request.user, filters, now=now), request.GET, per_page=QUEUE_PER_PAGE)
    selectors.with_flags(page.items, now)
    for row in page.items:
        row.handler = selectors.handler_label(row)
    context = {
        "form": form,
        "page": page,
        "figures": selectors.dashboard(request.user),
        "filtered": any(filters.get(k) for k in ("q", "status", "category", "priority", "assignee", "overdue")),
        "can_canned": policies.can_manage_canned(request.user),
    }
    return render(request, "support/staff/queue.html", context)


def _agent_page(request, ticket: Ticket, **forms_given):
    """The agent's page of a ticket, with the forms given (holding errors) or fresh ones."""
    from twinning.accounts.models import User

    agents = list(
        User.objects.filter(pk__in=policies.assignable_user_ids(ticket), is_active=True).order_by(
            "first_name", "last_name"
        )[:200]
    )
    canned = selectors.canned_choices(request.user, ticket)
    reply_initial = {}
    chosen = request.GET.get("canned", "")
    if chosen.isdigit():
        picked = next((c for c in canned if c.pk == int(chosen)), None)
        if picked is not None:
            reply_initial["body"] = services.render_canned(picked, ticket, request.user, _language())
    requester = ticket.requester if ticket.requester_id else None
    context = {
        "ticket": ticket,
        "handler": selectors.handler_label(ticket),
        "flags": selectors.due_flags(ticket),
        "thread": selectors.ticket_messages(ticket, for_agent=True),
        "files": selectors.ticket_attachments(ticket),
        "canned": canned,
        "chosen_canned": chosen,
        "can_move": policies.can_move(request.user, ticket),
        "can_hand_back": policies.can_hand_back(request.user, ticket),
        "context_sections": staff_context(requester, request.user) if requester is not None else [],
        "reply_form": forms_given.get("reply_form") or forms.AgentReplyForm(initial=reply_initial),
        "note_form": forms_given.get("note_form") or forms.NoteForm(),
        "status_form": forms_given.get("status_form") or forms.StatusForm(initial={"status": ticket.status}),
        "priority_form": forms_given.get("priority_form") or forms.PriorityForm(initial={"priority": ticket.priority}),
        "assign_form": forms_given.get("assign_form")
        or forms.AssignForm(agents=agents, initial={"assignee": ticket.assignee_id}),
        "transfer_form": forms_given.get("transfer_form") or forms.TransferForm(),
        "escalate_form": forms_given.get("escalate_form") or forms.EscalateForm(),
        "merge_form": forms_given.get("merge_form") or forms.MergeForm(),
        "upload_form": forms.UploadForm(),
    }
    return render(request, "support/staff/ticket.html", context, status=400 if forms_given else 200)


@login_required
def staff_ticket(request, ticket_id):
    _agents_only(request)
    ticket = policies.ticket_for_agent_or_404(request.user, ticket_id)
    if request.htmx and request.GET.get("canned"):
        return _canned_fill(request, ticket)
    return _agent_page(request, ticket)


def _canned_fill(request, ticket: Ticket):
    """The reply box filled with the chosen canned reply (htmx partial)."""
    canned = selectors.canned_choices(request.user, ticket)
    chosen = request.GET.get("canned", "")
    picked = next((c for c in canned if str(c.pk) == chosen), None)
    text = services.render_canned(picked, ticket, request.user, _language()) if picked else ""
    form = forms.AgentReplyForm(initial={"body": text})
    return render(request, "support/staff/_reply_body.html", {"field": form["body"]})


def _staff_action(request, ticket_id, form_class, name: str, action, success):
    _agents_only(request)
    ticket = policies.ticket_for_agent_or_404(request.user, ticket_id)
    if request.method != "POST":
        return redirect("support:staff_ticket", ticket.pk)
    form = form_class(request.POST)
    back = reverse("support:staff_ticket", args=[ticket.pk])
    response = form_action(request, form, lambda data: action(ticket, data), success=success, redirect_to=back)
    if response:
        return response
    return _agent_page(request, ticket, **{name: form})


@login_required
def staff_reply(request, ticket_id):
    return _staff_action(
        request, ticket_id, forms.AgentReplyForm, "reply_form",
        lambda t, d: services.agent_reply(ticket=t, agent=request.user, body=d["body"], status=d["status"]),
        _("Your reply is sent to the requester."),
    )  # fmt: skip


@login_required
def staff_note(request, ticket_id):
    return _staff_action(
        request, ticket_id, forms.NoteForm, "note_form",
        lambda t, d: services.add_note(ticket=t, agent=request.user, body=d["note"]),
        _("The note is added."),
    )  # fmt: skip


@login_required
def staff_status(request, ticket_id):
    return _staff_action(
        request, ticket_id, forms.StatusForm, "status_form",
        lambda t, d: services.set_status(ticket=t, agent=request.user, status=d["status"], reason=d["reason"]),
        _("The status is changed."),
    )  # fmt: skip


@login_required
def staff_priority(request, ticket_id):
    return _staff_action(
        request, ticket_id, forms.PriorityForm, "priority_form",
        lambda t, d: services.set_priority(ticket=t, agent=request.user, priority=d["priority"]),
        _("The priority is changed."),
    )  # fmt: skip


@login_required
@require_POST
def staff_assign(request, ticket_id):
    from twinning.accounts.models import User

    _agents_only(request)
    ticket = policies.ticket_for_agent_or_404(request.user, ticket_id)
    raw = request.POST.get("assignee", "")
    back = reverse("support:staff_ticket", args=[ticket.pk])
    assignee = User.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if raw and assignee is None:  # not a number, or nobody: the service checks who may handle it
        messages.error(request, _("This person cannot handle this ticket."))
        return redirect(back)
    return post_action(
        request,
        lambda: services.assign(ticket=ticket, agent=request.user, assignee=assignee),
        success=_("The agent is changed."),
        redirect_to=back,
    )


@login_required
def staff_transfer(request, ticket_id):
    return _staff_action(
        request, ticket_id, forms.TransferForm, "transfer_form",
        lambda t, d: services.transfer(ticket=t, agent=request.user, country=d["country"], reason=d["reason"]),
        lambda t: _("The ticket is transferred: now handled by %(handler)s.") % {"handler": selectors.handler_label(t)},
    )  # fmt: skip


@login_required
def staff_escalate(request, ticket_id):
    return _staff_action(
        request, ticket_id, forms.EscalateForm, "escalate_form",
        lambda t, d: services.escalate(ticket=t, agent=request.user, reason=d["reason"]),
        _("The ticket is sent to the Central Support Service."),
    )  # fmt: skip


def _merge(request, ticket: Ticket, number: int):
    into = policies.tickets_for_agent(request.user).filter(pk=number).first()
    return services.merge(ticket=ticket, into=into, agent=request.user)  # type: ignore[arg-type]


@login_required
def staff_merge(request, ticket_id):
    _agents_only(request)
    ticket = policies.ticket_for_agent_or_404(request.user, ticket_id)
    if request.method != "POST":
        return redirect("support:staff_ticket", ticket.pk)
    form = forms.MergeForm(request.POST)
    response = form_action(
        request,
        form,
        lambda data: _merge(request, ticket, data["into"]),
        success=lambda into: _("Merged into %(ref)s.") % {"ref": into.reference},
        redirect_to=lambda into: reverse("support:staff_ticket", args=[into.pk]),
        field="into",
    )
    if response:
        return response
    return _agent_page(request, ticket, merge_form=form)


@login_required
def staff_upload(request, ticket_id):
    _agents_only(request)
    ticket = policies.ticket_for_agent_or_404(request.user, ticket_id)
    return _upload(request, ticket, reverse("support:staff_ticket", args=[ticket.pk]), staff=True)


@login_required
def staff_phone(request):
    """A phone call logged on the caller's behalf: the ticket is theirs if their e-mail has an account."""
    from twinning.accounts.selectors import live_account_by_email

    _agents_only(request)
    form = forms.PhoneForm(request.POST or None)

    def action(data):
        person = live_account_by_email(data["email"])
        return services.open_ticket(
            email=data["email"], name=data["name"], requester=person, category=data["category"],
            subject=data["subject"], body=data["body"], channel=Channel.PHONE, logged_by=request.user,
            country=data["country"] if person is None else None, email_verified=person is not None,
            priority=data["priority"],
        )  # fmt: skip

    response = form_action(
        request,
        form,
        action,
        success=lambda t: _("The call is logged as %(ref)s.") % {"ref": t.reference},
        redirect_to=lambda t: (
            reverse("support:staff_ticket", args=[t.pk])
            if policies.can_handle(request.user, t)
            else reverse("support:staff_queue")
        ),
    )
    if response:
        return response
    return render(request, "support/staff/phone.html", {"form": form})


# --- canned replies -------------------------------------------------------------------------------------------


def _canned_editors_only(request) -> None:
    if not policies.can_manage_canned(request.user):
        raise PermissionDenied


@login_required
def canned_list(request):
    _canned_editors_only(request)
    rows = list(
        policies.canned_for_agent(request.user).select_related("country", "category").order_by("title", "pk")[:500]
    )
    for row in rows:
        row.editable = policies.can_edit_canned(request.user, row.country_id)
    return render(request, "support/staff/canned_list.html", {"rows": rows})


def _canned_form(request, data=None, initial=None):
    from twinning.reference.models import Country
    from twinning.staff.policies import is_css_staff, nso_country_ids

    css = is_css_staff(request.user)
    countries = (
        Country.objects.order_by("name_en") if css else Country.objects.filter(pk__in=nso_country_ids(request.user))
    )
    return forms.CannedForm(data, initial=initial, countries=list(countries), all_countries=css)


@login_required
def canned_edit(request, canned_id=None):
    _canned_editors_only(request)
    canned = policies.canned_for_editor_or_404(request.user, canned_id) if canned_id else None
    form = _canned_form(request, request.POST or None, initial=forms.CannedForm.initial_for(canned) if canned else None)
    response = form_action(
        request,
        form,
        lambda data: services.canned_reply_save(agent=request.user, canned=canned, **data),
        success=_("The canned reply is saved."),
        redirect_to=reverse("support:canned_list"),
    )
    if response:
        return response
    return render(request, "support/staff/canned_form.html", {"form": form, "canned": canned})


@login_required
def canned_delete(request, canned_id):
    _canned_editors_only(request)
    canned = policies.canned_for_editor_or_404(request.user, canned_id)
    if request.method != "POST":
        return render(request, "support/staff/canned_delete.html", {"canned": canned})
    return post_action(
        request,
        lambda: services.canned_reply_delete(agent=request.user, canned=canned),
        success=_("The canned reply is deleted."),
        redirect_to=reverse("support:canned_list"),
    )
