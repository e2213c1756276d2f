"""Enrolment, the rest of it, and what MOOCs need:

- **enrolment keys**: staff give a learner group a key; a learner who types it is placed in that group (even
  while on the waiting list: the group is on their enrolment from the start). A cycle may require a key.
  Keys are compared case-insensitively and in constant time, and never written to the audit trail;
- **enrolling from a CSV** of e-mails (and optional group numbers): checked first (a preview kept on an
  ``EnrolmentImport`` row, with each row's problem), applied through ``services.enrol_many`` when staff
  confirm; applying the same file again enrols nobody twice;
- **places freed by rule**: in the days before a cycle's ``start_by`` the learners who have not started are
  warned (once); after it, those warned and still not started are withdrawn (the waiting list moves);
- **announcements** to all the learners of a cycle, written as notices by a background task in bulk.

The CSV is read by the school registry import's reader (``schools.registry_import.read_csv``), as the ESEP
history import does: UTF-8 with or without BOM, comma or semicolon, rows numbered as a spreadsheet shows.
"""

from __future__ import annotations

import hmac
import unicodedata
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django_tasks import task

from twinning.accounts.models import NotificationPreference, User
from twinning.accounts.services import notify
from twinning.core.lookups import get_or_404
from twinning.core.models import Notification
from twinning.core.registries import DAILY, IMMEDIATELY, NEVER, register_audit_actions, register_notification_kind
from twinning.core.rules import register_rule, rule
from twinning.core.services import audit_record
from twinning.schools.registry_import import FileProblem, as_binary, read_csv

from . import policies, services
from .models import Announcement, Cycle, Enrolment, EnrolmentImport, LearnerGroup, Pacing, Status
from .schedule import personal_start
from .services import LearningError

register_audit_actions(
    {
        "learning.group_key_set": _("enrolment key of a group set"),
        "learning.group_key_cleared": _("enrolment key of a group removed"),
        "learning.bulk_enrol_checked": _("file of people to enrol checked"),
        "learning.bulk_enrol_applied": _("people enrolled from a file"),
        "learning.start_warned": _("learners warned to start the course"),
        "learning.announcement_posted": _("announcement to a cycle's learners"),
    }
)
register_notification_kind(
    "learning.start_warning", _("Start your course or your place goes to someone else"), delivery=IMMEDIATELY
)
register_notification_kind(
    "learning.start_withdrawn", _("Your place in a course was given up: you had not started"), delivery=IMMEDIATELY
)
register_notification_kind("learning.announcement", _("Announcements of your courses"), delivery=DAILY)
register_rule(
    "learning.start_warning_days",
    _("Days before the 'start by' date that learners who have not started are warned"),
    default=7,
    minimum=1,
    maximum=60,
    unit=_("days"),
)

START_RULE = "learning.start_by"  # the rule named in the audit trail of withdrawals for not starting
NEVER_STARTED = gettext_noop("never started")  # stored as is (``withdrawn_reason``), translated when shown
KEY_MIN, KEY_MAX = 4, 40


# --- enrolment keys ------------------------------------------------------------------------------------------


def _key_bytes(value: str) -> bytes:
    return unicodedata.normalize("NFKC", " ".join((value or "").split())).casefold().encode()


def _matches(typed: bytes, stored: str) -> bool:
    return hmac.compare_digest(typed, _key_bytes(stored))


def group_for_key(cycle: Cycle, key: str) -> LearnerGroup | None:
    """The group of ``cycle`` whose key is ``key`` (``None`` when no key is typed and none is required).
    Every group's key is compared (in constant time), so the time taken says nothing about the keys."""
    typed = _key_bytes(key)
    if not typed:
        if cycle.key_required:
            raise LearningError(_("This cycle needs an enrolment key: ask the organisers for it."), field="key")
        return None
    found = None
    for group in LearnerGroup.objects.filter(cycle_id=cycle.pk).exclude(enrolment_key="").order_by("number"):
        if _matches(typed, group.enrolment_key) and found is None:
            found = group
    if found is None:
        raise LearningError(
            _("This enrolment key is not right for this cycle. Check it and type it again."), field="key"
        )
    return found


