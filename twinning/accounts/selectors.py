"""Reads on people: the NSO validation queue, the people list, waiting-time figures."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from twinning.core.models import AuditEvent
from twinning.core.text import normalize_search
from twinning.reference.models import Region, SupportOrganisation
from twinning.schools.models import SchoolMembership, SchoolStatus
from twinning.staff import policies as staff_policies

from . import policies
from .models import NotificationPreference, RetentionPolicy, User, ValidationStatus


def _memberships_prefetch() -> Prefetch:
    return Prefetch(
        "school_memberships",
        queryset=SchoolMembership.objects.select_related("school__region").order_by("-is_primary", "created_at"),
    )


def _apply_filters(qs: QuerySet[User], filters: dict) -> QuerySet[User]:
    if filters.get("country"):
        qs = qs.filter(country=filters["country"])
    if filters.get("region"):
        qs = qs.filter(Exists(SchoolMembership.objects.filter(user=OuterRef("pk"), school__region=filters["region"])))
    if filters.get("role"):
        qs = qs.filter(community_role=filters["role"])
    if filters.get("status"):
        qs = qs.filter(validation_status=filters["status"])
    if filters.get("waited_days"):
        qs = qs.filter(submitted_at__lte=timezone.now() - timedelta(days=filters["waited_days"]))
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(_text_filter(q))
    return qs


_DOMAIN_WORD = re.compile(r"^[\w.-]+$", re.ASCII)


def _text_filter(q: str) -> Q:
    """A name, a whole e-mail address, or an e-mail domain: "gmail", "@gmail.com" and "sch.gr" find the
    people whose address is there (a single Latin word may be either part of a name or a domain)."""
    if q.startswith("@"):
        return Q(email__iendswith=q)
    if "@" in q:
        return Q(email__iexact=q)
    by_name = Q(search_name__contains=normalize_search(q))
    if _DOMAIN_WORD.match(q):
        return by_name | Q(email__icontains="@" + q)
    return by_name


def validation_queue(*, staff, filters: dict | None = None) -> QuerySet[User]:
    """People waiting for validation in the staff member's countries, longest-waiting first."""
    qs = policies.people_visible_to_staff(staff).filter(validation_status=ValidationStatus.PENDING)
    qs = _apply_filters(qs, filters or {})
    return qs.select_related("country").prefetch_related(_memberships_prefetch()).order_by("submitted_at", "pk")


def people_list(*, staff, filters: dict | None = None) -> QuerySet[User]:
    filters = filters or {}
    qs = _apply_filters(policies.people_visible_to_staff(staff), filters)
    qs = qs.select_related("country").prefetch_related(_memberships_prefetch())
    if (filters.get("q") or "").strip():
        # An expression order lets PostgreSQL use the trigram index, then sort (docs/performance.md).
        return qs.order_by(Lower("search_name"), "pk")
    return qs.order_by("search_name", "pk")


@dataclass(frozen=True)
class Hint:
    """One thing for the validator to look at: ok or warn, in words, with a link where one helps."""

    kind: str
    text: str
    url: str = ""


@dataclass
class QueueRow:
    person: User
    schools: list = field(default_factory=list)
    waited: timedelta | None = None
    email_domain: str = ""
    email_domain_is_school: bool = False
    duplicate_count: int = 0
    proposed_schools: int = 0
    previous_name: str = ""
    hints: list[Hint] = field(default_factory=list)


def queue_rows(people: list[User]) -> list[QueueRow]:
    """What to check on each row, computed for a whole page in one extra query (duplicates)."""
    # Same name in the same country: what an NSO can act on, and served by (country, search_name).
    pairs = {(p.country_id, p.search_name) for p in people if p.search_name and p.country_id}
    duplicates: dict[tuple[int, str], int] = {}
    if pairs:
        # Two IN lists (a superset of the pairs, served by the same index) compile far faster than one
        # OR per row; the pairs are picked out below.
        counted = (
            User.objects.filter(
                country_id__in={c for c, _n in pairs},
                search_name__in={n for _c, n in pairs},
                anonymised_at__isnull=True,
            )
            .values_list("country_id", "search_name")
            .annotate(n=Count("pk"))
            .order_by()
        )
        duplicates = {(c, n): count for c, n, count in counted if (c, n) in pairs}
    previous_names = _previous_names([p for p in people if p.validation_status == ValidationStatus.PENDING])
    now = timezone.now()
    rows = []
    for p in people:
        schools = [m.school for m in p.school_memberships.all()]
        domains = p.country.email_domains() if p.country is not None else []
        domain = p.email_domain
        row = QueueRow(
            person=p,
            schools=schools,
            waited=(now - p.submitted_at) if p.submitted_at else None,
            email_domain=domain,
            email_domain_is_school=any(domain == d or domain.endswith("." + d) for d in domains),
            duplicate_count=max(0, duplicates.get((p.country_id or 0, p.search_name), 1) - 1),
            proposed_schools=sum(1 for s in schools if s.status == SchoolStatus.PROPOSED),
            previous_name=previous_names.get(p.pk, ""),
        )
        row.hints = _hints(row)
        rows.append(row)
    return rows


