"""Partner-finding posts: a teacher's idea for a project (or an Erasmus+ partnership) looking for partners.

A post is open while it is neither closed by its author nor hidden by the NSO and its expiry date has not
passed: expiry needs no sweep, the search reads the date. Search columns are derived here and kept by the
service that saves the post (``services._refresh_search``), never by a signal:

- ``search_text``: title, description and the Erasmus+ number folded (``core.text.normalize_search``):
  the SQLite path searches it with ``LIKE``;
- ``search_vector``: the same folded text as a weighted ``tsvector`` (title A, description B) with the
  ``simple`` configuration (no stemming: Greek and English alike), GIN-indexed on PostgreSQL.
"""

import json
from itertools import product

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
ERASMUS_NUMBER_MAX = 40


class Purpose(models.TextChoices):
    ETWINNING = "etwinning", _("An eTwinning project")
    ERASMUS = "erasmus", _("An Erasmus+ partnership or mobility")
    BOTH = "both", _("Both")


class Theme(models.TextChoices):
    """No theme taxonomy exists in the reference data yet: a short fixed list (a choices field)."""

    CITIZENSHIP = "citizenship", _("Citizenship and democracy")
    ENVIRONMENT = "environment", _("Environment and climate")
    STEM = "stem", _("Science, technology and mathematics (STEM)")
    ARTS = "arts", _("Arts and cultural heritage")
    LANGUAGES = "languages", _("Languages and literacy")
    WELLBEING = "wellbeing", _("Health and well-being")
    DIGITAL = "digital", _("Digital skills and media literacy")
    INCLUSION = "inclusion", _("Inclusion and diversity")
    OTHER = "other", _("Another theme")


class ProjectLength(models.TextChoices):
    SHORT = "short", _("A few weeks")
    TERM = "term", _("One school term")
    YEAR = "year", _("One school year")
    LONGER = "longer", _("More than a school year")


class IdList(models.Field):
    """A short list of ids (a person's subjects…): ``integer[]`` on PostgreSQL, where a GIN index answers
    "shares one of these" (``__overlap``, ``&&``); JSON text on other databases (read in Python there)."""

    description = "list of ids"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def db_type(self, connection):
        return "integer[]" if connection.vendor == "postgresql" else "text"

    def get_db_prep_value(self, value, connection, prepared=False):
        ids = sorted({int(v) for v in value or []})
        return ids if connection.vendor == "postgresql" else json.dumps(ids)

    def from_db_value(self, value, expression, connection):
        if value is None:
            return []
        return list(value) if isinstance(value, list) else json.loads(value)

    def to_python(self, value):
        if isinstance(value, str):
            return json.loads(value or "[]")
        return list(value or [])


@IdList.register_lookup
class Overlap(models.Lookup):
    """``ids__overlap=[…]``: shares at least one id (PostgreSQL only, ``&&`` through the GIN index)."""

    lookup_name = "overlap"

    def get_db_prep_lookup(self, value, connection):
        return "%s", [sorted({int(v) for v in value})]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} && {rhs}::integer[]", [*lhs_params, *rhs_params]


class PostStatus(models.TextChoices):
    """Where a post stands, decided once here (the pages and the services read it, never re-derive it)."""

    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    EXPIRED = "expired", _("Expired")
    HIDDEN = "hidden", _("Hidden by the NSO")


STATUS_CSS = {PostStatus.OPEN: "status-validated", PostStatus.HIDDEN: "status-rejected"}


class PostQuerySet(models.QuerySet):
    def open(self, today=None):
        """Posts in the search: not closed, not hidden, not expired (the date decides; ``lapsed`` only lets
        the search's partial indexes leave out the posts already swept)."""
        today = today or timezone.localdate()
        return self.filter(closed_at__isnull=True, hidden_at__isnull=True, lapsed=False, expires_on__gte=today)


