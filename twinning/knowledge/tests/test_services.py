import pytest
from freezegun import freeze_time

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import css_staff, nso_staff, teacher
from twinning.core.errors import DomainError, NotAllowed
from twinning.core.models import AuditEvent
from twinning.knowledge import services
from twinning.knowledge.models import Article, Deflection, Status, Vote
from twinning.knowledge.services import ArticleError

from .factories import category, make_article

pytestmark = pytest.mark.django_db


def _counts(article):
    article.refresh_from_db()
    return article.helpful_count, article.unhelpful_count


def test_categories_match_the_helpdesk():
    from twinning.knowledge.models import Category

    keys = set(Category.objects.values_list("key", flat=True))
    assert {"technical", "pedagogical", "account", "projects", "labels", "courses", "other"} <= keys
    assert Category.objects.get(key="account").name_el == "Λογαριασμός και επικύρωση"


def test_create_publish_unpublish_are_audited(greece):
    nso = nso_staff(greece)
    article = make_article(by=nso, country=greece, publish=False, title_en="Joining")
    assert article.status == Status.DRAFT and article.published_at is None
    actions = list(AuditEvent.objects.filter(target_id=str(article.pk)).values_list("action", "country_code"))
    assert actions == [("knowledge.article_created", "GR")]
    services.article_publish(by=nso, article=article)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.published_at is not None
    services.article_unpublish(by=nso, article=article)
    assert AuditEvent.objects.filter(target_id=str(article.pk)).count() == 3
    assert AuditEvent.objects.filter(action="knowledge.article_unpublished").exists()


def test_edit_without_change_records_nothing_new():
    css = css_staff()
    article = make_article(by=css, title_en="Same", body_en="<p>Same.</p>", slug="same")
    before = AuditEvent.objects.count()
    services.article_save(
        by=css, article=article, category=article.category, slug="same", title_en="Same", body_en="<p>Same.</p>"
    )
    assert AuditEvent.objects.count() == before
    services.article_save(
        by=css, article=article, category=article.category, slug="same", title_en="Other", body_en="<p>Same.</p>"
    )
    assert AuditEvent.objects.filter(action="knowledge.article_changed").count() == 1


def test_nso_writes_for_own_country_only(greece, italy):
    nso = nso_staff(greece)
    with pytest.raises(NotAllowed):
        make_article(by=nso, country=None)
    with pytest.raises(NotAllowed):
        make_article(by=nso, country=italy)
    italian = make_article(by=nso_staff(italy), country=italy)
    with pytest.raises(NotAllowed):
        services.article_publish(by=nso, article=italian)
    assert Article.objects.count() == 1


def test_a_language_needs_title_and_text_and_one_language_is_enough():
    css = css_staff()
    with pytest.raises(ArticleError) as error:
        services.article_save(by=css, category=category(), slug="x1", title_en="Only a title")
    assert error.value.field == "body_en"
    with pytest.raises(ArticleError):
        services.article_save(by=css, category=category(), slug="x2")
    greek_only = services.article_save(
        by=css, category=category(), title_el="Μόνο ελληνικά", body_el="<p>Κείμενο.</p>", publish=True
    )
    assert greek_only.slug == "mono-ellinika"  # made from the Greek title in Latin letters
    assert Article.objects.count() == 1


def test_slug_reserved_or_taken_is_refused():
    css = css_staff()
    make_article(by=css, slug="taken")
    for slug in ("taken", "staff", "suggest"):
        with pytest.raises(ArticleError) as error:
            services.article_save(by=css, category=category(), slug=slug, title_en="T", body_en="<p>B</p>")
        assert error.value.field == "slug"


def test_script_in_body_is_removed_on_save():
    article = make_article(body_en='<p>Hello</p><script>alert("x")</script><img src="x" onerror="alert(1)">')
    article.refresh_from_db()
    assert "<script" not in article.body_en and "alert" not in article.body_en and "onerror" not in article.body_en
    assert "alert" not in article.search_text


def test_vote_is_idempotent_and_a_change_of_mind_moves_the_counters(greece):
    article = make_article()
    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    services.vote(article=article, helpful=True, user=person)
    services.vote(article=article, helpful=True, user=person)
    assert _counts(article) == (1, 0)
    services.vote(article=article, helpful=False, user=person)
    assert _counts(article) == (0, 1)
    assert Vote.objects.filter(article=article).count() == 1
    services.vote(article=article, helpful=True, voter_key="visitor-a")
    services.vote(article=article, helpful=True, voter_key="visitor-a")
    services.vote(article=article, helpful=True, voter_key="visitor-b")
    assert _counts(article) == (2, 1)


def test_vote_needs_a_published_article_and_a_voter():
    draft = make_article(publish=False)
    with pytest.raises(DomainError):
        services.vote(article=draft, helpful=True, voter_key="k")
    with pytest.raises(DomainError):
        services.vote(article=make_article(), helpful=True, user=None, voter_key="")
    assert Vote.objects.count() == 0


def test_deflection_once_a_day_per_person_and_article(greece):
    article, other = make_article(), make_article()
    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    with freeze_time("2026-05-04 08:00:00"):
        _, new = services.record_deflection(article=article, user=person)
        assert new
        _, again = services.record_deflection(article=article, user=person)
        assert not again
        assert services.record_deflection(article=other, user=person)[1]
        assert services.record_deflection(article=article, voter_key="visitor")[1]
        assert not services.record_deflection(article=article, voter_key="visitor")[1]
    with freeze_time("2026-05-05 08:00:00"):
        assert services.record_deflection(article=article, user=person)[1]
    assert Deflection.objects.count() == 4
    assert Deflection.objects.filter(user=person).first().country_id == greece.pk


def test_visitor_key_is_a_hash():
    key = services.visitor_key("abc")
    assert key != "abc" and len(key) == 64 and key == services.visitor_key("abc")


def test_privacy_export_and_erasure_keep_the_counts(greece):
    from twinning.core import privacy

    article = make_article(title_en="Joining")
    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    services.vote(article=article, helpful=True, user=person)
    services.record_deflection(article=article, user=person)
    data = privacy.export_person(person)["knowledge"]
    assert data["votes"][0]["article"] == "Joining" and data["votes"][0]["helpful"] is True
    assert len(data["answered_my_question"]) == 1
    from twinning.knowledge.privacy import erase_knowledge

    erase_knowledge(person)
    erase_knowledge(person)
    assert not Vote.objects.filter(user=person).exists()
    assert Vote.objects.filter(article=article).count() == 1
    assert Deflection.objects.filter(user__isnull=True).count() == 1
    assert _counts(article) == (1, 0)
