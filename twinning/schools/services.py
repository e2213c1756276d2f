"""Writes on the school registry: proposals and decisions, staff edits and merges, and the registry import
(upload, the background check, the all-or-nothing write, the removal of old files). Every decision leaves
an audit event."""

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _

from twinning.core.errors import DomainError, NotAllowed
from twinning.core.files import delete_after_commit
from twinning.core.services import audit_record, notification_create

from . import policies, registry_import
from .models import School, SchoolImport, SchoolMembership, SchoolStatus

logger = logging.getLogger(__name__)


class SchoolError(DomainError):
    pass


@transaction.atomic
def school_propose(
    *,
    by,
    country,
    name,
    city,
    address="",
    postcode="",
    region=None,
    school_type="public",
    levels=(),
    national_code=None,
    principal_name="",
    principal_email="",
) -> School:
    """A teacher proposes a school missing from the registry; the NSO validates it."""
    if not name.strip() or not city.strip():
        raise SchoolError(_("A school needs a name and a city."))
    if region is not None and region.country_id != country.pk:
        raise SchoolError(_("The region does not belong to the school's country."))
    school = School(
        name=name.strip(),
        city=city.strip(),
        address=address.strip(),
        postcode=postcode.strip(),
        country=country,
        region=region,
        school_type=school_type,
        national_code=(national_code or "").strip() or None,
        principal_name=principal_name,
        principal_email=principal_email,
        status=SchoolStatus.PROPOSED,
        proposed_by=by,
    )
    if school.national_code and School.objects.filter(country=country, national_code=school.national_code).exists():
        raise SchoolError(_("A school with this national code already exists: search for it instead."))
    school.save()
    if levels:
        school.levels.set(levels)
    audit_record(actor=by, action="school.proposed", target=school, country_code=country.code)
    return school


def membership_add(*, user, school: School, is_primary: bool = False) -> SchoolMembership:
    membership, _created = SchoolMembership.objects.get_or_create(
        user=user, school=school, defaults={"is_primary": is_primary}
    )
    if school.status == SchoolStatus.PROPOSED and school.memberless_since is not None:
        # A proposal someone took up again: the week without members starts over when they leave.
        School.objects.filter(pk=school.pk).update(memberless_since=None)
        school.memberless_since = None
    return membership


# A proposed school nobody is attached to is withdrawn after this long (the daily sweep).
MEMBERLESS_PROPOSAL_DAYS = 7


@transaction.atomic
def membership_remove(*, user, school: School) -> int:
    """Take a school off a person's profile.

    A proposal the NSO has not decided on is not left behind without members: when the person who proposed
    it removes it and nobody else is attached, it is withdrawn at once; when someone else removes the last
    membership, the daily sweep withdraws it after a week (``proposals_withdraw_memberless``).
    """
    deleted, _ = SchoolMembership.objects.filter(user=user, school=school).delete()
    if not deleted or school.status != SchoolStatus.PROPOSED:
        return deleted
    locked = _lock(school)
    if locked.status != SchoolStatus.PROPOSED or SchoolMembership.objects.filter(school=locked).exists():
        return deleted
    if locked.proposed_by_id == user.pk:
        _withdraw(locked, by=user, cause=WITHDRAWN_BY_PROPOSER)
    elif locked.memberless_since is None:
        locked.memberless_since = timezone.now()
        locked.save(update_fields=["memberless_since"])
    school.status, school.memberless_since = locked.status, locked.memberless_since
    return deleted


WITHDRAWN_BY_PROPOSER = "removed_by_proposer"
WITHDRAWN_WITHOUT_MEMBERS = "no_member"


def _withdraw(school: School, *, by, cause: str) -> None:
    """Withdraw a proposal (the row is locked by the caller): it leaves the staff's queue and gives up its
    national code, so that the code stays free for the school that really has it."""
    code = school.national_code or ""
    school.status = SchoolStatus.WITHDRAWN
    school.national_code = None
    school.memberless_since = None
    school.save(update_fields=["status", "national_code", "memberless_since", "updated_at"])
    audit_record(
        actor=by,
        action="school.withdrawn",
        target=school,
        country_code=school.country.code,
        data={"cause": cause, "national_code": code},
    )


