"""Reads on partner finding: the post search (with facets), one post, my posts, the search of eTwinners
and schools for teachers, and suggested partners.

Text search has one entry point, ``post_search``, and two paths behind it:

- PostgreSQL: the stored weighted ``search_vector`` (GIN) matched with a prefix ``tsquery`` over folded
  words ("φυσικ" finds "Φυσική"), relevance order by ``ts_rank``;
- other databases (SQLite): every folded word must appear in ``search_text`` (``LIKE``), relevance order
  falls back to newest first.

Lists never count their rows; facet counts are one grouped query per facet over the filtered open posts,
computed for the first page only and cached for a few minutes per filter combination (docs/partners.md).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from twinning.accounts.models import User, ValidationStatus
from twinning.accounts.policies import profile_visibilities_for
from twinning.contacts.models import Block
from twinning.core.links import link_rows
from twinning.core.text import normalize_search
from twinning.reference.models import AgeBand, Country, Language, Subject
from twinning.schools import selectors as school_selectors
from twinning.schools.models import School, SchoolMembership

from .models import PartnerProfile, Post, Purpose, search_fit_keys

MAX_WORDS = 6
FACET_SECONDS = 300
FACET_LIMIT = 12
FACET_SAMPLE = 2000  # facet counts over the newest matching posts only
RANK_CAP = 500  # relevance ranks the newest matching posts only (25 pages of 20; docs/partners.md)
SUGGESTIONS = 10
_WORD = re.compile(r"\w+")

NEWEST = "newest"
RELEVANCE = "relevance"


def _words(q: str) -> list[str]:
    return _WORD.findall(normalize_search(q))[:MAX_WORDS]


def _ids(values) -> list[int]:
    """Ids from a filter (model instances, ints or digit strings); anything else is ignored."""
    out = []
    for value in values or []:
        pk = getattr(value, "pk", value)
        try:
            out.append(int(pk))
        except (TypeError, ValueError):
            continue
    return out


# --- The post search -------------------------------------------------------------------------------


def _text_condition(qs: QuerySet[Post], words: list[str], *, rank: bool) -> QuerySet[Post]:
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(" & ".join(f"{w}:*" for w in words), search_type="raw", config="simple")
        qs = qs.filter(search_vector=query)
        if rank:
            qs = qs.annotate(rank=SearchRank(F("search_vector"), query))
        return qs
    for word in words:
        qs = qs.filter(search_text__contains=word)
    return qs


_ID_LISTS = {
    "subjects": "subject_ids",
    "age_bands": "age_band_ids",
    "languages": "language_ids",
    "countries_wanted": "wanted_country_ids",
}


def _apply_filters(qs: QuerySet[Post], filters: dict) -> QuerySet[Post]:
    through = Post.subjects.through
    on_postgresql = connection.vendor == "postgresql"
    for name, model_field, column in (
        ("subjects", "subjects", "subject_id"),
        ("age_bands", "age_bands", "ageband_id"),
        ("languages", "languages", "language_id"),
        ("countries_wanted", "countries_wanted", "country_id"),
        ("levels", "levels", "educationlevel_id"),
    ):
        ids = _ids(filters.get(name))
        if ids and on_postgresql and name in _ID_LISTS:
            # The post's id list through the live posts' GIN index (with the expiry date).
            qs = qs.filter(**{f"{_ID_LISTS[name]}__overlap": ids})
        elif ids:
            through = getattr(Post, model_field).through
            # Any of the chosen values (an OR within a filter, an AND between filters), without duplicates.
            qs = qs.filter(Exists(through.objects.filter(post_id=OuterRef("pk"), **{f"{column}__in": ids})))
    country = _ids([filters["country"]]) if filters.get("country") else []
    if country:
        qs = qs.filter(country_id=country[0])
    if filters.get("theme"):
        qs = qs.filter(theme=filters["theme"])
    if filters.get("length"):
        qs = qs.filter(length=filters["length"])
    purpose = filters.get("purpose")
    if purpose in (Purpose.ETWINNING, Purpose.ERASMUS):
        qs = qs.filter(purpose__in=[purpose, Purpose.BOTH])
    elif purpose == Purpose.BOTH:
        qs = qs.filter(purpose=Purpose.BOTH)
    number = (filters.get("erasmus_number") or "").strip().upper()
    if number:
        qs = qs.filter(erasmus_number__startswith=number)
    return qs


# What a list of posts never shows: the derived search columns (the folded text repeats the description).
_LIST_DEFERRED = ("search_text", "search_vector", "subject_ids", "age_band_ids", "language_ids", "wanted_country_ids")


def post_search(filters: dict | None = None) -> QuerySet[Post]:
    """Open posts matching the filters, newest first or (with words) by relevance.

    Relevance (PostgreSQL) ranks only the newest ``RANK_CAP`` matches: a common word matches thousands of
    posts and ``ts_rank`` reads each one's vector; older matches then follow in no particular rank (they
    are not shown: a search is read on its first pages). The list carries its author, country and school;
    ``with_facts`` adds the names of its subjects, age bands, languages and countries wanted."""
    filters = filters or {}
    qs = _apply_filters(Post.objects.open(), filters)
    words = _words(filters.get("q") or "")
    by_relevance = bool(words) and filters.get("order") != NEWEST
    if words:
        qs = _text_condition(qs, words, rank=False)
    if by_relevance and connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        newest = qs.order_by("-created_at", "-id").values("pk")[:RANK_CAP]
        query = SearchQuery(" & ".join(f"{w}:*" for w in words), search_type="raw", config="simple")
        ranked = Post.objects.filter(pk__in=newest).annotate(rank=SearchRank(F("search_vector"), query))
        # The author, country and school of the shown page only (joined before the sort, they would be
        # read for every ranked match).
        return (
            ranked.defer(*_LIST_DEFERRED)
            .prefetch_related("author", "country", "school")
            .order_by(F("rank").desc(), "-created_at", "-id")
        )
    return qs.select_related("author", "country", "school").defer(*_LIST_DEFERRED).order_by("-created_at", "-id")


def with_facts(posts: list[Post]) -> list[Post]:
    """Give each post ``facts``: the names of its subjects, age bands, languages and countries wanted in the
    active language, from one query over the four link tables (names from the cached labels)."""
    if not posts:
        return posts
    ids = [p.pk for p in posts]
    names = [name for name, _column, _model in _FACETS]
    labels = _labels()
    found: dict[int, dict[str, list[int]]] = {pk: {name: [] for name in names} for pk in ids}
    for kind, post_id, value in link_rows(Post, names, ids):
        found[post_id][names[kind]].append(value)
    order = {name: {pk: i for i, pk in enumerate(labels[name])} for name, _c, _m in _FACETS}
    for post in posts:
        facts: dict[str, list[str]] = {}
        for name, values in found[post.pk].items():
            known = sorted((pk for pk in values if pk in labels[name]), key=order[name].__getitem__)
            facts[name] = [labels[name][pk] for pk in known]
        post.facts = facts  # type: ignore[attr-defined]
    return posts


@dataclass
class FacetValue:
    id: int
    label: str
    count: int
    url: str = ""  # the search with this value added to (or, when selected, taken from) the filters
    selected: bool = False


@dataclass
class Facet:
    name: str
    values: list[FacetValue] = field(default_factory=list)


_FACETS = (
    ("subjects", "subject_id", Subject),
    ("languages", "language_id", Language),
    ("age_bands", "ageband_id", AgeBand),
    ("countries_wanted", "country_id", Country),
)


def _facet_key(filters: dict) -> str:
    plain = {
        k: sorted(map(str, _ids(v))) if isinstance(v, list | tuple) else str(getattr(v, "pk", v))
        for k, v in filters.items()
        if v
    }
    digest = hashlib.sha1(json.dumps(plain, sort_keys=True).encode(), usedforsecurity=False).hexdigest()
    return f"partners:facets:v2:{timezone.localdate().isoformat()}:{digest}"


@dataclass
class Facets:
    """The most frequent values of each facet (``{name: [(id, count)]}``) over the matching posts, or over
    the newest ``FACET_SAMPLE`` of them when more match (``sampled``: the page says so)."""

    counts: dict[str, list[tuple[int, int]]]
    sampled: bool = False


def post_facets(filters: dict | None = None) -> Facets:
    """Facet counts over the newest ``FACET_SAMPLE`` matching open posts, in one query (the sample once,
    then a grouped count per facet over it), whatever the number of matches; cached per filter combination.
    Labels are added by ``facet_labels`` (reference rows, cached apart)."""
    filters = {k: v for k, v in (filters or {}).items() if k not in ("order", "page")}
    key = _facet_key(filters)
    cached = cache.get(key)
    if cached is not None:
        return cached
    sample = post_search({**filters, "order": NEWEST}).values("id")[:FACET_SAMPLE]
    sample_sql, sample_params = sample.query.sql_with_params()
    qn = connection.ops.quote_name
    parts = []
    for i, (name, column, _model) in enumerate(_FACETS):
        through = qn(getattr(Post, name).through._meta.db_table)
        parts.append(
            f"SELECT {i} AS kind, t.{qn(column)} AS value, COUNT(*) AS n FROM {through} t "  # noqa: S608
            f"WHERE t.post_id IN (SELECT s.id FROM sample s) GROUP BY t.{qn(column)}"
        )
    parts.append("SELECT -1, 0, COUNT(*) FROM sample")
    sql = f"WITH sample AS ({sample_sql}) {' UNION ALL '.join(parts)}"  # noqa: S608 - names from _meta
    result: dict[str, list[tuple[int, int]]] = {name: [] for name, _c, _m in _FACETS}
    sampled = False
    for kind, pk, n in sorted(_ranked(sql, list(sample_params)), key=lambda r: (r[0], -r[2], r[1])):
        if kind < 0:
            sampled = n >= FACET_SAMPLE
            continue
        values = result[_FACETS[kind][0]]
        if len(values) < FACET_LIMIT:
            values.append((pk, n))
    facets = Facets(result, sampled)
    cache.set(key, facets, FACET_SECONDS)
    return facets


def _labels() -> dict[str, dict[int, str]]:
    """Names of every facet's values in the active language, cached (small reference tables)."""
    from django.utils.translation import get_language

    key = f"partners:facet_labels:{get_language()}"
    labels = cache.get(key)
    if labels is None:
        labels = {name: {obj.pk: obj.name for obj in model.objects.all()} for name, _column, model in _FACETS}
        cache.set(key, labels, FACET_SECONDS)
    return labels


