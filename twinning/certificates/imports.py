"""Earlier certificates from Moodle: the past completions of the old Moodle sites brought in from a CSV, and
attached to their holders when they join.

- ``check`` reads a file (e-mail, name, course, cycle, hours, start, end, old code; English or Greek headers,
  ``,`` or ``;``, UTF-8 with or without BOM, dates as YYYY-MM-DD or DD/MM/YYYY) and says, changing nothing,
  how many rows would create a certificate, how many are already there (same code, same facts: unchanged, so
  importing the same file again adds nothing), how many match an account by e-mail and how many are kept for
  people who have not joined yet, and every bad row with its line. A file that cannot be read at all (not a
  CSV, no required columns) gives one message and nothing else.
- ``upload_keep`` keeps the uploaded file on private storage until the import ends; ``import_start`` (the
  staff of the country; CSS choose it) starts the job ``certificates.import``, which checks the file again and
  creates the certificates (``import_rows``) in **one transaction**, in batches of 1,000 (progress per
  batch), leaving out the bad rows and listing them; then it deletes the file, whatever happened. Audited
  ``certificates.imported`` with the counts.
- ``attach_imported`` gives a person the imported certificates kept for an e-mail address once they have
  confirmed it (``signals``: allauth's ``email_confirmed``); audited ``certificates.attached``.

An imported certificate keeps its old code (upper-cased, ``normalise_code``), so it verifies on
``/verify/<code>``; it has no PDF or badge of the platform (the old site issued them).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from twinning.accounts.models import User
from twinning.core import jobs
from twinning.core.errors import DomainError, NotAllowed
from twinning.core.models import Job
from twinning.core.registries import register_audit_actions
from twinning.core.scheduling import register_periodic
from twinning.core.services import audit_record
from twinning.core.text import normalize_search
from twinning.core.uploads import KeptUploads, private_storage, sha256_of
from twinning.reference.models import Country
from twinning.schools.registry_import import FileProblem, read_csv
from twinning.staff import policies as staff_policies

from . import policies
from .models import Certificate, Kind, normalise_code

log = logging.getLogger(__name__)

JOB_KIND = "certificates.import"
AUDIT_IMPORTED = "certificates.imported"
AUDIT_ATTACHED = "certificates.attached"
UPLOAD_FOLDER = "certificate-imports"
# Kept between the check and the import; one never confirmed is deleted by the daily sweep after a day.
UPLOADS = KeptUploads(folder=UPLOAD_FOLDER, extension="csv", job_kind=JOB_KIND)
MAX_BYTES = 30 * 1024 * 1024
MAX_ROWS = 150_000
BATCH = 1000  # rows a bulk insert (and a step of the progress)
CHUNK = 900  # values in one ``IN (...)`` (SQLite's limit of variables stays far)
ERRORS_KEPT = 500  # bad rows listed (all are counted)
MAX_HOURS = Decimal(10000)

register_audit_actions(
    {
        AUDIT_IMPORTED: gettext_lazy("earlier certificates imported"),
        AUDIT_ATTACHED: gettext_lazy("earlier certificates attached to their holder"),
    }
)

# --- the file's columns ---------------------------------------------------------------------------------------

COLUMNS = ("email", "name", "course", "cycle", "hours", "start", "end", "code")
REQUIRED = ("email", "name", "course", "hours", "start", "end", "code")
# What a header may say (folded: lower case, no accents), in English or Greek.
HEADERS = {
    **dict.fromkeys(
        ["email", "e-mail", "e-mail address", "email address", "mail", "ηλεκτρονικο ταχυδρομειο", "ηλ. ταχυδρομειο",
         "διευθυνση ηλεκτρονικου ταχυδρομειου", "διευθυνση e-mail"], "email",
    ),
    **dict.fromkeys(["name", "full name", "holder", "ονομα", "ονοματεπωνυμο", "κατοχοσ"], "name"),
    **dict.fromkeys(["course", "online course", "title", "μαθημα", "διαδικτυακο μαθημα", "τιτλοσ"], "course"),
    **dict.fromkeys(["cycle", "κυκλοσ"], "cycle"),
    **dict.fromkeys(["hours", "ωρεσ", "διαρκεια (ωρεσ)"], "hours"),
    **dict.fromkeys(["start", "start date", "from", "started", "εναρξη", "ημερομηνια εναρξησ", "απο"], "start"),
    **dict.fromkeys(["end", "end date", "to", "ended", "ληξη", "ημερομηνια ληξησ", "εωσ"], "end"),
    **dict.fromkeys(
        ["code", "certificate code", "old code", "κωδικοσ", "κωδικοσ βεβαιωσησ", "κωδικοσ επαληθευσησ"], "code"
    ),
}  # fmt: skip
GREEK_COLUMNS = {
    "email": "e-mail",
    "name": "ονοματεπώνυμο",
    "course": "μάθημα",
    "cycle": "κύκλος",
    "hours": "ώρες",
    "start": "έναρξη",
    "end": "λήξη",
    "code": "κωδικός",
}


class ImportRefused(DomainError):
    """The file cannot be imported at all (its message says why); nothing was changed."""


# --- who may import, for which country ---------------------------------------------------------------------------


def may_import(user: Any) -> bool:
    return policies.is_certificate_staff(user)


def import_countries(user: Any) -> QuerySet[Country]:
    """The countries this person may import certificates for: their NSO's; every country for CSS."""
    if not may_import(user):
        return Country.objects.none()
    scope = staff_policies.staff_country_filter(user, "pk")
    qs = Country.objects.order_by("name_en")
    return qs if scope is None else qs.filter(scope)


