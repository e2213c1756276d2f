"""Issuing and revoking certificates.

Issuing is idempotent: one certificate per (source, source id), enforced by a unique constraint, so the task
may run twice and two workers may race without a second row. The row is written first (holder's name and
what it attests frozen), then the PDF and the signed badge are stored; a worker that dies in between leaves
a row without ``completed_at``, which the next run (or the daily sweep) completes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from twinning.accounts.models import User
from twinning.accounts.services import notify, notify_many
from twinning.core.errors import DomainError
from twinning.core.services import audit_record, audit_record_many
from twinning.reference.models import Country

from .models import Certificate, new_code
from .sources import Facts, source_facts

log = logging.getLogger(__name__)

BATCH = 100  # source ids per task
_CODE_ATTEMPTS = 5


class AlreadyRevoked(DomainError):
    pass


def request_issue(*, source: str, source_ids: list[int]) -> None:
    """Ask for the certificates of ``source_ids`` once the current transaction commits (tasks of 100 ids).

    Safe to call again for ids that already have a certificate: the task finds them and does nothing.
    """
    source_facts(source)  # an unknown source is a programming error: fail now, not in the worker
    ids = sorted({int(i) for i in source_ids})
    if not ids:
        return
    from . import tasks

    def enqueue(chunk: list[int]) -> Callable[[], object]:
        return lambda: tasks.issue_certificates.enqueue(source=source, source_ids=chunk)

    for start in range(0, len(ids), BATCH):
        transaction.on_commit(enqueue(ids[start : start + BATCH]))


def issue(*, source: str, source_id: int) -> Certificate | None:
    """The certificate of ``source_id`` (issued now if it qualifies and has none yet), or None if it does not
    qualify. Completes (PDF, badge, notice) a certificate left unfinished by an earlier run."""
    return issue_many(source=source, source_ids=[source_id]).get(int(source_id))


def issue_many(*, source: str, source_ids: Iterable[int]) -> dict[int, Certificate]:
    """Issue (or find, or complete) the certificates of many source ids with a few queries for the batch."""
    ids = sorted({int(i) for i in source_ids})
    found = {c.source_id: c for c in Certificate.objects.filter(source=source, source_id__in=ids)}
    missing = [i for i in ids if i not in found]
    result: dict[int, Certificate] = dict(found)  # type: ignore[arg-type]
    if missing:
        facts = source_facts(source)(missing)
        users = User.objects.in_bulk({f.user_id for f in facts.values()})
        countries = Country.objects.select_related("support_organisation").in_bulk(
            {f.country_id for f in facts.values()}
        )
        qualifying = []
        for source_id in missing:
            fact = facts.get(source_id)
            user = users.get(fact.user_id) if fact else None
            if fact is None or user is None or user.anonymised_at is not None:
                continue  # does not qualify, or the person has been erased
            qualifying.append((source_id, fact, user))
        result.update(_create_many(source=source, items=qualifying, countries=countries))
    complete_many(certificates=[c for c in result.values() if c.is_pending])
    return result


def _new(*, source: str, source_id: int, facts: Facts, user, countries: dict) -> Certificate:
    certificate = Certificate(
        code=new_code(),
        kind=facts.kind,
        source=source,
        source_id=source_id,
        holder=user,
        holder_name=(user.get_full_name().strip() or "—")[:200],  # never the e-mail address: the page is public
        holder_email=user.email.strip().lower(),
        title_el=facts.title_el or facts.title_en,
        title_en=facts.title_en or facts.title_el,
        hours=facts.hours,
        started_on=facts.started_on,
        ended_on=facts.ended_on,
        country_id=facts.country_id,
    )
    country = countries.get(facts.country_id)
    if country is not None:
        certificate.country = country
    return certificate


def _create_many(*, source: str, items: list, countries: dict) -> dict[int, Certificate]:
    """The rows of a batch in one insert with their audit events; if any of them clashes (another run issued
    one meanwhile, or a random code was already taken) the batch is written row by row instead."""
    if not items:
        return {}
    batch = [
        _new(source=source, source_id=sid, facts=fact, user=user, countries=countries) for sid, fact, user in items
    ]
    try:
        with transaction.atomic():
            Certificate.objects.bulk_create(batch)
            audit_record_many(
                actor=None,
                action="certificates.issued",
                targets=batch,
                country_code_of=lambda c: c.country.code if c.country_id and c.country else "",
                data={"source": source},
            )
        if all(c.pk is not None for c in batch):
            return {c.source_id: c for c in batch}  # type: ignore[misc]
    except IntegrityError:
        pass
    return {
        sid: _create(source=source, source_id=sid, facts=fact, user=user, countries=countries)
        for sid, fact, user in items
    }


def _create(*, source: str, source_id: int, facts: Facts, user, countries: dict) -> Certificate:
    country = countries.get(facts.country_id)
    for _attempt in range(_CODE_ATTEMPTS):
        certificate = _new(source=source, source_id=source_id, facts=facts, user=user, countries=countries)
        try:
            with transaction.atomic():
                certificate.save(force_insert=True)
                audit_record(
                    actor=None,
                    action="certificates.issued",
                    target=certificate,
                    country_code=country.code if country else "",
                    data={"source": source, "source_id": source_id, "kind": facts.kind},
                )
            return certificate
        except IntegrityError:
            # Another run (or worker) issued it first: theirs is the certificate. Otherwise the random code
            # collided with an existing one: draw again.
            existing = (
                Certificate.objects.select_related("country__support_organisation")
                .filter(source=source, source_id=source_id)
                .first()
            )
            if existing is not None:
                return existing
    raise RuntimeError("Could not draw an unused certificate code.")


def complete(*, certificate: Certificate) -> Certificate:
    """Render the PDF, sign the badge and tell the holder, unless another run has already done it."""
    complete_many(certificates=[certificate])
    return certificate


def complete_many(*, certificates: list[Certificate]) -> None:
    """Render the PDFs, sign the badges and tell the holders of a batch, unless another run has already done it.

    The files are made outside any transaction; each row is marked complete with a conditional update, so of
    two runs racing only one stores its PDF and tells the holder (the other's file is deleted). The notices of
    the batch are written together (``notify_many``).
    """
    from . import badges, pdf

    if not certificates:
        return
    need_country = {c.country_id for c in certificates if c.country_id and "country" not in c._state.fields_cache}
    if need_country:
        countries = Country.objects.select_related("support_organisation").in_bulk(need_country)
        for c in certificates:
            if c.country_id in countries and "country" not in c._state.fields_cache:
                c.country = countries[c.country_id]
    made = []
    for certificate in certificates:
        document = pdf.render(certificate)
        badge = badges.sign(certificate)
        name = certificate.pdf.field.generate_filename(certificate, f"{certificate.code}.pdf")
        made.append((certificate, certificate.pdf.storage.save(name, ContentFile(document)), badge))
    now = timezone.now()
    won, lost = [], []
    with transaction.atomic():
        for certificate, stored, badge in made:
            if Certificate.objects.filter(pk=certificate.pk, completed_at__isnull=True).update(
                pdf=stored, badge=badge, completed_at=now
            ):
                certificate.pdf.name, certificate.badge, certificate.completed_at = stored, badge, now
                won.append(certificate)
            else:
                lost.append((certificate, stored))
        _notify_issued([c for c in won if c.holder_id is not None and c.revoked_at is None])
    for certificate, stored in lost:
        certificate.pdf.storage.delete(stored)
        certificate.refresh_from_db()


def _notify_issued(certificates: list[Certificate]) -> None:
    holders = User.objects.in_bulk({c.holder_id for c in certificates if c.holder_id is not None})
    remaining = [c for c in certificates if c.holder_id in holders]
    while remaining:  # one notice per certificate: a person with two in the batch is told twice
        first: dict[int, Certificate] = {}
        later = []
        for certificate in remaining:
            holder_id = int(certificate.holder_id or 0)
            if holder_id in first:
                later.append(certificate)
            else:
                first[holder_id] = certificate
        notify_many(
            recipients=[holders[pk] for pk in first],
            kind="certificates.issued",
            title=partial(_issued_title, first),
            body=_issued_body,
            url=partial(_issued_url, first),
        )
        remaining = later


def _issued_title(certificates: dict[int, Certificate], person: User) -> str:
    return _("Your certificate: {title}").format(title=certificates[person.pk].title)


def _issued_body(person: User) -> str:
    return str(_("It can be downloaded as a PDF and as an Open Badge; anyone can verify it with its code."))


def _issued_url(certificates: dict[int, Certificate], person: User) -> str:
    return reverse("certificates:detail", args=[certificates[person.pk].code])


def complete_pending(*, limit: int = 1000) -> int:
    """Finish the certificates a dead worker left without PDF or badge (the daily sweep)."""
    pending = list(
        Certificate.objects.select_related("country__support_organisation", "holder")
        .filter(completed_at__isnull=True, imported=False, revoked_at__isnull=True)
        .order_by("id")[:limit]
    )
    complete_many(certificates=pending)
    return len(pending)


def revoke(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Revoke a certificate (the verification page says so, with the reason and date); audited, holder told."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the certificate is revoked."))
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.revoked_at is not None:
            raise AlreadyRevoked(_("This certificate has already been revoked."))
        locked.revoked_at = timezone.now()
        locked.revoked_reason = reason[:2000]
        locked.revoked_by = by if getattr(by, "pk", None) else None
        locked.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
        country_code = locked.country.code if locked.country is not None else ""
        audit_record(actor=by, action="certificates.revoked", target=locked, country_code=country_code, reason=reason)
        if locked.holder_id is not None:
            holder = User.objects.get(pk=locked.holder_id)
            notify(
                recipient=holder,
                kind="certificates.revoked",
                title=format_lazy(_("Your certificate {code} has been revoked"), code=locked.code),
                body=reason,
                url=lambda: reverse("certificates:mine"),
            )
    certificate.revoked_at, certificate.revoked_reason = locked.revoked_at, locked.revoked_reason
    certificate.revoked_by_id = locked.revoked_by_id
    return certificate


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def verification_url(certificate: Certificate) -> str:
    return absolute(reverse("certificates_public:verify", args=[certificate.code]))
