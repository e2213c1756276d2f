"""Public pages: escaping, feeds, untranslated pages, search, guides with project cards, query counts."""

import pytest
from django.utils import translation

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import log_in, teacher
from twinning.publishing.models import ArticlePage
from twinning.publishing.tests.factories import article, issue

SCRIPT = "<script>alert('x')</script>"


@pytest.mark.django_db
def test_script_in_article_fields_is_never_rendered(client, tree, greece):
    author = teacher(country=greece, status=ValidationStatus.VALIDATED)
    log_in(client, author)
    client.post(
        "/el/magazine/propose/",
        {"title": f"Τίτλος {SCRIPT}", "summary": f"Περίληψη {SCRIPT}", "body": f"Κείμενο {SCRIPT}",
         "licence": "cc-by-4.0", "consent": "on"},
    )  # fmt: skip
    page = ArticlePage.objects.get(owner=author)
    page.get_latest_revision().publish()
    # An editor's raw body with a script (an import, the API) is cleaned on the page as well.
    raw = article(title="Raw", body=f"<p>ok</p>{SCRIPT}<p onclick='x()'>y</p>")
    for url in (page.specific.url, raw.url, "/el/magazine/"):
        text = client.get(url).content.decode()
        assert "<script>alert" not in text
        assert "onclick" not in text
    text = client.get(page.specific.url).content.decode()
    assert "&lt;script&gt;alert" in text  # shown as text, escaped


@pytest.mark.django_db
def test_feeds_list_published_articles_of_their_language(client, tree):
    article(title="Δημοσιευμένο άρθρο")
    article(title="Πρόχειρο άρθρο", live=False)
    article(title="English article", language="en")
    for path in ("/el/magazine/rss/", "/el/magazine/atom/"):
        response = client.get(path)
        assert response.status_code == 200
        text = response.content.decode()
        assert "Δημοσιευμένο άρθρο" in text
        assert "Πρόχειρο άρθρο" not in text and "English article" not in text
    assert "application/rss+xml" in client.get("/el/magazine/rss/")["Content-Type"]
    assert "application/atom+xml" in client.get("/en/magazine/atom/")["Content-Type"]
    assert "English article" in client.get("/en/magazine/atom/").content.decode()


@pytest.mark.django_db
def test_untranslated_page_says_so_and_links_the_other_language(client, tree):
    only_greek = article(title="Μόνο στα Ελληνικά", slug="only-greek")
    response = client.get("/en/magazine/only-greek/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "This page is available only in Greek." in text
    assert 'href="/el/magazine/only-greek/"' in text
    # And the Greek page says that there is no English version.
    with translation.override("el"):
        text = client.get(only_greek.url).content.decode()
    assert "Αυτή η σελίδα δεν υπάρχει στα Αγγλικά" in text or "not available in English" in text
    # A truly missing page is the platform's usual 404.
    assert "available only" not in client.get("/en/magazine/nothing-here/").content.decode()


@pytest.mark.django_db
def test_translated_page_links_its_translation(client, tree):
    from twinning.publishing.tests.factories import magazine
    from twinning.publishing.tree import add_with_translation

    el, en = add_with_translation(
        magazine("el"), ArticlePage(title="Ελληνικό", slug="both", body="<p>α</p>"), "English", body="<p>a</p>"
    )
    assert f'href="{en.url}"' in client.get(el.url).content.decode()
    assert client.get("/en/magazine/both/").status_code == 200


@pytest.mark.django_db
def test_search_finds_a_greek_article_by_a_greek_word(client, tree):
    article(title="Ρομποτική στο δημοτικό", body="<p>Οι μαθητές προγραμματίζουν μικρά ρομπότ.</p>")
    article(title="Robotics in primary", language="en", body="<p>Pupils program small robots.</p>")
    text = client.get("/el/read/search/", {"q": "Ρομποτική"}).content.decode()
    assert "Ρομποτική στο δημοτικό" in text and "Robotics in primary" not in text
    text = client.get("/en/read/search/", {"q": "robots"}).content.decode()
    assert "Robotics in primary" in text and "Ρομποτική" not in text


@pytest.mark.django_db
def test_magazine_index_queries_do_not_grow_with_articles(client, tree, django_assert_max_num_queries):
    number = issue(1)
    from twinning.publishing.models import ArticleCategory

    category = ArticleCategory.objects.create(slug="ai", name_en="AI", name_el="ΤΝ")

    def make(n, start):
        for i in range(n):
            page = article(title=f"Άρθρο {start + i}", slug=f"a-{start + i}", issue=number)
            page.categories.add(category)
            page.tags.add("AI")
            page.save()

    make(2, 0)
    client.get("/el/magazine/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get("/el/magazine/").status_code == 200
    make(8, 10)
    with CaptureQueriesContext(connection) as big:
        response = client.get("/el/magazine/")
    text = response.content.decode()
    assert text.count("forum-item-title") == 10
    assert len(big.captured_queries) == len(small.captured_queries)
    # Each card links to its article and shows its category and tag.
    assert 'href="/el/magazine/a-17/"' in text and client.get("/el/magazine/a-17/").status_code == 200
    assert text.count(">ΤΝ</span>") == 10 and text.count(">#AI</span>") == 10
    with CaptureQueriesContext(connection) as archive_small:
        client.get("/el/magazine/issues/")
    make(3, 30)
    with CaptureQueriesContext(connection) as archive_big:
        client.get("/el/magazine/issues/")
    assert len(archive_big.captured_queries) == len(archive_small.captured_queries)
    archive = client.get("/el/magazine/issues/").content.decode()
    assert 'href="/el/magazine/issues/1/"' in archive and "13 άρθρα σε αυτή τη γλώσσα" in archive


@pytest.mark.django_db
def test_guide_shows_public_project_cards_only(client, tree, greece):
    from django.utils import timezone

    from twinning.projects.models import Project
    from twinning.projects.tests.factories import cyprus, draft, etwinner, external_partner
    from twinning.publishing.models import GuidePage, PublicationsIndexPage
    from twinning.publishing.tree import publish, section

    public = draft(etwinner(greece), external=external_partner(cyprus()), title="Robots that help")
    Project.objects.filter(pk=public.pk).update(status="active", activated_at=timezone.now())
    hidden = draft(etwinner(greece), external=external_partner(cyprus()), title="Secret draft project")
    guide = GuidePage(
        title="Οδηγός",
        slug="guide",
        activities=[
            ("activity", {"title": "Δραστηριότητα 1", "description": "<p>α</p>", "project_id": public.pk}),
            ("activity", {"title": "Δραστηριότητα 2", "description": "<p>β</p>", "project_id": hidden.pk}),
            ("activity", {"title": "Δραστηριότητα 3", "description": "<p>γ</p>", "project_id": 999999}),
        ],
    )
    section(PublicationsIndexPage, "publications").add_child(instance=guide)
    publish(guide)
    text = client.get(guide.url).content.decode()
    assert "Robots that help" in text
    assert "Secret draft project" not in text
    assert text.count("Δραστηριότητα") == 3