def import_country_or_404(user: Any, country_id: Any) -> Country:
    try:
        pk = int(country_id)
    except (TypeError, ValueError):
        raise Http404 from None
    country = Country.objects.filter(pk=pk).first()
    if country is None or not may_import(user) or not staff_policies.can_act_for_country(user, country.pk):
        raise Http404
    return country


# --- reading and checking a file ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    line: int
    email: str
    name: str
    title: str
    hours: Decimal
    started_on: date
    ended_on: date
    code: str


def _facts(email: str, name: str, title: str, hours: Decimal, started: date | None, ended: date | None,
           country_id: int | None) -> tuple:  # fmt: skip
    return (email, name, title, Decimal(hours).quantize(Decimal("0.1")), started, ended, country_id)


@dataclass
class Check:
    """What importing a file would do (``rows``: the certificates it would create)."""

    country_id: int
    rows: list[Row] = field(default_factory=list)
    users: dict[str, int] = field(default_factory=dict)  # e-mail → account (of the rows to create)
    total: int = 0  # rows read
    unchanged: int = 0
    error_count: int = 0  # problems (a row may have several)
    errors: list[dict] = field(default_factory=list)  # {"row", "column", "message"}, the first ERRORS_KEPT
    bad_rows: set[int] = field(default_factory=set)  # the rows left out

    @property
    def to_create(self) -> int:
        return len(self.rows)

    @property
    def matched(self) -> int:
        return sum(1 for r in self.rows if r.email in self.users)

    @property
    def kept(self) -> int:
        return self.to_create - self.matched

    def error(self, row: int | None, column: str, message: Any) -> None:
        self.error_count += 1
        if row is not None:
            self.bad_rows.add(row)
        if len(self.errors) < ERRORS_KEPT:
            self.errors.append({"row": row, "column": column, "message": str(message)})

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.total,
            "create": self.to_create,
            "unchanged": self.unchanged,
            "matched": self.matched,
            "kept": self.kept,
            "left_out": len(self.bad_rows),
            "problems": self.error_count,
        }