@transaction.atomic
def group_key_set(*, actor: Any, group: LearnerGroup, key: str) -> LearnerGroup:
    """Staff of the course's country set (or, with an empty ``key``, remove) a group's enrolment key. Two
    groups of a cycle never share a key. The key itself is not audited."""
    row = LearnerGroup.objects.select_for_update().select_related("cycle__course__country").get(pk=group.pk)
    course = row.cycle.course
    if not policies.can_author(actor, course.country_id):
        raise services.NotAllowed(_("Only the staff of the course's country can set enrolment keys."))
    key = " ".join((key or "").split())
    if key and not KEY_MIN <= len(key) <= KEY_MAX:
        raise LearningError(
            _("A key has %(min)s to %(max)s characters.") % {"min": KEY_MIN, "max": KEY_MAX}, field="key"
        )
    if key:
        typed = _key_bytes(key)
        others = LearnerGroup.objects.filter(cycle_id=row.cycle_id).exclude(pk=row.pk).exclude(enrolment_key="")
        matches = [_matches(typed, other.enrolment_key) for other in others]  # every one compared
        if any(matches):
            raise LearningError(_("Another group of this cycle has this key: choose another one."), field="key")
    if key == row.enrolment_key:
        return row
    row.enrolment_key = key
    row.save(update_fields=["enrolment_key"])
    audit_record(
        actor=actor,
        action="learning.group_key_set" if key else "learning.group_key_cleared",
        target=row.cycle,
        country_code=course.country.code,
        data={"group": row.number},
    )
    return row


# --- enrolling from a CSV file -------------------------------------------------------------------------------

CSV_COLUMNS = ("email", "group")
CSV_MAX_BYTES = 5 * 1024 * 1024
CSV_MAX_ROWS = 20_000
MAX_ERRORS_KEPT = 200
CHUNK = 2000


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _read(content: Any) -> list[tuple[int, str, str]]:
    """(row number, e-mail, group) of each row; ``LearningError`` for a file that cannot be used at all."""
    try:
        stream = read_csv(as_binary(content))
        header = stream.header
        if "email" not in header:
            raise LearningError(_("The file needs a column named “email” in its first row."), field="file")
        unknown = [c for c in header if c not in CSV_COLUMNS]
        if unknown:
            raise LearningError(
                _("Unknown columns: %(columns)s. The allowed columns are: %(allowed)s.")
                % {"columns": ", ".join(unknown), "allowed": ", ".join(CSV_COLUMNS)},
                field="file",
            )
        if len(set(header)) != len(header):
            raise LearningError(_("A column appears more than once in the first row."), field="file")
        rows: list[tuple[int, str, str]] = []
        for number, cells in stream.rows:
            if len(rows) >= CSV_MAX_ROWS:
                raise LearningError(
                    _("The file has more than %(max)s rows: split it.") % {"max": f"{CSV_MAX_ROWS:,}"}, field="file"
                )
            values = dict(zip(header, [*cells, *[""] * (len(header) - len(cells))], strict=False))
            rows.append((number, (values.get("email") or "").strip().lower(), (values.get("group") or "").strip()))
    except FileProblem as problem:
        first = problem.errors.sorted_entries()[0]
        raise LearningError(first["message"], field="file") from None
    if not rows:
        raise LearningError(_("The file has a header row but no rows."), field="file")
    return rows


def _people(emails: set[str]) -> dict[str, User]:
    found: dict[str, User] = {}
    for chunk in _chunks(sorted(emails)):
        for user in (
            User.objects.annotate(email_folded=Lower("email"))
            .filter(email_folded__in=chunk, anonymised_at__isnull=True)
            .order_by("id")
        ):
            found.setdefault(user.email_folded, user)
    return found


