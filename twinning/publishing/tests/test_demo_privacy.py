import pytest

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import teacher
from twinning.publishing.models import ArticlePage, EditorialBoardMember, InformationPage, MagazineIssue


@pytest.mark.django_db
def test_demo_builds_both_languages_once(client, greece):
    from twinning.publishing.demo import load_publishing

    teacher(country=greece, status=ValidationStatus.VALIDATED)  # the demo makes the first such teacher its chief
    load_publishing()
    assert MagazineIssue.objects.count() == 1
    assert ArticlePage.objects.filter(locale__language_code="el").count() == 3
    assert ArticlePage.objects.filter(locale__language_code="en").count() == 3
    assert InformationPage.objects.count() == 8
    from allauth.mfa.models import Authenticator

    chief = EditorialBoardMember.objects.get(role=EditorialBoardMember.Role.EDITOR_IN_CHIEF).user
    assert Authenticator.objects.filter(user=chief, type=Authenticator.Type.TOTP).exists()  # the CMS asks for it
    assert load_publishing() == []
    assert ArticlePage.objects.count() == 6
    assert client.get("/en/magazine/ai-in-class/").status_code == 200
    assert client.get("/el/what-is-etwinning/").status_code == 200


@pytest.mark.django_db
def test_erasure_deletes_drafts_and_keeps_published_articles_without_the_name(tree, greece):
    from twinning.publishing.privacy import erase_publishing, export_publishing
    from twinning.publishing.tests.factories import article

    author = teacher(country=greece, status=ValidationStatus.VALIDATED)
    EditorialBoardMember.objects.create(user=author, role=EditorialBoardMember.Role.REVIEWER)
    published = article(title="Δημοσιευμένο", owner=author, author=author, author_name="Μαρία")
    article(title="Πρόχειρο", owner=author, live=False)
    assert len(export_publishing(author)["articles"]) == 2
    erase_publishing(author)
    assert list(ArticlePage.objects.values_list("pk", flat=True)) == [published.pk]
    published.refresh_from_db()
    assert published.author is None and published.author_name == ""
    assert not EditorialBoardMember.objects.exists()
    from wagtail.models import Revision

    revisions = list(Revision.page_revisions.filter(object_id=str(published.pk)))
    assert revisions, "the published article has revisions"
    for revision in revisions:
        assert revision.content["author_name"] == "" and revision.content["author"] is None
        assert revision.content["owner"] is None and revision.user_id != author.pk
    assert "Μαρία" not in str(revisions[0].as_object().author_name)
