"""Authors propose articles from the platform; the editorial board works them through Wagtail's workflow;
authors follow the stages in words and see only their own articles."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from wagtail.models import WorkflowState

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import log_in, teacher, with_totp
from twinning.core.models import AuditEvent
from twinning.publishing import selectors
from twinning.publishing.models import ArticleCategory, ArticlePage, EditorialBoardMember
from twinning.publishing.tests.factories import magazine

PROPOSAL = {
    "title": "Ρομπότ στο νηπιαγωγείο",
    "summary": "Μικρά ρομπότ για μεγάλες ιδέες.",
    "body": "Πρώτη παράγραφος.\n\nΔεύτερη παράγραφος.",
    "tags": "AI, STEM, ai",
    "licence": "cc-by-4.0",
    "consent": "on",
}


@pytest.fixture
def author(greece):
    return teacher(country=greece, status=ValidationStatus.VALIDATED)


def _propose(client, author, **changes):
    log_in(client, author)
    return client.post("/el/magazine/propose/", {**PROPOSAL, **changes})


def _task_state(page):
    return WorkflowState.objects.for_instance(page).get(status="in_progress").current_task_state


@pytest.mark.django_db
def test_validated_teacher_proposes_a_draft_in_the_workflow(client, tree, author):
    category = ArticleCategory.objects.create(slug="stem", name_en="STEM", name_el="STEM")
    response = _propose(client, author, category=category.pk)
    assert response.status_code == 302
    page = ArticlePage.objects.get(owner=author)
    assert not page.live
    assert page.get_parent().pk == magazine("el").pk
    draft = page.get_latest_revision_as_object()
    assert draft.body == "<p>Πρώτη παράγραφος.</p><p>Δεύτερη παράγραφος.</p>"
    assert sorted(t.name for t in draft.tags.all()) == ["AI", "STEM"]
    assert [c.pk for c in draft.categories.all()] == [category.pk]
    assert draft.pupils_consent and draft.licence == "cc-by-4.0"
    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == "in_progress" and state.workflow.name == "Magazine editorial review"
    assert AuditEvent.objects.filter(action="publishing.article_proposed").count() == 1
    assert selectors.article_stages([page])[page.pk].code == "in_review"


@pytest.mark.django_db
def test_proposal_needs_the_consent_declaration(client, tree, author):
    response = _propose(client, author, consent="")
    assert response.status_code == 200
    assert "Without this declaration" in response.content.decode() or response.context["form"].errors["consent"]
    assert not ArticlePage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", [ValidationStatus.PENDING, ValidationStatus.REJECTED])
def test_teacher_not_validated_cannot_propose(client, tree, greece, status):
    person = teacher(country=greece, status=status)
    log_in(client, person)
    assert client.get("/el/magazine/propose/").status_code == 403
    assert client.post("/el/magazine/propose/", PROPOSAL).status_code == 403
    assert not ArticlePage.objects.exists()


@pytest.mark.django_db
def test_visitor_is_sent_to_log_in(client, tree):
    response = client.get("/el/magazine/propose/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_authors_see_only_their_articles(client, tree, greece, author):
    other = teacher(country=greece, status=ValidationStatus.VALIDATED)
    _propose(client, other, title="Του άλλου")
    theirs = ArticlePage.objects.get(owner=other)
    _propose(client, author, title="Δικό μου")
    response = client.get("/el/magazine/my-articles/")
    text = response.content.decode()
    assert 'forum-item-title">Δικό μου' in text and 'forum-item-title">Του άλλου' not in text
    assert client.get(f"/el/magazine/my-articles/{theirs.pk}/edit/").status_code == 404
    assert client.get("/el/magazine/my-articles/999999/edit/").status_code == 404


@pytest.mark.django_db
def test_workflow_stages_in_words(client, tree, greece, author):
    reviewer = with_totp(teacher(country=greece, status=ValidationStatus.VALIDATED))
    chief = with_totp(teacher(country=greece, status=ValidationStatus.VALIDATED))
    EditorialBoardMember.objects.create(user=reviewer, role=EditorialBoardMember.Role.REVIEWER)
    EditorialBoardMember.objects.create(user=chief, role=EditorialBoardMember.Role.EDITOR_IN_CHIEF)
    from twinning.publishing.cms import sync_groups

    sync_groups(reviewer)
    sync_groups(chief)
    _propose(client, author)
    page = ArticlePage.objects.get(owner=author)

    def stage():
        page.refresh_from_db()
        with translation.override("en"):  # the words, read in English whatever the last page's language
            current = selectors.article_stages([page])[page.pk]
            current.label = str(current.label)
        return current

    assert stage().label == "In review"
    # The reviewers ask for changes, with a comment.
    _task_state(page).specific.task.specific.on_action(
        _task_state(page).specific, reviewer, "reject", comment="Add a photo caption."
    )
    assert stage().label == "Changes requested: Add a photo caption."
    assert stage().editable
    assert author.notifications.filter(kind="publishing.article_stage").exists()
    # The author revises: back in review.
    response = client.post(f"/el/magazine/my-articles/{page.pk}/edit/", {**PROPOSAL, "title": "Νέος τίτλος"})
    assert response.status_code == 302
    assert stage().code == "in_review"
    assert page.get_latest_revision_as_object().title == "Νέος τίτλος"
    assert client.get(f"/el/magazine/my-articles/{page.pk}/edit/").status_code == 403  # not while in review
    # Reviewers approve: the editor-in-chief decides.
    state = _task_state(page).specific
    state.task.specific.on_action(state, reviewer, "approve")
    assert stage().code == "with_editor_in_chief"
    # The editor-in-chief accepts a version due in the future: scheduled.
    revision = page.get_latest_revision()
    draft = revision.as_object()
    draft.go_live_at = timezone.now() + datetime.timedelta(days=2)
    draft.save_revision(user=chief)
    state = _task_state(page).specific
    state.task.specific.on_action(state, chief, "approve")
    current = stage()
    assert current.code == "scheduled" and current.label.startswith("Scheduled for ")
    assert not page.live
    # When the time comes, the platform's scheduler publishes it.
    from freezegun import freeze_time

    from twinning.publishing.tasks import publish_scheduled_pages

    with freeze_time(timezone.now() + datetime.timedelta(days=3)):
        publish_scheduled_pages.call()
    assert stage().code == "published"
    response = client.get("/el/magazine/my-articles/")
    assert 'data-stage="published"' in response.content.decode()


@pytest.mark.django_db
def test_scheduled_job_is_registered():
    from twinning.core.scheduling import registered

    job = registered()["publishing.publish_scheduled"]
    assert job.every == datetime.timedelta(minutes=5)


@pytest.mark.django_db
def test_publish_scheduled_command_is_what_the_job_runs(tree):
    # Guard: the command exists under this name in the Wagtail installed.
    call_command("publish_scheduled", verbosity=0)
