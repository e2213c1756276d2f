"""The newsletter's pages: subscribe (double opt-in), confirm, one-click unsubscribe, a signed-in person's
subscription, and the staff's pages (list, compose, preview, test, send, a newsletter's deliveries)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from twinning.core.actions import form_action, post_action
from twinning.core.errors import DomainError
from twinning.core.paging import paginate

from . import forms, policies, selectors, sending, services
from .models import DeliveryStatus, NewsletterStatus, SubscriptionStatus

PER_PAGE = 25
DELIVERIES_PER_PAGE = 50


# --- public ------------------------------------------------------------------------------------------------


def subscribe(request):
    user = request.user
    initial = {"language": (request.LANGUAGE_CODE or "el")[:2]}
    if user.is_authenticated:
        initial["email"] = user.email
    form = forms.SubscribeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.subscribe(email=form.cleaned_data["email"], language=form.cleaned_data["language"], user=request.user)
        return redirect("newsletter:check_inbox")
    return render(request, "newsletter/subscribe.html", {"form": form})


def check_inbox(request):
    return render(request, "newsletter/check_inbox.html")


def _invalid(request, exc: DomainError, *, title: str):
    return render(request, "newsletter/invalid_link.html", {"message": exc.message, "title": title}, status=400)


def confirm(request, value):
    """GET shows a button (mail scanners open links); only pressing it (POST) confirms."""
    try:
        subscription = services.subscription_for_confirm(value)
    except services.InvalidLink as exc:
        return _invalid(request, exc, title=_("Confirm your subscription"))
    if request.method == "POST":
        try:
            subscription = services.confirm(value=value)
        except services.InvalidLink as exc:
            return _invalid(request, exc, title=_("Confirm your subscription"))
        return render(request, "newsletter/confirmed.html", {"subscription": subscription})
    done = subscription.status == SubscriptionStatus.CONFIRMED
    return render(request, "newsletter/confirm.html", {"subscription": subscription, "done": done})


@csrf_exempt  # RFC 8058: mail programs POST "List-Unsubscribe=One-Click" without any token; only here
def unsubscribe(request, value):
    try:
        subscription = services.subscription_for_unsubscribe(value)
    except services.InvalidLink as exc:
        return _invalid(request, exc, title=_("Unsubscribe from the newsletter"))
    if request.method == "POST":
        subscription = services.unsubscribe(value=value)
        return render(request, "newsletter/unsubscribed.html", {"subscription": subscription})
    done = subscription.status == SubscriptionStatus.UNSUBSCRIBED
    return render(request, "newsletter/unsubscribe.html", {"subscription": subscription, "done": done})


@login_required
def manage(request):
    subscription = selectors.subscription_of(request.user)
    form = forms.LanguageForm(request.POST or None, initial={"language": getattr(subscription, "language", "el")})
    if subscription is not None:
        response = form_action(
            request,
            form,
            lambda data: services.change_language(user=request.user, language=data["language"]),
            success=_("Saved: the language of your newsletter."),
            redirect_to=reverse("newsletter:manage"),
        )
        if response:
            return response
    return render(request, "newsletter/manage.html", {"subscription": subscription, "form": form})


@login_required
@require_POST
def manage_unsubscribe(request):
    return post_action(
        request,
        lambda: services.unsubscribe_own(user=request.user),
        success=_("You are unsubscribed: no more newsletters will be sent to you."),
        redirect_to=reverse("newsletter:manage"),
    )


# --- staff -------------------------------------------------------------------------------------------------


def _staff_only(request) -> None:
    if not policies.is_newsletter_staff(request.user):
        raise PermissionDenied


@login_required
def staff_list(request):
    _staff_only(request)
    qs = selectors.staff_newsletters(policies.newsletters_visible_to(request.user))
    page = paginate(qs, request.GET, per_page=PER_PAGE)
    return render(request, "newsletter/staff/list.html", {"page": page})


@login_required
def staff_new(request):
    _staff_only(request)
    form = forms.NewsletterForm(request.POST or None, user=request.user)
    response = form_action(
        request,
        form,
        lambda data: services.newsletter_create(by=request.user, **data),
        success=_("The newsletter is saved as a draft."),
        redirect_to=lambda newsletter: reverse("newsletter:staff_newsletter", args=[newsletter.pk]),
    )
    if response:
        return response
    return render(request, "newsletter/staff/form.html", {"form": form, "newsletter": None})


@login_required
def staff_edit(request, newsletter_id):
    _staff_only(request)
    newsletter = policies.newsletter_or_404(request.user, newsletter_id)
    if newsletter.status != NewsletterStatus.DRAFT:
        messages.error(request, _("This newsletter has been sent; it can no longer be changed."))
        return redirect("newsletter:staff_newsletter", newsletter.pk)
    initial = {
        "title": newsletter.title, "language": newsletter.language, "intro": newsletter.intro,
        "audience": newsletter.audience, "country": newsletter.country_id,
        "items": [i["url"] for i in newsletter.items or []],
    }  # fmt: skip
    form = forms.NewsletterForm(request.POST or None, initial=initial, user=request.user, chosen=newsletter.items)
    response = form_action(
        request,
        form,
        lambda data: services.newsletter_update(by=request.user, newsletter=newsletter, **data),
        success=_("The newsletter is saved."),
        redirect_to=reverse("newsletter:staff_newsletter", args=[newsletter.pk]),
    )
    if response:
        return response
    return render(request, "newsletter/staff/form.html", {"form": form, "newsletter": newsletter})


@login_required
def staff_newsletter(request, newsletter_id):
    _staff_only(request)
    newsletter = policies.newsletter_or_404(request.user, newsletter_id)
    filters = forms.DeliveryFilterForm(request.GET or None)
    status = filters.cleaned_data.get("status", "") if filters.is_valid() else ""
    context = {"newsletter": newsletter, "filters": filters, "status": status}
    if newsletter.status == NewsletterStatus.DRAFT:
        context["audience_size"] = selectors.audience_size(newsletter)
    else:
        context["counts"] = selectors.delivery_counts(newsletter)
        context["page"] = paginate(
            selectors.deliveries(newsletter, status=status), request.GET, per_page=DELIVERIES_PER_PAGE
        )
        context["status_choices"] = DeliveryStatus.choices
    response = render(request, "newsletter/staff/newsletter.html", context)
    response._csp_update = {"frame-src": ["'self'"]}  # type: ignore[attr-defined]  # the preview's frame
    return response


@login_required
@xframe_options_sameorigin
def staff_preview(request, newsletter_id):
    """The e-mail as subscribers will see it (shown in a sandboxed frame of the newsletter's page)."""
    _staff_only(request)
    newsletter = policies.newsletter_or_404(request.user, newsletter_id)
    _subject, _text, body = sending.render_parts(newsletter)
    response = HttpResponse(body.replace(sending.PLACEHOLDER, "#"))
    # The e-mail's look is written in style attributes (mail programs need them); allowed on this page only.
    response._csp_update = {"style-src": ["'unsafe-inline'"]}  # type: ignore[attr-defined]
    response._csp_replace = {"frame-ancestors": ["'self'"]}  # type: ignore[attr-defined]
    return response


@login_required
@require_POST
def staff_test(request, newsletter_id):
    _staff_only(request)
    newsletter = policies.newsletter_or_404(request.user, newsletter_id)
    return post_action(
        request,
        lambda: services.send_test(by=request.user, newsletter=newsletter),
        success=_("A test was sent to %(email)s.") % {"email": request.user.email},
        redirect_to=reverse("newsletter:staff_newsletter", args=[newsletter.pk]),
    )


@login_required
def staff_send(request, newsletter_id):
    """A confirmation step naming how many subscribers will get it; pressing "Send" starts the job."""
    _staff_only(request)
    newsletter = policies.newsletter_or_404(request.user, newsletter_id)
    if newsletter.status != NewsletterStatus.DRAFT:
        return redirect("newsletter:staff_newsletter", newsletter.pk)
    if request.method == "POST":
        try:
            job = services.send(by=request.user, newsletter=newsletter)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("newsletter:staff_newsletter", newsletter.pk)
        return redirect("jobs:job", job.pk)
    size = selectors.audience_size(newsletter)
    return render(request, "newsletter/staff/send.html", {"newsletter": newsletter, "audience_size": size})
