"""Help articles of the synthetic population (``core.population``, position 88): 300 published articles at
``--scale greece`` (the same at ``europe``, proportionally fewer at ``tiny``), two in five for every country
and the rest for Greece, in both languages, with votes counted on the articles and about twenty
"this answered my question" each from generated Greek eTwinners over the last year.

Generated articles are those whose address starts with ``population-``; a second run adds only the missing
ones. Rows are written in bulk (``save()`` is bypassed), so the search columns are computed here.
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from twinning.accounts.models import ValidationStatus
from twinning.accounts.population import generated_users
from twinning.core.population import Run, register_population
from twinning.core.richtext import plain_text
from twinning.core.text import normalize_search
from twinning.reference import population as countries
from twinning.reference.models import Country

from .models import Article, Category, Deflection, Status, set_search_vector

ARTICLES = 300
DEFLECTIONS_PER_ARTICLE = 20
PREFIX = "population-"
TOPICS = [
    ("account", "changing the e-mail address of your account", "αλλαγή της διεύθυνσης e-mail του λογαριασμού σας"),
    ("account", "validation by the NSO", "επικύρωση από την ΕΥΥ"),
    ("account", "resetting a forgotten password", "ορισμός νέου κωδικού πρόσβασης"),
    ("technical", "uploading pictures to the TwinSpace", "ανέβασμα εικόνων στο TwinSpace"),
    ("technical", "pupils' sign-in details", "στοιχεία σύνδεσης μαθητών"),
    ("technical", "videos in a TwinSpace page", "βίντεο σε σελίδα του TwinSpace"),
    ("projects", "creating a project with partners", "δημιουργία έργου με συνεργάτες"),
    ("projects", "adding a school to a project", "προσθήκη σχολείου σε έργο"),
    ("projects", "closing a finished project", "κλείσιμο ολοκληρωμένου έργου"),
    ("pedagogical", "planning activities with partner schools", "σχεδιασμός δραστηριοτήτων με συνεργαζόμενα σχολεία"),
    ("pedagogical", "assessing pupils' collaboration", "αξιολόγηση της συνεργασίας των μαθητών"),
    ("labels", "the National Quality Label", "Εθνική Ετικέτα Ποιότητας"),
    ("labels", "the eTwinning School Label", "Ετικέτα Σχολείου eTwinning"),
    ("courses", "enrolling in an online course", "εγγραφή σε διαδικτυακό μάθημα"),
    ("courses", "downloading a certificate", "λήψη βεβαίωσης"),
    ("other", "the eTwinning ambassadors of your region", "οι πρεσβευτές eTwinning της περιφέρειάς σας"),
]
KINDS = [
    ("Questions about {t}", "Ερωτήσεις για: {t}"),
    ("A guide to {t}", "Οδηγός: {t}"),
    ("Problems with {t}", "Προβλήματα με: {t}"),
    ("Tips on {t}", "Συμβουλές: {t}"),
]


def generated_articles():
    return Article.objects.filter(slug__startswith=PREFIX)


def _texts(topic_en: str, topic_el: str, kind: int, n: int) -> dict[str, str]:
    title_en = KINDS[kind][0].format(t=topic_en) + f" ({n})"
    title_el = KINDS[kind][1].format(t=topic_el) + f" ({n})"
    body_en = (
        f"<p>This article explains {topic_en}, step by step, for teachers and their pupils.</p>"
        "<p>If the steps below do not answer your question, write to your National Support Organisation "
        "through the helpdesk.</p>"
    )
    body_el = (
        f"<p>Το άρθρο εξηγεί βήμα βήμα το θέμα «{topic_el}» για εκπαιδευτικούς και μαθητές.</p>"
        "<p>Αν τα βήματα δεν απαντούν στην ερώτησή σας, γράψτε στην Εθνική Υπηρεσία Υποστήριξης μέσω της "
        "υποστήριξης.</p>"
    )
    return {
        "title_en": title_en,
        "title_el": title_el,
        "summary_en": f"Everything about {topic_en}.",
        "summary_el": f"Όλα όσα χρειάζεστε για: {topic_el}.",
        "body_en": body_en,
        "body_el": body_el,
    }


def generate_knowledge(run: Run) -> None:
    started = time.perf_counter()
    greece = Country.objects.filter(code="GR").first()
    categories = {c.key: c.pk for c in Category.objects.all()}
    if not categories:
        run.count("help articles", 0)
        return
    people = (
        list(
            generated_users()
            .filter(country=greece, validation_status=ValidationStatus.VALIDATED, is_active=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:5000]
        )
        if greece
        else []
    )
    want = max(5, round(ARTICLES * countries.greek_factor(run.scale)))
    rng, writer, now = run.rng, run.writer, timezone.now()
    with transaction.atomic():
        have = generated_articles().count()
        missing = max(0, want - have)
        ids = writer.reserve_ids(Article, missing)
        rows, deflections, searches = [], [], []
        for index, article_id in enumerate(ids):
            position = have + index
            key, topic_en, topic_el = TOPICS[position % len(TOPICS)]
            texts = _texts(topic_en, topic_el, position % len(KINDS), position + 1)
            titles = normalize_search(f"{texts['title_en']} {texts['title_el']}")
            summaries = normalize_search(f"{texts['summary_en']} {texts['summary_el']}")
            bodies = normalize_search(f"{plain_text(texts['body_en'])} {plain_text(texts['body_el'])}")
            search_text = " ".join((titles, summaries, bodies))
            searches.append((article_id, titles, summaries, bodies))
            country_id = None if (greece is None or rng.random() < 0.4) else greece.pk
            published_at = now - timedelta(days=rng.randrange(1, 4 * 365))
            rows.append(
                (article_id, categories.get(key) or categories["other"], country_id, f"{PREFIX}{position + 1}",
                 texts["title_en"], texts["title_el"], texts["summary_en"], texts["summary_el"], texts["body_en"],
                 texts["body_el"], Status.PUBLISHED, published_at, published_at, published_at,
                 rng.randrange(0, 200), rng.randrange(0, 40), titles, search_text)
            )  # fmt: skip
            for person in rng.sample(people, min(len(people), DEFLECTIONS_PER_ARTICLE)):
                at = now - timedelta(days=rng.randrange(0, 365), minutes=rng.randrange(1440))
                deflections.append((article_id, person, "", greece.pk if greece else None, timezone.localdate(at), at))
        writer.write(
            Article,
            ["id", "category_id", "country_id", "slug", "title_en", "title_el", "summary_en", "summary_el",
             "body_en", "body_el", "status", "published_at", "created_at", "updated_at", "helpful_count",
             "unhelpful_count", "search_title", "search_text"],
            rows,
        )  # fmt: skip
        writer.write(Deflection, ["article_id", "user_id", "voter_key", "country_id", "day", "created_at"], deflections)
        if connection.vendor == "postgresql":
            for article_id, titles, summaries, bodies in searches:
                set_search_vector(article_id, titles, summaries, bodies)
    run.count("help articles", len(rows))
    run.count("help deflections", len(deflections), country="GR")
    run.log(f"+{len(rows)} help articles, +{len(deflections)} deflections in {time.perf_counter() - started:.1f}s")
    run.totals["help articles"] = generated_articles().count()


def reset_knowledge() -> dict[str, int]:
    ids = list(generated_articles().values_list("pk", flat=True))
    deleted: dict[str, int] = {}
    for model, qs in (
        (Deflection, Deflection.objects.filter(article_id__in=ids)),
        (Deflection, Deflection.objects.filter(user__in=generated_users())),
        (Article, Article.objects.filter(pk__in=ids)),
    ):
        n = model._base_manager.filter(pk__in=list(qs.values_list("pk", flat=True)))._raw_delete(connection.alias)
        if n:
            deleted[model._meta.label] = deleted.get(model._meta.label, 0) + n
    return deleted


register_population("knowledge", generate_knowledge, reset=reset_knowledge, position=88)