def _states(cycle: Cycle, ids: list[int]) -> tuple[dict[int, Enrolment], set[int]]:
    """Each person's row in the cycle, and who has completed the course before (for ``refusal``)."""
    rows: dict[int, Enrolment] = {}
    completed: set[int] = set()
    for chunk in _chunks(ids):
        rows.update((e.user_id, e) for e in Enrolment.objects.filter(cycle=cycle, user_id__in=chunk))
        if cycle.not_if_completed:
            completed.update(
                Enrolment.objects.filter(
                    user_id__in=chunk, cycle__course_id=cycle.course_id, status=Status.COMPLETED
                ).values_list("user_id", flat=True)
            )
    return rows, completed


@transaction.atomic
def bulk_enrol_check(*, actor: Any, cycle: Cycle, name: str, content: bytes) -> EnrolmentImport:
    """Check a CSV of people to enrol and keep a preview: each row with a problem (unknown e-mail, not
    eligible and why, the same person twice, a group the cycle does not have) and the counts (new places,
    waiting list, already in the cycle). A file that cannot be read at all raises ``LearningError`` and
    nothing is written. Nobody is enrolled here."""
    if not policies.can_author(actor, cycle.course.country_id):
        raise services.NotAllowed(_("Only the staff of the course's country can enrol people in its cycles."))
    if content is not None and len(content) > CSV_MAX_BYTES:
        raise LearningError(_("The file is larger than 5 MB: split it."), field="file")
    lines = _read(content)
    cycle = Cycle.objects.select_related("course", "course__country").get(pk=cycle.pk)
    groups = dict(LearnerGroup.objects.filter(cycle=cycle).values_list("number", "pk"))
    people = _people({email for _n, email, _g in lines if email})
    existing, completed = _states(cycle, sorted({u.pk for u in people.values()}))
    now = timezone.now()
    errors: list[dict] = []
    rows: list[dict] = []
    seen: dict[int, int] = {}
    already = 0

    def error(number: int, column: str, message: str) -> None:
        errors.append({"row": number, "column": column, "message": str(message)})

    for number, email, group_text in lines:
        user = people.get(email)
        if not email:
            error(number, "email", _("A value is required."))
            continue
        if user is None:
            error(number, "email", _("Nobody has the e-mail %(email)s here.") % {"email": email})
            continue
        if user.pk in seen:
            error(number, "email", _("%(email)s appears more than once (also on row %(other)s).")
                  % {"email": email, "other": seen[user.pk]})  # fmt: skip
            continue
        seen[user.pk] = number
        group_id = None
        if group_text:
            number_value = int(group_text) if group_text.isdigit() else None
            group_id = groups.get(number_value) if number_value is not None else None
            if group_id is None:
                error(number, "group", _("The cycle has no group %(group)s.") % {"group": group_text})
                continue
        row = existing.get(user.pk)
        if row is not None and row.status in (Status.ENROLLED, Status.WAITING, Status.COMPLETED):
            already += 1
            continue
        reason = policies.refusal(user, cycle, now=now, enrolment=row, completed=user.pk in completed)
        if reason:
            error(number, "email", _("%(email)s may not enrol: %(reason)s") % {"email": email, "reason": reason})
            continue
        rows.append({"user": user.pk, "group": group_id})
    free = None if cycle.capacity is None else max(0, cycle.capacity - cycle.enrolled_count)
    new_places = len(rows) if free is None else min(free, len(rows))
    upload = EnrolmentImport.objects.create(
        cycle=cycle,
        created_by=actor,
        original_name=(name or "")[:255],
        total_rows=len(lines),
        error_count=len(errors),
        errors=errors[:MAX_ERRORS_KEPT],
        rows=rows,
        new_places=new_places,
        to_wait=len(rows) - new_places,
        already=already,
    )
    audit_record(
        actor=actor, action="learning.bulk_enrol_checked", target=cycle, country_code=cycle.course.country.code,
        data={"file": upload.pk, "rows": len(lines), "errors": len(errors), "to_enrol": len(rows)},
    )  # fmt: skip
    return upload