def facet_labels(facets: Facets) -> list[Facet]:
    """The facets with their labels in the active language (no query once the labels are cached)."""
    labels = _labels()
    return [
        Facet(
            name,
            [FacetValue(pk, labels[name][pk], n) for pk, n in facets.counts.get(name) or [] if pk in labels[name]],
        )
        for name, _column, _model in _FACETS
    ]


def post_for_page() -> QuerySet[Post]:
    return Post.objects.select_related("author", "author__country", "country", "school").prefetch_related(
        "subjects", "age_bands", "languages", "countries_wanted", "levels"
    )


def posts_of(user) -> QuerySet[Post]:
    """A person's own posts, open, closed, expired and hidden alike, newest first."""
    return (
        Post.objects.filter(author=user)
        .select_related("country")
        .prefetch_related("subjects", "languages")
        .order_by("-created_at", "-id")
    )


def schools_of(user) -> list[School]:
    return school_selectors.schools_of(user)


def open_posts_count() -> int:
    return Post.objects.open().count()


# --- People search for teachers --------------------------------------------------------------------


def _visible_etwinners(viewer) -> QuerySet[User]:
    """Live, validated, active eTwinners whose profile's visibility admits the viewer (never "hidden")."""
    return User.objects.filter(
        validation_status=ValidationStatus.VALIDATED,
        is_active=True,
        anonymised_at__isnull=True,
        inactive_since__isnull=True,
        visibility__in=profile_visibilities_for(viewer),
    ).exclude(pk=int(getattr(viewer, "pk", None) or 0))


