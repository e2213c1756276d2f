"""A person's part of the online courses in their data download, and its erasure.

Download (a fixed number of queries, whatever the number of rows: one query a table):
- ``learning``: each enrolment with, inside it, the person's progress per activity, their submissions (with
  the grade, the feedback, "your trainer" as who graded, and the names of their files: the files themselves are in the
  course), their quiz attempts (answers and marks as stored), the exceptions granted to them (with the
  reason) and their answers to named questionnaires. Answers to an anonymous questionnaire keep no
  enrolment: they cannot be tied to the person and never appear.
- ``volunteer_trainer``: their applications to be a volunteer trainer, their row in the registry and its
  history (the cycles and the groups they tutored).
- ``learning_authored``: the announcements they wrote and the enrolment files they uploaded (as staff).

Erasure: a place they held goes to the first person waiting (as a withdrawal would), then their enrolments
go, and with them (cascade) progress, submissions, attempts, exceptions and named questionnaire answers; the
files of their submissions go too (rows now, stored files once the erasure commits). Anonymous answers stay
(not personal data). Their trainer rows go: the groups they tutored keep running without a trainer. Where
they acted on others (a grade, an exception, a sign-off, an announcement, a decision) the rows stay and the
actor is forgotten.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from twinning.core import privacy as core_privacy

from .models import Enrolment, Status


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _num(value) -> str | None:
    return None if value is None else str(value)


def _name(user) -> str | None:
    """Who graded or granted, as a role: other people's names never leave in someone else's download
    (``core.privacy``); the learner sees the names on the platform's pages."""
    return str(_("your trainer or the course's staff")) if user is not None else None


def _by_enrolment(rows) -> dict[int, list]:
    found: dict[int, list] = defaultdict(list)
    for row in rows:
        found[row.enrolment_id].append(row)
    return found


def _submissions(ids: list[int]) -> dict[int, list[dict]]:
    from twinning.core.models import Attachment

    from .assignment_selectors import HOST
    from .models import Submission

    rows = list(
        Submission.objects.filter(enrolment_id__in=ids)
        .select_related("activity", "graded_by")
        .order_by("activity__module__position", "activity__position", "activity_id", "number")
    )
    files: dict[int, list[dict]] = defaultdict(list)
    if rows:
        for a in Attachment.objects.filter(host=HOST, host_id__in=[r.pk for r in rows]).order_by("created_at", "pk"):
            files[a.host_id].append({"name": a.name, "bytes": a.size, "added_at": _iso(a.created_at)})
    out: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        out[r.enrolment_id].append(
            {
                "activity": r.activity.title,
                "number": r.number,
                "text": r.text,
                "status": r.status,
                "submitted_at": _iso(r.submitted_at),
                "days_late": r.days_late,
                "points": _num(r.points),
                "feedback": r.feedback,
                "graded_by": _name(r.graded_by),
                "graded_at": _iso(r.graded_at),
                "files": files.get(r.pk, []),
            }
        )
    return out


def _attempts(ids: list[int]) -> dict[int, list[dict]]:
    from .models import Attempt, Question

    rows = list(
        Attempt.objects.filter(enrolment_id__in=ids)
        .select_related("activity")
        .order_by("activity__module__position", "activity__position", "activity_id", "number")
    )
    question_ids = {entry.get("question") for r in rows for entry in (r.layout or [])} - {None}
    names = dict(Question.objects.filter(pk__in=question_ids).values_list("pk", "name")) if question_ids else {}
    out: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        answers, marks = r.answers or {}, r.marks or {}
        out[r.enrolment_id].append(
            {
                "quiz": r.activity.title,
                "number": r.number,
                "state": r.state,
                "started_at": _iso(r.started_at),
                "finished_at": _iso(r.finished_at),
                "points": _num(r.points),
                "questions": [
                    {
                        "question": names.get(entry.get("question"), ""),
                        "answer": answers.get(str(entry.get("question"))),
                        "points": marks.get(str(entry.get("question"))),
                    }
                    for entry in (r.layout or [])
                ],
                "answers": answers,  # as stored: {question id: the answer as the form gave it}
                "marks": marks,
            }
        )
    return out


