"""A cycle's content: modules and activities. Each kind of activity plugs in here with
``register_kind``: the name of its learner's page and of its authoring page (if it has one beyond the
common settings). The outline and the authoring pages link through this registry, so a kind is added
without touching the others.

Also here: the authoring services (modules and activities added, changed, reordered, removed; audited;
the cycle's count of required activities and the learners' counters kept), ``copy_content`` (used when a
cycle is copied), the two kinds this module owns (a page, completed by reading it; a forum task, completed
by writing ``posts_required`` posts in its own discussion) and the cycle's forum of learners. Registries
filled at import: discussion hosts ``learning.activity_forum`` and ``learning.cycle_forum``, the attachment
host ``learning.activity``, audit actions ``learning.content_*``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.core import ordering
from twinning.core.attachments import FileAccess, register_attachment_host
from twinning.core.errors import DomainError, NotAllowed
from twinning.core.registries import register_audit_actions
from twinning.core.richtext import sanitize
from twinning.core.services import audit_record
from twinning.discussions import selectors as discussion_selectors
from twinning.discussions import services as discussion_services
from twinning.discussions.hosts import Access, register_host

from . import policies, progress
from .models import (
    TITLE_MAX,
    Activity,
    ActivityKind,
    ActivityProgress,
    Cycle,
    Enrolment,
    GradingMethod,
    H5PPackage,
    LatePolicy,
    Module,
    ProgressState,
    QuestionnaireItem,
    QuestionnaireResponse,
    QuizSlot,
    RubricCriterion,
    RubricLevel,
    SubmissionType,
)


@dataclass(frozen=True)
class KindPages:
    show: str  # URL name of the learner's page, with the activity's id as its only argument
    author: str | None = None  # URL name of the kind's own authoring page (rubric, questions, package…)


KINDS: dict[str, KindPages] = {}


def register_kind(kind: str, *, show: str, author: str | None = None) -> None:
    KINDS[kind] = KindPages(show=show, author=author)


def show_url(activity) -> str | None:
    pages = KINDS.get(activity.kind)
    return reverse(pages.show, args=[activity.pk]) if pages else None


def author_url(activity) -> str | None:
    pages = KINDS.get(activity.kind)
    return reverse(pages.author, args=[activity.pk]) if pages and pages.author else None


# --- authoring: modules and activities (staff of the course's country, audited) ----------------------------
#
# Everything below is a service: keyword-only, one transaction, an audit event per change. The cycle's count
# of required activities (``Cycle.required_total``) and the learners' counters on ``Enrolment`` follow
# every change that moves them, so completion never needs a recount over the cycle's learners.
register_audit_actions(
    {
        "learning.content_added": gettext_lazy("course content added (module or activity)"),
        "learning.content_changed": gettext_lazy("course content changed (module or activity)"),
        "learning.content_removed": gettext_lazy("course content removed (module or activity)"),
        "learning.content_moved": gettext_lazy("course content reordered"),
    }
)

COMMON_FIELDS = ("title", "body", "required", "max_points", "pass_percent", "opens_at", "due_at", "closes_at")
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    ActivityKind.PAGE: (),
    ActivityKind.ASSIGNMENT: ("submission_type", "late_policy", "late_penalty_percent", "resubmission"),
    ActivityKind.QUIZ: ("attempts_allowed", "time_limit_minutes", "grading_method", "shuffle"),
    ActivityKind.H5P: (),
    ActivityKind.QUESTIONNAIRE: ("anonymous",),
    ActivityKind.FORUM: ("posts_required",),
}
MODULE_FIELDS = ("title", "summary", "opens_at")
DATE_FIELDS = ("opens_at", "due_at", "closes_at")


class ContentError(DomainError):
    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def fields_of(kind: str) -> tuple[str, ...]:
    """The settings an activity of ``kind`` has: the common ones and its kind's own."""
    return COMMON_FIELDS + KIND_FIELDS.get(kind, ())


def _code(cycle: Cycle) -> str:
    return cycle.course.country.code


def _check_author(actor: Any, cycle: Cycle) -> None:
    if not policies.can_author(actor, cycle.course.country_id):
        raise NotAllowed(_("Only the staff of the course's country can change its content."))


def _title(value: str) -> str:
    title = " ".join((value or "").split())
    if not title:
        raise ContentError(_("Give a title."), field="title")
    if len(title) > TITLE_MAX:
        raise ContentError(_("The title is too long (at most %(n)s characters).") % {"n": TITLE_MAX}, field="title")
    return title


