"""Partner-finding posts of the synthetic population (``core.population``, position 60, after people).

Scales: ``greece`` 5,000 open posts by Greek eTwinners; ``europe`` 40,000 open and 200,000 expired posts
across the countries. Generated posts are recognised by their authors (generated people), so that a run
tops up and the reset deletes exactly them. ``search_text`` is folded here; the search vector is filled
in SQL after the COPY (PostgreSQL: ``to_tsvector('simple', …)`` over the titles and descriptions folded
as ``normalize_search`` folds them).

For people search and suggestions to have something to find, generated eTwinners without teaching data
get subjects, age bands and languages (the accounts app's profile tables), once.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from twinning.accounts.models import User, ValidationStatus
from twinning.accounts.population import generated_users
from twinning.core.population import Run, delete_generated, register_population
from twinning.core.text import normalize_search
from twinning.reference.models import AgeBand, Country, Language, Subject

from .models import PartnerProfile, Post, ProjectLength, Purpose, Theme

TARGETS = {"tiny": (50, 100), "greece": (5_000, 0), "europe": (40_000, 200_000)}  # (open, expired)
CHUNK = 20_000

TITLES = [
    (
        "Βιοποικιλότητα στο σχολείο μας",
        "Οι μαθητές μας καταγράφουν φυτά και ζώα της περιοχής και τα συγκρίνουν με εταίρους.",
    ),
    ("Ψηφιακή αφήγηση ιστοριών", "Δημιουργούμε ψηφιακές ιστορίες με εργαλεία ανοιχτού κώδικα και τις ανταλλάσσουμε."),
    ("Κλιματική αλλαγή και εμείς", "Μετράμε την κατανάλωση ενέργειας στο σχολείο και προτείνουμε λύσεις μαζί."),
    ("Μαθηματικά στην καθημερινή ζωή", "Σχήματα και μοτίβα στην πόλη μας, προβλήματα για τους εταίρους μας."),
    ("Climate detectives", "Pupils measure the air quality around the school and compare with partners abroad."),
    ("Robotics for beginners", "Building simple robots together and programming them to solve shared challenges."),
    ("Our cultural heritage", "Pupils present monuments and traditions of their town to partner schools."),
    ("Healthy breakfast around Europe", "Sharing recipes, nutrition facts and a common cookbook."),
    ("Reading buddies", "Pupils read the same book in English and discuss it in monthly video calls."),
    ("Coding the future", "Programming small games with Scratch and exchanging them with partner classes."),
    ("Στο δρόμο για την ενσωμάτωση", "Δραστηριότητες για τη συμπερίληψη και τη διαφορετικότητα στην τάξη."),
    ("Art without borders", "A shared virtual exhibition of pupils' drawings and paintings."),
]


# The folding of ``core.text.normalize_search`` in SQL, for the generated titles (Greek accents, final sigma).
_FOLD_SQL = "translate(lower({}), 'άέήίόύώϊϋΐΰς', 'αεηιουωιυιυσ')"


_VECTOR_SQL = (
    "UPDATE partners_post SET search_vector = "  # noqa: S608 - a constant expression, values are parameters
    f"setweight(to_tsvector('simple', {_FOLD_SQL.format('title')}), 'A') || "
    f"setweight(to_tsvector('simple', {_FOLD_SQL.format('description')}), 'B') "
    "WHERE id = ANY(%s)"
)

# The derived id lists (suggestions) from the link rows just written (services keep them for posts
# written through the site).
_ID_LISTS_SQL = [
    f"UPDATE partners_post p SET {column} = COALESCE((SELECT array_agg(t.{value} ORDER BY t.{value}) "  # noqa: S608
    f"FROM {table} t WHERE t.post_id = p.id), '{{}}') WHERE p.id = ANY(%s)"
    for column, table, value in (
        ("subject_ids", "partners_post_subjects", "subject_id"),
        ("age_band_ids", "partners_post_age_bands", "ageband_id"),
        ("language_ids", "partners_post_languages", "language_id"),
        ("wanted_country_ids", "partners_post_countries_wanted", "country_id"),
    )
]


def generated_posts():
    return Post.objects.filter(author__in=generated_users())


def _reference():
    return (
        list(Subject.objects.values_list("pk", flat=True)),
        list(AgeBand.objects.values_list("pk", flat=True)),
        list(Language.objects.filter(is_eu_official=True).values_list("pk", flat=True)),
        list(Country.objects.values_list("pk", flat=True)),
    )


def _authors(scale: str) -> list[tuple[int, int | None]]:
    qs = generated_users().filter(validation_status=ValidationStatus.VALIDATED)
    if scale == "greece":
        qs = qs.filter(country__code="GR")
    return list(qs.order_by("pk").values_list("pk", "country_id")[:200_000])


def generate_posts(run: Run) -> None:
    open_target, expired_target = TARGETS.get(run.scale, (0, 0))
    today = timezone.localdate()
    have_open = generated_posts().filter(expires_on__gte=today).count()
    have_expired = generated_posts().filter(expires_on__lt=today).count()
    todo = [(True, max(0, open_target - have_open)), (False, max(0, expired_target - have_expired))]
    _teaching_profiles(run)
    if not any(n for _o, n in todo):
        run.count("partner_posts", 0)
        run.totals["partner_posts"] = have_open + have_expired
        return
    authors = _authors(run.scale)
    if not authors:
        return
    subjects, ages, languages, countries = _reference()
    rng, writer, now = run.rng, run.writer, timezone.now()
    fields = [
        "id", "author_id", "country_id", "title", "description", "purpose", "theme", "length",
        "erasmus_number", "expires_on", "lapsed", "created_at", "updated_at", "search_text",
    ]  # fmt: skip
    total = 0
    for is_open, n in todo:
        done = 0
        while done < n:
            size = min(CHUNK, n - done)
            ids = writer.reserve_ids(Post, size)
            rows, links = [], {"subjects": [], "age_bands": [], "languages": [], "countries_wanted": []}
            for pk in ids:
                author, country = authors[rng.randrange(len(authors))]
                title, description = TITLES[rng.randrange(len(TITLES))]
                title = f"{title} {rng.randrange(1000)}"
                age_days = rng.randrange(0, 80) if is_open else rng.randrange(100, 1500)
                created = now - timedelta(days=age_days, seconds=rng.randrange(86400))
                expires = (
                    (today + timedelta(days=rng.randrange(1, 90))) if is_open else (created.date() + timedelta(days=90))
                )
                if not is_open and expires >= today:
                    expires = today - timedelta(days=1)
                text = f"{normalize_search(title)} {normalize_search(description)}"
                rows.append(
                    (
                        pk,
                        author,
                        country,
                        title,
                        description,
                        rng.choice(Purpose.values),
                        rng.choice(Theme.values),
                        rng.choice(ProjectLength.values),
                        "",
                        expires,
                        not is_open,  # lapsed: as the sweep leaves an expired post
                        created,
                        created,
                        text,
                    )
                )
                for s in rng.sample(subjects, rng.randint(1, 3)):
                    links["subjects"].append((pk, s))
                for a in rng.sample(ages, rng.randint(1, 2)):
                    links["age_bands"].append((pk, a))
                for la in rng.sample(languages, rng.randint(1, 2)):
                    links["languages"].append((pk, la))
                for c in rng.sample(countries, rng.randint(0, 3)):
                    links["countries_wanted"].append((pk, c))
            writer.write(Post, fields, rows)
            for name, pairs in links.items():
                through = getattr(Post, name).through
                field = Post._meta.get_field(name)
                writer.write(through, (field.m2m_column_name(), field.m2m_reverse_name()), pairs)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(_VECTOR_SQL, [ids])
                    for sql in _ID_LISTS_SQL:
                        cursor.execute(sql, [ids])
            done += size
            total += size
    run.count("partner_posts", total)
    run.totals["partner_posts"] = generated_posts().count()


def _teaching_profiles(run: Run) -> None:
    """Subjects, age bands and languages for generated eTwinners that have none (once)."""
    through = User.subjects.through
    if through.objects.filter(user__in=generated_users()).exists():
        # Already given: say so with the same keys as a first run (0 created).
        run.count("teaching_profiles", 0)
        if PartnerProfile.objects.exists():
            run.count("partner_profiles", 0)
        else:
            _partner_profiles(run)
        return
    subjects, ages, languages, _countries = _reference()
    people = list(generated_users().filter(validation_status=ValidationStatus.VALIDATED).values_list("pk", flat=True))
    rng = run.rng
    for start in range(0, len(people), CHUNK):
        chunk = people[start : start + CHUNK]
        s_rows, a_rows, l_rows = [], [], []
        for pk in chunk:
            s_rows += [(pk, s) for s in rng.sample(subjects, rng.randint(1, 2))]
            a_rows += [(pk, a) for a in rng.sample(ages, 1)]
            l_rows += [(pk, la) for la in rng.sample(languages, rng.randint(1, 2))]
        run.writer.write(User.subjects.through, ("user_id", "subject_id"), s_rows)
        run.writer.write(User.age_bands.through, ("user_id", "ageband_id"), a_rows)
        run.writer.write(User.languages.through, ("user_id", "language_id"), l_rows)
    run.count("teaching_profiles", len(people))
    _partner_profiles(run)


def _partner_profiles(run: Run) -> None:
    """The derived search rows of people search and suggestions, rebuilt in one SQL statement."""
    from .services import partner_profiles_rebuild

    run.count("partner_profiles", partner_profiles_rebuild())


def reset_posts() -> dict[str, int]:
    """The generated posts, and the derived search rows of the generated people (before accounts deletes
    the people themselves)."""
    counts = delete_generated(generated_posts())
    counts.update(delete_generated(PartnerProfile.objects.filter(user__in=generated_users())))
    return counts


register_population("partners", generate_posts, reset=reset_posts, position=60)