def people_search(*, viewer, filters: dict | None = None) -> QuerySet[User]:
    """eTwinners a teacher may find: by name and by country, region, subjects, age bands, languages."""
    filters = filters or {}
    qs = _visible_etwinners(viewer)
    country = _ids([filters["country"]]) if filters.get("country") else []
    if country:
        qs = qs.filter(country_id=country[0])
    region = _ids([filters["region"]]) if filters.get("region") else []
    if region:
        qs = qs.filter(Exists(SchoolMembership.objects.filter(user=OuterRef("pk"), school__region_id=region[0])))
    chosen = {name: _ids(filters.get(name)) for name in ("subjects", "age_bands", "languages")}
    if connection.vendor == "postgresql" and any(chosen.values()):
        # The derived search rows answer all three at once: the keys of the chosen combinations through
        # their GIN index (the three lists' index when they cannot be keyed; docs/partners.md).
        keys = search_fit_keys(chosen["subjects"], chosen["age_bands"], chosen["languages"])
        condition = (
            {"fits__overlap": keys}
            if keys is not None
            else {f"{name}__overlap": ids for name, ids in chosen.items() if ids}
        )
        qs = qs.filter(pk__in=PartnerProfile.objects.filter(eligible=True, **condition).values("user_id"))
    else:
        for name, column in (("subjects", "subject_id"), ("age_bands", "ageband_id"), ("languages", "language_id")):
            if chosen[name]:
                through = getattr(User, name).through
                qs = qs.filter(
                    Exists(through.objects.filter(user_id=OuterRef("pk"), **{f"{column}__in": chosen[name]}))
                )
    words = _words(filters.get("q") or "")
    for word in words:
        qs = qs.filter(search_name__contains=word)
    # Subjects, age bands and languages are named by ``people_with_facts`` (one query for the page).
    # Only what a result card shows (a user row has some forty columns; a school's, twenty).
    cards = _memberships().only("user_id", "is_primary", "created_at", "school__name")
    qs = (
        qs.select_related("country")
        .only("first_name", "last_name", "email", "country")
        .prefetch_related(Prefetch("school_memberships", queryset=cards))
    )
    if words:
        # An expression order lets PostgreSQL take the trigram index, then sort (as the staff list does).
        return qs.order_by(Lower("search_name"), "pk")
    return qs.order_by("search_name", "pk")


