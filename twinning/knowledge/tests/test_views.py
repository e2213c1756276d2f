import pytest
from django.urls import reverse

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import css_staff, log_in, nso_staff, teacher
from twinning.knowledge.models import Article, Deflection, Status, Vote

from .factories import category, make_article

pytestmark = pytest.mark.django_db


def _form(article=None, **changes):
    data = {
        "category": category().pk,
        "country": "all",
        "slug": "",
        "title_en": "How to log in",
        "summary_en": "",
        "body_en": "<p>Use your e-mail address.</p>",
        "title_el": "",
        "summary_el": "",
        "body_el": "",
        "publish": "on",
    }
    data.update(changes)
    return data


def test_visitor_reads_home_category_and_article(client):
    article = make_article(title_en="Joining eTwinning", summary_en="Sign up first.")
    home = client.get(reverse("knowledge:home"))
    assert home.status_code == 200 and "Joining eTwinning" in home.content.decode()
    listed = client.get(reverse("knowledge:category", args=["technical"]))
    assert "Joining eTwinning" in listed.content.decode()
    page = client.get(reverse("knowledge:article", args=[article.slug]))
    assert page.status_code == 200 and "Was this article helpful?" in page.content.decode()
    assert client.get(reverse("knowledge:category", args=["nope"])).status_code == 404


def test_search_on_home(client):
    make_article(title_en="Quality labels explained")
    make_article(title_en="Pupils' sign-in")
    body = client.get(reverse("knowledge:home"), {"q": "labels"}).content.decode()
    assert "Quality labels explained" in body and "sign-in" not in body


def test_draft_is_404_to_visitors_and_teachers_but_shown_to_its_editor(client, greece):
    nso = nso_staff(greece)
    draft = make_article(by=nso, country=greece, publish=False)
    url = reverse("knowledge:article", args=[draft.slug])
    assert client.get(url).status_code == 404
    log_in(client, teacher(country=greece, status=ValidationStatus.VALIDATED))
    assert client.get(url).status_code == 404
    log_in(client, nso)
    assert client.get(url).status_code == 200


def test_language_fallback_note(client):
    english_only = make_article(title_en="Only in English", body_en="<p>English text.</p>")
    page = client.get(f"/el/help/{english_only.slug}/")
    body = page.content.decode()
    assert "English text." in body
    assert "δεν είναι ακόμη διαθέσιμο στα ελληνικά" in body or "not yet available in Greek" in body
    assert f'href="/en/help/{english_only.slug}/"' in body
    in_english = client.get(f"/en/help/{english_only.slug}/").content.decode()
    assert "not yet available" not in in_english


def test_script_in_article_is_sanitised_on_the_page(client):
    article = make_article(body_en='<p>Safe</p><script>alert("boom")</script><a href="javascript:alert(1)">x</a>')
    Article.objects.filter(pk=article.pk).update(body_en='<p>Safe</p><script>alert("raw")</script>')
    body = client.get(reverse("knowledge:article", args=[article.slug])).content.decode()
    assert "Safe" in body and 'alert("raw")' not in body and "javascript:" not in body