def mark_memberless(school_ids) -> int:
    """Note the time proposals lost their last member (when memberships go without a person's decision,
    e.g. an account erased): the sweep counts the week from then."""
    members = SchoolMembership.objects.filter(school=OuterRef("pk"))
    return (
        School.objects.filter(pk__in=list(school_ids), status=SchoolStatus.PROPOSED, memberless_since__isnull=True)
        .filter(~Exists(members))
        .update(memberless_since=timezone.now())
    )


def proposals_withdraw_memberless(now=None) -> dict:
    """The daily sweep: withdraw proposals that have had no member for a week. Safe to run twice.

    A proposal found without members is marked (``memberless_since``), one that has members again is
    unmarked, and one marked a week ago or more is withdrawn, each in its own small transaction.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=MEMBERLESS_PROPOSAL_DAYS)
    members = SchoolMembership.objects.filter(school=OuterRef("pk"))
    proposed = School.objects.filter(status=SchoolStatus.PROPOSED)
    marked = proposed.filter(memberless_since__isnull=True).filter(~Exists(members)).update(memberless_since=now)
    unmarked = proposed.filter(memberless_since__isnull=False).filter(Exists(members)).update(memberless_since=None)
    due = list(
        proposed.filter(memberless_since__lte=cutoff)
        .filter(~Exists(members))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    withdrawn = 0
    for pk in due:
        with transaction.atomic():
            school = School.objects.select_for_update().select_related("country").filter(pk=pk).first()
            if (
                school is None
                or school.status != SchoolStatus.PROPOSED
                or school.memberless_since is None
                or school.memberless_since > cutoff
                or SchoolMembership.objects.filter(school=school).exists()
            ):
                continue
            _withdraw(school, by=None, cause=WITHDRAWN_WITHOUT_MEMBERS)
            withdrawn += 1
    return {"marked": marked, "unmarked": unmarked, "withdrawn": withdrawn}


def _require_manage(by, school: School) -> None:
    if not policies.can_manage_schools(by, school.country_id):
        raise NotAllowed(_("You cannot manage schools of this country."))


def _lock(school: School) -> School:
    """Re-read the row under a lock so two staff members cannot decide on it at the same time."""
    return School.objects.select_for_update().select_related("country").get(pk=school.pk)


def _tell_proposer(school: School, *, kind: str, title: str, body: str) -> None:
    """An in-app notice to the person who proposed the school, in their own language.

    ``title`` and ``body`` are untranslated templates (marked with gettext_noop), formatted with the
    school's name and the reason.
    """
    proposer = school.proposed_by
    if proposer is None or not proposer.is_active:
        return
    with translation.override(getattr(proposer, "preferred_language", "") or settings.LANGUAGE_CODE):
        params = {"school": school.name, "reason": school.rejection_reason}
        notification_create(
            recipient=proposer,
            kind=kind,
            title=_(title) % params,
            body=_(body) % params,
            url=reverse("accounts:join_schools"),
        )


# Texts of the notices, translated when sent (in the recipient's language).
_VALIDATED_TITLE = gettext_noop("The school you proposed is validated: %(school)s")
_VALIDATED_BODY = gettext_noop("Your National Support Organisation added %(school)s to the school registry.")
_REJECTED_TITLE = gettext_noop("The school you proposed was not added: %(school)s")
_REJECTED_BODY = gettext_noop(
    "Your National Support Organisation did not add %(school)s to the school registry, for this reason: "
    "%(reason)s. Search the registry for your school again, or propose it with corrected details."
)


@transaction.atomic
def school_validate(*, by, school: School, reason: str = "") -> School:
    """NSO staff accept a proposed school into the registry; the proposer is told."""
    _require_manage(by, school)
    school = _lock(school)
    if school.status != SchoolStatus.PROPOSED:
        raise SchoolError(_("Only proposed schools wait for validation."))
    school.status = SchoolStatus.VALIDATED
    school.rejection_reason = ""
    school.save(update_fields=["status", "rejection_reason", "updated_at"])
    audit_record(actor=by, action="school.validated", target=school, country_code=school.country.code, reason=reason)
    _tell_proposer(school, kind="school.validated", title=_VALIDATED_TITLE, body=_VALIDATED_BODY)
    return school


@transaction.atomic
def school_reject(*, by, school: School, reason: str) -> School:
    """NSO staff refuse a proposed school, with a reason the proposer reads in an in-app notice."""
    _require_manage(by, school)
    if not reason.strip():
        raise SchoolError(_("Give a reason: the teacher who proposed the school will read it."))
    school = _lock(school)
    if school.status != SchoolStatus.PROPOSED:
        raise SchoolError(_("Only proposed schools wait for validation."))
    school.status = SchoolStatus.REJECTED
    school.rejection_reason = reason.strip()
    school.save(update_fields=["status", "rejection_reason", "updated_at"])
    audit_record(
        actor=by, action="school.rejected", target=school, country_code=school.country.code, reason=reason.strip()
    )
    _tell_proposer(school, kind="school.rejected", title=_REJECTED_TITLE, body=_REJECTED_BODY)
    return school


# Fields staff may set on a school (country is chosen at creation and does not change).
EDITABLE_FIELDS = (
    "name",
    "city",
    "region",
    "directorate",
    "address",
    "postcode",
    "school_type",
    "national_code",
    "principal_name",
    "principal_email",
    "phone",
    "website",
    "email",
)


def _clean_fields(*, country, fields: dict, exclude_pk=None) -> dict:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise SchoolError(_("Unknown school fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    cleaned: dict[str, Any] = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    if "national_code" in cleaned:
        cleaned["national_code"] = cleaned["national_code"] or None
    if not cleaned.get("name") or not cleaned.get("city"):
        raise SchoolError(_("A school needs a name and a city."))
    region = cleaned.get("region")
    if region is not None and region.country_id != country.pk:
        raise SchoolError(_("The region does not belong to the school's country."))
    directorate = cleaned.get("directorate")
    if directorate is not None:
        if region is None:
            cleaned["region"] = region = directorate.region
        if directorate.region_id != region.pk or region.country_id != country.pk:
            raise SchoolError(_("The education directorate does not belong to the school's region."))
    code = cleaned.get("national_code")
    if code:
        clash = School.objects.filter(country=country, national_code=code)
        if exclude_pk is not None:
            clash = clash.exclude(pk=exclude_pk)
        if clash.exists():
            raise SchoolError(
                _("Another school of this country already has the national code %(code)s.") % {"code": code}
            )
    return cleaned


@transaction.atomic
def school_create(*, by, country, levels=(), **fields) -> School:
    """Staff add a school to their country's registry; it is validated at once."""
    if not policies.can_manage_schools(by, country.pk):
        raise NotAllowed(_("You cannot manage schools of this country."))
    cleaned = _clean_fields(country=country, fields=fields)
    school = School(country=country, status=SchoolStatus.VALIDATED, **cleaned)
    school.save()
    if levels:
        school.levels.set(levels)
    audit_record(actor=by, action="school.created", target=school, country_code=country.code)
    return school