class Post(models.Model):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_posts")
    school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("school")
    )
    # The author's country when the post was written (a filter and a facet; kept if the author moves).
    country = models.ForeignKey("reference.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX)
    purpose = models.CharField(_("looking for partners for"), max_length=10, choices=Purpose.choices)
    subjects = models.ManyToManyField("reference.Subject", related_name="+", verbose_name=_("subjects"))
    age_bands = models.ManyToManyField("reference.AgeBand", related_name="+", verbose_name=_("pupils' age bands"))
    languages = models.ManyToManyField("reference.Language", related_name="+", verbose_name=_("working languages"))
    countries_wanted = models.ManyToManyField(
        "reference.Country", blank=True, related_name="+", verbose_name=_("partners wanted from")
    )
    levels = models.ManyToManyField(
        "reference.EducationLevel", blank=True, related_name="+", verbose_name=_("levels of education")
    )
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, blank=True)
    length = models.CharField(_("project length"), max_length=10, choices=ProjectLength.choices, blank=True)
    erasmus_number = models.CharField(_("Erasmus+ project number"), max_length=ERASMUS_NUMBER_MAX, blank=True)
    expires_on = models.DateField(_("open until"))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    expiry_notice_sent_on = models.DateField(null=True, blank=True)
    # Set by the sweep (every 6 hours) once ``expires_on`` has passed, cleared by renewing or editing. Whether a post
    # is open is still read from the date (a post that expired today is out before the sweep runs); the flag
    # keeps the 200,000 expired posts of a European installation out of the search's partial indexes.
    lapsed = models.BooleanField(default=False, editable=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.TextField(blank=True)
    search_text = models.TextField(editable=False, default="")
    search_vector = SearchVectorField(null=True, editable=False)
    # Copies of the links above, kept by the service with the search columns: the suggestions pick their
    # candidates from them (one GIN index on PostgreSQL) instead of grouping the link tables.
    subject_ids = IdList(editable=False)
    age_band_ids = IdList(editable=False)
    language_ids = IdList(editable=False)
    wanted_country_ids = IdList(editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner-finding post")
        verbose_name_plural = _("partner-finding posts")
        indexes = [
            # The search's newest-first order over live posts (expired ones are met last: they are older).
            models.Index(
                fields=["-created_at", "-id"],
                condition=models.Q(closed_at__isnull=True, hidden_at__isnull=True, lapsed=False),
                name="post_live_newest_idx",
            ),
            models.Index(fields=["author", "-created_at"], name="post_author_idx"),
            models.Index(fields=["erasmus_number"], condition=~models.Q(erasmus_number=""), name="post_erasmus_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("partners:post", args=[self.pk])

    def audit_label(self) -> str:
        return f"{self.title} (#{self.pk})"

    @property
    def status(self) -> PostStatus:
        if self.hidden_at is not None:
            return PostStatus.HIDDEN
        if self.closed_at is not None:
            return PostStatus.CLOSED
        if self.expires_on < timezone.localdate():
            return PostStatus.EXPIRED
        return PostStatus.OPEN

    @property
    def status_css(self) -> str:
        return STATUS_CSS.get(self.status, "status-registered")

    @property
    def is_open(self) -> bool:
        return self.status == PostStatus.OPEN

    @property
    def is_expired(self) -> bool:
        return self.expires_on < timezone.localdate()

    @property
    def can_be_closed(self) -> bool:
        """Closing takes an open post out of the search (a hidden one too: it stays out once unhidden)."""
        return self.closed_at is None and not self.is_expired


# A fit key packs one subject, one age band and one language (0 where the combination leaves one out) into
# an int: ``subject << 20 | age band << 10 | language``. Ids of 1024 or more do not fit in ten bits: rows
# leave them out of their keys and a search on them reads the three lists instead (reference data has a few
# dozen ids).
FIT_BITS = 10
FIT_LIMIT = 1 << FIT_BITS
FIT_KEYS_MAX = 4000  # a search choosing more combinations than this reads the three lists instead


def _fit_key(subject: int, age_band: int, language: int) -> int:
    return (subject << (2 * FIT_BITS)) | (age_band << FIT_BITS) | language


def fit_keys(subjects, age_bands, languages) -> list[int]:
    """A teacher's fit keys: every combination of one of their subjects, age bands and languages, each of
    the three optional (at least one present). A search for "any of these subjects, and any of these age
    bands" is then one overlap with the keys of its own combinations (``search_fit_keys``)."""

    def fitting(values) -> list[int]:
        return [*sorted({int(v) for v in values if 0 < int(v) < FIT_LIMIT}), 0]

    keys = {_fit_key(s, a, la) for s, a, la in product(fitting(subjects), fitting(age_bands), fitting(languages))}
    keys.discard(0)
    return sorted(keys)


def search_fit_keys(subjects, age_bands, languages) -> list[int] | None:
    """The keys a search for the chosen values overlaps (an OR within each list, an AND between the lists
    chosen), or None when they cannot be keyed (an id out of range, too many combinations, none chosen)."""
    chosen = [sorted({int(v) for v in values}) or [0] for values in (subjects, age_bands, languages)]
    if chosen == [[0], [0], [0]] or any(not 0 <= v < FIT_LIMIT for values in chosen for v in values):
        return None
    if len(chosen[0]) * len(chosen[1]) * len(chosen[2]) > FIT_KEYS_MAX:
        return None
    return sorted(_fit_key(s, a, la) for s in chosen[0] for a in chosen[1] for la in chosen[2])


class PartnerProfile(models.Model):
    """A derived search row per teacher with teaching data: what people search and suggestions read, in one
    narrow row instead of three link tables and the wide user row (docs/partners.md).

    Not a source of truth: the subjects, age bands and languages stay on the profile (``accounts.User``);
    this row copies them (and the few user columns the candidate search filters on) and is rewritten by
    ``services.partner_profile_refresh`` when they change (receivers in ``receivers.py``) and rebuilt in
    SQL every night (``services.partner_profiles_rebuild``: last activity). Readers still check the user
    row for the final list, so a stale copy can only leave someone out until the next refresh."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+")
    subjects = IdList()
    age_bands = IdList()
    languages = IdList()
    # ``fit_keys`` of the three lists: the people search's filters on them are one GIN lookup of the few rows
    # with that combination, not an intersection of the long lists of everyone teaching 12-15 year olds and
    # everyone working in English (docs/partners.md). Stored rather than only indexed as an expression: the
    # planner estimates ``&&`` from a column's element statistics; over a function it guessed 6,760 rows for
    # 598 and walked the name index instead (15 s at europe scale).
    fits = IdList()
    country = models.ForeignKey("reference.Country", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    visibility = models.CharField(max_length=20, blank=True)
    # Validated, active and not erased (what a candidate must be; the user row is checked again when shown).
    eligible = models.BooleanField(default=False)
    last_active = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["-last_active"], condition=models.Q(eligible=True), name="partner_profile_active_idx"),
        ]

    def __str__(self) -> str:
        return f"partner profile {self.user_id}"