def test_visitor_votes_by_session_without_js_and_with_htmx(client):
    article = make_article()
    url = reverse("knowledge:vote", args=[article.slug])
    response = client.post(url, {"helpful": "1"})
    assert response.status_code == 302
    client.post(url, {"helpful": "1"})
    article.refresh_from_db()
    assert article.helpful_count == 1
    fragment = client.post(url, {"helpful": "0"}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "Thank you for your answer." in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    article.refresh_from_db()
    assert (article.helpful_count, article.unhelpful_count) == (0, 1)
    vote = Vote.objects.get()
    assert vote.user is None and len(vote.voter_key) == 64


def test_vote_on_draft_is_404_and_get_is_refused(client):
    draft = make_article(publish=False)
    assert client.post(reverse("knowledge:vote", args=[draft.slug]), {"helpful": "1"}).status_code == 404
    published = make_article()
    assert client.get(reverse("knowledge:vote", args=[published.slug])).status_code == 405
    assert Vote.objects.count() == 0


def test_suggest_fragment_and_answered(client, greece):
    article = make_article(title_en="Reset your password")
    make_article(title_en="Greek only article", country=greece)
    response = client.get(reverse("knowledge:suggest"), {"q": "forgot my password"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and "Reset your password" in body and "Greek only" not in body
    assert f"/en/help/{article.slug}/?from=ticket" in body
    assert reverse("knowledge:answered", args=[article.slug]) in body
    empty = client.get(reverse("knowledge:suggest"), {"q": ""}, headers={"HX-Request": "true"})
    assert "Reset your password" not in empty.content.decode()
    thanks = client.post(reverse("knowledge:answered", args=[article.slug]), headers={"HX-Request": "true"})
    assert "your request was not sent" in thanks.content.decode()
    client.post(reverse("knowledge:answered", args=[article.slug]))
    assert Deflection.objects.count() == 1


def test_logged_in_teacher_sees_their_country_suggestions(client, greece):
    make_article(title_en="Greek validation", country=greece)
    log_in(client, teacher(country=greece, status=ValidationStatus.VALIDATED))
    body = client.get(reverse("knowledge:suggest"), {"q": "validation"}, headers={"HX-Request": "true"})
    assert "Greek validation" in body.content.decode()


def test_article_from_a_ticket_offers_the_answered_button(client):
    article = make_article()
    url = reverse("knowledge:article", args=[article.slug])
    assert "This answered my question" not in client.get(url).content.decode()
    assert "This answered my question" in client.get(url + "?from=ticket").content.decode()


def test_teacher_gets_403_on_staff_pages(client, greece):
    log_in(client, teacher(country=greece, status=ValidationStatus.VALIDATED))
    assert client.get(reverse("knowledge:staff_list")).status_code == 403
    assert client.get(reverse("knowledge:article_new")).status_code == 403
    article = make_article()
    assert client.get(reverse("knowledge:article_edit", args=[article.pk])).status_code == 403


def test_nso_of_italy_gets_404_editing_a_greek_article(client, greece, italy):
    greek = make_article(by=nso_staff(greece), country=greece)
    everyone = make_article()
    log_in(client, nso_staff(italy))
    assert client.get(reverse("knowledge:article_edit", args=[greek.pk])).status_code == 404
    assert client.post(reverse("knowledge:article_edit", args=[greek.pk]), _form()).status_code == 404
    assert client.get(reverse("knowledge:article_edit", args=[everyone.pk])).status_code == 404
    listed = client.get(reverse("knowledge:staff_list")).content.decode()
    assert greek.title not in listed


def test_nso_creates_an_article_for_own_country_only(client, greece, italy):
    nso = nso_staff(greece)
    log_in(client, nso)
    page = client.get(reverse("knowledge:article_new")).content.decode()
    assert "Every country" not in page
    refused = client.post(reverse("knowledge:article_new"), _form(country="all"))
    assert refused.status_code == 200 and Article.objects.count() == 0
    refused = client.post(reverse("knowledge:article_new"), _form(country=str(italy.pk)))
    assert refused.status_code == 200 and Article.objects.count() == 0
    done = client.post(reverse("knowledge:article_new"), _form(country=str(greece.pk), slug="greek-login"))
    assert done.status_code == 302
    article = Article.objects.get()
    assert (article.country, article.status, article.slug) == (greece, Status.PUBLISHED, "greek-login")


def test_css_edits_and_unpublishes(client):
    css = css_staff()
    article = make_article(by=css, slug="to-edit")
    log_in(client, css)
    url = reverse("knowledge:article_edit", args=[article.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(slug="to-edit", title_el="Σύνδεση", body_el="<p>Με e-mail.</p>", publish=""))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.DRAFT and article.title_el == "Σύνδεση"


def test_bad_form_input_changes_nothing(client):
    log_in(client, css_staff())
    response = client.post(reverse("knowledge:article_new"), _form(title_en="", body_en="", category="999999"))
    assert response.status_code == 200
    response = client.post(reverse("knowledge:article_new"), _form(title_en="Title only", body_en=""))
    assert response.status_code == 200 and Article.objects.count() == 0


@pytest.mark.parametrize("name", ["knowledge:home", "knowledge:category", "knowledge:staff_list"])
def test_list_pages_have_a_fixed_number_of_queries(client, django_assert_max_num_queries, name):
    css = css_staff()
    log_in(client, css)
    url = reverse(name, args=["technical"]) if name == "knowledge:category" else reverse(name)
    make_article(by=css)
    client.get(url)  # warm caches (navigation, session)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for _ in range(12):
        make_article(by=css, publish=True)
    with django_assert_max_num_queries(30) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