def people_with_facts(people: list) -> list:
    """Give each person ``facts``: the names of their subjects, age bands and languages in the active
    language, from their derived search rows (one query; names from the cached labels)."""
    if not people:
        return people
    rows = PartnerProfile.objects.filter(user_id__in=[p.pk for p in people]).values_list(
        "user_id", "subjects", "age_bands", "languages"
    )
    found = {pk: {"subjects": s, "age_bands": a, "languages": la} for pk, s, a, la in rows}
    labels = _labels()
    order = {name: {pk: i for i, pk in enumerate(labels[name])} for name in ("subjects", "age_bands", "languages")}
    empty: dict[str, list[int]] = {"subjects": [], "age_bands": [], "languages": []}
    for person in people:
        facts: dict[str, list[str]] = {}
        for name, values in found.get(person.pk, empty).items():
            known = sorted((pk for pk in values if pk in labels[name]), key=order[name].__getitem__)
            facts[name] = [labels[name][pk] for pk in known]
        person.facts = facts
    return people


def _memberships() -> QuerySet[SchoolMembership]:
    return SchoolMembership.objects.select_related("school").order_by("-is_primary", "created_at")


def school_search(filters: dict | None = None) -> QuerySet[School]:
    """Validated schools for teachers (the registry's own search, validated schools only)."""
    return school_selectors.public_school_search(filters or {})


def count_up_to(queryset, cap: int | None = None):
    return school_selectors.count_up_to(queryset, cap)


# --- Suggested partners ----------------------------------------------------------------------------


@dataclass
class Basis:
    """What the suggestions fit: a profile, one of my posts or an idea (chosen values)."""

    subjects: list[int] = field(default_factory=list)
    age_bands: list[int] = field(default_factory=list)
    languages: list[int] = field(default_factory=list)
    countries: list[int] = field(default_factory=list)  # partners wanted from
    words: list[str] = field(default_factory=list)
    exclude_post: int | None = None

    @property
    def empty(self) -> bool:
        return not (self.subjects or self.age_bands or self.languages or self.countries)


def basis_from_profile(user) -> Basis:
    """The teacher's own subjects, age bands and languages: from their derived ``PartnerProfile`` row (one
    query; the services keep it in step with the profile), else from the profile's three link tables."""
    row = PartnerProfile.objects.filter(user_id=user.pk).values_list("subjects", "age_bands", "languages").first()
    if row is not None:
        return Basis(subjects=list(row[0]), age_bands=list(row[1]), languages=list(row[2]))
    return Basis(
        subjects=list(user.subjects.values_list("pk", flat=True)),
        age_bands=list(user.age_bands.values_list("pk", flat=True)),
        languages=list(user.languages.values_list("pk", flat=True)),
    )


def basis_from_post(post: Post) -> Basis:
    return Basis(
        subjects=[s.pk for s in post.subjects.all()],
        age_bands=[a.pk for a in post.age_bands.all()],
        languages=[la.pk for la in post.languages.all()],
        countries=[c.pk for c in post.countries_wanted.all()],
        words=_words(post.title),
        exclude_post=post.pk,
    )


