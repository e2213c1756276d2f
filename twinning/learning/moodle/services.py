"""Importing a Moodle course backup into a cycle: keeping the upload, the preview, the background job and the
import itself.

- ``upload_keep`` stores the uploaded ``.mbz`` on private storage under a random name (with its SHA-256,
  the backup's fingerprint) until the import ends; ``preview`` reads it and returns the plan
  (``mapping.plan``), changing nothing;
- ``import_start`` (staff of the course's country) starts the job ``learning.moodle_import``; the job
  (``_run``) reads the same file again (its fingerprint checked), imports it and then deletes it,
  whatever happened;
- ``import_plan`` creates the modules (after the cycle's own), activities, the bank's categories and
  questions, quiz slots and attached files in **one transaction**: any failure and nothing stays (the files
  already stored are deleted too). Questions already in their category (same name, same text) are used,
  not copied. A backup already imported into the cycle (same fingerprint) is refused. Audited
  ``learning.moodle_imported`` with the counts.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.core import jobs
from twinning.core.attachments import UploadError, attach
from twinning.core.errors import DomainError, NotAllowed
from twinning.core.models import AuditEvent, Job, Rights
from twinning.core.registries import register_audit_actions
from twinning.core.services import audit_record
from twinning.core.uploads import KeptUploads, private_storage, sha256_of

from .. import content, policies, quizzes
from ..models import Cycle, Question, QuestionCategory
from ..qformat_services import text_hash
from . import archive, mapping, parse

log = logging.getLogger(__name__)

JOB_KIND = "learning.moodle_import"
AUDIT_ACTION = "learning.moodle_imported"
UPLOAD_FOLDER = "moodle-imports"
# Kept between the preview and the import; one never confirmed is deleted by the daily sweep after a day.
UPLOADS = KeptUploads(folder=UPLOAD_FOLDER, extension="mbz", job_kind=JOB_KIND)

register_audit_actions({AUDIT_ACTION: gettext_lazy("course content imported from a Moodle backup")})

# Moodle's licence names (files.xml) as the platform's rights statements.
LICENCES = {
    "public": Rights.PUBLIC_DOMAIN,
    "cc": Rights.CC_BY,
    "cc-4.0": Rights.CC_BY,
    "cc-sa": Rights.CC_BY_SA,
    "cc-sa-4.0": Rights.CC_BY_SA,
}


class AlreadyImported(DomainError):
    pass


def _check_author(actor: Any, cycle: Cycle) -> None:
    if not policies.can_author(actor, cycle.course.country_id):
        raise NotAllowed(_("Only the staff of the course's country can change its content."))


# --- the uploaded file -----------------------------------------------------------------------------------------


def upload_keep(upload) -> tuple[str, str]:
    """Store the upload on private storage; (its stored name, its fingerprint). ``BackupRefused`` when it is
    empty or too large (nothing kept)."""
    archive.check_size(getattr(upload, "size", 0) or 0)
    return UPLOADS.keep_upload(upload)


def upload_discard(name: str) -> None:
    UPLOADS.discard(name)


def preview(name: str) -> mapping.Plan:
    """What importing the kept upload ``name`` would create; ``BackupRefused`` when it cannot be read."""
    with private_storage().open(name, "rb") as handle, archive.unpacked(handle) as folder:
        return mapping.plan(parse.read_backup(folder))


def already_imported(cycle: Cycle, fingerprint: str) -> bool:
    return AuditEvent.objects.filter(
        action=AUDIT_ACTION, target_type="learning.cycle", target_id=str(cycle.pk), data__digest=fingerprint
    ).exists()


def sweep_uploads(now=None) -> int:
    return UPLOADS.sweep(now)


def _bank(course, the_plan: mapping.Plan) -> tuple[dict[str, Question], int, int]:
    """The backup's questions in the course's bank: ({question key: question}, created, already there)."""
    known = {(c.parent_id, c.name): c for c in QuestionCategory.objects.filter(course=course)}
    existing = {
        (q.category_id, q.name, text_hash(q.text)): q
        for q in Question.objects.filter(course=course).only(
            "pk", "category_id", "name", "text", "course_id", "default_points"
        )
    }
    by_key: dict[str, Question] = {}
    new: list[Question] = []
    reused = 0
    for planned in the_plan.categories:
        parent: QuestionCategory | None = None
        for name in planned.path:
            found = known.get((parent.pk if parent else None, name))
            if found is None:
                found = QuestionCategory.objects.create(course=course, parent=parent, name=name)
                known[(found.parent_id, name)] = found
            parent = found
        assert parent is not None
        for question in planned.questions:
            data = question.parsed or {}
            key = (parent.pk, data["name"], text_hash(data["text"]))
            if key in existing:
                by_key[question.key] = existing[key]
                reused += 1
                continue
            row = Question(
                course=course,
                category=parent,
                kind=data["kind"],
                name=data["name"],
                text=data["text"],
                general_feedback=data["general_feedback"],
                default_points=data["default_points"],
                data=data["data"],
            )
            existing[key] = by_key[question.key] = row
            new.append(row)
    Question.objects.bulk_create(new)
    return by_key, len(new), reused


def _attach(actor: Any, activity, planned: mapping.PlannedFile, stored: list[str]):
    data = planned.source.read_bytes()
    rights = LICENCES.get(planned.file.license, Rights.PERMISSION)
    attachment = attach(
        actor=actor,
        host=content.ACTIVITY_FILES,
        host_id=activity.pk,
        upload=ContentFile(data, name=planned.file.filename),
        rights=rights,
        description=planned.file.filename,
    )
    stored.append(attachment.file.name)
    return attachment


@transaction.atomic
def import_plan(*, actor: Any, cycle: Cycle, the_plan: mapping.Plan, fingerprint: str, filename: str = "",
                progress=None) -> dict:  # fmt: skip
    """Create what ``the_plan`` says in ``cycle``, after its own modules, all or nothing. Returns the result
    (counts, what was created, what was not imported)."""
    _check_author(actor, cycle)
    Cycle.objects.select_for_update().filter(pk=cycle.pk).first()  # one import into a cycle at a time
    if already_imported(cycle, fingerprint):
        raise AlreadyImported(_("This backup has already been imported into this cycle: nothing was imported again."))
    stored: list[str] = []
    total = len(the_plan.activities) + 1
    report = progress or (lambda *args, **kwargs: None)
    try:
        report(0, total=total, message=_("Importing the question bank"), force=True)
        questions, created_questions, reused_questions = _bank(cycle.course, the_plan)
        report(1, message=_("Creating the modules and activities"))
        not_imported = [mapping.skip_data(s) for s in the_plan.skipped]
        done, slots, files = 1, 0, 0
        created: list[dict] = []
        for planned_module in the_plan.modules:
            module = content.module_create(
                actor=actor, cycle=cycle, title=planned_module.title, summary=planned_module.summary
            )
            lines = []
            for planned in planned_module.activities:
                fields = dict(planned.fields)
                body = fields.pop("body", "")
                activity = content.activity_create(
                    actor=actor, module=module, kind=planned.kind, body="" if planned.files else body, **fields
                )
                if planned.files:
                    for planned_file in planned.files:
                        try:
                            attachment = _attach(actor, activity, planned_file, stored)
                        except UploadError as exc:
                            not_imported.append(
                                mapping.skip_data(
                                    parse.Skip("file", "file", planned_file.file.filename, exc.message, planned.title)
                                )
                            )
                            body = body.replace(f"/{mapping.FILE_LINK}{planned_file.file.id}", "#")
                            continue
                        files += 1
                        url = reverse("files:attachment", args=[attachment.pk])
                        body = body.replace(f"/{mapping.FILE_LINK}{planned_file.file.id}", url)
                    content.activity_edit(actor=actor, activity=activity, body=body)
                for key, points in planned.slots:
                    quizzes.slot_add(actor=actor, activity=activity, question=questions[key], points=points)
                    slots += 1
                lines.append({"id": activity.pk, "kind": activity.kind, "title": activity.title})
                done += 1
                report(done, message=planned.title)
            created.append({"id": module.pk, "title": module.title, "activities": lines})
        counts = {
            "modules": len(created),
            "activities": sum(len(m["activities"]) for m in created),
            "questions": created_questions,
            "questions_already_there": reused_questions,
            "slots": slots,
            "files": files,
            "not_imported": len(not_imported),
        }
        audit_record(
            actor=actor,
            action=AUDIT_ACTION,
            target=cycle,
            country_code=cycle.course.country.code,
            data={"digest": fingerprint, "file": filename[:200], "moodle": the_plan.release[:60], **counts},
        )
    except BaseException:
        for name in stored:  # the rows go with the transaction; their files go here
            private_storage().delete(name)
        raise
    return {
        "cycle": cycle.pk,
        "file": filename[:200],
        "counts": counts,
        "modules": created,
        "not_imported": not_imported,
    }


# --- the background job ----------------------------------------------------------------------------------------


def import_start(*, actor: Any, cycle: Cycle, stored: str, fingerprint: str, filename: str, counts: dict,
                 language: str = "") -> Job:  # fmt: skip
    """Start importing the kept upload into ``cycle`` in the background (the job's page shows its progress);
    ``counts``: the preview's (``Plan.counts``), kept with the job."""
    _check_author(actor, cycle)
    if not UPLOADS.is_ours(stored):
        raise DomainError(_("The backup to import is no longer waiting: upload it again."))
    if already_imported(cycle, fingerprint):
        raise AlreadyImported(_("This backup has already been imported into this cycle: nothing was imported again."))
    return jobs.start(
        kind=JOB_KIND,
        owner=actor,
        key=f"cycle:{cycle.pk}",
        params={
            "cycle": cycle.pk,
            "stored": stored,
            "digest": fingerprint,
            "file": filename[:200],
            "language": language or translation.get_language() or settings.LANGUAGE_CODE,
            "preview": counts,
        },
        country_code=cycle.course.country.code,
        total=int(counts.get("activities", 0)) + 1,
    )


def _run(job: Job, progress: jobs.Progress) -> dict:
    params = job.params or {}
    stored = str(params.get("stored", ""))
    cycle_id = params.get("cycle")
    cycle = (
        Cycle.objects.select_related("course", "course__country").filter(pk=cycle_id).first()
        if isinstance(cycle_id, int)
        else None
    )
    storage = private_storage()
    try:
        if cycle is None:
            raise DomainError(_("The cycle no longer exists: nothing was imported."))
        if not UPLOADS.is_ours(stored) or not storage.exists(stored):
            raise DomainError(_("The backup to import is no longer kept: upload it again."))
        progress(0, message=_("Reading the backup"), force=True)
        with storage.open(stored, "rb") as handle:
            if sha256_of(handle) != params.get("digest"):
                raise DomainError(_("The backup to import has changed since its preview: upload it again."))
            with archive.unpacked(handle) as folder:
                the_plan = mapping.plan(parse.read_backup(folder))
                return import_plan(
                    actor=job.owner, cycle=cycle, the_plan=the_plan, fingerprint=params["digest"],
                    filename=str(params.get("file", "")), progress=progress,
                )  # fmt: skip
    except DomainError as exc:
        raise jobs.JobError(str(exc.message)) from None
    finally:
        upload_discard(stored)


def result_url(job: Job) -> str:
    return reverse("learning:moodle_result", args=[job.pk])


jobs.register_job(JOB_KIND, title=gettext_lazy("Importing a Moodle course backup"), run=_run, result_url=result_url)

from . import tasks as _tasks  # noqa: E402, F401 - the daily sweep of unconfirmed uploads