def _previous_names(people: list[User]) -> dict[int, str]:
    """For people sent back for validation by a change of name: the name the NSO had validated (one query)."""
    if not people:
        return {}
    events = (
        AuditEvent.objects.filter(
            action="person.identity_changed",
            target_type=User._meta.label_lower,
            target_id__in=[str(p.pk) for p in people],
        )
        .order_by("target_id", "at")
        .values_list("target_id", "data")
    )
    names: dict[int, str] = {}
    for target_id, data in events:
        before = (data or {}).get("before")
        if before:
            names.setdefault(int(target_id), before)  # the earliest change names the validated name
    return names


def review_row(*, staff, person_id) -> QueueRow | None:
    """One person as the validation queue shows them (schools and what to check), within the staff scope;
    None when there is no such person in this staff member's scope."""
    try:
        people = list(people_list(staff=staff).filter(pk=int(person_id)))
    except (TypeError, ValueError):
        return None
    return queue_rows(people)[0] if people else None


def _hints(row: QueueRow) -> list[Hint]:
    """What the validator should look at, in the active language; the same-name hint links to the people
    list searched for that name in the person's country."""
    hints = []
    if row.email_domain_is_school:
        hints.append(Hint("ok", _("school e-mail (%(domain)s)") % {"domain": row.email_domain}))
    else:
        hints.append(Hint("warn", _("e-mail domain %(domain)s") % {"domain": row.email_domain}))
    if row.duplicate_count:
        person = row.person
        query = urlencode({"q": f"{person.first_name} {person.last_name}", "country": person.country_id or ""})
        hints.append(
            Hint(
                "warn",
                ngettext(
                    "%(n)s other account with the same name",
                    "%(n)s other accounts with the same name",
                    row.duplicate_count,
                )
                % {"n": row.duplicate_count},
                f"{reverse('accounts:people')}?{query}",
            )
        )
    if row.proposed_schools:
        hints.append(Hint("warn", _("new school, not yet validated")))
    if row.previous_name:
        hints.append(Hint("warn", _("name changed after validation (was: %(name)s)") % {"name": row.previous_name}))
    return hints


def typical_wait_days(country) -> float:
    """Median days between asking for validation and the NSO's decision over recent decisions.

    Falls back to the country's configured typical time until at least 5 decisions exist.
    """
    if country is None:
        return 7.0
    key = f"typical_wait:{country.pk}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    since = timezone.now() - timedelta(days=180)
    pairs = list(
        User.objects.filter(
            country=country,
            decided_at__gte=since,
            submitted_at__isnull=False,
            validation_status__in=[ValidationStatus.VALIDATED, ValidationStatus.REJECTED],
        )
        .order_by("-decided_at")
        .values_list("submitted_at", "decided_at")[:500]
    )
    if len(pairs) < 5:
        value = float(country.typical_validation_days)
    else:
        value = round(statistics.median((d - s).total_seconds() / 86400 for s, d in pairs if s and d), 1)
    cache.set(key, value, 3600)
    return value


def queue_summary(*, staff) -> dict:
    """How many wait in the staff member's scope, how many for over a week, and since when the oldest."""
    qs = policies.people_visible_to_staff(staff).filter(validation_status=ValidationStatus.PENDING)
    return qs.aggregate(
        waiting=Count("pk"),
        over_week=Count("pk", filter=Q(submitted_at__lte=timezone.now() - timedelta(days=7))),
        oldest=Min("submitted_at"),
    )


def live_account_by_email(email: str) -> User | None:
    """The account using this e-mail address (not anonymised), or None."""
    return User.objects.filter(email__iexact=email.strip(), anonymised_at__isnull=True).first()


def school_etwinners(school, viewer, *, limit: int = 50) -> dict | None:
    """The school page's eTwinners section: validated members whose profile the viewer may see.

    One query whatever the number of members (no COUNT); None when nobody is to be shown.
    """
    rows = list(
        User.objects.filter(
            school_memberships__school=school,
            validation_status=ValidationStatus.VALIDATED,
            anonymised_at__isnull=True,
            inactive_since__isnull=True,
            is_active=True,
            visibility__in=policies.profile_visibilities_for(viewer),
        )
        .only("pk", "first_name", "last_name", "community_role")
        .order_by("last_name", "first_name", "pk")[: limit + 1]
    )
    if not rows:
        return None
    return {"people": rows[:limit], "more": len(rows) > limit}


def retention_policy() -> RetentionPolicy:
    """The retention rule in force (the row the migration created, or its defaults if it is missing)."""
    return RetentionPolicy.objects.order_by("pk").first() or RetentionPolicy()