def _header(header: list[str]) -> dict[str, int]:
    """Where each column is; ``ImportRefused`` when the first row does not name the required ones."""
    where: dict[str, int] = {}
    twice: list[str] = []
    for index, name in enumerate(header):
        column = HEADERS.get(normalize_search(name))
        if column is None:
            continue
        if column in where:
            twice.append(name.strip())
        where.setdefault(column, index)
    missing = [c for c in REQUIRED if c not in where]
    if missing:
        raise ImportRefused(
            _("The first row must name the columns; missing: %(columns)s (in Greek: %(greek)s). Nothing was changed.")
            % {"columns": ", ".join(missing), "greek": ", ".join(GREEK_COLUMNS[c] for c in missing)}
        )
    if twice:
        raise ImportRefused(
            _("These columns appear more than once: %(columns)s. Nothing was changed.") % {"columns": ", ".join(twice)}
        )
    return where


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def parse_date(text: str) -> date | None:
    """YYYY-MM-DD or DD/MM/YYYY (also DD.MM.YYYY, as Greek spreadsheets write it); None if neither."""
    text = text.strip()
    if found := _ISO.match(text):
        year, month, day = (int(g) for g in found.groups())
    elif found := _DMY.match(text):
        day, month, year = (int(g) for g in found.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_hours(text: str) -> Decimal | None:
    value = text.strip().replace(",", ".")
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    if not number.is_finite() or not Decimal(0) <= number <= MAX_HOURS:
        return None
    return number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _row(check: Check, line: int, cells: list[str], where: dict[str, int], header: list[str]) -> Row | None:
    def cell(column: str) -> str:
        index = where.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    bad = False

    def error(column: str, message: Any) -> None:
        nonlocal bad
        bad = True
        index = where.get(column)
        check.error(line, header[index].strip() if index is not None else column, message)  # as the file names it

    values = {c: cell(c) for c in COLUMNS}
    for column in REQUIRED:
        if not values[column] and column != "code":
            error(column, _("A value is required."))
    email = values["email"].lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            error("email", _("“%(value)s” is not an e-mail address.") % {"value": values["email"][:80]})
    if len(values["name"]) > 200:
        error("name", _("The name is longer than 200 characters."))
    title = values["course"]
    if values["cycle"] and title:
        title = f"{title} ({values['cycle']})"
    if len(title) > 300:
        error("course", _("The course (with its cycle) is longer than 300 characters."))
    hours = parse_hours(values["hours"]) if values["hours"] else None
    if values["hours"] and hours is None:
        error("hours", _("“%(value)s” is not a number of hours (for example 20 or 12,5).")
              % {"value": values["hours"][:40]})  # fmt: skip
    started = parse_date(values["start"]) if values["start"] else None
    ended = parse_date(values["end"]) if values["end"] else None
    for column, text, parsed in (("start", values["start"], started), ("end", values["end"], ended)):
        if text and parsed is None:
            error(column, _("“%(value)s” is not a date: write it as 2021-05-31 or 31/05/2021.") % {"value": text[:40]})
    if started and ended and ended < started:
        error("end", _("The course ends (%(end)s) before it starts (%(start)s).")
              % {"end": values["end"], "start": values["start"]})  # fmt: skip
    code = normalise_code(values["code"])
    if not values["code"]:
        error("code", _("The certificate's code is empty."))
    elif not code:
        error("code", _("“%(value)s” cannot be a certificate's code (letters, digits and . _ / - only, up to 64).")
              % {"value": values["code"][:80]})  # fmt: skip
    if bad or hours is None or started is None or ended is None:
        return None
    return Row(line=line, email=email, name=values["name"], title=title, hours=hours, started_on=started,
               ended_on=ended, code=code)  # fmt: skip


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def people_by_email(emails: Iterable[str]) -> dict[str, int]:
    """Accounts (not anonymised) whose e-mail address, folded, is one of ``emails``: {e-mail: user id}."""
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(set(emails))):
        rows = (
            User.objects.annotate(email_folded=Lower("email"))
            .filter(email_folded__in=chunk, anonymised_at__isnull=True, is_active=True)
            .order_by("id")
            .values_list("email_folded", "id")
        )
        for email, pk in rows:
            found.setdefault(email, pk)
    return found