@transaction.atomic
def school_update(*, by, school: School, levels=None, **fields) -> School:
    """Staff correct a school's details; the audit event lists the fields that changed."""
    _require_manage(by, school)
    school = _lock(school)
    cleaned = _clean_fields(country=school.country, fields=fields, exclude_pk=school.pk)
    changed = [name for name, value in cleaned.items() if getattr(school, name) != value]
    for name in changed:
        setattr(school, name, cleaned[name])
    if changed:
        school.save()
    if levels is not None:
        new_ids = {level.pk for level in levels}
        if new_ids != set(school.levels.values_list("pk", flat=True)):
            school.levels.set(levels)
            changed.append("levels")
    if changed:
        audit_record(
            actor=by,
            action="school.updated",
            target=school,
            country_code=school.country.code,
            data={"fields": changed},
        )
    return school


@transaction.atomic
def school_merge(*, by, duplicate: School, survivor: School, reason: str = "") -> School:
    """Merge a duplicate record into the school that survives.

    The duplicate's members move to the survivor (a person attached to both keeps one membership),
    records already merged into the duplicate now point to the survivor, and the duplicate is marked
    "merged". The survivor keeps its national code; if it has none it takes the duplicate's. The
    duplicate always gives its code up, so that codes stay unique and a registry import never
    matches a merged record.
    """
    if duplicate.pk == survivor.pk:
        raise SchoolError(_("Choose another school: a school cannot be merged into itself."))
    _require_manage(by, duplicate)
    _require_manage(by, survivor)
    # Lock both rows in a fixed order to avoid deadlocks between two concurrent merges.
    locked = {
        s.pk: s
        for s in School.objects.select_for_update()
        .select_related("country")
        .filter(pk__in=[duplicate.pk, survivor.pk])
        .order_by("pk")
    }
    if len(locked) != 2:
        raise SchoolError(_("One of the two schools no longer exists."))
    duplicate, survivor = locked[duplicate.pk], locked[survivor.pk]
    if duplicate.country_id != survivor.country_id:
        raise SchoolError(_("Only schools of the same country can be merged."))
    if duplicate.status == SchoolStatus.MERGED:
        raise SchoolError(_("This school is already merged into another one."))
    if survivor.status not in (SchoolStatus.VALIDATED, SchoolStatus.PROPOSED):
        raise SchoolError(_("The school that survives must be validated or proposed, not rejected or merged."))

    members = list(SchoolMembership.objects.filter(school=duplicate))
    already = set(SchoolMembership.objects.filter(school=survivor).values_list("user_id", flat=True))
    move = [m for m in members if m.user_id not in already]
    drop = [m for m in members if m.user_id in already]
    primary_users = [m.user_id for m in drop if m.is_primary]
    if primary_users:
        SchoolMembership.objects.filter(school=survivor, user_id__in=primary_users).update(is_primary=True)
    SchoolMembership.objects.filter(pk__in=[m.pk for m in drop]).delete()
    SchoolMembership.objects.filter(pk__in=[m.pk for m in move]).update(school=survivor)
    repointed = School.objects.filter(merged_into=duplicate).update(merged_into=survivor)

    duplicate_code = duplicate.national_code
    duplicate.national_code = None
    duplicate.status = SchoolStatus.MERGED
    duplicate.merged_into = survivor
    duplicate.save(update_fields=["national_code", "status", "merged_into", "updated_at"])
    code_taken = bool(duplicate_code and not survivor.national_code)
    if code_taken:
        survivor.national_code = duplicate_code
        survivor.save(update_fields=["national_code", "updated_at"])

    data = {
        "duplicate_id": duplicate.pk,
        "survivor_id": survivor.pk,
        "duplicate_national_code": duplicate_code or "",
        "national_code_moved": code_taken,
        "memberships_moved": len(move),
        "memberships_dropped": len(drop),
        "merged_records_repointed": repointed,
    }
    for target in (duplicate, survivor):
        audit_record(
            actor=by,
            action="school.merged",
            target=target,
            country_code=survivor.country.code,
            reason=reason.strip(),
            data=data,
        )
    return survivor


