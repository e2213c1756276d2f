"""Assignment pages: who sees what (404 for another group's trainer, another learner, the staff of another
country, a person on the waiting list), the forms' bad input (nothing written), the learner's own dates and
the grading queue in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from twinning.accounts.tests.factories import log_in, nso_staff
from twinning.core.models import Attachment
from twinning.learning import assignments, services
from twinning.learning.models import (
    Enrolment,
    LatePolicy,
    Override,
    RubricCriterion,
    Status,
    Submission,
    SubmissionStatus,
)

from .factories import etwinner
from .test_assignments import add_rubric, make_world, png, submitted

pytestmark = pytest.mark.django_db


def _get(client, user, url):
    client.logout()
    log_in(client, user)
    return client.get(url)


def _post(client, user, url, data):
    client.logout()
    log_in(client, user)
    return client.post(url, data)


# --- the rubric page ---------------------------------------------------------------------------------------


def test_rubric_page_for_the_courses_staff_only_and_its_form(client, greece, italy):
    w = make_world(greece)
    url = reverse("learning:assignment_author", args=[w.activity.pk])
    assert _get(client, w.staff, url).status_code == 200
    for stranger in (nso_staff(italy), w.trainer_a.user, w.anna):
        assert _get(client, stranger, url).status_code == 404
    data = {"title": "Clarity", "level_1_description": "Weak", "level_1_points": "0",
            "level_2_description": "Strong", "level_2_points": "6"}  # fmt: skip
    response = _post(client, w.staff, url, data)
    assert response.status_code == 302
    page = _get(client, w.staff, url).content.decode()
    assert "The rubric's maximum is 6.00 points but the assignment gives 10.00 points." in page
    # a level with no points is refused with a message, nothing written
    response = _post(client, w.staff, url, {"title": "Depth", "level_1_description": "Weak"})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert RubricCriterion.objects.count() == 1
    criterion = RubricCriterion.objects.get()
    edit = reverse("learning:assignment_criterion", args=[w.activity.pk, criterion.pk])
    data.update(level_2_points="10")
    assert _post(client, w.staff, edit, data).status_code == 302
    assert "trainers grade with it" in _get(client, w.staff, url).content.decode()
    remove = reverse("learning:assignment_criterion_remove", args=[w.activity.pk, criterion.pk])
    assert _post(client, nso_staff(italy), remove, {}).status_code == 404
    assert _post(client, w.staff, remove, {}).status_code == 302
    assert not RubricCriterion.objects.exists()


# --- the learner's page --------------------------------------------------------------------------------------


def test_learner_page_submit_and_preview(client, greece, italy):
    w = make_world(greece)
    url = reverse("learning:assignment", args=[w.activity.pk])
    page = _get(client, w.anna, url)
    assert page.status_code == 200 and "Write a lesson plan." in page.content.decode()
    # an empty submission is refused on the page, nothing written
    response = _post(client, w.anna, url, {"action": "submit", "text": "  ", "rights": "own"})
    assert response.status_code == 200 and "Write your answer or add a file" in response.content.decode()
    assert not Submission.objects.exists()
    response = _post(client, w.anna, url, {"action": "submit", "text": "My plan", "file": png(), "rights": "own"})
    assert response.status_code == 302
    row = Submission.objects.get()
    assert row.status == SubmissionStatus.SUBMITTED and Attachment.objects.filter(host_id=row.pk).count() == 1
    # trainers and staff: a preview, they hand in nothing
    for viewer in (w.trainer_a.user, w.trainer_b.user, w.staff):
        response = _get(client, viewer, url)
        assert response.status_code == 200 and "Preview" in response.content.decode()
        assert "My plan" not in response.content.decode()
    assert _post(client, w.trainer_a.user, url, {"action": "submit", "text": "x"}).status_code == 403
    # another learner does not see Anna's work
    assert "My plan" not in _get(client, w.nikos, url).content.decode()
    # strangers: 404
    waiting = etwinner(greece)
    enrolment = services.enrol(cycle=w.cycle, user=waiting)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Status.WAITING)
    for stranger in (nso_staff(italy), waiting, etwinner(greece)):
        assert _get(client, stranger, url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login


def test_learner_page_shows_own_extended_dates(client, greece):
    w = make_world(greece, due_at=timezone.now() - timedelta(hours=5), late_policy=LatePolicy.REFUSE)
    url = reverse("learning:assignment", args=[w.activity.pk])
    assert "late work is not accepted" in _get(client, w.anna, url).content.decode()
    Override.objects.create(activity=w.activity, enrolment=w.e_anna, due_at=timezone.now() + timedelta(days=2),
                            reason="Ill")  # fmt: skip
    page = _get(client, w.anna, url).content.decode()
    assert "extended for you" in page and "Hand in my work" in page
    assert _post(client, w.anna, url, {"action": "submit", "text": "Late but allowed"}).status_code == 302
    assert Submission.objects.get().status == SubmissionStatus.SUBMITTED


def test_submission_files_only_for_the_learner_their_trainer_and_staff(client, greece, italy):
    w = make_world(greece)
    row = assignments.submit(actor=w.anna, activity=w.activity, enrolment=w.e_anna, text="", upload=png())
    file_url = reverse("files:attachment", args=[Attachment.objects.get(host_id=row.pk).pk])
    for reader in (w.anna, w.trainer_a.user, w.staff):
        assert _get(client, reader, file_url).status_code == 200
    for stranger in (w.trainer_b.user, w.nikos, nso_staff(italy)):
        assert _get(client, stranger, file_url).status_code == 404


# --- grading -----------------------------------------------------------------------------------------------------


def test_queue_lists_only_the_trainers_own_groups(client, greece, italy):
    w = make_world(greece)
    submitted(w, text="Anna's plan")
    submitted(w, enrolment=w.e_nikos, user=w.nikos, text="Nikos's plan")
    url = reverse("learning:assignment_queue", args=[w.activity.pk])
    page_a = _get(client, w.trainer_a.user, url).content.decode()
    assert w.anna.display_name in page_a and w.nikos.display_name not in page_a
    page_b = _get(client, w.trainer_b.user, url).content.decode()
    assert w.nikos.display_name in page_b and w.anna.display_name not in page_b
    page = _get(client, w.staff, url).content.decode()
    assert w.nikos.display_name in page and w.anna.display_name in page
    for stranger in (w.anna, nso_staff(italy), etwinner(greece)):
        assert _get(client, stranger, url).status_code == 404


def test_grading_page_permissions_and_bad_input(client, greece, italy):
    w = make_world(greece)
    first, second = add_rubric(w)
    row = submitted(w)
    url = reverse("learning:assignment_grade", args=[row.pk])
    for stranger in (w.trainer_b.user, w.nikos, w.anna, nso_staff(italy)):
        assert _get(client, stranger, url).status_code == 404
        assert _post(client, stranger, url, {"decision": "grade", "points": "5"}).status_code == 404
    assert _get(client, w.trainer_a.user, url).status_code == 200
    bad = [
        {"decision": "grade", "points": "11"},
        {"decision": "grade", "points": ""},
        {"decision": "grade", f"criterion_{first.pk}": str(second.levels.first().pk),
         f"criterion_{second.pk}": str(second.levels.first().pk)},  # a level of another criterion
        {"decision": "grade", f"criterion_{first.pk}": str(first.levels.first().pk)},  # one missing
        {"decision": "grade", "points": "5", f"criterion_{first.pk}": str(first.levels.first().pk),
         f"criterion_{second.pk}": str(second.levels.first().pk)},  # both ways at once
    ]  # fmt: skip
    for data in bad:
        response = _post(client, w.trainer_a.user, url, data)
        assert response.status_code == 200 and "There is a problem" in response.content.decode(), data
    row.refresh_from_db()
    assert row.status == SubmissionStatus.SUBMITTED and row.points is None
    levels = {
        f"criterion_{first.pk}": str(first.levels.last().pk),
        f"criterion_{second.pk}": str(second.levels.last().pk),
    }
    response = _post(client, w.trainer_a.user, url, {"decision": "grade", "feedback": "Excellent", **levels})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.points == Decimal(10) and row.graded_by == w.trainer_a.user
    page = _get(client, w.anna, reverse("learning:assignment", args=[w.activity.pk])).content.decode()
    assert "Excellent" in page and "Grade: 10.00 of 10.00 points" in page


def test_asking_for_a_new_submission_from_the_page(client, greece):
    w = make_world(greece)
    row = submitted(w)
    url = reverse("learning:assignment_grade", args=[row.pk])
    response = _post(client, w.trainer_a.user, url, {"decision": "again", "feedback": "Add an evaluation"})
    assert response.status_code == 302
    page = _get(client, w.anna, reverse("learning:assignment", args=[w.activity.pk])).content.decode()
    assert "Your trainer asks for a new submission" in page and "Hand in my work" in page


def _queue_queries(client, user, url) -> int:
    client.logout()
    log_in(client, user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_queue_in_a_fixed_number_of_queries(client, greece):
    w = make_world(greece)
    url = reverse("learning:assignment_queue", args=[w.activity.pk])
    submitted(w)
    _queue_queries(client, w.staff, url), _queue_queries(client, w.trainer_a.user, url)  # caches warmed
    counts = []
    for size in (3, 12):
        while Submission.objects.filter(enrolment__group=w.group_a).count() < size:
            learner = etwinner(greece)
            enrolment = services.enrol(cycle=w.cycle, user=learner)
            Enrolment.objects.filter(pk=enrolment.pk).update(group=w.group_a)
            assignments.submit(actor=learner, activity=w.activity, enrolment=enrolment, text="x", upload=png())
        counts.append((_queue_queries(client, w.trainer_a.user, url), _queue_queries(client, w.staff, url)))
    assert counts[0] == counts[1]