def check(handle, *, country: Country) -> Check:
    """Every problem of a file and what importing it would do; nothing is written. ``ImportRefused`` for a
    file that cannot be read at all."""
    result = Check(country_id=country.pk)
    candidates: list[Row] = []
    seen: dict[str, int] = {}
    try:
        stream = read_csv(handle)
        where = _header(stream.header)
        for line, cells in stream.rows:
            result.total += 1
            if result.total > MAX_ROWS:
                raise ImportRefused(
                    _("The file has more than %(max)s rows: split it. Nothing was changed.") % {"max": f"{MAX_ROWS:,}"}
                )
            row = _row(result, line, cells, where, stream.header)
            if row is None:
                continue
            if row.code in seen:
                result.error(line, stream.header[where["code"]], _("The code %(code)s is also on row %(other)s.")
                             % {"code": row.code, "other": seen[row.code]})  # fmt: skip
                continue
            seen[row.code] = line
            candidates.append(row)
    except FileProblem as problem:
        first = problem.errors.sorted_entries()[0]
        raise ImportRefused(_("%(problem)s Nothing was changed.") % {"problem": first["message"]}) from None
    except UnicodeError:
        raise ImportRefused(_("The file is not a CSV file in UTF-8. Nothing was changed.")) from None
    if not result.total:
        raise ImportRefused(_("The file has a header row but no rows. Nothing was changed."))
    code_header = stream.header[where["code"]]
    existing: dict[str, tuple] = {}
    for chunk in _chunks([r.code for r in candidates]):
        for c in Certificate.objects.filter(code__in=chunk).only(
            "code", "holder_email", "holder_name", "title_en", "hours", "started_on", "ended_on", "country_id"
        ):
            existing[c.code] = _facts(c.holder_email, c.holder_name, c.title_en, c.hours, c.started_on, c.ended_on,
                                      c.country_id)  # fmt: skip
    for row in candidates:
        there = existing.get(row.code)
        if there is None:
            result.rows.append(row)
        elif there == _facts(row.email, row.name, row.title, row.hours, row.started_on, row.ended_on, country.pk):
            result.unchanged += 1
        else:
            result.error(row.line, code_header, _("A certificate with the code %(code)s already exists and states "
                                             "something else.") % {"code": row.code})  # fmt: skip
    result.users = people_by_email(r.email for r in result.rows)
    result.errors.sort(key=lambda e: (e["row"] or 0, e["column"]))
    return result


# --- the import ---------------------------------------------------------------------------------------------------


def _issued_at(row: Row) -> datetime:
    """An imported certificate was issued when its course ended (noon, so no time zone moves the day)."""
    return timezone.make_aware(datetime.combine(row.ended_on, datetime.min.time()).replace(hour=12))


def _check_may(actor: Any, country: Country) -> None:
    if not (may_import(actor) and staff_policies.can_act_for_country(actor, country.pk)):
        raise NotAllowed(_("Only the staff of the country can import its earlier certificates."))


@transaction.atomic
def import_rows(*, actor: Any, country: Country, handle, filename: str = "",
                progress: Callable[..., None] | None = None) -> dict:  # fmt: skip
    """Create the certificates of a file's good rows (bad rows left out and listed), all in one transaction;
    rows already imported with the same facts are unchanged. Returns the counts and the rows left out."""
    _check_may(actor, country)
    Country.objects.select_for_update().filter(pk=country.pk).first()  # one import of a country at a time
    report = progress or (lambda *args, **kwargs: None)
    checked = check(handle, country=country)
    total = checked.to_create
    report(0, total=total, message=_("Creating the certificates"), force=True)
    done = 0
    try:
        for batch in _chunks(checked.rows, BATCH):
            Certificate.objects.bulk_create(
                Certificate(
                    code=row.code,
                    kind=Kind.IMPORTED,
                    imported=True,
                    holder_id=checked.users.get(row.email),
                    holder_email=row.email,
                    holder_name=row.name,
                    title_el=row.title,
                    title_en=row.title,
                    hours=row.hours,
                    started_on=row.started_on,
                    ended_on=row.ended_on,
                    country=country,
                    issued_at=_issued_at(row),
                )
                for row in batch
            )
            done += len(batch)
            report(done, message=_("%(done)s of %(total)s certificates") % {"done": done, "total": total})
    except IntegrityError:
        raise ImportRefused(
            _("Another import created some of these codes meanwhile. Nothing was imported: try again.")
        ) from None
    counts = checked.counts()
    audit_record(
        actor=actor, action=AUDIT_IMPORTED, target=country, country_code=country.code,
        data={"file": filename[:200], **counts},
    )  # fmt: skip
    return {"country": country.pk, "file": filename[:200], "counts": counts, "errors": checked.errors}