@transaction.atomic
def bulk_enrol_apply(*, actor: Any, upload: EnrolmentImport) -> EnrolmentImport:
    """Enrol the checked rows of a file through ``services.enrol_many`` (eligibility and the free places
    counted again under the cycle's lock); a row's group is put on the person's enrolment (counted in the
    group's size once they have a place). People already in the cycle are left as they are, so the same
    file applied twice enrols nobody twice."""
    upload = EnrolmentImport.objects.select_for_update().get(pk=upload.pk)
    cycle = Cycle.objects.select_for_update().select_related("course", "course__country").get(pk=upload.cycle_id)
    if not policies.can_author(actor, cycle.course.country_id):
        raise services.NotAllowed(_("Only the staff of the course's country can enrol people in its cycles."))
    if upload.status != EnrolmentImport.Status.READY:
        raise LearningError(_("This file has been applied already: upload it again to check it anew."))
    wanted = {row["user"]: row["group"] for row in upload.rows}
    existing, _completed = _states(cycle, list(wanted))
    holding = {uid for uid, e in existing.items() if e.status in (Status.ENROLLED, Status.WAITING, Status.COMPLETED)}
    users: list[User] = []
    for chunk in _chunks([uid for uid in wanted if uid not in holding]):
        users.extend(User.objects.filter(pk__in=chunk))
    order = {uid: index for index, uid in enumerate(wanted)}
    users.sort(key=lambda u: order[u.pk])  # the file's order decides who gets the free places
    result: dict[str, Any] = {"enrolled": 0, "waiting": 0, "refused": []}
    if users:
        result = services.enrol_many(cycle=cycle, users=users, actor=actor)
    refused = {user.pk for user, _reason in result["refused"]}
    by_group: dict[int, list[int]] = {}
    for user in users:
        if user.pk not in refused and wanted[user.pk]:
            by_group.setdefault(wanted[user.pk], []).append(user.pk)
    for group_id, ids in by_group.items():
        placed = 0
        for chunk in _chunks(ids):
            rows = Enrolment.objects.filter(cycle=cycle, user_id__in=chunk)
            rows.update(group_id=group_id)
            placed += rows.filter(status=Status.ENROLLED).count()
        LearnerGroup.objects.filter(pk=group_id).update(size=F("size") + placed)
    upload.status = EnrolmentImport.Status.DONE
    upload.enrolled_count, upload.waiting_count = result["enrolled"], result["waiting"]
    upload.refused_count = len(result["refused"])
    upload.already = len(holding) + upload.already
    upload.finished_at = timezone.now()
    upload.rows = []
    upload.save(
        update_fields=["status", "enrolled_count", "waiting_count", "refused_count", "already", "finished_at", "rows"]
    )
    audit_record(
        actor=actor, action="learning.bulk_enrol_applied", target=cycle, country_code=cycle.course.country.code,
        data={"file": upload.pk, "enrolled": upload.enrolled_count, "waiting": upload.waiting_count,
              "already": upload.already, "refused": upload.refused_count},
    )  # fmt: skip
    return upload


def import_or_404(user: Any, import_id: Any) -> EnrolmentImport:
    upload = get_or_404(EnrolmentImport.objects.select_related("cycle", "cycle__course"), pk=import_id)
    if not policies.can_author(user, upload.cycle.course.country_id):
        raise Http404
    return upload


def imports_of(cycle: Cycle) -> list[EnrolmentImport]:
    return list(EnrolmentImport.objects.filter(cycle=cycle).select_related("created_by")[:10])


# --- places freed by rule: start by a date or lose the place -------------------------------------------------


