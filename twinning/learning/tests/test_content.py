"""A cycle's content: authoring (permissions, validation, audit, order, removal with progress), copying it
with a cycle, the learner's outline (who sees it, released modules, self-paced dates, fixed queries), pages
(reading completes them once) and forum tasks (completed after N posts), the learners' forum."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from twinning.accounts.tests.factories import log_in, nso_staff
from twinning.core.models import AuditEvent
from twinning.discussions import services as discussion_services
from twinning.discussions.models import Discussion
from twinning.learning import content, content_selectors, services
from twinning.learning.content import ContentError
from twinning.learning.models import (
    Activity,
    ActivityKind,
    ActivityProgress,
    Announcement,
    Cycle,
    Enrolment,
    H5PPackage,
    Module,
    Override,
    Pacing,
    ProgressState,
    QuestionCategory,
    QuestionnaireItem,
    QuizSlot,
    RubricCriterion,
    RubricLevel,
    Status,
)
from twinning.learning.progress import record

from .factories import enrolled, etwinner, make_activity, make_course, make_cycle, make_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(greece):
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff)
    return cycle, staff


def _activity_data(**overrides):
    data = {
        "title": "Read this",
        "body": "<p>Hello</p>",
        "required": "on",
        "max_points": "0",
        "pass_percent": "",
        "opens_at": "",
        "due_at": "",
        "closes_at": "",
    }
    data.update(overrides)
    return data


# --- authoring -----------------------------------------------------------------------------------------------


def test_authoring_pages_only_for_the_staff_of_the_courses_country(client, setup, greece, italy):
    cycle, staff = setup
    module = content.module_create(actor=staff, cycle=cycle, title="Start")
    activity = content.activity_create(actor=staff, module=module, kind=ActivityKind.PAGE, title="Welcome")
    learner = enrolled(cycle, greece).user
    urls = [
        reverse("learning:cycle_content", args=[cycle.pk]),
        reverse("learning:module_new", args=[cycle.pk]),
        reverse("learning:module_edit", args=[module.pk]),
        reverse("learning:activity_new", args=[module.pk]) + "?kind=page",
        reverse("learning:activity_edit", args=[activity.pk]),
        reverse("learning:activity_delete", args=[activity.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # anonymous: to the login page
    for person in (nso_staff(italy), learner):
        log_in(client, person)
        for url in urls:
            assert client.get(url).status_code == 404, url
        response = client.post(reverse("learning:module_new", args=[cycle.pk]), {"title": "Sneaky"})
        assert response.status_code == 404
    assert Module.objects.filter(cycle=cycle).count() == 1
    log_in(client, staff)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_staff_author_modules_and_activities_audited_and_counted(client, setup):
    cycle, staff = setup
    log_in(client, staff)
    response = client.post(reverse("learning:module_new", args=[cycle.pk]), {"title": "First steps", "summary": ""})
    assert response.status_code == 302
    module = Module.objects.get(cycle=cycle)
    assert client.get(reverse("learning:activity_new", args=[module.pk])).status_code == 200  # choose the kind
    url = reverse("learning:activity_new", args=[module.pk]) + "?kind=assignment"
    response = client.post(
        url,
        _activity_data(
            title="Essay", max_points="10", pass_percent="50", submission_type="file", late_policy="penalty",
            late_penalty_percent="10", resubmission="on",
        ),
    )  # fmt: skip
    assert response.status_code == 302, response.content
    essay = Activity.objects.get(module=module)
    assert (essay.kind, essay.late_policy, essay.late_penalty_percent) == ("assignment", "penalty", 10)
    cycle.refresh_from_db()
    assert cycle.required_total == 1
    edit = client.get(reverse("learning:activity_edit", args=[essay.pk]))
    assert b"late_policy" in edit.content and b"attempts_allowed" not in edit.content  # its kind's settings only
    response = client.post(
        reverse("learning:activity_edit", args=[essay.pk]),
        _activity_data(title="Essay", required="", max_points="10", submission_type="file", late_policy="accept",
                       late_penalty_percent="0"),
    )  # fmt: skip
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.required_total == 0
    actions = list(AuditEvent.objects.filter(action__startswith="learning.content_").values_list("action", flat=True))
    assert actions.count("learning.content_added") == 2 and "learning.content_changed" in actions
    assert client.get(reverse("learning:cycle_content", args=[cycle.pk])).status_code == 200


def test_bad_dates_and_pass_mark_change_nothing(client, setup):
    cycle, staff = setup
    module = content.module_create(actor=staff, cycle=cycle, title="M")
    log_in(client, staff)
    url = reverse("learning:activity_new", args=[module.pk]) + "?kind=quiz"
    quiz = {"grading_method": "highest", "attempts_allowed": "", "time_limit_minutes": ""}
    bad = [
        _activity_data(opens_at="2027-01-10T10:00", due_at="2027-01-09T10:00", **quiz),
        _activity_data(due_at="2027-01-10T10:00", closes_at="2027-01-09T10:00", **quiz),
        _activity_data(pass_percent="150", **quiz),
        _activity_data(title="   ", **quiz),
    ]
    for data in bad:
        response = client.post(url, data)
        assert response.status_code == 200
        assert b"error" in response.content
    assert not Activity.objects.exists()
    audits = AuditEvent.objects.filter(action="learning.content_added").count()
    when = timezone.now()
    with pytest.raises(ContentError):
        content.activity_create(
            actor=staff, module=module, kind="page", title="x", due_at=when, closes_at=when - timedelta(hours=1)
        )
    with pytest.raises(ContentError):
        content.activity_create(actor=staff, module=module, kind="page", title="x", pass_percent=101)
    page = content.activity_create(actor=staff, module=module, kind="page", title="x")
    with pytest.raises(ContentError):
        content.activity_edit(actor=staff, activity=page, kind="quiz")  # the kind never changes
    with pytest.raises(ContentError):
        content.activity_edit(actor=staff, activity=page, posts_required=3)  # not a setting of a page
    page.refresh_from_db()
    assert page.kind == "page"
    assert AuditEvent.objects.filter(action="learning.content_added").count() == audits + 1


def test_reorder_modules_and_activities(client, setup):
    cycle, staff = setup
    first = content.module_create(actor=staff, cycle=cycle, title="One")
    second = content.module_create(actor=staff, cycle=cycle, title="Two")
    a = content.activity_create(actor=staff, module=first, kind="page", title="A")
    b = content.activity_create(actor=staff, module=first, kind="page", title="B")
    log_in(client, staff)
    client.post(reverse("learning:module_move", args=[second.pk]), {"direction": "up"})
    assert list(Module.objects.filter(cycle=cycle).values_list("title", flat=True)) == ["Two", "One"]
    client.post(reverse("learning:activity_move", args=[a.pk]), {"direction": "down"})
    assert list(Activity.objects.filter(module=first).values_list("title", flat=True)) == ["B", "A"]
    client.post(reverse("learning:activity_move", args=[a.pk]), {"direction": "down"})  # already last
    assert list(Activity.objects.filter(module=first).values_list("title", flat=True)) == ["B", "A"]
    assert b.pk and AuditEvent.objects.filter(action="learning.content_moved").count() == 2


def test_removing_an_activity_with_progress_asks_and_moves_the_counters(client, setup, greece):
    cycle, staff = setup
    module = content.module_create(actor=staff, cycle=cycle, title="M")
    page = content.activity_create(actor=staff, module=module, kind="page", title="P")
    content.activity_create(actor=staff, module=module, kind="page", title="Q")
    enrolment = enrolled(cycle, greece)
    record(enrolment=enrolment, activity=page, state=ProgressState.COMPLETED)
    enrolment.refresh_from_db()
    assert enrolment.required_done == 1
    log_in(client, staff)
    url = reverse("learning:activity_delete", args=[page.pk])
    response = client.get(url)
    assert "1 learner has progress here" in response.content.decode()
    assert client.post(url, {}).status_code == 200  # not confirmed: nothing removed
    assert Activity.objects.filter(pk=page.pk).exists()
    with pytest.raises(ContentError):
        content.activity_delete(actor=staff, activity=page)
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert not Activity.objects.filter(pk=page.pk).exists()
    enrolment.refresh_from_db()
    cycle.refresh_from_db()
    assert enrolment.required_done == 0 and cycle.required_total == 1
    assert AuditEvent.objects.filter(action="learning.content_removed").count() == 1


# --- copying -----------------------------------------------------------------------------------------------


def test_copy_carries_the_content_with_dates_moved(setup):
    cycle, staff = setup
    opens = timezone.now() + timedelta(days=25)
    module = content.module_create(actor=staff, cycle=cycle, title="M", opens_at=opens)
    quiz = content.activity_create(
        actor=staff, module=module, kind="quiz", title="Quiz", opens_at=opens, due_at=opens + timedelta(days=7),
        closes_at=opens + timedelta(days=8), max_points=Decimal(10), attempts_allowed=2,
    )  # fmt: skip
    essay = content.activity_create(actor=staff, module=module, kind="assignment", title="Essay", required=False)
    survey = content.activity_create(actor=staff, module=module, kind="questionnaire", title="Survey")
    h5p = content.activity_create(actor=staff, module=module, kind="h5p", title="Game")
    criterion = RubricCriterion.objects.create(activity=essay, title="Clarity")
    RubricLevel.objects.create(criterion=criterion, description="Good", points=5)
    category = QuestionCategory.objects.create(course=cycle.course, name="Default")
    QuizSlot.objects.create(activity=quiz, category=category, draw_count=3)
    QuestionnaireItem.objects.create(activity=survey, kind="text", text="Why?")
    H5PPackage.objects.create(activity=h5p, folder="h5p/abc", title="Game")

    copy = services.cycle_copy(actor=staff, cycle=cycle)
    delta = copy.starts_on - cycle.starts_on
    assert delta.days in (365, 366)
    new_module = Module.objects.get(cycle=copy)
    assert new_module.opens_at == opens + delta
    new_quiz = Activity.objects.get(cycle=copy, kind="quiz")
    assert new_quiz.module_id == new_module.pk and new_quiz.attempts_allowed == 2
    assert (new_quiz.opens_at, new_quiz.due_at, new_quiz.closes_at) == (
        quiz.opens_at + delta, quiz.due_at + delta, quiz.closes_at + delta
    )  # fmt: skip
    assert QuizSlot.objects.get(activity=new_quiz).draw_count == 3
    new_essay = Activity.objects.get(cycle=copy, kind="assignment")
    assert RubricLevel.objects.get(criterion__activity=new_essay).description == "Good"
    assert QuestionnaireItem.objects.get(activity__cycle=copy).text == "Why?"
    assert H5PPackage.objects.get(activity__cycle=copy).folder == "h5p/abc"
    assert Activity.objects.filter(cycle=copy).count() == 4
    assert Cycle.objects.get(pk=copy.pk).required_total == 3
    assert Activity.objects.filter(cycle=cycle).count() == 4  # the source is untouched


# --- the outline ---------------------------------------------------------------------------------------------


def test_outline_for_learners_trainers_and_staff_only(client, setup, greece, italy):
    cycle, staff = setup
    module = content.module_create(actor=staff, cycle=cycle, title="Intro")
    content.activity_create(actor=staff, module=module, kind="page", title="Welcome page")
    learner = enrolled(cycle, greece)
    other_cycle = make_cycle(cycle.course, staff, name="Other")
    stranger = enrolled(other_cycle, greece)
    url = reverse("learning:outline", args=[cycle.pk])
    assert client.get(url).status_code == 302
    for person in (stranger.user, etwinner(greece), nso_staff(italy)):
        log_in(client, person)
        assert client.get(url).status_code == 404
    full = make_cycle(cycle.course, staff, capacity=1, name="Full")
    enrolled(full, greece)
    waiting = enrolled(full, greece)
    assert waiting.status == Status.WAITING
    log_in(client, waiting.user)
    assert client.get(reverse("learning:outline", args=[full.pk])).status_code == 404
    log_in(client, learner.user)
    page = client.get(url).content.decode()
    assert "Welcome page" in page and "Not started" in page
    log_in(client, staff)
    page = client.get(url).content.decode()
    assert "Welcome page" in page and "Not started" not in page  # a preview: no progress


def test_unreleased_module_hides_its_activities_from_learners(client, setup, greece):
    cycle, staff = setup
    later = timezone.now() + timedelta(days=3)
    module = content.module_create(actor=staff, cycle=cycle, title="Later")
    page = content.activity_create(actor=staff, module=module, kind="page", title="Secret page")
    content.module_edit(actor=staff, module=module, opens_at=later)
    learner = enrolled(cycle, greece)
    log_in(client, learner.user)
    outline = client.get(reverse("learning:outline", args=[cycle.pk])).content.decode()
    assert "Later" in outline and "Released on" in outline and "Secret page" not in outline
    assert client.get(reverse("learning:page", args=[page.pk])).status_code == 404
    log_in(client, staff)
    assert client.get(reverse("learning:page", args=[page.pk])).status_code == 200
    assert not ActivityProgress.objects.exists()


def test_self_paced_learner_reads_their_own_dates(greece):
    course, staff = make_course(greece, kind="mooc", pacing=Pacing.SELF_PACED)
    cycle = make_cycle(course, staff)
    start = timezone.make_aware(datetime.combine(cycle.starts_on, time.min))
    module = content.module_create(actor=staff, cycle=cycle, title="M", opens_at=start + timedelta(days=30))
    activity = content.activity_create(
        actor=staff, module=module, kind="page", title="P", due_at=start + timedelta(days=35)
    )
    enrolment = enrolled(cycle, greece)
    other = content.activity_create(actor=staff, module=content.module_create(actor=staff, cycle=cycle, title="N"),
                                    kind="page", title="Q", due_at=start + timedelta(days=5))  # fmt: skip
    Override.objects.create(activity=other, enrolment=enrolment, due_at=start + timedelta(days=50), reason="ill")
    cycle = Cycle.objects.select_related("course").get(pk=cycle.pk)
    data = content_selectors.outline(cycle, enrolment, now=timezone.now())
    first, second = data.modules
    assert first.opens_at == enrolment.enrolled_at + timedelta(days=30) and not first.released
    assert second.released and second.activities[0].dates.due_at == start + timedelta(days=50)  # the override
    later = content_selectors.outline(cycle, enrolment, now=timezone.now() + timedelta(days=31))
    assert later.modules[0].activities[0].dates.due_at == enrolment.enrolled_at + timedelta(days=35)
    assert later.modules[0].activities[0].activity.pk == activity.pk
    preview = content_selectors.outline(cycle, None, now=timezone.now())
    assert preview.modules[0].released and preview.modules[0].opens_at == start + timedelta(days=30)


def _outline_queries(client, cycle, staff, enrolment, modules: int, per_module: int) -> int:
    for m in range(modules):
        module = make_module(cycle, title=f"M{m}", position=m)
        for a in range(per_module):
            activity = make_activity(module, ActivityKind.PAGE, title=f"A{m}.{a}")
            record(enrolment=enrolment, activity=activity, state=ProgressState.STARTED)
            Override.objects.create(activity=activity, enrolment=enrolment, due_at=timezone.now(), reason="r")
    Announcement.objects.create(cycle=cycle, title="Hello", body="Welcome", author=staff)
    log_in(client, enrolment.user)
    url = reverse("learning:outline", args=[cycle.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_outline_reads_a_fixed_number_of_queries(client, greece):
    course, staff = make_course(greece)
    small_cycle, big_cycle = make_cycle(course, staff, name="S"), make_cycle(course, staff, name="B")
    small = _outline_queries(client, small_cycle, staff, enrolled(small_cycle, greece), 1, 1)
    big = _outline_queries(client, big_cycle, staff, enrolled(big_cycle, greece), 4, 5)
    assert small == big


# --- pages -----------------------------------------------------------------------------------------------------


def test_reading_a_page_completes_it_once_for_learners_only(client, setup, greece):
    cycle, staff = setup
    module = content.module_create(actor=staff, cycle=cycle, title="M")
    page = content.activity_create(actor=staff, module=module, kind="page", title="P", body="<p>Read me</p>")
    content.activity_create(actor=staff, module=module, kind="page", title="Q")
    enrolment = enrolled(cycle, greece)
    log_in(client, staff)
    assert "Read me" in client.get(reverse("learning:page", args=[page.pk])).content.decode()
    assert not ActivityProgress.objects.exists()
    log_in(client, enrolment.user)
    for _ in range(2):
        assert client.get(reverse("learning:page", args=[page.pk])).status_code == 200
    row = ActivityProgress.objects.get()
    assert row.state == ProgressState.COMPLETED and row.activity_id == page.pk
    enrolment.refresh_from_db()
    assert enrolment.required_done == 1 and enrolment.status == Status.ENROLLED
    assert client.get(reverse("learning:forum_task", args=[page.pk])).status_code == 404  # not a forum task
    assert content.show_url(page) == reverse("learning:page", args=[page.pk])


def test_page_files_for_the_cycles_people_only(setup, greece, italy):
    from twinning.core.attachments import access_for

    cycle, staff = setup
    module = content.module_create(actor=staff, cycle=cycle, title="M")
    page = content.activity_create(actor=staff, module=module, kind="page", title="P")
    learner = enrolled(cycle, greece).user
    assert access_for(staff, content.ACTIVITY_FILES, page.pk).upload
    files = access_for(learner, content.ACTIVITY_FILES, page.pk)
    assert files is not None and not files.upload
    assert access_for(etwinner(greece), content.ACTIVITY_FILES, page.pk) is None
    assert access_for(nso_staff(italy), content.ACTIVITY_FILES, page.pk) is None


# --- forums ----------------------------------------------------------------------------------------------------


def test_forum_task_completed_after_the_posts_it_asks_for(client, setup, greece):
    cycle, staff = setup
    module = content.module_create(actor=staff, cycle=cycle, title="M")
    task = content.activity_create(actor=staff, module=module, kind="forum", title="Introduce yourself",
                                   posts_required=2)  # fmt: skip
    enrolment = enrolled(cycle, greece)
    log_in(client, enrolment.user)
    response = client.get(reverse("learning:forum_task", args=[task.pk]))
    assert response.status_code == 200
    discussion = Discussion.objects.get(forum__host=content.ACTIVITY_FORUM, forum__host_id=task.pk)
    assert client.get(reverse("discussions:discussion", args=[discussion.pk])).status_code == 200
    thread = discussion_services.thread_create(
        actor=enrolment.user, discussion=discussion, title="Hello", body="<p>I am Maria</p>"
    )
    assert ActivityProgress.objects.get(enrolment=enrolment, activity=task).state == ProgressState.STARTED
    discussion_services.post_reply(actor=staff, thread=thread, body="<p>Welcome</p>")  # staff: nothing moves
    discussion_services.post_reply(actor=enrolment.user, thread=thread, body="<p>Thanks</p>")
    assert ActivityProgress.objects.get(enrolment=enrolment, activity=task).state == ProgressState.COMPLETED
    assert ActivityProgress.objects.count() == 1
    enrolment.refresh_from_db()
    assert enrolment.required_done == 1
    assert content.activity_forum_access(staff, task.pk).moderate
    assert not content.activity_forum_access(enrolment.user, task.pk).moderate
    assert content.activity_forum_access(etwinner(greece), task.pk) is None
    client.get(reverse("learning:forum_task", args=[task.pk]))
    assert Discussion.objects.filter(forum__host=content.ACTIVITY_FORUM).count() == 1  # opened once


def test_cycle_forum_for_the_cycles_people(client, setup, greece):
    cycle, staff = setup
    learner = enrolled(cycle, greece).user
    url = reverse("learning:cycle_forum", args=[cycle.pk])
    log_in(client, etwinner(greece))
    assert client.get(url).status_code == 404
    log_in(client, learner)
    response = client.get(url)
    assert response.status_code == 302
    discussion = Discussion.objects.get(forum__host=content.CYCLE_FORUM, forum__host_id=cycle.pk)
    assert response["Location"] == reverse("discussions:discussion", args=[discussion.pk])
    assert client.get(response["Location"]).status_code == 200
    discussion_services.thread_create(actor=learner, discussion=discussion, title="Hi all", body="<p>Hi</p>")
    assert Enrolment.objects.get(user=learner).required_done == 0


def test_trainer_previews_the_outline_and_links_lead_to_it(client, setup, greece):
    from twinning.learning.models import Trainer

    cycle, staff = setup
    module = content.module_create(actor=staff, cycle=cycle, title="Later", opens_at=timezone.now() + timedelta(days=9))
    content.activity_create(actor=staff, module=module, kind="page", title="Early look")
    user = etwinner(greece)
    application = services.trainer_apply(actor=user, motivation="I like it", experience="Ten years")
    trainer = services.application_decide(actor=staff, application=application, approve=True)
    assert isinstance(trainer, Trainer)
    services.cycle_trainer_assign(actor=staff, cycle=cycle, trainer=trainer)
    url = reverse("learning:outline", args=[cycle.pk])
    log_in(client, user)
    page = client.get(url).content.decode()
    assert "Early look" in page and "Not started" not in page  # every module, no progress
    learner = enrolled(cycle, greece)
    log_in(client, learner.user)
    assert url in client.get(reverse("learning:mine")).content.decode()
    log_in(client, staff)
    assert url in client.get(reverse("learning:staff_course", args=[cycle.course_id])).content.decode()


def test_edit_page_links_to_the_kinds_own_authoring_page(client, setup):
    cycle, staff = setup
    module = content.module_create(actor=staff, cycle=cycle, title="M")
    quiz = content.activity_create(actor=staff, module=module, kind="quiz", title="Quiz")
    saved = dict(content.KINDS)
    try:
        content.register_kind("quiz", show="learning:page", author="learning:activity_delete")
        log_in(client, staff)
        page = client.get(reverse("learning:activity_edit", args=[quiz.pk])).content.decode()
        assert reverse("learning:activity_delete", args=[quiz.pk]) in page and "Set up the" in page
    finally:
        content.KINDS.clear()
        content.KINDS.update(saved)


def test_staff_attach_files_to_a_page_that_its_readers_download(client, setup, greece):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from twinning.core.models import Attachment

    cycle, staff = setup
    module = content.module_create(actor=staff, cycle=cycle, title="M")
    page = content.activity_create(actor=staff, module=module, kind="page", title="P")
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    upload = SimpleUploadedFile("map.png", buffer.getvalue(), content_type="image/png")
    learner = enrolled(cycle, greece).user
    log_in(client, learner)
    url = reverse("learning:activity_file_add", args=[page.pk])
    assert client.post(url, {"file": upload, "rights": "own"}).status_code == 404
    log_in(client, staff)
    upload.seek(0)
    assert client.post(url, {"file": upload, "rights": ""}).status_code == 302  # no rights statement: refused
    assert not Attachment.objects.exists()
    upload.seek(0)
    assert client.post(url, {"file": upload, "rights": "own", "description": "A map"}).status_code == 302
    attachment = Attachment.objects.get(host=content.ACTIVITY_FILES, host_id=page.pk)
    log_in(client, learner)
    assert attachment.name in client.get(reverse("learning:page", args=[page.pk])).content.decode()
    assert client.get(reverse("files:attachment", args=[attachment.pk])).status_code == 200
    log_in(client, etwinner(greece))
    assert client.get(reverse("files:attachment", args=[attachment.pk])).status_code == 404