# --- the kept upload and the background job ----------------------------------------------------------------------


def upload_keep(upload) -> tuple[str, str]:
    """Keep the upload on private storage until the import ends: (its stored name, its SHA-256)."""
    return UPLOADS.keep_upload(upload)


def upload_discard(name: str) -> None:
    UPLOADS.discard(name)


def check_kept(name: str, *, country: Country) -> Check:
    with private_storage().open(name, "rb") as handle:
        return check(handle, country=country)


def sweep_uploads(now=None) -> int:
    return UPLOADS.sweep(now)


def import_start(*, actor: Any, country: Country, stored: str, fingerprint: str, filename: str, counts: dict,
                 language: str = "") -> Job:  # fmt: skip
    """Import the kept upload in the background (the job's page shows its progress)."""
    _check_may(actor, country)
    if not UPLOADS.is_ours(stored):
        raise ImportRefused(_("The file to import is no longer waiting: upload it again."))
    return jobs.start(
        kind=JOB_KIND,
        owner=actor,
        key=f"country:{country.pk}",
        params={
            "country": country.pk,
            "stored": stored,
            "digest": fingerprint,
            "file": filename[:200],
            "language": language or translation.get_language() or settings.LANGUAGE_CODE,
            "preview": counts,
        },
        country_code=country.code,
        total=int(counts.get("create", 0)) or None,
    )


def _run(job: Job, progress: jobs.Progress) -> dict:
    params = job.params or {}
    stored = str(params.get("stored", ""))
    storage = private_storage()
    try:
        country = Country.objects.filter(pk=params.get("country")).first()
        if country is None:
            raise ImportRefused(_("The country no longer exists: nothing was imported."))
        if not UPLOADS.is_ours(stored) or not storage.exists(stored):
            raise ImportRefused(_("The file to import is no longer kept: upload it again."))
        progress(0, message=_("Reading the file"), force=True)
        with storage.open(stored, "rb") as handle:
            if sha256_of(handle) != params.get("digest"):
                raise ImportRefused(_("The file to import has changed since its preview: upload it again."))
            return import_rows(actor=job.owner, country=country, handle=handle, filename=str(params.get("file", "")),
                               progress=progress)  # fmt: skip
    except DomainError as exc:
        raise jobs.JobError(str(exc.message)) from None
    finally:
        upload_discard(stored)


def result_url(job: Job) -> str:
    return reverse("certificates:import_result", args=[job.pk])


jobs.register_job(JOB_KIND, title=gettext_lazy("Importing earlier certificates"), run=_run, result_url=result_url)


@task()
def sweep_certificate_uploads() -> int:
    return sweep_uploads()


register_periodic("certificates.import_uploads", sweep_certificate_uploads, timedelta(days=1))


# --- attaching to a person who joins ------------------------------------------------------------------------------


def attach_imported(*, user: Any, email: str) -> int:
    """Give ``user`` the imported certificates kept for ``email`` (an address they have just confirmed) that
    have no holder yet; the number attached. Audited when any is attached."""
    folded = (email or "").strip().lower()
    if not folded or not getattr(user, "pk", None):
        return 0
    with transaction.atomic():
        rows = Certificate.objects.filter(imported=True, holder__isnull=True, holder_email=folded)
        ids = list(rows.values_list("pk", flat=True))
        if not ids:
            return 0
        Certificate.objects.filter(pk__in=ids, holder__isnull=True).update(holder=user)
        codes = set(Certificate.objects.filter(pk__in=ids).values_list("country__code", flat=True))
        audit_record(
            actor=user, action=AUDIT_ATTACHED, target=user,
            country_code=codes.pop() if len(codes) == 1 else "",
            data={"count": len(ids)},
        )  # fmt: skip
    return len(ids)
