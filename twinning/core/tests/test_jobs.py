"""A person's long job: started after commit, run once, its progress and failures, its page for its owner only."""

import pytest
from django.urls import reverse

from twinning.accounts.tests.factories import UserFactory
from twinning.core import jobs
from twinning.core.models import Job, JobState

pytestmark = pytest.mark.django_db

calls: list[int] = []


def _count_to_three(job, progress):
    calls.append(job.pk)
    for i in range(1, 4):
        progress(i, total=3, message=f"row {i}")
    return {"rows": 3, "asked": job.params.get("n")}


def _refuse(job, progress):
    progress(1, total=10, force=True)
    raise jobs.JobError("The archive is not a Moodle backup.")


def _crash(job, progress):
    raise ZeroDivisionError


jobs.register_job("test.count", title="Counting", run=_count_to_three, result_url=lambda job: f"/result/{job.pk}/")
jobs.register_job("test.refuse", title="Refusing", run=_refuse)
jobs.register_job("test.crash", title="Crashing", run=_crash)


def test_a_job_runs_after_commit_and_keeps_its_result(django_capture_on_commit_callbacks):
    owner = UserFactory()
    calls.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = jobs.start(kind="test.count", owner=owner, key="cycle:1", params={"n": 5})
    assert Job.objects.get(pk=job.pk).state == JobState.QUEUED and not calls  # nothing before the commit
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.result == {"rows": 3, "asked": 5}
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert job.finished_at is not None and calls == [job.pk]
    assert jobs.latest(owner=owner, kind="test.count", key="cycle:1") == job
    assert jobs.latest(owner=owner, kind="test.count", key="cycle:2") is None


def test_a_job_runs_once_even_when_its_task_runs_twice():
    job = jobs.start(kind="test.count", owner=UserFactory())
    calls.clear()
    assert jobs.run(job.pk) == "done"
    assert jobs.run(job.pk) == "skipped"
    assert calls == [job.pk]


def test_a_job_error_fails_the_job_with_its_message():
    job = jobs.start(kind="test.refuse", owner=UserFactory())
    assert jobs.run(job.pk) == "failed"
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.message == "The archive is not a Moodle backup."
    assert job.done == 1 and job.total == 10  # the progress reached before the failure stays


def test_an_unexpected_error_fails_the_job_with_a_general_message(caplog):
    job = jobs.start(kind="test.crash", owner=UserFactory())
    assert jobs.run(job.pk) == "failed"
    job.refresh_from_db()
    assert job.state == JobState.FAILED and "try again" in job.message
    assert "ZeroDivisionError" in caplog.text


def test_progress_is_written_at_most_every_half_second_unless_forced():
    job = Job.objects.create(kind="test.count")
    progress = jobs.Progress(job)
    progress(1, total=100)
    progress(2)  # within the interval: kept in memory only
    assert Job.objects.get(pk=job.pk).done == 1
    progress(3, force=True)
    stored = Job.objects.get(pk=job.pk)
    assert (stored.done, stored.total, stored.percent) == (3, 100, 3)


def test_an_unknown_kind_cannot_start():
    with pytest.raises(KeyError):
        jobs.start(kind="test.nothing", owner=UserFactory())


def test_the_job_page_is_its_owners_only(client):
    owner, other = UserFactory(), UserFactory()
    job = jobs.start(kind="test.refuse", owner=owner)
    url = reverse("jobs:job", args=[job.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(other)
    assert client.get(url).status_code == 404
    client.force_login(owner)
    page = client.get(url)
    assert page.status_code == 200 and b'id="job-progress"' in page.content
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and b"<h1>" not in fragment.content and b"job-bar" in fragment.content


def test_a_finished_job_page_shows_the_failure_or_sends_to_the_result(client):
    owner = UserFactory()
    client.force_login(owner)
    failed = jobs.start(kind="test.refuse", owner=owner)
    jobs.run(failed.pk)
    page = client.get(reverse("jobs:job", args=[failed.pk]))
    assert b"The archive is not a Moodle backup." in page.content and b"job-progress" not in page.content
    assert client.get(reverse("jobs:job", args=[failed.pk]), headers={"HX-Request": "true"})["HX-Refresh"] == "true"
    done = jobs.start(kind="test.count", owner=owner)
    jobs.run(done.pk)
    assert client.get(reverse("jobs:job", args=[done.pk]))["Location"] == f"/result/{done.pk}/"
    polled = client.get(reverse("jobs:job", args=[done.pk]), headers={"HX-Request": "true"})
    assert polled["HX-Redirect"] == f"/result/{done.pk}/"


def _say_language(job, progress):
    from django.utils.translation import get_language

    return {"language": get_language()}


jobs.register_job("test.language", title="Language", run=_say_language)


def test_a_job_runs_in_the_language_of_the_person_who_started_it():
    from django.utils import translation

    with translation.override("el"):
        job = jobs.start(kind="test.language", owner=UserFactory())
    with translation.override("en"):
        jobs.run(job.pk)  # a worker in another language
    job.refresh_from_db()
    assert job.params["language"] == "el" and job.result == {"language": "el"}
