"""Every write on partner-finding posts: create, edit, close, renew, hide (moderation), expiry notices.

Rules: only validated eTwinners write posts, from one of their own schools; a post lists a bounded number of
subjects, languages and countries; it stays open for ``partners.post_days_default`` days unless the author
chooses a date, never more than ``partners.post_days_max`` days ahead. Each decision is audited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.accounts.policies import is_etwinner
from twinning.accounts.services import notify
from twinning.core.errors import DomainError, NotAllowed
from twinning.core.rules import rule
from twinning.core.services import audit_record
from twinning.core.text import normalize_search
from twinning.schools.models import SchoolMembership
from twinning.staff.policies import can_act_for_country, is_support_staff

from .models import DESCRIPTION_MAX, FIT_BITS, FIT_LIMIT, TITLE_MAX, PartnerProfile, Post, Purpose, fit_keys

# How many of each choice a post may list (a post "for every subject" finds nobody in particular).
MAX_SUBJECTS = 5
MAX_LANGUAGES = 5
MAX_COUNTRIES = 10
MAX_AGE_BANDS = 6
MAX_LEVELS = 5
# Posts whose expiry is this close get a reminder (once) from the daily job.
EXPIRY_NOTICE_DAYS = 7

_ERASMUS_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{4,39}$")


class PostError(DomainError):
    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def _country_code(post: Post) -> str:
    return post.country.code if post.country_id and post.country is not None else ""


def default_expiry(today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(days=rule("partners.post_days_default"))


def latest_expiry(today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(days=rule("partners.post_days_max"))


def _check_expiry(expires_on: date | None) -> date:
    today = timezone.localdate()
    if expires_on is None:
        return default_expiry(today)
    if expires_on <= today:
        raise PostError(_("Choose a date after today."), field="expires_on")
    if expires_on > latest_expiry(today):
        raise PostError(
            _("A post stays open for at most %(days)s days: choose %(date)s or earlier.")
            % {"days": rule("partners.post_days_max"), "date": latest_expiry(today).strftime("%d/%m/%Y")},
            field="expires_on",
        )
    return expires_on


def _bounded(items: Iterable[Any] | None, limit: int, field: str, message) -> list:
    items = list(items or [])
    if len(items) > limit:
        raise PostError(message % {"n": limit}, field=field)
    return items


_LIMIT_MESSAGES = {
    "subjects": gettext_lazy("Choose at most %(n)s subjects."),
    "languages": gettext_lazy("Choose at most %(n)s working languages."),
    "countries_wanted": gettext_lazy("Choose at most %(n)s countries."),
    "age_bands": gettext_lazy("Choose at most %(n)s age bands."),
    "levels": gettext_lazy("Choose at most %(n)s levels of education."),
}
_LIMITS = {
    "subjects": MAX_SUBJECTS,
    "languages": MAX_LANGUAGES,
    "countries_wanted": MAX_COUNTRIES,
    "age_bands": MAX_AGE_BANDS,
    "levels": MAX_LEVELS,
}


def _clean_fields(*, author, fields: dict) -> dict:
    """Check every field of a post (bounds, lengths, the author's school); returns them cleaned."""
    title = (fields.get("title") or "").strip()
    if not title:
        raise PostError(_("Give the post a title."), field="title")
    if len(title) > TITLE_MAX:
        raise PostError(_("The title is too long (at most %(n)s characters).") % {"n": TITLE_MAX}, field="title")
    description = (fields.get("description") or "").strip()
    if not description:
        raise PostError(_("Describe your idea and the partner you look for."), field="description")
    if len(description) > DESCRIPTION_MAX:
        raise PostError(
            _("The description is too long (at most %(n)s characters).") % {"n": DESCRIPTION_MAX},
            field="description",
        )
    purpose = fields.get("purpose") or Purpose.ETWINNING
    if purpose not in Purpose.values:
        raise PostError(_("Choose what you look for partners for."), field="purpose")
    erasmus_number = (fields.get("erasmus_number") or "").strip().upper()
    if erasmus_number and not _ERASMUS_NUMBER.match(erasmus_number):
        raise PostError(
            _("An Erasmus+ project number has letters, digits and hyphens only (e.g. 2025-1-EL01-KA220-SCH-000123)."),
            field="erasmus_number",
        )
    school = fields.get("school")
    if school is not None and not SchoolMembership.objects.filter(user=author, school=school).exists():
        raise PostError(_("Choose one of the schools of your profile."), field="school")
    cleaned = {
        "title": title,
        "description": description,
        "purpose": purpose,
        "erasmus_number": erasmus_number,
        "school": school,
        "theme": fields.get("theme") or "",
        "length": fields.get("length") or "",
        "expires_on": _check_expiry(fields.get("expires_on")),
    }
    for name, limit in _LIMITS.items():
        cleaned[name] = _bounded(fields.get(name), limit, name, _LIMIT_MESSAGES[name])
    if not cleaned["subjects"]:
        raise PostError(_("Choose at least one subject."), field="subjects")
    if not cleaned["languages"]:
        raise PostError(_("Choose at least one working language."), field="languages")
    return cleaned


def _refresh_search(post: Post) -> None:
    """The derived search columns: folded text (both databases) and the weighted vector (PostgreSQL)."""
    title = normalize_search(post.title)
    body = normalize_search(f"{post.description} {post.erasmus_number}")
    post.search_text = f"{title} {body}"
    Post.objects.filter(pk=post.pk).update(search_text=post.search_text)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchVector

        Post.objects.filter(pk=post.pk).update(
            search_vector=SearchVector(Value(title), weight="A", config="simple")
            + SearchVector(Value(body), weight="B", config="simple")
        )


def _set_relations(post: Post, cleaned: dict) -> None:
    for name in _LIMITS:
        getattr(post, name).set(cleaned[name])
    # The derived id lists (suggestions) follow the links in the same transaction.
    ids = {
        "subject_ids": [getattr(x, "pk", x) for x in cleaned["subjects"]],
        "age_band_ids": [getattr(x, "pk", x) for x in cleaned["age_bands"]],
        "language_ids": [getattr(x, "pk", x) for x in cleaned["languages"]],
        "wanted_country_ids": [getattr(x, "pk", x) for x in cleaned["countries_wanted"]],
    }
    Post.objects.filter(pk=post.pk).update(**ids)
    for name, value in ids.items():
        setattr(post, name, sorted(set(value)))


_SCALARS = ("title", "description", "purpose", "erasmus_number", "school", "theme", "length", "expires_on")


@transaction.atomic
def post_create(*, author, **fields) -> Post:
    """A validated eTwinner publishes a partner-finding post."""
    if not is_etwinner(author):
        raise NotAllowed(_("Only validated eTwinners can publish partner-finding posts."))
    cleaned = _clean_fields(author=author, fields=fields)
    post = Post.objects.create(
        author=author, country_id=author.country_id, **{name: cleaned[name] for name in _SCALARS}
    )
    _set_relations(post, cleaned)
    _refresh_search(post)
    audit_record(actor=author, action="partner_post.created", target=post, country_code=_country_code(post))
    return post


def _require_author(post: Post, by) -> None:
    if post.author_id != getattr(by, "pk", None):
        raise NotAllowed(_("Only the author can change this post."))


@transaction.atomic
def post_update(*, post: Post, by, **fields) -> Post:
    """The author edits the post (a post hidden by the NSO stays hidden)."""
    _require_author(post, by)
    if not is_etwinner(by):
        raise NotAllowed(_("Only validated eTwinners can publish partner-finding posts."))
    cleaned = _clean_fields(author=by, fields=fields)
    changed = [name for name in _SCALARS if getattr(post, name) != cleaned[name]]
    for name in _SCALARS:
        setattr(post, name, cleaned[name])
    post.updated_at = timezone.now()
    post.lapsed = False  # the date is after today again (_check_expiry)
    post.save(update_fields=[*changed, "updated_at", "lapsed"])
    _set_relations(post, cleaned)
    _refresh_search(post)
    audit_record(
        actor=by,
        action="partner_post.updated",
        target=post,
        country_code=_country_code(post),
        data={"fields": sorted(changed)},
    )
    return post


@transaction.atomic
def post_close(*, post: Post, by) -> Post:
    """The author closes the post (found a partner, or changed their mind): it leaves the search."""
    _require_author(post, by)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.closed_at is not None:
        raise PostError(_("This post is already closed."))
    post.closed_at = timezone.now()
    post.save(update_fields=["closed_at"])
    audit_record(actor=by, action="partner_post.closed", target=post, country_code=_country_code(post))
    return post


@transaction.atomic
def post_renew(*, post: Post, by, expires_on: date | None = None) -> Post:
    """The author reopens a closed or expired post (or moves its date) for another period."""
    _require_author(post, by)
    if not is_etwinner(by):
        raise NotAllowed(_("Only validated eTwinners can publish partner-finding posts."))
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.expires_on = _check_expiry(expires_on)
    post.closed_at = None
    post.expiry_notice_sent_on = None
    post.lapsed = False
    post.save(update_fields=["expires_on", "closed_at", "expiry_notice_sent_on", "lapsed"])
    audit_record(
        actor=by,
        action="partner_post.renewed",
        target=post,
        country_code=_country_code(post),
        data={"expires_on": post.expires_on.isoformat()},
    )
    return post


def _require_moderator(actor, post: Post) -> None:
    if not (is_support_staff(actor) and can_act_for_country(actor, post.author.country_id)):
        raise NotAllowed(_("Only staff of the author's country can take this decision."))


@transaction.atomic
def post_hide(*, post: Post, by, reason: str) -> bool:
    """The NSO hides a post (moderation): it leaves the search; its author sees it with the reason."""
    _require_moderator(by, post)
    reason = (reason or "").strip()
    if not reason:
        raise PostError(_("Give the reason: the author will read it."), field="reason")
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.hidden_at is not None:
        return False
    post.hidden_at, post.hidden_by, post.hidden_reason = timezone.now(), by, reason
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    audit_record(actor=by, action="partner_post.hidden", target=post, country_code=_country_code(post), reason=reason)
    notify(
        recipient=post.author,
        kind="partners.post_hidden",
        title=gettext_lazy("Your partner-finding post was hidden by your NSO"),
        body=reason,
        url=post.get_absolute_url(),
    )
    return True


@transaction.atomic
def post_unhide(*, post: Post, by, reason: str = "") -> bool:
    _require_moderator(by, post)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.hidden_at is None:
        return False
    post.hidden_at, post.hidden_by, post.hidden_reason = None, None, ""
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    audit_record(actor=by, action="partner_post.unhidden", target=post, country_code=_country_code(post), reason=reason)
    return True


def lapsed_posts_sweep(*, today: date | None = None) -> int:
    """Mark the posts whose date has passed as lapsed (the job every 6 hours; returns how many): they leave the
    search's indexes. Nothing else changes: the date already took them out of the search."""
    today = today or timezone.localdate()
    return Post.objects.filter(lapsed=False, expires_on__lt=today).update(lapsed=True)


def expiry_notices_send(*, today: date | None = None, limit: int = 5000) -> int:
    """Tell authors, once, that an open post expires within a week (the daily job); returns how many."""
    today = today or timezone.localdate()
    due = list(
        Post.objects.open(today)
        .filter(expires_on__lte=today + timedelta(days=EXPIRY_NOTICE_DAYS), expiry_notice_sent_on__isnull=True)
        .select_related("author")
        .order_by("expires_on", "pk")[:limit]
    )
    for post in due:
        with transaction.atomic():
            claimed = Post.objects.filter(pk=post.pk, expiry_notice_sent_on__isnull=True).update(
                expiry_notice_sent_on=today
            )
            if not claimed:
                continue
            notify(
                recipient=post.author,
                kind="partners.post_expiring",
                title=gettext_lazy("Your partner-finding post closes soon"),
                body=post.title,
                url=post.get_absolute_url(),
            )
    return len(due)


def posts_erase_for(user) -> int:
    """Erasure: the person's posts go (they are their words), and the derived search row; returns how many
    posts."""
    PartnerProfile.objects.filter(user_id=user.pk).delete()
    deleted, _by_model = Post.objects.filter(author=user).delete()
    return deleted


# --- Derived search rows: a teacher's partner profile ------------------------------------------------------

_USER_COLUMNS = (
    "validation_status",
    "is_active",
    "anonymised_at",
    "visibility",
    "country_id",
    "last_seen_at",
    "date_joined",
)
_ELIGIBLE_FIELDS = frozenset({"validation_status", "is_active", "anonymised_at", "visibility", "country"})


def partner_profile_refresh(*, user_id: int) -> None:
    """Rewrite one teacher's derived search row from the profile (three small reads and one write); a
    person without subjects, age bands and languages has no row (nothing to match on)."""
    from twinning.accounts.models import User, ValidationStatus

    user = (
        User.objects.filter(pk=user_id)
        .only(
            "validation_status", "is_active", "anonymised_at", "visibility", "country_id", "last_seen_at", "date_joined"
        )
        .first()
    )
    if user is None:
        return
    ids = {
        name: list(getattr(User, name).through.objects.filter(user_id=user_id).values_list(column, flat=True))
        for name, column in (("subjects", "subject_id"), ("age_bands", "ageband_id"), ("languages", "language_id"))
    }
    if not any(ids.values()):
        PartnerProfile.objects.filter(user_id=user_id).delete()
        return
    PartnerProfile.objects.update_or_create(
        user_id=user_id,
        defaults={
            **ids,
            "fits": fit_keys(ids["subjects"], ids["age_bands"], ids["languages"]),
            "country_id": user.country_id,
            "visibility": user.visibility,
            "eligible": user.validation_status == ValidationStatus.VALIDATED
            and user.is_active
            and user.anonymised_at is None,
            "last_active": user.last_seen_at or user.date_joined,
        },
    )


def partner_profile_user_changed(*, user, update_fields=None) -> None:
    """After a save of the user row: copy the columns the candidate search filters on (one UPDATE, none
    when the save touched other columns only, e.g. the last login)."""
    from twinning.accounts.models import ValidationStatus

    if update_fields is not None and not (_ELIGIBLE_FIELDS & set(update_fields)):
        return
    PartnerProfile.objects.filter(user_id=user.pk).update(
        country_id=user.country_id,
        visibility=user.visibility,
        eligible=user.validation_status == ValidationStatus.VALIDATED and user.is_active and user.anonymised_at is None,
    )


# The fit keys as ``models.fit_keys`` makes them: each list with a 0 added (the value left out), crossed.
_FIT_KEYS_SQL = f"""
    COALESCE((SELECT array_agg((s << {2 * FIT_BITS}) | (a << {FIT_BITS}) | l ORDER BY s, a, l)
              FROM unnest(array_append({{subjects}}, 0)) s, unnest(array_append({{age_bands}}, 0)) a,
                   unnest(array_append({{languages}}, 0)) l
              WHERE s < {FIT_LIMIT} AND a < {FIT_LIMIT} AND l < {FIT_LIMIT} AND (s, a, l) <> (0, 0, 0)), '{{{{}}}}')
"""  # noqa: S608 - constants only


# The rows are written in order of activity, most recent first: the suggestions walk the activity index
# and then read neighbouring rows of the table instead of rows scattered over it.
_REBUILD_SQL = f"""
    INSERT INTO partners_partnerprofile (user_id, subjects, age_bands, languages, fits, country_id, visibility,
                                         eligible, last_active)
    SELECT t.id, t.subjects, t.age_bands, t.languages,
           {_FIT_KEYS_SQL.format(subjects="t.subjects", age_bands="t.age_bands", languages="t.languages")},
           t.country_id, t.visibility, t.eligible, t.last_active
    FROM (
        SELECT u.id,
               COALESCE((SELECT array_agg(s.subject_id ORDER BY s.subject_id) FROM accounts_user_subjects s
                         WHERE s.user_id = u.id), '{{}}') AS subjects,
               COALESCE((SELECT array_agg(a.ageband_id ORDER BY a.ageband_id) FROM accounts_user_age_bands a
                         WHERE a.user_id = u.id), '{{}}') AS age_bands,
               COALESCE((SELECT array_agg(l.language_id ORDER BY l.language_id) FROM accounts_user_languages l
                         WHERE l.user_id = u.id), '{{}}') AS languages,
               u.country_id, u.visibility,
               u.validation_status = %s AND u.is_active AND u.anonymised_at IS NULL AS eligible,
               COALESCE(u.last_seen_at, u.date_joined) AS last_active
        FROM accounts_user u
        WHERE u.id IN (SELECT user_id FROM accounts_user_subjects UNION SELECT user_id FROM accounts_user_age_bands
                       UNION SELECT user_id FROM accounts_user_languages)
    ) t
    ORDER BY t.last_active DESC
"""  # noqa: S608 - constants only, the status is a parameter


def partner_profiles_rebuild() -> int:
    """Rebuild every derived row from the profiles (the nightly job and the population generator): one SQL
    statement on PostgreSQL, person by person elsewhere (small databases). Returns the number of rows."""
    from twinning.accounts.models import User, ValidationStatus

    if connection.vendor == "postgresql":
        # Rewritten whole in one transaction: readers see the old rows until it commits.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM partners_partnerprofile")
            cursor.execute(_REBUILD_SQL, [ValidationStatus.VALIDATED.value])
        return PartnerProfile.objects.count()
    people = set()
    for name in ("subjects", "age_bands", "languages"):
        people |= set(getattr(User, name).through.objects.values_list("user_id", flat=True))
    PartnerProfile.objects.exclude(user_id__in=people).delete()
    for pk in sorted(people):
        partner_profile_refresh(user_id=pk)
    return len(people)