def _questionnaires(ids: list[int]) -> dict[int, list[dict]]:
    from .models import QuestionnaireItem, QuestionnaireResponse

    # Named answers only: an anonymous answer has no enrolment, so it cannot be found here (and must not be).
    rows = list(QuestionnaireResponse.objects.filter(enrolment_id__in=ids).select_related("activity").order_by("pk"))
    items: dict[int, list] = defaultdict(list)
    if rows:
        for item in QuestionnaireItem.objects.filter(activity_id__in={r.activity_id for r in rows}).order_by(
            "position", "id"
        ):
            items[item.activity_id].append(item)
    out: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        if r.enrolment_id is None:  # never an anonymous answer (the query already leaves them out)
            continue
        answers = r.answers or {}
        out[r.enrolment_id].append(
            {
                "questionnaire": r.activity.title,
                "answered_on": _iso(r.submitted_at),
                "answers": [
                    {"question": item.text, "answer": answers.get(str(item.pk))}
                    for item in items[r.activity_id]
                    if str(item.pk) in answers
                ],
            }
        )
    return out


def export_learning(user) -> list[dict]:
    from .models import ActivityProgress, Override

    enrolments = list(
        Enrolment.objects.filter(user=user).select_related("cycle", "cycle__course", "group").order_by("enrolled_at")
    )
    ids = [e.pk for e in enrolments]
    if ids:
        progress = _by_enrolment(
            ActivityProgress.objects.filter(enrolment_id__in=ids)
            .select_related("activity")
            .order_by("activity__module__position", "activity__position", "activity_id")
        )
        overrides = _by_enrolment(
            Override.objects.filter(enrolment_id__in=ids).select_related("activity", "granted_by").order_by("pk")
        )
        submissions, attempts, answers = _submissions(ids), _attempts(ids), _questionnaires(ids)
    else:
        progress, overrides, submissions, attempts, answers = {}, {}, {}, {}, {}
    return [
        {
            "course": e.cycle.course.title,
            "cycle": e.cycle.name,
            "status": e.status,
            "enrolled_at": _iso(e.enrolled_at),
            "promoted_at": _iso(e.promoted_at),
            "withdrawn_at": _iso(e.withdrawn_at),
            "withdrawn_reason": e.withdrawn_reason,
            "completed_at": _iso(e.completed_at),
            "started_at": _iso(e.started_at),
            "group": e.group.number if e.group is not None else None,
            "signed_off_at": _iso(e.signed_off_at),
            "progress": [
                {
                    "activity": p.activity.title,
                    "state": p.state,
                    "points": _num(p.points),
                    "completed_at": _iso(p.completed_at),
                }
                for p in progress.get(e.pk, [])
            ],
            "submissions": submissions.get(e.pk, []),
            "quiz_attempts": attempts.get(e.pk, []),
            "exceptions": [
                {
                    "activity": o.activity.title,
                    "due_at": _iso(o.due_at),
                    "closes_at": _iso(o.closes_at),
                    "extra_minutes": o.extra_minutes,
                    "extra_attempts": o.extra_attempts,
                    "reason": o.reason,
                    "granted_by": _name(o.granted_by),
                    "granted_at": _iso(o.granted_at),
                }
                for o in overrides.get(e.pk, [])
            ],
            "questionnaires": answers.get(e.pk, []),
        }
        for e in enrolments
    ]


def export_trainer(user) -> dict:
    from .models import CycleTrainer, LearnerGroup, Trainer, TrainerApplication

    applications = [
        {
            "applied_at": _iso(a.created_at),
            "country": a.country.code,
            "motivation": a.motivation,
            "experience": a.experience,
            "status": a.status,
            "reason": a.reason,
            "decided_at": _iso(a.decided_at),
        }
        for a in TrainerApplication.objects.filter(user=user).select_related("country").order_by("created_at", "pk")
    ]
    trainer = Trainer.objects.filter(user=user).select_related("country").first()
    registry = None
    if trainer is not None:
        groups: dict[int, list[int]] = defaultdict(list)
        for cycle_id, number in (
            LearnerGroup.objects.filter(trainer=trainer).order_by("number").values_list("cycle_id", "number")
        ):
            groups[cycle_id].append(number)
        registry = {
            "country": trainer.country.code,
            "since": _iso(trainer.since),
            "active": trainer.active,
            "cycles": [
                {
                    "course": row.cycle.course.title,
                    "cycle": row.cycle.name,
                    "assigned_at": _iso(row.assigned_at),
                    "groups": groups.get(row.cycle_id, []),
                }
                for row in CycleTrainer.objects.filter(trainer=trainer)
                .select_related("cycle", "cycle__course")
                .order_by("assigned_at", "pk")
            ],
        }
    return {"applications": applications, "registry": registry}