def basis_from_idea(filters: dict) -> Basis:
    return Basis(
        subjects=_ids(filters.get("subjects"))[:10],
        age_bands=_ids(filters.get("age_bands"))[:10],
        languages=_ids(filters.get("languages"))[:10],
        countries=_ids(filters.get("countries_wanted"))[:20],
        words=_words(filters.get("q") or ""),
    )


@dataclass
class Suggestion:
    obj: Any  # a Post or a User
    score: float
    subjects: list = field(default_factory=list)  # shared subjects
    languages: list = field(default_factory=list)
    age_bands: list = field(default_factory=list)
    wanted_country: bool = False  # they want partners from my country / they are from a country I want
    recently_active: bool = False
    text_match: bool = False


def _placeholders(values: list) -> str:
    return ", ".join(["%s"] * len(values))


def _union_parts(parts: list[tuple[str, str, str, list[int], int]]) -> tuple[list[str], list]:
    """``SELECT owner, points FROM through WHERE value IN (…)`` for each part with values."""
    selects, params = [], []
    for table, owner, column, ids, points in parts:
        if not ids:
            continue
        selects.append(
            f"SELECT {owner} AS owner_id, {int(points)} AS pts FROM {table} "  # noqa: S608 - names from _meta
            f"WHERE {column} IN ({_placeholders(ids)})"
        )
        params += ids
    return selects, params


def blocked_ids(user) -> set[int]:
    """People the user blocked or who blocked the user (one query)."""
    pk = user.pk
    rows = Block.objects.filter(Q(blocker_id=pk) | Q(blocked_id=pk)).values_list("blocker_id", "blocked_id")
    return {b if a == pk else a for a, b in rows}


def _through(model, name: str) -> tuple[str, str, str]:
    field_ = model._meta.get_field(name)
    qn = connection.ops.quote_name
    return (
        qn(field_.remote_field.through._meta.db_table),
        qn(field_.m2m_column_name()),
        qn(field_.m2m_reverse_name()),
    )


