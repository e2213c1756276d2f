"""Staff pages of a course's question bank: importing a GIFT or Moodle XML file (upload → preview → import)
and exporting the bank (or a category) as a file. Only the staff who author the course (its country's NSO,
CSS) reach them; anyone else gets 404.

Between the preview and the import the file waits in the person's session (compressed), with the course
and the file's digest: the import applies exactly the file that was previewed."""

from __future__ import annotations

import base64
import zlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from twinning.core.errors import DomainError
from twinning.core.uploads import accepts_upload

from . import policies, qformat_services, qformats
from .models import QuestionCategory
from .qformat_forms import ExportForm, ImportForm

SESSION_KEY = "learning_qformat_import"


def _keep(request, course, *, content: bytes, fmt: str, filename: str, category_id) -> str:
    digest = qformat_services.digest(content)
    request.session[SESSION_KEY] = {
        "course": course.pk,
        "digest": digest,
        "format": fmt,
        "filename": filename[:200],
        "category": category_id,
        "content": base64.b64encode(zlib.compress(content, 6)).decode("ascii"),
    }
    return digest


def _kept(request, course, digest: str) -> dict | None:
    kept = request.session.get(SESSION_KEY)
    if not kept or kept.get("course") != course.pk or kept.get("digest") != digest:
        return None
    try:
        content = zlib.decompress(base64.b64decode(kept["content"]), bufsize=qformats.MAX_BYTES)
    except (ValueError, zlib.error):
        return None
    return {**kept, "content": content}


def _default_category(course, category_id) -> QuestionCategory | None:
    if not category_id:
        return None
    return QuestionCategory.objects.filter(course=course, pk=category_id).select_related("parent").first()


# A little more than the file itself (the form around it): a larger file is told so by the form.
@accepts_upload(qformats.MAX_BYTES + 64 * 1024)
@login_required
def question_import(request, course_id):
    course = policies.authored_course_or_404(request.user, course_id)
    paths = qformat_services.category_paths(course)
    context: dict = {"course": course}
    if request.method == "POST" and request.POST.get("step") == "apply":
        kept = _kept(request, course, request.POST.get("digest", ""))
        if kept is None:
            messages.error(request, _("The file to import is no longer waiting: upload it again."))
            return redirect("learning:question_import", course_id=course.pk)
        try:
            counts = qformat_services.import_apply(
                actor=request.user,
                course=course,
                content=kept["content"],
                fmt=kept["format"],
                filename=kept["filename"],
                default_category=_default_category(course, kept.get("category")),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("learning:question_import", course_id=course.pk)
        request.session.pop(SESSION_KEY, None)
        messages.success(request, qformat_services.import_summary(counts))
        return redirect("learning:question_import", course_id=course.pk)
    form = ImportForm(request.POST or None, request.FILES or None, course=course, paths=paths)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read(qformats.MAX_BYTES + 1)
        category = form.cleaned_data["category"]
        try:
            preview = qformat_services.import_preview(
                course=course,
                content=content,
                fmt=form.cleaned_data["format"],
                filename=upload.name,
                default_category=category,
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            context.update(preview=preview, filename=upload.name, format_label=dict(FORMATS)[preview.fmt])
            if preview.ok and preview.new:
                context["digest"] = _keep(request, course, content=content, fmt=preview.fmt, filename=upload.name,
                                          category_id=category.pk if category else None)  # fmt: skip
            return render(request, "learning/qformat/preview.html", context)
    context["form"] = form
    context["export_url"] = reverse("learning:question_export", args=[course.pk])
    return render(request, "learning/qformat/import.html", context)


FORMATS = (("gift", "GIFT"), ("xml", "Moodle XML"))


@login_required
def question_export(request, course_id):
    course = policies.authored_course_or_404(request.user, course_id)
    paths = qformat_services.category_paths(course)
    form = ExportForm(request.GET if "format" in request.GET else None, course=course, paths=paths)
    if not form.is_bound or not form.is_valid():
        if form.is_bound and "category" in form.errors:
            raise Http404  # a category of another course
        return render(request, "learning/qformat/export.html", {"course": course, "form": form})
    name, text = qformat_services.export(
        course=course, fmt=form.cleaned_data["format"], category=form.cleaned_data["category"]
    )
    content_type = "application/xml" if form.cleaned_data["format"] == "xml" else "text/plain"
    response = HttpResponse(text.encode("utf-8"), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