def _module_fields(data: dict) -> dict:
    unknown = set(data) - set(MODULE_FIELDS)
    if unknown:
        raise ContentError(_("Unknown settings: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    fields = dict(data)
    if "title" in fields:
        fields["title"] = _title(fields["title"])
    if "summary" in fields:
        fields["summary"] = (fields["summary"] or "").strip()[:2000]
    return fields


def _check_activity(values: dict) -> None:
    """The rules of an activity's settings, whatever path sets them (form, import, a forged request)."""
    opens, due, closes = values.get("opens_at"), values.get("due_at"), values.get("closes_at")
    if opens is not None and due is not None and not opens < due:
        raise ContentError(_("The activity must open before it is due."), field="due_at")
    if due is not None and closes is not None and not due <= closes:
        raise ContentError(_("The closing date cannot be before the due date."), field="closes_at")
    if opens is not None and closes is not None and not opens < closes:
        raise ContentError(_("The activity must open before it closes."), field="closes_at")
    pass_percent = values.get("pass_percent")
    if pass_percent is not None and not 0 <= pass_percent <= 100:
        raise ContentError(_("The pass mark is a percentage from 0 to 100."), field="pass_percent")
    points = values.get("max_points")
    if points is not None and Decimal(points) < 0:
        raise ContentError(_("Points cannot be negative."), field="max_points")
    if values.get("late_penalty_percent") is not None and not 0 <= values["late_penalty_percent"] <= 100:
        raise ContentError(_("The penalty is a percentage from 0 to 100."), field="late_penalty_percent")
    checks = (
        ("submission_type", SubmissionType.values),
        ("late_policy", LatePolicy.values),
        ("grading_method", GradingMethod.values),
    )
    for name, allowed in checks:
        if name in values and values[name] not in allowed:
            raise ContentError(_("Choose one of the options."), field=name)


def _activity_fields(kind: str, data: dict) -> dict:
    if "kind" in data and data["kind"] != kind:
        raise ContentError(_("The kind of an activity cannot change after it is created."), field="kind")
    data = {name: value for name, value in data.items() if name != "kind"}
    unknown = set(data) - set(fields_of(kind))
    if unknown:
        raise ContentError(_("Unknown settings: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    fields = dict(data)
    if "title" in fields:
        fields["title"] = _title(fields["title"])
    if "body" in fields:
        fields["body"] = sanitize(fields["body"] or "")
    for name in ("required", "resubmission", "shuffle", "anonymous"):
        if name in fields:
            fields[name] = bool(fields[name])
    if "max_points" in fields:
        fields["max_points"] = Decimal(fields["max_points"] or 0)
    if "posts_required" in fields and (fields["posts_required"] is None or fields["posts_required"] < 1):
        raise ContentError(_("At least one post is required."), field="posts_required")
    return fields


def _next_position(rows) -> int:
    last = rows.aggregate(n=Max("position"))["n"]
    return 0 if last is None else last + 1


def _move_counters(activity_before: Activity, activity_after: Activity | None) -> None:
    """Move the learners' counters by what a change of the activity's settings (or its removal:
    ``activity_after`` None) changes in what their progress adds to them."""
    rows = list(ActivityProgress.objects.filter(activity_id=activity_before.pk))
    changes: dict[int, list] = {}
    for row in rows:
        before = progress._share(row, activity_before)
        after = progress._share(row, activity_after) if activity_after is not None else (0, 0, Decimal(0))
        if before != after:
            changes[row.enrolment_id] = [after[i] - before[i] for i in range(3)]
    if not changes:
        return
    enrolments = list(Enrolment.objects.select_for_update().filter(pk__in=list(changes)))
    for enrolment in enrolments:
        done, graded, share = changes[enrolment.pk]
        enrolment.required_done = max(0, enrolment.required_done + done)
        enrolment.graded_count = max(0, enrolment.graded_count + graded)
        enrolment.percent_sum += share
    Enrolment.objects.bulk_update(enrolments, ["required_done", "graded_count", "percent_sum"])


@transaction.atomic
def module_create(*, actor: Any, cycle: Cycle, **data) -> Module:
    """A module at the end of the cycle's content."""
    _check_author(actor, cycle)
    fields = _module_fields(data)
    module = Module.objects.create(cycle=cycle, position=_next_position(Module.objects.filter(cycle=cycle)), **fields)
    audit_record(
        actor=actor, action="learning.content_added", target=module, country_code=_code(cycle),
        data={"cycle": cycle.pk, "module": module.pk, "title": module.title},
    )  # fmt: skip
    return module


@transaction.atomic
def module_edit(*, actor: Any, module: Module, **data) -> Module:
    cycle = module.cycle
    _check_author(actor, cycle)
    fields = _module_fields(data)
    changed = {name: value for name, value in fields.items() if getattr(module, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(module, name, value)
        module.save(update_fields=list(changed))
        audit_record(
            actor=actor, action="learning.content_changed", target=module, country_code=_code(cycle),
            data={"cycle": cycle.pk, "module": module.pk, "fields": sorted(changed)},
        )  # fmt: skip
    return module


@transaction.atomic
def module_delete(*, actor: Any, module: Module, confirmed: bool = False) -> int:
    """Remove a module and its activities; when learners have progress in them, only once confirmed. Returns
    the number of activities removed."""
    cycle = module.cycle
    _check_author(actor, cycle)
    activities = list(Activity.objects.filter(module=module))
    if not confirmed and ActivityProgress.objects.filter(activity__module=module).exists():
        raise ContentError(_("Learners have progress in this module's activities: confirm to remove it."))
    for activity in activities:
        _move_counters(activity, None)
    title, pk = module.title, module.pk
    audit_record(
        actor=actor, action="learning.content_removed", target=module, country_code=_code(cycle),
        data={"cycle": cycle.pk, "module": pk, "title": title, "activities": [a.pk for a in activities]},
    )  # fmt: skip
    module.delete()
    progress.recount_required(cycle.pk)
    return len(activities)


def _move(actor: Any, item, siblings, cycle: Cycle, up: bool) -> bool:
    if ordering.move(siblings, item, up=up) is None:
        return False
    audit_record(
        actor=actor, action="learning.content_moved", target=item, country_code=_code(cycle),
        data={"cycle": cycle.pk, "kind": type(item).__name__.lower(), "id": item.pk, "up": up},
    )  # fmt: skip
    return True


@transaction.atomic
def module_move(*, actor: Any, module: Module, up: bool) -> bool:
    """One place up or down in the cycle's order (False when already first or last)."""
    _check_author(actor, module.cycle)
    return _move(actor, module, Module.objects.filter(cycle_id=module.cycle_id), module.cycle, up)


@transaction.atomic
def activity_create(*, actor: Any, module: Module, kind: str, **data) -> Activity:
    """An activity of ``kind`` (which never changes afterwards) at the end of ``module``."""
    cycle = module.cycle
    _check_author(actor, cycle)
    if kind not in ActivityKind.values:
        raise ContentError(_("Choose the kind of activity."), field="kind")
    fields = _activity_fields(kind, data)
    activity = Activity(cycle=cycle, module=module, kind=kind, **fields)
    _check_activity({name: getattr(activity, name) for name in fields_of(kind)})
    activity.position = _next_position(Activity.objects.filter(module=module))
    activity.save()
    audit_record(
        actor=actor, action="learning.content_added", target=activity, country_code=_code(cycle),
        data={"cycle": cycle.pk, "module": module.pk, "activity": activity.pk, "kind": kind, "title": activity.title},
    )  # fmt: skip
    progress.recount_required(cycle.pk)
    return activity


@transaction.atomic
def activity_edit(*, actor: Any, activity: Activity, **data) -> Activity:
    cycle = activity.cycle
    _check_author(actor, cycle)
    fields = _activity_fields(activity.kind, data)
    changed = {name: value for name, value in fields.items() if getattr(activity, name) != value}
    if not changed:
        return activity
    if "anonymous" in changed and QuestionnaireResponse.objects.filter(activity_id=activity.pk).exists():
        raise ContentError(
            _("Learners have already answered: whether the answers are anonymous can no longer change."),
            field="anonymous",
        )
    before = Activity(**{f.attname: getattr(activity, f.attname) for f in Activity._meta.concrete_fields})
    for name, value in changed.items():
        setattr(activity, name, value)
    _check_activity({name: getattr(activity, name) for name in fields_of(activity.kind)})
    activity.save(update_fields=[*changed, "updated_at"])
    if {"required", "max_points", "pass_percent"} & set(changed):
        _move_counters(before, activity)
    audit_record(
        actor=actor, action="learning.content_changed", target=activity, country_code=_code(cycle),
        data={"cycle": cycle.pk, "activity": activity.pk, "fields": sorted(changed)},
    )  # fmt: skip
    if "required" in changed:
        progress.recount_required(cycle.pk)
    return activity


def learners_with_progress(activity: Activity) -> int:
    return ActivityProgress.objects.filter(activity_id=activity.pk).count()


@transaction.atomic
def activity_delete(*, actor: Any, activity: Activity, confirmed: bool = False) -> None:
    """Remove an activity; when learners have progress in it, only once confirmed (their counters move)."""
    cycle = activity.cycle
    _check_author(actor, cycle)
    count = learners_with_progress(activity)
    if count and not confirmed:
        raise ContentError(_("Learners have progress in this activity: confirm to remove it."))
    _move_counters(activity, None)
    audit_record(
        actor=actor, action="learning.content_removed", target=activity, country_code=_code(cycle),
        data={"cycle": cycle.pk, "activity": activity.pk, "kind": activity.kind, "title": activity.title,
              "learners_with_progress": count},
    )  # fmt: skip
    activity.delete()
    progress.recount_required(cycle.pk)


@transaction.atomic
def activity_move(*, actor: Any, activity: Activity, up: bool) -> bool:
    _check_author(actor, activity.cycle)
    return _move(actor, activity, Activity.objects.filter(module_id=activity.module_id), activity.cycle, up)


# --- copying a cycle's content to another cycle --------------------------------------------------------------


def _shifted(value, delta: timedelta):
    return value + delta if value is not None else None


def _clone(rows: list, **links) -> list:
    """Unsaved copies of ``rows`` (every column, so a column added later is copied too) with ``links``:
    {foreign key attname: {old id: new id}} for the columns pointing to rows already copied."""
    model = type(rows[0]) if rows else None
    if model is None:
        return []
    copies = []
    for row in rows:
        values = {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields if not f.primary_key}
        for attname, mapping in links.items():
            values[attname] = mapping[values[attname]]
        copies.append(model(**values))
    return copies


def copy_content(source: Cycle, target: Cycle, delta: timedelta) -> int:
    """Copy ``source``'s modules and activities into ``target``, every date moved by ``delta``, with each
    activity's rubric, quiz slots, questionnaire items and H5P package (the same unpacked folder); sets
    ``target.required_total``. Called inside the copying service's transaction; returns the number of
    activities copied. A fixed number of queries whatever the size of the content."""
    modules = list(Module.objects.filter(cycle=source).order_by("position", "id"))
    new_modules = _clone(modules, cycle_id={source.pk: target.pk})
    for module in new_modules:
        module.opens_at = _shifted(module.opens_at, delta)
    module_map = {old.pk: new.pk for old, new in zip(modules, Module.objects.bulk_create(new_modules), strict=True)}

    activities = list(Activity.objects.filter(cycle=source).order_by("module_id", "position", "id"))
    new_activities = _clone(activities, cycle_id={source.pk: target.pk}, module_id=module_map)
    for activity in new_activities:
        for name in DATE_FIELDS:
            setattr(activity, name, _shifted(getattr(activity, name), delta))
    saved = Activity.objects.bulk_create(new_activities)
    activity_map = {old.pk: new.pk for old, new in zip(activities, saved, strict=True)}
    old_ids = list(activity_map)

    criteria = list(RubricCriterion.objects.filter(activity_id__in=old_ids).order_by("pk"))
    new_criteria = RubricCriterion.objects.bulk_create(_clone(criteria, activity_id=activity_map))
    criterion_map = {old.pk: new.pk for old, new in zip(criteria, new_criteria, strict=True)}
    levels = list(RubricLevel.objects.filter(criterion_id__in=list(criterion_map)).order_by("pk"))
    RubricLevel.objects.bulk_create(_clone(levels, criterion_id=criterion_map))
    for model in (QuizSlot, QuestionnaireItem, H5PPackage):
        rows = list(model.objects.filter(activity_id__in=old_ids).order_by("pk"))
        model.objects.bulk_create(_clone(rows, activity_id=activity_map))
    target.required_total = progress.recount_required(target.pk)
    return len(saved)


# --- pages: reading one completes it --------------------------------------------------------------------------

ACTIVITY_FILES = "learning.activity"  # files attached to an activity by the staff (a page's documents)


def page_read(*, enrolment: Enrolment, activity: Activity, state: str | None = None) -> bool:
    """A learner opened a page: it is completed (once; opening it again writes nothing). ``state``: their
    progress in it, when the caller has read it. True when this reading completed it."""
    if state == ProgressState.COMPLETED:
        return False
    progress.record(enrolment=enrolment, activity=activity, state=ProgressState.COMPLETED)
    return True


def activity_files(user: Any, activity_id: int) -> FileAccess | None:
    """An activity's files: read by whoever has a seat in its cycle (learners once its module is released),
    added by the staff of the course's country."""
    try:
        activity, seat = policies.activity_or_404(user, activity_id)
    except Http404:
        return None
    return FileAccess(read=True, upload=seat.staff)


# --- forums: a forum task's discussion and a cycle's forum of learners ------------------------------------------

ACTIVITY_FORUM = "learning.activity_forum"  # host id: the forum task's id
CYCLE_FORUM = "learning.cycle_forum"  # host id: the cycle's id (a MOOC's forum of its learners)


def _access(title: str, url: str, moderate: bool) -> Access:
    return Access(
        title=title, url=url, read=True, start_discussion=moderate, start_thread=True, reply=True, moderate=moderate
    )


def activity_forum_access(user: Any, activity_id: int) -> Access | None:
    """A forum task's discussion: the cycle's learners (once released), trainers and staff; the trainers and
    the staff moderate."""
    try:
        activity, seat = policies.activity_or_404(user, activity_id, kind=ActivityKind.FORUM)
    except Http404:
        return None
    url = reverse("learning:forum_task", args=[activity.pk])
    return _access(activity.title, url, seat.staff or seat.trainer)


def cycle_forum_access(user: Any, cycle_id: int) -> Access | None:
    try:
        seat = policies.cycle_seat_or_404(user, cycle_id)
    except Http404:
        return None
    title = _("Learners' forum: %(course)s (%(cycle)s)") % {"course": seat.cycle.course.title, "cycle": seat.cycle.name}
    return _access(title, reverse("learning:outline", args=[cycle_id]), seat.staff or seat.trainer)


def posts_in_task(user: Any, activity_id: int) -> int:
    """The learner's posts (not hidden by a moderator) in a forum task's discussion."""
    return (
        discussion_selectors.posts_by(user)
        .filter(thread__discussion__forum__host=ACTIVITY_FORUM, thread__discussion__forum__host_id=activity_id)
        .filter(hidden_at__isnull=True)
        .count()
    )


def forum_task_posted(activity_id: int, post: Any) -> None:
    """A post in a forum task's discussion: its author's progress (started with the first post, completed
    with the number the task asks for). Trainers' and staff's posts move nothing."""
    activity = Activity.objects.filter(pk=activity_id, kind=ActivityKind.FORUM).first()
    if activity is None:
        return
    enrolment = policies.learner_enrolment(post.author, activity.cycle_id)
    if enrolment is None:
        return
    count = posts_in_task(post.author, activity.pk)
    state = ProgressState.COMPLETED if count >= activity.posts_required else ProgressState.STARTED
    progress.record(enrolment=enrolment, activity=activity, state=state)


def _discussion(host: str, host_id: int, title: str):
    """The place's forum and its one discussion, opened the first time anyone comes (idempotent)."""
    forum = discussion_selectors.forum_of(host, host_id)
    if forum is None:
        forum = discussion_services.forum_create(host=host, host_id=host_id)
    found = discussion_selectors.discussions_of(forum)
    if found:
        return min(found, key=lambda d: d.pk)
    return discussion_services.discussion_open(forum=forum, title=title)


@transaction.atomic
def forum_task_discussion(activity: Activity):
    return _discussion(ACTIVITY_FORUM, activity.pk, activity.title)


@transaction.atomic
def cycle_forum_discussion(cycle: Cycle):
    return _discussion(CYCLE_FORUM, cycle.pk, _("Learners' forum"))


register_kind(ActivityKind.PAGE, show="learning:page")
register_kind(ActivityKind.FORUM, show="learning:forum_task")
register_host(ACTIVITY_FORUM, gettext_lazy("forum task"), activity_forum_access, on_post=forum_task_posted)
register_host(CYCLE_FORUM, gettext_lazy("learners' forum"), cycle_forum_access)
register_attachment_host(ACTIVITY_FILES, activity_files)