def _day(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _tell_warning(user: User, cycle: Cycle) -> None:
    notify(
        recipient=user,
        kind="learning.start_warning",
        title=gettext_lazy("Start your course: %(course)s") % {"course": cycle.course.title},
        body=partial(
            lambda: (
                _("Start by %(date)s or your place goes to the next person on the waiting list.")
                % {"date": _day(cycle.start_by)}
            )
        ),
        url=reverse("learning:course", args=[cycle.course_id]),
    )


def _tell_withdrawn(user: User, cycle: Cycle) -> None:
    notify(
        recipient=user,
        kind="learning.start_withdrawn",
        title=gettext_lazy("Your place is given up: %(course)s") % {"course": cycle.course.title},
        body=partial(
            lambda: (
                _("You had not started the course by %(date)s, so your place went to someone else.")
                % {"date": _day(cycle.start_by)}
            )
        ),
        url=reverse("learning:course", args=[cycle.course_id]),
    )


def start_by_sweep(*, now: datetime | None = None) -> dict:
    """The daily job of the rule "start by a date": from ``learning.start_warning_days`` days before a
    cycle's ``start_by`` to that day, each learner with a place who has not started is told once
    (``warned_at``); after that day, those warned and still not started are withdrawn ("never started"),
    through ``services.withdraw`` so that the waiting list moves and the person promoted is told. Those who
    got their place too late to be warned keep it. Safe to run twice."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    days = rule("learning.start_warning_days")
    warned = withdrawn = 0
    cycles = Cycle.objects.filter(start_by__isnull=False, ends_on__gte=today)
    for cycle in cycles.select_related("course", "course__country").order_by("id"):
        start_by = cycle.start_by
        assert start_by is not None
        idle = Enrolment.objects.filter(cycle=cycle, status=Status.ENROLLED, started_at__isnull=True)
        if start_by - timedelta(days=days) <= today <= start_by:
            warned += _warn(cycle, idle.filter(warned_at__isnull=True), now=now)
        elif today > start_by:
            for enrolment in idle.filter(warned_at__isnull=False).select_related("user").order_by("id"):
                services.withdraw(actor=None, enrolment=enrolment, reason=NEVER_STARTED, rule_key=START_RULE)
                transaction.on_commit(partial(_tell_withdrawn, enrolment.user, cycle))
                withdrawn += 1
    return {"warned": warned, "withdrawn": withdrawn}


@transaction.atomic
def _warn(cycle: Cycle, rows, *, now: datetime) -> int:
    people = list(rows.select_for_update().select_related("user").order_by("id"))
    if not people:
        return 0
    for chunk in _chunks([e.pk for e in people]):
        Enrolment.objects.filter(pk__in=chunk).update(warned_at=now)
    for enrolment in people:
        transaction.on_commit(partial(_tell_warning, enrolment.user, cycle))
    audit_record(
        actor=None, action="learning.start_warned", target=cycle, country_code=cycle.course.country.code,
        data={"rule": START_RULE, "learners": len(people), "start_by": str(cycle.start_by)},
    )  # fmt: skip
    return len(people)


# --- MOOCs: announcements, personal dates ----------------------------------------------------------------


def may_announce(user: Any, cycle: Cycle) -> bool:
    """The staff of the course's country and the cycle's trainers."""
    return policies.can_author(user, cycle.course.country_id) or policies.is_cycle_trainer(user, cycle.pk)


def announcing_cycle_or_404(user: Any, cycle_id: Any) -> Cycle:
    cycle = get_or_404(Cycle.objects.select_related("course", "course__country"), pk=cycle_id)
    if not getattr(user, "is_authenticated", False) or not may_announce(user, cycle):
        raise Http404
    return cycle


def announcements_of(cycle: Cycle):
    return Announcement.objects.filter(cycle=cycle).select_related("author").order_by("-created_at", "-id")


TITLE_MAX = 200
BODY_MAX = 10_000


@transaction.atomic
def announcement_post(*, actor: Any, cycle: Cycle, title: str, body: str) -> Announcement:
    """An announcement to every learner of the cycle: written here, the notices written by a background task
    (``announcement_send``) after the commit, never one by one in the request."""
    if not may_announce(actor, cycle):
        raise services.NotAllowed(_("Only the staff of the course's country and the cycle's trainers can announce."))
    title = " ".join((title or "").split())
    body = (body or "").strip()
    if not title:
        raise LearningError(_("Give the announcement a title."), field="title")
    if len(title) > TITLE_MAX:
        raise LearningError(_("The title is too long (at most %(n)s characters).") % {"n": TITLE_MAX}, field="title")
    if not body:
        raise LearningError(_("Write the announcement."), field="body")
    if len(body) > BODY_MAX:
        raise LearningError(_("The text is too long (at most %(n)s characters).") % {"n": f"{BODY_MAX:,}"},
                            field="body")  # fmt: skip
    announcement = Announcement.objects.create(cycle=cycle, title=title, body=body, author=actor)
    audit_record(
        actor=actor, action="learning.announcement_posted", target=cycle,
        country_code=cycle.course.country.code, data={"announcement": announcement.pk},
    )  # fmt: skip
    transaction.on_commit(lambda: announce.enqueue(announcement.pk))
    return announcement


def _delivery(user_id: int, active: bool, chosen: dict[int, str]) -> str:
    delivery = chosen.get(user_id, DAILY)
    return "" if delivery == NEVER or not active else delivery


@transaction.atomic
def announcement_send(announcement_id: int) -> int:
    """Write the notice of an announcement for every learner with a place in its cycle: ``bulk_create`` in
    chunks, each person's choice of e-mail read for a chunk at once (those who want it at once get it through
    ``notify``). Idempotent: an announcement already sent is not sent again."""
    announcement = (
        Announcement.objects.select_for_update(of=("self",)).select_related("cycle", "cycle__course")
        .filter(pk=announcement_id).first()
    )  # fmt: skip
    if announcement is None or announcement.sent_at is not None:
        return 0
    cycle = announcement.cycle
    title = f"{cycle.course.title}: {announcement.title}"[:200]
    url = reverse("learning:cycle_announcements", args=[cycle.pk])
    learners = list(
        Enrolment.objects.filter(cycle=cycle, status__in=(Status.ENROLLED, Status.COMPLETED))
        .order_by("user_id")
        .values_list("user_id", "user__is_active", "user__anonymised_at")
    )
    sent = 0
    for chunk in _chunks(learners):
        ids = [row[0] for row in chunk]
        chosen = dict(
            NotificationPreference.objects.filter(user_id__in=ids, kind="learning.announcement").values_list(
                "user_id", "delivery"
            )
        )
        notices = []
        for user_id, active, anonymised_at in chunk:
            delivery = _delivery(user_id, active and anonymised_at is None, chosen)
            if delivery == IMMEDIATELY:
                continue
            notices.append(
                Notification(recipient_id=user_id, kind="learning.announcement", title=title,
                             body=announcement.body, url=url, email_delivery=delivery)
            )  # fmt: skip
        Notification.objects.bulk_create(notices, batch_size=1000)
        sent += len(notices)
        at_once = [uid for uid, active, anonymised_at in chunk if _delivery(uid, active and anonymised_at is None,
                                                                             chosen) == IMMEDIATELY]  # fmt: skip
        for user in User.objects.filter(pk__in=at_once):
            notify(recipient=user, kind="learning.announcement", title=title, body=announcement.body, url=url)
            sent += 1
    announcement.sent_at, announcement.sent_count = timezone.now(), sent
    announcement.save(update_fields=["sent_at", "sent_count"])
    return sent


def personal_dates(enrolment: Enrolment | None, cycle: Cycle, course) -> dict | None:
    """A self-paced learner's own start and end (their clock starts when they get their place); ``None``
    for a cohort, or for someone without a place. No query: ``cycle`` and ``course`` are given."""
    if enrolment is None or course.pacing != Pacing.SELF_PACED or enrolment.status != Status.ENROLLED:
        return None
    start = personal_start(enrolment)
    if start is None:
        return None
    length = cycle.ends_on - cycle.starts_on
    return {"start": timezone.localdate(start), "end": timezone.localdate(start) + length}


# The background task of announcements, beside the service that enqueues it (the daily job of the rule
# "start by" is in ``tasks.py`` with the other daily jobs).
@task()
def announce(announcement_id: int) -> int:
    return announcement_send(announcement_id)