def people_for_decision(*, staff, ids) -> list[User]:
    """The people a staff member decides on in the queue (within their scope), with their country."""
    return list(policies.people_visible_to_staff(staff, User.objects.select_related("country")).filter(pk__in=ids))


def staff_roles_in_force(viewer, *, limit: int = 200) -> list:
    """Roles in force today (not revoked, term not ended) that this person manages, for the staff-roles
    page (one query)."""
    today = timezone.localdate()
    return list(
        staff_policies.staff_roles_visible_to(viewer)
        .filter(revoked_at__isnull=True)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=today))
        .select_related("user", "country", "region", "granted_by")
        .order_by("kind", "pk")[:limit]
    )


def regions_named(region_ids) -> list[Region]:
    return list(Region.objects.filter(pk__in=region_ids).select_related("country").order_by("name_en"))


def waiting_in_regions(region_ids, *, limit: int = 100) -> list[User]:
    """Teachers of schools in these regions waiting for validation, longest-waiting first (an ambassador's view)."""
    in_region = SchoolMembership.objects.filter(user=OuterRef("pk"), school__region_id__in=list(region_ids))
    return list(
        User.objects.filter(validation_status=ValidationStatus.PENDING, anonymised_at__isnull=True, is_active=True)
        .filter(Exists(in_region))
        .select_related("country")
        .prefetch_related(_memberships_prefetch())
        .order_by("submitted_at", "pk")[:limit]
    )


def people_with_country():
    """People with their country (what decisions and their audit events need)."""
    return User.objects.select_related("country")


def nso_name_for(user, language: str | None = None) -> str:
    """The name of the support organisation of the person's country (an e-mail's sender), or "".

    In ``language`` (the active language when not given)."""
    country_id = getattr(user, "country_id", None)
    if not country_id:
        return ""
    organisation = SupportOrganisation.objects.filter(country_id=country_id).only("name_en", "name_el").first()
    if organisation is None:
        return ""
    with translation.override(language or translation.get_language()):
        return organisation.name


def email_delivery_for(user, kind: str) -> str:
    """How this person gets the e-mail copy of notices of ``kind``: "immediately", "daily" or "never" (their
    choice, else the kind's default)."""
    from twinning.core.registries import IMMEDIATELY, notification_kind

    choice = NotificationPreference.objects.filter(user=user, kind=kind).values_list("delivery", flat=True).first()
    if choice is not None:
        return choice
    registered = notification_kind(kind)
    return registered.delivery if registered is not None else IMMEDIATELY


def wants_email(user, kind: str) -> bool:
    """Whether the e-mail copy of this notice goes out at once (a daily digest or no e-mail otherwise)."""
    from twinning.core.registries import IMMEDIATELY

    return email_delivery_for(user, kind) == IMMEDIATELY


def notification_preferences(user) -> list[tuple]:
    """(kind, delivery) for every registered kind, in the order the settings page lists them."""
    from twinning.core.registries import notification_kinds

    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return [(kind, chosen.get(kind.key, kind.delivery)) for kind in notification_kinds()]


def email_addresses(user) -> list:
    """The person's e-mail addresses, the primary first (allauth keeps them)."""
    from allauth.account.models import EmailAddress

    return list(EmailAddress.objects.filter(user=user).order_by("-primary", "email"))


def open_sessions(user) -> int:
    """How many sessions of this person are open (allauth's session list shows and ends them)."""
    from allauth.usersessions.models import UserSession

    return UserSession.objects.filter(user=user).count()


def people_for_page() -> QuerySet[User]:
    """An eTwinner's page: the person with their country and the taxonomies of their profile (4 queries)."""
    return User.objects.select_related("country").prefetch_related("languages", "subjects", "age_bands")


PERSON_HISTORY_ACTIONS = (
    "person.validation_requested", "person.validated", "person.rejected", "person.school_added",
    "person.school_removed", "person.identity_changed", "person.suspended", "person.reinstated",
)  # fmt: skip


def staff_context_person(person, agent) -> dict | None:
    """Beside a helpdesk ticket: the person's validation status and its history, and their schools — for the
    staff of the person's country; an ambassador sees only the schools, when one is in their region."""
    if person is None:
        return None
    memberships = list(
        SchoolMembership.objects.filter(user=person).select_related("school__region").order_by("-is_primary", "pk")
    )
    if policies.people_visible_to_staff(agent).filter(pk=person.pk).exists():
        history = list(
            AuditEvent.objects.filter(
                target_type=User._meta.label_lower, target_id=str(person.pk), action__in=PERSON_HISTORY_ACTIONS
            ).order_by("-at", "-id")[:10]
        )
        return {"person": person, "memberships": memberships, "history": history, "full": True}
    regions = staff_policies.ambassador_region_ids(agent)
    if regions and any(m.school.region_id in regions for m in memberships):
        return {"person": person, "memberships": memberships, "history": [], "full": False}
    return None