# --- Registry import --------------------------------------------------------------------------


@transaction.atomic
def school_import_start(*, by, country, upload) -> SchoolImport:
    """Store an uploaded registry file and check it in the background (nothing is written to the registry)."""
    from . import tasks  # tasks import the importer, which imports models only

    if not policies.can_manage_schools(by, country.pk):
        raise NotAllowed(_("You cannot manage schools of this country."))
    limit = settings.SCHOOL_IMPORT_MAX_BYTES
    if upload.size > limit:
        raise SchoolError(_("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)})
    school_import = SchoolImport.objects.create(
        country=country,
        created_by=by,
        original_name=(upload.name or "registry.csv")[-255:],
        file=upload,
        status=SchoolImport.Status.VALIDATING,
    )
    audit_record(
        actor=by,
        action="school_import.uploaded",
        target=school_import,
        country_code=country.code,
        data={"file": school_import.original_name, "bytes": upload.size},
    )
    transaction.on_commit(lambda: tasks.school_import_validate.enqueue(school_import.pk))
    return school_import


@transaction.atomic
def school_import_confirm(*, by, school_import: SchoolImport) -> SchoolImport:
    """Staff confirm a checked file without errors; the writes happen in a background task."""
    from . import tasks

    if not policies.can_manage_schools(by, school_import.country_id):
        raise NotAllowed(_("You cannot manage schools of this country."))
    changed = SchoolImport.objects.filter(pk=school_import.pk, status=SchoolImport.Status.READY, error_count=0).update(
        status=SchoolImport.Status.IMPORTING, processed_rows=0
    )
    if not changed:
        raise SchoolError(_("Only a checked file without errors can be imported, and only once."))
    school_import.refresh_from_db()
    audit_record(
        actor=by, action="school_import.confirmed", target=school_import, country_code=school_import.country.code
    )
    transaction.on_commit(lambda: tasks.school_import_apply.enqueue(school_import.pk, by.pk))
    return school_import


@transaction.atomic
def school_import_cancel(*, by, school_import: SchoolImport) -> SchoolImport:
    """Discard an import that was not applied; its file is deleted."""
    if not policies.can_manage_schools(by, school_import.country_id):
        raise NotAllowed(_("You cannot manage schools of this country."))
    cancellable = (SchoolImport.Status.READY, SchoolImport.Status.INVALID, SchoolImport.Status.FAILED)
    stored = school_import.file
    changed = SchoolImport.objects.filter(pk=school_import.pk, status__in=cancellable).update(
        status=SchoolImport.Status.CANCELLED, file="", file_removed_at=timezone.now()
    )
    if not changed:
        raise SchoolError(_("This import can no longer be discarded."))
    delete_after_commit(stored)
    school_import.refresh_from_db()
    audit_record(
        actor=by, action="school_import.cancelled", target=school_import, country_code=school_import.country.code
    )
    return school_import


@transaction.atomic
def school_link_to_import(*, by, school_import: SchoolImport, school: School, national_code: str) -> School:
    """Staff say that a new school of an import is a school already in the registry (a proposal, or a school
    without a code): the registry's row takes the file's national code, and the file is checked again, so
    that the preview shows that row as an update instead of a new school."""
    from . import tasks

    if not policies.can_manage_schools(by, school_import.country_id):
        raise NotAllowed(_("You cannot manage schools of this country."))
    locked_import = SchoolImport.objects.select_for_update().select_related("country").get(pk=school_import.pk)
    if locked_import.status not in (SchoolImport.Status.READY, SchoolImport.Status.INVALID):
        raise SchoolError(_("This import is no longer waiting for a decision."))
    if not locked_import.file:
        raise SchoolError(_("The uploaded file has been removed; upload it again."))
    offered = {
        (entry.get("code"), candidate.get("id"))
        for entry in locked_import.likely_duplicates or []
        for candidate in entry.get("candidates", [])
    }
    if (national_code, school.pk) not in offered:
        raise SchoolError(_("This school is not one of the possible duplicates of that row of the file."))
    school = _lock(school)
    if school.country_id != locked_import.country_id:
        raise SchoolError(_("This school is not in the country of the import."))
    if school.status not in (SchoolStatus.VALIDATED, SchoolStatus.PROPOSED):
        raise SchoolError(_("Only a validated or proposed school can take a national code from the file."))
    if school.national_code and school.status != SchoolStatus.PROPOSED:
        raise SchoolError(_("This school has a national code already."))
    if School.objects.filter(country_id=school.country_id, national_code=national_code).exclude(pk=school.pk).exists():
        raise SchoolError(
            _("Another school of this country already has the national code %(code)s.") % {"code": national_code}
        )
    previous = school.national_code or ""
    school.national_code = national_code
    school.save(update_fields=["national_code", "updated_at"])
    locked_import.status = SchoolImport.Status.VALIDATING
    locked_import.processed_rows = 0
    locked_import.save(update_fields=["status", "processed_rows"])
    data = {
        "import_id": locked_import.pk,
        "school_id": school.pk,
        "national_code": national_code,
        "previous_national_code": previous,
        "file": locked_import.original_name,
    }
    for target in (school, locked_import):
        audit_record(
            actor=by, action="school.linked_to_import", target=target, country_code=school.country.code, data=data
        )
    transaction.on_commit(lambda: tasks.school_import_validate.enqueue(locked_import.pk))
    return school


class RegistryChanged(Exception):
    """A row no longer fits the registry while it is written: the caller's transaction rolls back."""


def write_plan(source, country) -> tuple[int, int]:
    """Write a file that ``analyse`` found valid, reading it again row by row and writing in batches.

    The caller holds the transaction: any problem raises and nothing stays written.
    """
    handle = registry_import.as_binary(source)
    handle.seek(0)
    stream = registry_import.read_csv(handle)
    checker = registry_import.RowChecker(country, stream.header, registry_import.ErrorLog())
    registry = registry_import.Registry(country, stream.header)
    now, today = timezone.now(), timezone.localdate()
    counts = {"created": 0, "updated": 0}
    creates: list[School] = []
    updates: list[School] = []
    levels: dict[str, frozenset[int]] = {}

    def flush() -> None:
        School.objects.bulk_create(creates, batch_size=registry_import.BATCH_SIZE)
        if updates:
            School.objects.bulk_update(updates, registry.update_fields, batch_size=registry_import.BATCH_SIZE)
        counts["created"] += len(creates)
        counts["updated"] += len(updates)
        if levels:
            _replace_levels(country, levels)
        creates.clear()
        updates.clear()
        levels.clear()

    for row, cells in stream.rows:
        values = checker.check(row, cells)
        if values is None:
            raise RegistryChanged(f"row {row} no longer passes the checks")
        action, levels_differ = registry.action(values)
        if action == registry_import.UNCHANGED:
            continue
        (creates if action == registry_import.CREATE else updates).append(registry.school(values, today=today, now=now))
        if levels_differ:
            levels[values["national_code"]] = values["levels"]
        if len(creates) + len(updates) >= registry_import.BATCH_SIZE:
            flush()
    flush()
    return counts["created"], counts["updated"]


def _replace_levels(country, levels: dict[str, frozenset[int]]) -> None:
    """Set the levels of one batch of schools (by national code): old rows out, new rows in."""
    ids = dict(
        School.objects.filter(country=country, national_code__in=list(levels)).values_list("national_code", "pk")
    )
    through = School.levels.through
    through.objects.filter(school_id__in=list(ids.values())).delete()
    through.objects.bulk_create(
        [through(school_id=ids[code], educationlevel_id=level) for code, chosen in levels.items() for level in chosen],
        batch_size=registry_import.BATCH_SIZE,
    )


# --- Registry import: the background work (checking, writing, removing old files) --------------


def _language_of(school_import: SchoolImport) -> str:
    user = school_import.created_by
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE


def _progress_writer(import_id: int) -> Callable[[int, int], None]:
    """Progress is written in its own small statements, outside any write transaction, for the progress bar."""

    def write(processed: int, total: int) -> None:
        SchoolImport.objects.filter(pk=import_id).update(processed_rows=processed, total_rows=total)

    return write


def _plan_fields(plan: registry_import.Plan) -> dict:
    return {
        "total_rows": plan.total_rows,
        "processed_rows": plan.total_rows,
        "error_count": plan.errors.count,
        "errors": plan.errors.sorted_entries(),
        "to_create": len(plan.to_create),
        "to_update": len(plan.to_update),
        "unchanged": plan.unchanged,
    }


def _fail(import_id: int, from_status: str) -> None:
    logger.exception("school import %s failed", import_id)
    SchoolImport.objects.filter(pk=import_id, status=from_status).update(
        status=SchoolImport.Status.FAILED,
        message=gettext("The import stopped because of an unexpected error; nothing was written. Try again."),
        finished_at=timezone.now(),
    )


def run_validation(import_id: int) -> dict:
    """Check an uploaded file and store its preview. Safe to run twice (only a file being checked is)."""
    school_import = SchoolImport.objects.select_related("country", "created_by").filter(pk=import_id).first()
    if school_import is None or school_import.status != SchoolImport.Status.VALIDATING:
        return {"skipped": True}
    with translation.override(_language_of(school_import)):
        try:
            with school_import.file.open("rb") as handle:
                plan = registry_import.analyse(
                    handle, school_import.country, progress=_progress_writer(import_id), look_for_duplicates=True
                )
        except Exception:  # noqa: BLE001 (recorded on the import and in the log)
            _fail(import_id, SchoolImport.Status.VALIDATING)
            return {"failed": True}
    status = SchoolImport.Status.READY if plan.is_valid else SchoolImport.Status.INVALID
    SchoolImport.objects.filter(pk=import_id, status=SchoolImport.Status.VALIDATING).update(
        status=status,
        new_schools=plan.new_schools,
        likely_duplicates=plan.likely_duplicates,
        likely_duplicate_count=plan.likely_duplicate_count,
        **_plan_fields(plan),
    )
    return {"status": status, "errors": plan.errors.count}


def run_apply(import_id: int, actor_id: int | None) -> dict:
    """Write a confirmed import in one transaction, after checking the file again against today's registry.

    Safe to run twice: only an import in the "importing" state is written, and the state changes to
    "done" in the same transaction as the writes.
    """
    from django.contrib.auth import get_user_model

    school_import = SchoolImport.objects.select_related("country", "created_by").filter(pk=import_id).first()
    if school_import is None or school_import.status != SchoolImport.Status.IMPORTING:
        return {"skipped": True}
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    country = school_import.country
    with translation.override(_language_of(school_import)):
        try:
            with school_import.file.open("rb") as handle:
                plan = registry_import.analyse(handle, country, progress=_progress_writer(import_id))
            if not plan.is_valid:
                # The registry changed since the preview (e.g. a region was removed): nothing is written.
                SchoolImport.objects.filter(pk=import_id, status=SchoolImport.Status.IMPORTING).update(
                    status=SchoolImport.Status.INVALID, finished_at=timezone.now(), **_plan_fields(plan)
                )
                return {"status": SchoolImport.Status.INVALID, "errors": plan.errors.count}
            with transaction.atomic():
                locked = SchoolImport.objects.select_for_update().get(pk=import_id)
                if locked.status != SchoolImport.Status.IMPORTING:
                    return {"skipped": True}
                with school_import.file.open("rb") as handle:
                    created, updated = write_plan(handle, country)
                for name, value in _plan_fields(plan).items():
                    setattr(locked, name, value)
                locked.created_count = created
                locked.updated_count = updated
                locked.status = SchoolImport.Status.DONE
                locked.finished_at = timezone.now()
                locked.save()
                audit_record(
                    actor=actor,
                    action="school_import.applied",
                    target=locked,
                    country_code=country.code,
                    data={
                        "rows": plan.total_rows,
                        "created": created,
                        "updated": updated,
                        "unchanged": plan.unchanged,
                        "file": locked.original_name,
                    },
                )
        except Exception:  # noqa: BLE001 (recorded on the import and in the log)
            _fail(import_id, SchoolImport.Status.IMPORTING)
            return {"failed": True}
    return {"status": SchoolImport.Status.DONE, "created": created, "updated": updated, "unchanged": plan.unchanged}


def remove_old_files(now=None) -> int:
    """Delete the files of imports uploaded more than SCHOOL_IMPORT_FILE_DAYS ago that are not running."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.SCHOOL_IMPORT_FILE_DAYS)
    running = (SchoolImport.Status.VALIDATING, SchoolImport.Status.IMPORTING)
    removed = 0
    for school_import in (
        SchoolImport.objects.filter(created_at__lt=cutoff, file_removed_at__isnull=True)
        .exclude(status__in=running)
        .exclude(file="")
        .only("pk", "file")
        .iterator(chunk_size=200)
    ):
        name = school_import.file.name
        if name:
            school_import.file.storage.delete(name)
        SchoolImport.objects.filter(pk=school_import.pk).update(file="", file_removed_at=now)
        removed += 1
    return removed
