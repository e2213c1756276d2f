"""Quizzes: the question bank and authoring pages (staff of the course's country only), starting, saving
and finishing attempts with their integrity rules (layout, tampered choices, finishing twice, the deadline,
attempts and closing dates, another learner's attempt), progress recorded once, fixed query counts."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from twinning.accounts.tests.factories import log_in, nso_staff
from twinning.core.errors import DomainError
from twinning.learning import quizzes, services
from twinning.learning.models import (
    Activity,
    ActivityProgress,
    Attempt,
    AttemptState,
    Enrolment,
    GradingMethod,
    Module,
    Override,
    ProgressState,
    Question,
    QuestionCategory,
    Status,
)

from .factories import etwinner, make_course, make_cycle

pytestmark = pytest.mark.django_db

MC = {"answers": [{"text": "Athens", "fraction": "1"}, {"text": "Sparta", "fraction": "0"}], "shuffle": False}
TF = {"correct": True}


def setup_quiz(country, *, max_points="10", **fields):
    course, staff = make_course(country)
    cycle = make_cycle(course, staff, capacity=1)
    module = Module.objects.create(cycle=cycle, title="Unit 1")
    quiz = Activity.objects.create(cycle=cycle, module=module, kind="quiz", title="Check",
                                   max_points=Decimal(max_points), **fields)  # fmt: skip
    top = quizzes.category_save(actor=staff, course=course, name="Top")
    q1 = quizzes.question_save(actor=staff, course=course, kind="multichoice", category=top, name="Capital",
                               text="<p>Capital of Greece?</p>", data=MC)  # fmt: skip
    q2 = quizzes.question_save(actor=staff, course=course, kind="truefalse", category=top, name="Sky",
                               text="<p>The sky is blue.</p>", data=TF)  # fmt: skip
    quizzes.slot_add(actor=staff, activity=quiz, question=q1)
    quizzes.slot_add(actor=staff, activity=quiz, question=q2)
    learner = etwinner(country)
    enrolment = services.enrol(cycle=cycle, user=learner)
    assert enrolment.status == Status.ENROLLED
    quiz = Activity.objects.select_related("cycle", "cycle__course", "cycle__course__country").get(pk=quiz.pk)
    return {"course": course, "staff": staff, "cycle": cycle, "quiz": quiz, "q1": q1, "q2": q2, "top": top,
            "learner": learner, "enrolment": enrolment}  # fmt: skip


def post(**values):
    data = QueryDict(mutable=True)
    for key, value in values.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


def test_grading_scales_to_the_activity_points_and_records_progress_once(greece):
    s = setup_quiz(greece)
    attempt = quizzes.start_attempt(activity=s["quiz"], enrolment=s["enrolment"])
    assert {entry["question"] for entry in attempt.layout} == {s["q1"].pk, s["q2"].pk}
    done = quizzes.submit(actor=s["learner"], attempt_id=attempt.pk, enrolment=s["enrolment"],
                          post=post(**{f"q{s['q1'].pk}": "0", f"q{s['q2'].pk}": "false"}), finish=True)  # fmt: skip
    assert done.state == AttemptState.FINISHED and done.points == Decimal("5.00")
    assert done.marks == {str(s["q1"].pk): "1.00", str(s["q2"].pk): "0.00"}
    with pytest.raises(DomainError):  # a second finish is refused, nothing graded twice
        quizzes.submit(actor=s["learner"], attempt_id=attempt.pk, enrolment=s["enrolment"],
                       post=post(**{f"q{s['q2'].pk}": "true"}), finish=True)  # fmt: skip
    row = ActivityProgress.objects.get(enrolment=s["enrolment"], activity=s["quiz"])
    assert row.state == ProgressState.COMPLETED and row.points == Decimal("5.00")
    enrolment = Enrolment.objects.get(pk=s["enrolment"].pk)
    assert enrolment.required_done == 1 and enrolment.graded_count == 1 and enrolment.percent_sum == Decimal("50")
    assert Attempt.objects.get(pk=attempt.pk).points == Decimal("5.00")


def test_highest_keeps_the_best_and_last_keeps_the_last(greece):
    for method, expected in ((GradingMethod.HIGHEST, Decimal("10.00")), (GradingMethod.LAST, Decimal("0.00"))):
        s = setup_quiz(greece, grading_method=method)
        answers = ({f"q{s['q1'].pk}": "0", f"q{s['q2'].pk}": "true"}, {f"q{s['q1'].pk}": "1"})
        for given in answers:
            attempt = quizzes.start_attempt(activity=s["quiz"], enrolment=s["enrolment"])
            quizzes.submit(actor=s["learner"], attempt_id=attempt.pk, enrolment=s["enrolment"], post=post(**given),
                           finish=True)  # fmt: skip
        assert ActivityProgress.objects.get(enrolment=s["enrolment"], activity=s["quiz"]).points == expected


def test_answers_outside_the_layout_or_tampered_are_refused_whole(greece):
    s = setup_quiz(greece)
    other = setup_quiz(greece)
    attempt = quizzes.start_attempt(activity=s["quiz"], enrolment=s["enrolment"])
    for bad in (
        {f"q{s['q1'].pk}": "0", f"q{other['q1'].pk}": "0"},  # a question of another quiz
        {f"q{s['q1'].pk}": "5"},  # a choice that does not exist
        {f"q{s['q2'].pk}": "maybe"},
        {f"q{s['q1'].pk}": ["0", "1"]},
    ):
        with pytest.raises(DomainError):
            quizzes.submit(actor=s["learner"], attempt_id=attempt.pk, enrolment=s["enrolment"], post=post(**bad),
                           finish=False)  # fmt: skip
        assert Attempt.objects.get(pk=attempt.pk).answers == {}
    with pytest.raises(DomainError):  # someone else's enrolment cannot touch it
        quizzes.submit(actor=other["learner"], attempt_id=attempt.pk, enrolment=other["enrolment"],
                       post=post(), finish=True)  # fmt: skip


def test_after_the_deadline_only_answers_saved_before_count_unless_extra_minutes(greece):
    s = setup_quiz(greece, time_limit_minutes=10)
    start = timezone.now()
    attempt = quizzes.start_attempt(activity=s["quiz"], enrolment=s["enrolment"], now=start)
    assert attempt.deadline == start + timedelta(minutes=10)
    q1, q2 = f"q{s['q1'].pk}", f"q{s['q2'].pk}"
    quizzes.submit(actor=s["learner"], attempt_id=attempt.pk, enrolment=s["enrolment"], post=post(**{q1: "0"}),
                   finish=False, now=start + timedelta(minutes=5))  # fmt: skip
    late = quizzes.submit(actor=s["learner"], attempt_id=attempt.pk, enrolment=s["enrolment"],
                          post=post(**{q1: "0", q2: "true"}), finish=True,
                          now=start + timedelta(minutes=11))  # fmt: skip
    assert late.late and late.answers == {str(s["q1"].pk): 0} and late.points == Decimal("5.00")
    # The same with 5 extra minutes granted: the answers are accepted.
    t = setup_quiz(greece, time_limit_minutes=10)
    Override.objects.create(activity=t["quiz"], enrolment=t["enrolment"], extra_minutes=5, reason="dyslexia")
    attempt = quizzes.start_attempt(activity=t["quiz"], enrolment=t["enrolment"], now=start)
    done = quizzes.submit(actor=t["learner"], attempt_id=attempt.pk, enrolment=t["enrolment"],
                          post=post(**{f"q{t['q1'].pk}": "0", f"q{t['q2'].pk}": "true"}), finish=True,
                          now=start + timedelta(minutes=14))  # fmt: skip
    assert not done.late and done.points == Decimal("10.00")


def test_overdue_attempts_are_finished_with_saved_answers(greece, client):
    s = setup_quiz(greece, time_limit_minutes=10)
    attempt = quizzes.start_attempt(activity=s["quiz"], enrolment=s["enrolment"],
                                    now=timezone.now() - timedelta(minutes=30))  # fmt: skip
    Attempt.objects.filter(pk=attempt.pk).update(answers={str(s["q2"].pk): True})
    log_in(client, s["learner"])
    page = client.get(reverse("learning:quiz", args=[s["quiz"].pk])).content.decode()
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.FINISHED and attempt.points == Decimal("5.00")
    assert "Your time was up" in page
    other = setup_quiz(greece, time_limit_minutes=10)
    late = quizzes.start_attempt(activity=other["quiz"], enrolment=other["enrolment"],
                                 now=timezone.now() - timedelta(minutes=30))  # fmt: skip
    assert quizzes.finish_all_overdue() == 1
    assert Attempt.objects.get(pk=late.pk).state == AttemptState.FINISHED


def test_attempts_allowed_extra_attempts_and_closing_dates(greece):
    s = setup_quiz(greece, attempts_allowed=1)
    first = quizzes.start_attempt(activity=s["quiz"], enrolment=s["enrolment"])
    assert quizzes.start_attempt(activity=s["quiz"], enrolment=s["enrolment"]).pk == first.pk  # the open one
    quizzes.submit(actor=s["learner"], attempt_id=first.pk, enrolment=s["enrolment"], post=post(), finish=True)
    with pytest.raises(DomainError, match="all the attempts"):
        quizzes.start_attempt(activity=s["quiz"], enrolment=s["enrolment"])
    Override.objects.create(activity=s["quiz"], enrolment=s["enrolment"], extra_attempts=1, reason="ill")
    assert quizzes.start_attempt(activity=s["quiz"], enrolment=s["enrolment"]).number == 2
    t = setup_quiz(greece, closes_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(DomainError, match="closed"):
        quizzes.start_attempt(activity=t["quiz"], enrolment=t["enrolment"])
    Override.objects.create(activity=t["quiz"], enrolment=t["enrolment"], closes_at=timezone.now() + timedelta(days=1),
                            reason="ill")  # fmt: skip
    assert quizzes.start_attempt(activity=t["quiz"], enrolment=t["enrolment"]).number == 1


def test_random_draws_never_repeat_a_question_and_fix_the_layout(greece):
    s = setup_quiz(greece, shuffle=True)
    pool = quizzes.category_save(actor=s["staff"], course=s["course"], name="Pool", parent=s["top"])
    for n in range(5):
        quizzes.question_save(actor=s["staff"], course=s["course"], kind="truefalse", category=pool, name=f"P{n}",
                              text=f"<p>{n}</p>", data=TF)  # fmt: skip
    quizzes.slot_add(actor=s["staff"], activity=s["quiz"], category=pool, draw_count=3)
    quizzes.slot_add(actor=s["staff"], activity=s["quiz"], category=pool, draw_count=3)  # only 2 left
    attempt = quizzes.start_attempt(activity=s["quiz"], enrolment=s["enrolment"])
    ids = [entry["question"] for entry in attempt.layout]
    assert len(ids) == 7 == len(set(ids))


def test_pages_for_the_learner_and_the_review(greece, client):
    s = setup_quiz(greece)
    log_in(client, s["learner"])
    intro = client.get(reverse("learning:quiz", args=[s["quiz"].pk])).content.decode()
    assert "Start attempt" in intro
    response = client.post(reverse("learning:quiz_start", args=[s["quiz"].pk]))
    attempt = Attempt.objects.get(enrolment=s["enrolment"])
    assert response.status_code == 302 and response["Location"].endswith(f"/quiz-attempts/{attempt.pk}/")
    page = client.get(reverse("learning:quiz_attempt", args=[attempt.pk])).content.decode()
    assert "Capital of Greece?" in page and "Athens" in page
    url = reverse("learning:quiz_attempt", args=[attempt.pk])
    client.post(url, {f"q{s['q1'].pk}": "0", "save": ""})
    assert Attempt.objects.get(pk=attempt.pk).answers == {str(s["q1"].pk): 0}
    client.post(url, {f"q{s['q1'].pk}": "0", f"q{s['q2'].pk}": "true", "finish": ""})
    review = client.get(reverse("learning:quiz_review", args=[attempt.pk])).content.decode()
    assert "Points: 10 / 10<" in review and "10.00" not in review and "right" in review
    # Another learner (of another cycle) and a person on the waiting list get 404.
    other = setup_quiz(greece)
    log_in(client, other["learner"])
    assert client.get(reverse("learning:quiz_review", args=[attempt.pk])).status_code == 404
    assert client.get(reverse("learning:quiz", args=[s["quiz"].pk])).status_code == 404
    waiting = etwinner(greece)
    assert services.enrol(cycle=s["cycle"], user=waiting).status == Status.WAITING
    log_in(client, waiting)
    assert client.get(reverse("learning:quiz", args=[s["quiz"].pk])).status_code == 404
    assert client.post(reverse("learning:quiz_start", args=[s["quiz"].pk])).status_code == 404
    # The staff see a preview and the learner's review.
    log_in(client, s["staff"])
    assert "Preview" in client.get(reverse("learning:quiz", args=[s["quiz"].pk])).content.decode()
    assert client.get(reverse("learning:quiz_review", args=[attempt.pk])).status_code == 200
    assert client.post(reverse("learning:quiz_start", args=[s["quiz"].pk])).status_code == 404


def test_a_tampered_form_through_the_web_saves_nothing(greece, client):
    s = setup_quiz(greece)
    other = setup_quiz(greece)
    attempt = quizzes.start_attempt(activity=s["quiz"], enrolment=s["enrolment"])
    log_in(client, s["learner"])
    url = reverse("learning:quiz_attempt", args=[attempt.pk])
    response = client.post(url, {f"q{s['q1'].pk}": "0", f"q{other['q1'].pk}": "0", "finish": ""}, follow=True)
    assert "not part of this attempt" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS and attempt.answers == {}


def test_authoring_pages_are_for_the_staff_of_the_courses_country(greece, italy, client):
    s = setup_quiz(greece)
    pages = [
        reverse("learning:question_bank", args=[s["course"].pk]),
        reverse("learning:question_new", args=[s["course"].pk, "numerical"]),
        reverse("learning:question_edit", args=[s["q1"].pk]),
        reverse("learning:quiz_author", args=[s["quiz"].pk]),
    ]
    log_in(client, nso_staff(italy))
    for url in pages:
        assert client.get(url).status_code == 404, url
    log_in(client, s["learner"])
    for url in pages:
        assert client.get(url).status_code == 404, url
    log_in(client, s["staff"])
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_writing_questions_through_the_forms(greece, client):
    s = setup_quiz(greece)
    log_in(client, s["staff"])
    url = reverse("learning:question_new", args=[s["course"].pk, "numerical"])
    bad = {"category": s["top"].pk, "text": "<p>Pi?</p>", "default_points": "1", "rows": "2",
           "r0_value": "3,14", "r0_tolerance": "0.01", "r0_credit": "50"}  # fmt: skip
    response = client.post(url, bad)
    assert response.status_code == 200 and "full credit" in response.content.decode()
    assert not Question.objects.filter(kind="numerical").exists()
    response = client.post(url, {**bad, "r0_credit": "100", "name": "Pi"})
    assert response.status_code == 302
    assert Question.objects.get(name="Pi").data["answers"][0]["value"] == "3.14"
    url = reverse("learning:question_new", args=[s["course"].pk, "matching"])
    response = client.post(url, {"category": s["top"].pk, "text": "<p>Match</p>", "default_points": "2", "rows": "3",
                                 "r0_question": "Greece", "r0_answer": "Athens", "r1_question": "Italy",
                                 "r1_answer": "Rome", "r2_answer": "Paris", "name": "Capitals"})  # fmt: skip
    assert response.status_code == 302 and len(Question.objects.get(name="Capitals").data["pairs"]) == 3
    edit = client.get(reverse("learning:question_edit", args=[s["q1"].pk])).content.decode()
    assert "Athens" in edit
    client.post(
        reverse("learning:question_category_new", args=[s["course"].pk]), {"name": "Unit 2", "parent": s["top"].pk}
    )
    assert QuestionCategory.objects.get(name="Unit 2").parent_id == s["top"].pk
    response = client.post(reverse("learning:quiz_slot_add", args=[s["quiz"].pk, "question"]),
                           {"question": s["q1"].pk}, follow=True)  # fmt: skip
    assert "already in the quiz" in response.content.decode()


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_fixed_queries_on_the_intro_and_the_attempt_page(greece, client):
    s = setup_quiz(greece)
    log_in(client, s["learner"])
    intro = reverse("learning:quiz", args=[s["quiz"].pk])
    attempt = quizzes.start_attempt(activity=s["quiz"], enrolment=s["enrolment"])
    page = reverse("learning:quiz_attempt", args=[attempt.pk])
    client.get(intro)  # the first request after logging in writes the session
    small = (_count(client, intro), _count(client, page))
    for n in range(12):
        question = quizzes.question_save(actor=s["staff"], course=s["course"], kind="multichoice", category=s["top"],
                                         name=f"Extra {n}", text=f"<p>{n}</p>", data=MC)  # fmt: skip
        quizzes.slot_add(actor=s["staff"], activity=s["quiz"], question=question)
    quizzes.submit(actor=s["learner"], attempt_id=attempt.pk, enrolment=s["enrolment"], post=post(), finish=True)
    attempt = quizzes.start_attempt(activity=s["quiz"], enrolment=s["enrolment"])
    assert len(attempt.layout) == 14
    page = reverse("learning:quiz_attempt", args=[attempt.pk])
    assert (_count(client, intro), _count(client, page)) == small