def _ranked(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _post_rows_lists(*, viewer, basis: Basis, excluded: list[int], limit: int) -> list[tuple]:
    """PostgreSQL: candidates from the live posts' id lists (one GIN index of the posts not lapsed): the newest
    ``PROFILE_CANDIDATES`` open posts sharing a subject, a fifth as many sharing a language, an age band
    or wanting my country; then scored in SQL like the other path."""
    table = connection.ops.quote_name(Post._meta.db_table)
    mine = [viewer.country_id] if viewer.country_id else []
    drivers = [
        (column, ids, cap)
        for column, ids, cap in (
            ("subject_ids", basis.subjects, PROFILE_CANDIDATES),
            ("language_ids", basis.languages, PROFILE_CANDIDATES // 5),
            ("age_band_ids", basis.age_bands, PROFILE_CANDIDATES // 5),
            ("wanted_country_ids", mine, PROFILE_CANDIDATES // 5),
        )
        if ids
    ]
    if basis.countries:
        drivers.append(("country_id", basis.countries, PROFILE_CANDIDATES // 5))
    with_text = bool(basis.words)
    vector = ", p.search_vector" if with_text else ""
    parts, params = [], []
    today = timezone.localdate()
    for column, ids, cap in drivers:
        condition = "p.country_id = ANY(%s)" if column == "country_id" else f"p.{column} && %s::integer[]"
        # The partial index's own condition only (not the date): the planner then knows how many posts match
        # and walks the newest first for a common value instead of sorting thousands; the date is checked
        # on the few candidates (a post expired since the last sweep only takes a candidate's place).
        parts.append(
            f"(SELECT p.id, p.subject_ids, p.age_band_ids, p.language_ids, p.wanted_country_ids, p.country_id, "  # noqa: S608
            f"p.created_at, p.expires_on{vector} FROM {table} p "
            f"WHERE p.closed_at IS NULL AND p.hidden_at IS NULL AND NOT p.lapsed "
            f"AND NOT p.author_id = ANY(%s) AND p.id <> %s AND {condition} "
            f"ORDER BY p.created_at DESC LIMIT %s)"
        )
        params += [excluded, basis.exclude_post or 0, ids, cap]
    text_sql, text_params = "0", []
    if with_text:
        text_sql = "ts_rank(c.search_vector, to_tsquery('simple', %s)) * 10"
        text_params = [" | ".join(f"{w}:*" for w in basis.words)]
    shared_subjects = _shared_sql("c.subject_ids", basis.subjects)
    shared_ages = _shared_sql("c.age_band_ids", basis.age_bands)
    shared_languages = _shared_sql("c.language_ids", basis.languages)
    sql = f"""
        WITH cand AS ({" UNION ALL ".join(parts)}),
        scored AS (
            SELECT DISTINCT ON (c.id) c.id,
                   3 * {shared_subjects} + 2 * {shared_ages} + 2 * {shared_languages}
                   + CASE WHEN c.wanted_country_ids && %s::integer[] THEN 2 ELSE 0 END AS pts,
                   CASE WHEN c.country_id = ANY(%s) THEN 2 ELSE 0 END AS wanted,
                   {text_sql} AS text_score,
                   CASE WHEN c.created_at >= %s THEN 1 ELSE 0 END AS fresh
            FROM cand c
            WHERE c.expires_on >= %s
        )
        SELECT s.id, s.pts + s.wanted + s.text_score + s.fresh AS score, s.text_score, s.wanted
        FROM scored s
        WHERE s.pts > 0 OR s.wanted > 0
        ORDER BY score DESC, s.id DESC
        LIMIT %s
    """  # noqa: S608 - identifiers come from the models' _meta, values are parameters
    params += [
        *basis.subjects,
        *basis.age_bands,
        *basis.languages,
        mine,
        basis.countries,
        *text_params,
        timezone.now() - timedelta(days=30),
        today,
        limit,
    ]
    return _ranked(sql, params)


def suggested_posts(*, viewer, basis: Basis, blocked: set[int], limit: int = SUGGESTIONS) -> list[Suggestion]:
    """Open posts of others that fit the basis, best first: 3 points per shared subject, 2 per common
    age band and language, 2 when the post wants partners from my country, 2 when the post's author is in a
    country I want, text similarity (PostgreSQL) and freshness. One scored query with a LIMIT."""
    if connection.vendor == "postgresql":
        if basis.empty:
            return []
        excluded = [viewer.pk, *sorted(blocked)]
        return _post_suggestions(
            _post_rows_lists(viewer=viewer, basis=basis, excluded=excluded, limit=limit), viewer, basis
        )
    parts = [
        (*_through(Post, "subjects"), basis.subjects, 3),
        (*_through(Post, "age_bands"), basis.age_bands, 2),
        (*_through(Post, "languages"), basis.languages, 2),
        (*_through(Post, "countries_wanted"), [viewer.country_id] if viewer.country_id else [], 2),
    ]
    selects, params = _union_parts(parts)
    if not selects:
        return []
    qn = connection.ops.quote_name
    table = qn(Post._meta.db_table)
    excluded = [viewer.pk, *sorted(blocked)]
    bonus_sql, bonus_params = "0", []
    if basis.countries:
        bonus_sql = f"CASE WHEN p.country_id IN ({_placeholders(basis.countries)}) THEN 2 ELSE 0 END"
        bonus_params = list(basis.countries)
    text_sql, text_params = "0", []
    if basis.words and connection.vendor == "postgresql":
        text_sql = "ts_rank(p.search_vector, to_tsquery('simple', %s)) * 10"
        text_params = [" | ".join(f"{w}:*" for w in basis.words)]
    fresh = timezone.now() - timedelta(days=30)
    sql = f"""
        SELECT p.id, SUM(s.pts) + MAX({bonus_sql}) + MAX({text_sql})
               + MAX(CASE WHEN p.created_at >= %s THEN 1 ELSE 0 END) AS score,
               MAX({text_sql}) AS text_score, MAX({bonus_sql}) AS wanted
        FROM ({" UNION ALL ".join(selects)}) s
        JOIN {table} p ON p.id = s.owner_id
        WHERE p.closed_at IS NULL AND p.hidden_at IS NULL AND NOT p.lapsed AND p.expires_on >= %s
          AND p.author_id NOT IN ({_placeholders(excluded)}) AND p.id <> %s
        GROUP BY p.id
        ORDER BY score DESC, p.id DESC
        LIMIT %s
    """  # noqa: S608 - identifiers come from the models' _meta, values are parameters
    all_params = [
        *bonus_params,
        *text_params,
        fresh,
        *text_params,
        *bonus_params,
        *params,
        timezone.localdate(),
        *excluded,
        basis.exclude_post or 0,
        limit,
    ]
    return _post_suggestions(_ranked(sql, all_params), viewer, basis)


def _shared_names(name: str, ids, mine: list[int]) -> list[str]:
    """Names (active language, cached labels) of the ids also in ``mine``, in the reference order."""
    labels = _labels()[name]
    chosen = set(mine)
    return [label for pk, label in labels.items() if pk in chosen and pk in ids]


def _post_suggestions(rows: list[tuple], viewer, basis: Basis) -> list[Suggestion]:
    """The scored (id, score, text score, wanted) rows as suggestions with their reasons, named from the
    posts' id lists (one query)."""
    posts = {
        p.pk: p for p in Post.objects.filter(pk__in=[r[0] for r in rows]).select_related("author", "country", "school")
    }
    out = []
    for pk, score, text_score, wanted in rows:
        post = posts.get(pk)
        if post is None:
            continue
        out.append(
            Suggestion(
                obj=post,
                score=float(score),
                subjects=_shared_names("subjects", set(post.subject_ids), basis.subjects),
                age_bands=_shared_names("age_bands", set(post.age_band_ids), basis.age_bands),
                languages=_shared_names("languages", set(post.language_ids), basis.languages),
                wanted_country=bool(wanted) or viewer.country_id in post.wanted_country_ids,
                text_match=bool(text_score),
            )
        )
    return out


PROFILE_CANDIDATES = 500  # suggested people: the most recently active who share the leading choice


def _shared_sql(column: str, ids) -> str:
    """SQL counting how many of ``ids`` the integer array ``column`` holds: one ``= ANY`` test per id (a
    profile's basis has a few), cheaper per row than unnesting the array in a subquery. The ids go in the
    parameters, in order, after the candidates' ones."""
    if not ids:
        return "0"
    return "(" + " + ".join(f"(%s = ANY({column}))::int" for _ in ids) + ")"


def _people_rows_profiles(*, viewer, basis: Basis, excluded: list[int], limit: int) -> list[tuple]:
    """PostgreSQL: candidates from the derived ``PartnerProfile`` rows — the most recently active
    ``PROFILE_CANDIDATES`` who share a subject, a fifth as many sharing a language, as many sharing an age
    band (teaching in a wanted country when only countries are given) — then scored in SQL; the user row
    is checked for the best few only."""
    visibilities = list(profile_visibilities_for(viewer))
    profile = connection.ops.quote_name(PartnerProfile._meta.db_table)
    users = connection.ops.quote_name(User._meta.db_table)
    # Candidates: the most recently active who share a subject, and fewer who share a language or an age
    # band only (they score less); each set is a walk down the activity index that stops at its cap.
    drivers = [
        (column, ids, cap)
        for column, ids, cap in (
            ("subjects", basis.subjects, PROFILE_CANDIDATES),
            ("languages", basis.languages, PROFILE_CANDIDATES // 5),
            ("age_bands", basis.age_bands, PROFILE_CANDIDATES // 5),
        )
        if ids
    ]
    parts, driver_params = [], []
    for column, ids, cap in drivers or [("country_id", basis.countries, PROFILE_CANDIDATES)]:
        condition = "c.country_id = ANY(%s)" if column == "country_id" else f"c.{column} && %s::integer[]"
        parts.append(
            f"(SELECT c.user_id, c.subjects, c.age_bands, c.languages, c.country_id, c.last_active "  # noqa: S608
            f"FROM {profile} c WHERE c.eligible AND c.visibility = ANY(%s) AND NOT c.user_id = ANY(%s) "
            f"AND {condition} ORDER BY c.last_active DESC LIMIT %s)"
        )
        driver_params += [visibilities, excluded, ids, cap]
    active_since = timezone.now() - timedelta(days=30)
    sql = f"""
        WITH cand AS (
            {" UNION ".join(parts)}
        ), scored AS MATERIALIZED (
            -- Materialised: each candidate's points are counted once (inlined, the filter and the score
            -- below each counted them again).
            SELECT c.user_id,
                   3 * {_shared_sql("c.subjects", basis.subjects)} + 2 * {_shared_sql("c.age_bands", basis.age_bands)}
                   + 2 * {_shared_sql("c.languages", basis.languages)} AS pts,
                   CASE WHEN c.country_id = ANY(%s) THEN 2 ELSE 0 END AS wanted,
                   CASE WHEN c.last_active >= %s THEN 1 ELSE 0 END AS active
            FROM cand c
        ), best AS (
            -- The best few, then the user row checked for those only (the copy is kept in step).
            SELECT s.*, s.pts + s.wanted + s.active AS score FROM scored s
            WHERE s.pts > 0 OR s.wanted > 0
            ORDER BY score DESC, s.user_id DESC
            LIMIT %s
        )
        SELECT u.id, s.score, s.wanted, s.active
        FROM best s JOIN {users} u ON u.id = s.user_id
        WHERE u.validation_status = %s AND u.is_active AND u.anonymised_at IS NULL AND u.inactive_since IS NULL
          AND u.visibility = ANY(%s)
        ORDER BY score DESC, u.id DESC
        LIMIT %s
    """  # noqa: S608 - identifiers come from the models' _meta, values are parameters
    params = [
        *driver_params,
        *basis.subjects,
        *basis.age_bands,
        *basis.languages,
        basis.countries,
        active_since,
        limit * 5,
        ValidationStatus.VALIDATED.value,
        visibilities,
        limit,
    ]
    return _ranked(sql, params)


def suggested_people(*, viewer, basis: Basis, blocked: set[int], limit: int = SUGGESTIONS) -> list[Suggestion]:
    """eTwinners (visible to the viewer, not blocked either way) who fit the basis, best first: 3 points per
    shared subject, 2 per common age band and language, 2 when they teach in a country wanted, 1 when they
    were active in the last 30 days. One scored query with a LIMIT."""
    if connection.vendor == "postgresql":
        if basis.empty:
            return []
        rows = _people_rows_profiles(viewer=viewer, basis=basis, excluded=[viewer.pk, *sorted(blocked)], limit=limit)
        return _people_suggestions(rows, basis)
    parts = [
        (*_through(User, "subjects"), basis.subjects, 3),
        (*_through(User, "age_bands"), basis.age_bands, 2),
        (*_through(User, "languages"), basis.languages, 2),
    ]
    selects, params = _union_parts(parts)
    if not selects:
        return []
    qn = connection.ops.quote_name
    table = qn(User._meta.db_table)
    visibilities = list(profile_visibilities_for(viewer))
    excluded = [viewer.pk, *sorted(blocked)]
    bonus_sql, bonus_params = "0", []
    if basis.countries:
        bonus_sql = f"CASE WHEN u.country_id IN ({_placeholders(basis.countries)}) THEN 2 ELSE 0 END"
        bonus_params = list(basis.countries)
    active_since = timezone.now() - timedelta(days=30)
    sql = f"""
        SELECT u.id, SUM(s.pts) + MAX({bonus_sql})
               + MAX(CASE WHEN u.last_seen_at >= %s THEN 1 ELSE 0 END) AS score,
               MAX({bonus_sql}) AS wanted, MAX(CASE WHEN u.last_seen_at >= %s THEN 1 ELSE 0 END) AS active
        FROM ({" UNION ALL ".join(selects)}) s
        JOIN {table} u ON u.id = s.owner_id
        WHERE u.validation_status = %s AND u.is_active AND u.anonymised_at IS NULL AND u.inactive_since IS NULL
          AND u.visibility IN ({_placeholders(visibilities)})
          AND u.id NOT IN ({_placeholders(excluded)})
        GROUP BY u.id
        ORDER BY score DESC, u.id DESC
        LIMIT %s
    """  # noqa: S608 - identifiers come from the models' _meta, values are parameters
    all_params = [
        *bonus_params,
        active_since,
        *bonus_params,
        active_since,
        *params,
        ValidationStatus.VALIDATED.value,
        *visibilities,
        *excluded,
        limit,
    ]
    return _people_suggestions(_ranked(sql, all_params), basis)


def _people_suggestions(rows: list[tuple], basis: Basis) -> list[Suggestion]:
    """The scored (id, score, wanted, active) rows as suggestions with their reasons, named from the
    people's derived search rows (two queries)."""
    ids = [r[0] for r in rows]
    people = {u.pk: u for u in User.objects.filter(pk__in=ids).select_related("country")}
    lists = {
        pk: (set(s), set(a), set(la))
        for pk, s, a, la in PartnerProfile.objects.filter(user_id__in=ids).values_list(
            "user_id", "subjects", "age_bands", "languages"
        )
    }
    out = []
    for pk, score, wanted, active in rows:
        person = people.get(pk)
        if person is None:
            continue
        subjects, age_bands, languages = lists.get(pk, (set(), set(), set()))
        out.append(
            Suggestion(
                obj=person,
                score=float(score),
                subjects=_shared_names("subjects", subjects, basis.subjects),
                age_bands=_shared_names("age_bands", age_bands, basis.age_bands),
                languages=_shared_names("languages", languages, basis.languages),
                wanted_country=bool(wanted),
                recently_active=bool(active),
            )
        )
    return out
