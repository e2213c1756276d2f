"""The public reading pages of publishing at scale (issue 13): the WELCOME magazine's front page, its archive of
issues, one issue, one article and its RSS feed; the news index, a country's news section and one news item.

The population has no Wagtail pages (editors write them), so this bench writes its own the first time: the
section tree (``publishing.tree.ensure_tree``), 40 issues of 50 Greek articles each (2,000 articles, with a
category and an author's name, as the editorial board publishes them) and 600 news items (half under Greece's
section). They are marked by their slug (``bench-…``) and kept for later runs; ``--only magazine_pages`` on a
database that has them measures at once. Target: p95 ≤ 50 ms with a fixed number of queries."""

from __future__ import annotations

import time
from datetime import timedelta

BENCH = "magazine_pages"
ISSUES = 40
ARTICLES_PER_ISSUE = 50
NEWS = 600


def _write_pages(log) -> None:
    from django.db import transaction
    from django.utils import timezone

    from twinning.publishing.models import (
        ArticleCategory,
        ArticlePage,
        CountrySectionPage,
        MagazineIndexPage,
        MagazineIssue,
        NewsIndexPage,
        NewsPage,
    )
    from twinning.publishing.tree import ensure_tree

    ensure_tree(("GR",))
    magazine = MagazineIndexPage.objects.get(locale__language_code="el")
    news = NewsIndexPage.objects.get(locale__language_code="el")
    greece = CountrySectionPage.objects.get(country__code="GR", locale__language_code="el")
    category, _ = ArticleCategory.objects.get_or_create(
        slug="bench-practice", defaults={"name_el": "Καλές πρακτικές", "name_en": "Good practice"}
    )
    now = timezone.now()
    started = time.perf_counter()
    written = ArticlePage.objects.filter(slug__startswith="bench-").count()
    n = 0
    for number in range(1, ISSUES + 1):
        issue, _ = MagazineIssue.objects.get_or_create(
            number=number,
            defaults={"date": (now - timedelta(days=90 * (ISSUES - number))).date(),
                      "title_el": f"Τεύχος {number}", "title_en": f"Issue {number}"},
        )  # fmt: skip
        for _i in range(ARTICLES_PER_ISSUE):
            n += 1
            if n <= written:
                continue
            published = now - timedelta(days=90 * (ISSUES - number), minutes=n)
            with transaction.atomic():
                page = ArticlePage(
                    title=f"Συνεργατικό έργο {n}: ρομποτική και περιβάλλον στην τάξη",
                    slug=f"bench-article-{n}",
                    summary="Μαθητές από τρεις χώρες σχεδίασαν μαζί ένα ρομπότ που μετρά την ποιότητα του αέρα.",
                    body="<p>Το έργο ξεκίνησε τον Οκτώβριο.</p>" * 20,
                    issue=issue,
                    author_name=f"Εκπαιδευτικός {n}",
                    live=True,
                    first_published_at=published,
                    last_published_at=published,
                )
                magazine.add_child(instance=page)
                page.categories.add(category)
                page.save()
        log(f"issue {number}: {n} articles ({time.perf_counter() - started:.0f} s)")
    written_news = NewsPage.objects.filter(slug__startswith="bench-news-").count()
    for n in range(written_news + 1, NEWS + 1):
        parent = greece if n % 2 else news
        parent.add_child(
            instance=NewsPage(
                title=f"Ανακοίνωση {n}: εργαστήριο eTwinning για εκπαιδευτικούς",
                slug=f"bench-news-{n}",
                date=(now - timedelta(days=n)).date(),
                summary="Νέο διαδικτυακό εργαστήριο για την αναζήτηση εταίρων.",
                body="<p>Οι εγγραφές είναι ανοικτές.</p>" * 10,
                live=True,
                first_published_at=now - timedelta(days=n),
            )
        )
    log(f"pages written in {time.perf_counter() - started:.0f} s")


def run(ctx) -> list[dict]:
    import sys

    from twinning.publishing.models import ArticlePage, CountrySectionPage, MagazineIndexPage, NewsPage

    _write_pages(lambda message: print(f"# {BENCH}: {message}", file=sys.stderr, flush=True))
    magazine = MagazineIndexPage.objects.get(locale__language_code="el")
    base = magazine.get_url()
    article = ArticlePage.objects.live().filter(slug=f"bench-article-{ISSUES * ARTICLES_PER_ISSUE // 2}").first()
    greece = CountrySectionPage.objects.get(country__code="GR", locale__language_code="el")
    news_item = NewsPage.objects.live().filter(slug="bench-news-301").first()
    lines = [
        {"bench": BENCH, "case": "size", "metric": "articles", "value": ArticlePage.objects.live().count()},
        {"bench": BENCH, "case": "size", "metric": "news", "value": NewsPage.objects.live().count()},
    ]
    for case, path in (
        ("magazine_front", base),
        ("magazine_archive", base + "issues/"),
        ("magazine_issue", base + f"issues/{ISSUES // 2}/"),
        ("magazine_article", article.get_url() if article else None),
        ("magazine_rss", base + "rss/"),
        ("news_index", greece.get_parent().get_url()),
        ("news_country_section", greece.get_url()),
        ("news_item", news_item.get_url() if news_item else None),
    ):
        if path is None:
            lines.append({"bench": BENCH, "case": case, "metric": "error", "value": "page missing"})
            continue
        lines += ctx.measure(BENCH, case, path)
    return lines