def export_authored(user) -> dict:
    """What they wrote or uploaded for a cycle as its staff (the people it concerns are not named)."""
    from .models import Announcement, EnrolmentImport

    return {
        "announcements": [
            {
                "cycle": a.cycle.name,
                "course": a.cycle.course.title,
                "title": a.title,
                "text": a.body,
                "written_at": _iso(a.created_at),
            }  # fmt: skip
            for a in Announcement.objects.filter(author=user).select_related("cycle", "cycle__course").order_by("pk")
        ],
        "enrolment_files": [
            {
                "cycle": i.cycle.name,
                "course": i.cycle.course.title,
                "file": i.original_name,
                "uploaded_at": _iso(i.created_at),
                "status": i.status,
                "rows": i.total_rows,
            }  # fmt: skip
            for i in EnrolmentImport.objects.filter(created_by=user)
            .select_related("cycle", "cycle__course")
            .order_by("pk")
        ],
    }


def _erase_submission_files(user) -> None:
    """The files of the person's submissions: the rows now, the stored files once the erasure commits."""
    from twinning.core.files import delete_after_commit
    from twinning.core.models import Attachment

    from .assignment_selectors import HOST
    from .models import Submission

    submission_ids = Submission.objects.filter(enrolment__user=user).values("pk")
    files = list(Attachment.objects.filter(host=HOST, host_id__in=submission_ids))
    if not files:
        return
    Attachment.objects.filter(pk__in=[a.pk for a in files]).delete()
    for attachment in files:
        delete_after_commit(attachment.file)


def _forget_actor(user) -> None:
    """Rows where the person acted on others stay (a grade, an exception, a sign-off…): the actor goes."""
    from .models import (
        Announcement,
        Course,
        EnrolmentImport,
        H5PPackage,
        Override,
        Submission,
        TrainerApplication,
    )

    Submission.objects.filter(graded_by=user).update(graded_by=None)
    Override.objects.filter(granted_by=user).update(granted_by=None)
    Enrolment.objects.filter(signed_off_by=user).update(signed_off_by=None)
    Announcement.objects.filter(author=user).update(author=None)
    EnrolmentImport.objects.filter(created_by=user).update(created_by=None)
    TrainerApplication.objects.filter(decided_by=user).update(decided_by=None)
    Course.objects.filter(created_by=user).update(created_by=None)
    H5PPackage.objects.filter(uploaded_by=user).update(uploaded_by=None)
    # A checked enrolment file not yet applied would otherwise enrol the erased person later.
    for upload in EnrolmentImport.objects.filter(status=EnrolmentImport.Status.READY).only("pk", "rows"):
        kept = [row for row in upload.rows if row.get("user") != user.pk]
        if len(kept) != len(upload.rows):
            EnrolmentImport.objects.filter(pk=upload.pk).update(rows=kept)


def erase_learning(user) -> None:
    from . import services
    from .models import Trainer, TrainerApplication

    for enrolment in Enrolment.objects.filter(user=user, status__in=(Status.ENROLLED, Status.WAITING)):
        services.withdraw(actor=user, enrolment=enrolment)
    _erase_submission_files(user)
    # Cascades: progress, submissions, attempts, exceptions and named questionnaire answers.
    Enrolment.objects.filter(user=user).delete()
    # Cascades the trainer's cycle rows; their groups keep running with no trainer (SET_NULL).
    Trainer.objects.filter(user=user).delete()
    TrainerApplication.objects.filter(user=user).delete()
    _forget_actor(user)


core_privacy.register_exporter("learning", export_learning, position=87)
core_privacy.register_exporter("volunteer_trainer", export_trainer, position=88)
core_privacy.register_exporter("learning_authored", export_authored, position=89)
core_privacy.register_eraser("learning", erase_learning)
