"""Writes on the school registry. Every decision leaves an audit event."""

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from twinning.core.errors import DomainError, NotAllowed
from twinning.core.files import delete_after_commit
from twinning.core.services import audit_record, notification_create

from . import policies
from .models import School, SchoolImport, SchoolMembership, SchoolStatus


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
    return membership


def membership_remove(*, user, school: School) -> int:
    deleted, _ = SchoolMembership.objects.filter(user=user, school=school).delete()
    return deleted


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
    cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
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
