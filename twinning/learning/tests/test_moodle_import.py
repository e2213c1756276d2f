"""Importing a Moodle course backup (.mbz) into a cycle: the samples in ``moodle_samples/`` (the structure
Moodle 4.x writes) go through the staff pages (upload → preview → confirm) and the background job
(``core.jobs.run``); everything mappable arrives, the rest is listed; bad archives import nothing and never
end in an error page; a failure half-way leaves the cycle untouched; the same backup twice is refused."""

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from twinning.accounts.tests.factories import css_staff, log_in, nso_staff, teacher
from twinning.core import jobs
from twinning.core.models import Attachment, AuditEvent, Job, JobState
from twinning.learning import quizzes
from twinning.learning.models import Activity, Module, Question, QuestionCategory, QuizSlot
from twinning.learning.moodle import services

from . import moodle_samples
from .factories import make_course, make_cycle, make_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(greece):
    course, staff = make_course(greece)
    return course, make_cycle(course, staff), staff


def _url(cycle) -> str:
    return reverse("learning:moodle_import", args=[cycle.pk])


def _preview(client, cycle, data: bytes, name="backup-moodle2-course.mbz"):
    return client.post(_url(cycle), {"step": "preview", "file": SimpleUploadedFile(name, data)})


def _confirm(client, cycle, preview):
    return client.post(_url(cycle), {"step": "confirm", "digest": preview.context["digest"]})


def _stored_uploads() -> list[Path]:
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / services.UPLOAD_FOLDER
    return sorted(folder.glob("*")) if folder.exists() else []


def _counts(course) -> tuple[int, int, int, int, int, int]:
    return (
        Module.objects.filter(cycle__course=course).count(),
        Activity.objects.filter(cycle__course=course).count(),
        Question.objects.filter(course=course).count(),
        QuestionCategory.objects.filter(course=course).count(),
        QuizSlot.objects.filter(activity__cycle__course=course).count(),
        Attachment.objects.count(),
    )


def _import(client, cycle, data: bytes) -> Job:
    """Upload, preview, confirm and run the job; returns the finished job."""
    preview = _preview(client, cycle, data)
    assert preview.status_code == 200 and preview.context.get("digest"), preview.content[:2000]
    response = _confirm(client, cycle, preview)
    job = Job.objects.filter(kind=services.JOB_KIND).latest("pk")
    assert response.status_code == 302 and response["Location"] == reverse("jobs:job", args=[job.pk])
    jobs.run(job.pk)
    job.refresh_from_db()
    return job


def _at(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def test_sample_a_previewed_then_everything_mappable_arrives(client, setup):
    course, cycle, staff = setup
    log_in(client, staff)
    preview = _preview(client, cycle, moodle_samples.build("a"))
    page = preview.content.decode()
    assert preview.status_code == 200 and _counts(course) == (0, 0, 0, 0, 0, 0)  # nothing written yet
    assert "Import 7 activities into the cycle" in page and "Digital tools for school partnerships" in page
    assert "Getting started" in page and "Topic 2" in page and "Working together" in page
    assert "Safety online" in page and "One risk" in page and "essay is not a kind of question" in page
    assert "course map.png" in page and "meeting-notes.txt" in page
    counts = preview.context["plan"].counts()
    assert len(_stored_uploads()) == 1  # kept until the import ends

    response = _confirm(client, cycle, preview)
    job = Job.objects.get(kind=services.JOB_KIND)
    assert response["Location"] == reverse("jobs:job", args=[job.pk]) and job.state == JobState.QUEUED
    assert job.params["preview"] == counts and job.key == f"cycle:{cycle.pk}" and job.country_code == "GR"
    assert jobs.run(job.pk) == "done"
    job.refresh_from_db()
    assert _stored_uploads() == []  # the upload is deleted once imported

    # Sections became modules (the empty section 0 did not), summaries as plain text.
    modules = list(Module.objects.filter(cycle=cycle).order_by("position"))
    assert [m.title for m in modules] == ["Getting started", "Topic 2", "Working together"]
    assert modules[0].summary == "What the course is about and how it runs." and modules[1].summary == ""
    outline = [
        [(a.kind, a.title, a.required) for a in Activity.objects.filter(module=m).order_by("position")] for m in modules
    ]
    assert outline == [
        [
            ("page", "Welcome to the course", True),
            ("page", "Read the two pages below before the first meeting.", False),  # the label
            ("page", "Meeting notes", True),  # the file
        ],
        [("page", "The eTwinning portal", True), ("quiz", "Check your understanding", True)],
        [("assignment", "Plan a project", True), ("forum", "Introduce yourself", True)],
    ]
    # The page: sanitised, its picture attached and pointed at.
    page_activity = Activity.objects.get(cycle=cycle, title="Welcome to the course")
    picture = Attachment.objects.get(host="learning.activity", host_id=page_activity.pk)
    assert picture.name == "course map.png" and picture.kind == "png" and picture.rights == "cc-by"
    assert f'<img src="/files/{picture.pk}/" alt="The map of the course"' in page_activity.body
    assert "<script" not in page_activity.body and "alert" not in page_activity.body
    assert "@@PLUGINFILE@@" not in page_activity.body and "moodle-file" not in page_activity.body
    # The file: attached and linked; the URL: the link.
    notes = Activity.objects.get(cycle=cycle, title="Meeting notes")
    attached = Attachment.objects.get(host="learning.activity", host_id=notes.pk)
    assert attached.name == "meeting-notes.txt" and attached.kind == "txt" and attached.size == 81
    assert f'href="/files/{attached.pk}/"' in notes.body and "Notes to keep at hand." in notes.body
    link = Activity.objects.get(cycle=cycle, title="The eTwinning portal")
    assert 'href="https://school-education.ec.europa.eu/en/etwinning"' in link.body
    # The quiz: its settings and its questions, in order, from the course's bank.
    quiz = Activity.objects.get(cycle=cycle, kind="quiz")
    assert (quiz.max_points, quiz.pass_percent, quiz.attempts_allowed, quiz.time_limit_minutes) == (
        Decimal("10.00"), 60, 2, 20
    )  # fmt: skip
    assert quiz.opens_at == _at(1791000000) and quiz.closes_at == _at(1791604800) and quiz.grading_method == "highest"
    slots = list(QuizSlot.objects.filter(activity=quiz).select_related("question").order_by("position"))
    assert [(s.question.kind, s.points) for s in slots] == [
        ("multichoice", Decimal("1.00")), ("truefalse", Decimal("1.00")),
        ("shortanswer", Decimal("1.00")), ("numerical", Decimal("2.00")),
    ]  # fmt: skip
    category = QuestionCategory.objects.get(course=course)
    assert category.name == "Safety online" and category.parent is None
    assert Question.objects.filter(course=course, category=category).count() == 4
    multichoice, truefalse, shortanswer, numerical = (s.question for s in slots)
    assert multichoice.name == "Strong password" and multichoice.text == "<p>Which password is the strongest?</p>"
    assert [(a["text"], a["fraction"]) for a in multichoice.data["answers"]] == [
        ("<p>summer2026</p>", "0"), ("<p>Tr4in!ng-Bus-Blue</p>", "1"), ("<p>123456</p>", "0")
    ]  # fmt: skip
    assert multichoice.general_feedback == "<p>Length matters most.</p>"
    assert truefalse.data["correct"] is False and "consent comes first" in truefalse.data["feedback_false"]
    assert [(a["text"], a["fraction"]) for a in shortanswer.data["answers"]] == [
        ("eTwinning", "1"),
        ("e-Twinning", "0.5"),
    ]
    assert shortanswer.data["case_sensitive"] is False
    assert [(a["value"], a["tolerance"]) for a in numerical.data["answers"]] == [("8", "0.5")]
    assert numerical.default_points == Decimal("2.00")
    # The assignment and the forum task.
    assignment = Activity.objects.get(cycle=cycle, kind="assignment")
    assert (assignment.opens_at, assignment.due_at, assignment.closes_at) == (
        _at(1791259200), _at(1791864000), _at(1792468800)
    )  # fmt: skip
    assert assignment.max_points == Decimal("20.00") and assignment.submission_type == "both"
    assert "three activities" in assignment.body
    assert Activity.objects.get(cycle=cycle, kind="forum").posts_required == 2
    cycle.refresh_from_db()
    assert cycle.required_total == 6  # every activity but the label

    # The result: what was created and what was not, audited with the counts.
    result = job.result
    assert result["counts"] == {
        "modules": 3, "activities": 7, "questions": 4, "questions_already_there": 0, "slots": 4, "files": 2,
        "not_imported": 1,
    }  # fmt: skip
    assert [(r["kind"], r["name"]) for r in result["not_imported"]] == [("essay", "One risk")]
    assert (counts["modules"], counts["activities"], counts["questions"], counts["files"]) == (3, 7, 4, 2)
    event = AuditEvent.objects.get(action="learning.moodle_imported")
    assert event.target_id == str(cycle.pk) and event.country_code == "GR" and event.data["activities"] == 7
    assert event.data["questions"] == 4 and event.data["not_imported"] == 1 and len(event.data["digest"]) == 64
    page = client.get(reverse("jobs:job", args=[job.pk]))
    assert page["Location"] == reverse("learning:moodle_result", args=[job.pk])
    shown = client.get(page["Location"]).content.decode()
    assert "Imported from Moodle" in shown and "One risk" in shown and "Check your understanding" in shown


def test_the_preview_is_what_is_then_created_and_a_zip_backup_is_read_the_same(client, setup):
    course, cycle, staff = setup
    log_in(client, staff)
    preview = _preview(client, cycle, moodle_samples.build("a", fmt="zip"), name="old-site.mbz")
    plan = preview.context["plan"]
    planned = [(m.title, [(str(a.kind), a.title) for a in m.activities]) for m in plan.modules]
    _confirm(client, cycle, preview)
    job = Job.objects.get(kind=services.JOB_KIND)
    jobs.run(job.pk)
    created = [
        (m.title, [(a.kind, a.title) for a in Activity.objects.filter(module=m).order_by("position")])
        for m in Module.objects.filter(cycle=cycle).order_by("position")
    ]
    assert created == planned and len(created) == 3
    assert Question.objects.filter(course=course).count() == plan.counts()["questions"] == 4


def test_sample_b_lists_the_plugin_activity_and_the_choice_and_nothing_else_is_missing(client, setup):
    course, cycle, staff = setup
    log_in(client, staff)
    preview = _preview(client, cycle, moodle_samples.build("b"))
    page = preview.content.decode()
    assert "mod_hvp" in page and "mod_choice" in page and "Drag the words" in page and "When shall we meet?" in page
    _confirm(client, cycle, preview)
    job = Job.objects.get(kind=services.JOB_KIND)
    assert jobs.run(job.pk) == "done"
    job.refresh_from_db()
    missing = {(r["what"], r["kind"], r["name"]) for r in job.result["not_imported"]}
    assert missing == {
        ("activity", "hvp", "Drag the words"),
        ("activity", "choice", "When shall we meet?"),
        ("question", "essay", "One risk"),
    }
    reasons = {r["kind"]: r["reason"] for r in job.result["not_imported"]}
    assert "plugin" in reasons["hvp"] and "choice" in reasons["choice"]
    assert job.result["counts"]["activities"] == 7 and Activity.objects.filter(cycle=cycle).count() == 7
    assert not Activity.objects.filter(title__in=["Drag the words", "When shall we meet?"]).exists()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (moodle_samples.truncated, "damaged"),
        (moodle_samples.traversal_zip, "unsafe path"),
        (moodle_samples.symlink_tar, "link"),
        (moodle_samples.without_manifest, "no moodle_backup.xml"),
        (moodle_samples.with_doctype, "DOCTYPE"),
        (moodle_samples.not_an_archive, "neither a tar.gz nor a zip"),
    ],
)
def test_a_bad_archive_imports_nothing_with_a_clear_message(client, setup, make, message, tmp_path):
    course, cycle, staff = setup
    log_in(client, staff)
    before = _counts(course)
    response = _preview(client, cycle, make())
    assert response.status_code == 200 and message in response.content.decode()
    assert "digest" not in response.context and _counts(course) == before
    assert _stored_uploads() == [] and not (tmp_path / "outside.txt").exists()
    assert client.post(_url(cycle), {"step": "confirm", "digest": "0" * 64}).status_code == 302
    assert not Job.objects.exists() and _counts(course) == before


def test_a_file_that_is_not_a_backup_by_name_or_empty_is_refused_by_the_form(client, setup):
    course, cycle, staff = setup
    log_in(client, staff)
    assert "file ending in .mbz" in _preview(client, cycle, b"x", name="notes.txt").content.decode()
    assert "empty" in _preview(client, cycle, b"", name="empty.mbz").content.decode()
    assert _stored_uploads() == [] and _counts(course) == (0, 0, 0, 0, 0, 0)


def test_the_job_fails_cleanly_on_a_corrupt_archive(setup):
    course, cycle, staff = setup
    stored, fingerprint = services.upload_keep(SimpleUploadedFile("x.mbz", moodle_samples.truncated()))
    job = services.import_start(actor=staff, cycle=cycle, stored=stored, fingerprint=fingerprint, filename="x.mbz",
                                counts={"activities": 7})  # fmt: skip
    assert jobs.run(job.pk) == "failed"
    job.refresh_from_db()
    assert job.state == JobState.FAILED and "damaged" in job.message
    assert _counts(course) == (0, 0, 0, 0, 0, 0) and _stored_uploads() == []


def test_a_failure_half_way_leaves_the_cycle_untouched(setup, monkeypatch):
    course, cycle, staff = setup
    make_module(cycle, title="Our own introduction")
    before = _counts(course)

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(quizzes, "slot_add", broken)
    stored, fingerprint = services.upload_keep(SimpleUploadedFile("a.mbz", moodle_samples.build("a")))
    job = services.import_start(actor=staff, cycle=cycle, stored=stored, fingerprint=fingerprint, filename="a.mbz",
                                counts={"activities": 7})  # fmt: skip
    assert jobs.run(job.pk) == "failed"
    job.refresh_from_db()
    assert "Nothing was changed" in job.message
    assert _counts(course) == before and not AuditEvent.objects.filter(action="learning.moodle_imported").exists()
    attachments = Path(settings.PRIVATE_MEDIA_ROOT) / "attachments"
    assert not attachments.exists() or not any(p.is_file() for p in attachments.rglob("*"))  # no file left behind
    assert _stored_uploads() == []


def test_modules_come_after_the_cycles_own_and_the_same_backup_twice_is_refused(client, setup, greece):
    course, cycle, staff = setup
    make_module(cycle, title="Our own introduction")
    log_in(client, staff)
    data = moodle_samples.build("a")
    assert _import(client, cycle, data).state == JobState.DONE
    titles = list(Module.objects.filter(cycle=cycle).order_by("position", "id").values_list("title", flat=True))
    assert titles == ["Our own introduction", "Getting started", "Topic 2", "Working together"]
    before = _counts(course)

    again = _preview(client, cycle, data)
    assert "already been imported into this cycle" in again.content.decode()
    assert b'name="step" value="confirm"' not in again.content and _stored_uploads() == []
    assert client.post(_url(cycle), {"step": "confirm", "digest": again.context["digest"]}).status_code == 302
    assert Job.objects.filter(kind=services.JOB_KIND).count() == 1 and _counts(course) == before

    # Into another cycle of the course: imported, the bank's questions used as they are.
    other = make_cycle(course, staff, name="2027-28")
    job = _import(client, other, data)
    assert job.state == JobState.DONE and job.result["counts"]["questions"] == 0
    assert job.result["counts"]["questions_already_there"] == 4 and Question.objects.filter(course=course).count() == 4
    assert Activity.objects.filter(cycle=other).count() == 7


def test_a_job_for_a_backup_already_imported_fails_and_changes_nothing(client, setup):
    course, cycle, staff = setup
    log_in(client, staff)
    data = moodle_samples.build("a")
    first = _preview(client, cycle, data)
    second_stored, fingerprint = services.upload_keep(SimpleUploadedFile("a.mbz", data))
    _confirm(client, cycle, first)
    late = services.import_start(actor=staff, cycle=cycle, stored=second_stored, fingerprint=fingerprint,
                                 filename="a.mbz", counts={})  # fmt: skip
    jobs.run(Job.objects.filter(kind=services.JOB_KIND).earliest("pk").pk)
    before = _counts(course)
    assert jobs.run(late.pk) == "failed"
    late.refresh_from_db()
    assert "already been imported" in late.message and _counts(course) == before


def test_user_data_in_a_backup_is_listed_as_not_imported(client, setup):
    course, cycle, staff = setup
    entries = moodle_samples.files("a")
    manifest = entries["moodle_backup.xml"].decode()
    entries["moodle_backup.xml"] = manifest.replace(
        "<name>users</name>\n        <value>0</value>", "<name>users</name>\n        <value>1</value>"
    ).encode()
    log_in(client, staff)
    page = _preview(client, cycle, moodle_samples.pack(entries)).content.decode()
    assert "not imported: user data" in page.lower()


def test_who_may_import(client, setup, italy, greece):
    course, cycle, staff = setup
    url = _url(cycle)
    assert client.get(url).status_code == 302  # to the login page
    for person, status in ((nso_staff(italy), 404), (teacher(country=greece), 403), (css_staff(), 200), (staff, 200)):
        client.logout()
        log_in(client, person)
        assert client.get(url).status_code == status, person
        if status != 200:
            response = _preview(client, cycle, moodle_samples.build("a"))
            assert response.status_code == status and _stored_uploads() == []
    assert client.get(reverse("learning:cycle_content", args=[cycle.pk])).content.decode().count(url) == 1


def test_the_result_page_is_for_the_person_who_imported(client, setup, greece):
    course, cycle, staff = setup
    log_in(client, staff)
    job = _import(client, cycle, moodle_samples.build("a"))
    url = reverse("learning:moodle_result", args=[job.pk])
    assert client.get(url).status_code == 200
    for person in (nso_staff(greece), css_staff()):  # staff who may author, but did not start it
        client.logout()
        log_in(client, person)
        assert client.get(url).status_code == 404
    other = Job.objects.create(kind="learning.cycle_report", owner=staff, params={"cycle": cycle.pk})
    client.logout()
    log_in(client, staff)
    assert client.get(reverse("learning:moodle_result", args=[other.pk])).status_code == 404


def test_cancelling_deletes_the_waiting_upload(client, setup):
    course, cycle, staff = setup
    log_in(client, staff)
    _preview(client, cycle, moodle_samples.build("a"))
    assert len(_stored_uploads()) == 1
    _preview(client, cycle, moodle_samples.build("b"))  # a new upload replaces the waiting one
    assert len(_stored_uploads()) == 1
    response = client.post(_url(cycle), {"step": "cancel"})
    assert response.status_code == 302 and _stored_uploads() == [] and _counts(course) == (0, 0, 0, 0, 0, 0)


def test_the_daily_sweep_deletes_unconfirmed_uploads_only(setup):
    import os
    import time

    course, cycle, staff = setup
    old, _digest = services.upload_keep(SimpleUploadedFile("old.mbz", b"old backup"))
    waiting, digest = services.upload_keep(SimpleUploadedFile("job.mbz", b"a job's backup"))
    fresh, _digest = services.upload_keep(SimpleUploadedFile("new.mbz", b"new backup"))
    services.import_start(actor=staff, cycle=cycle, stored=waiting, fingerprint=digest, filename="job.mbz", counts={})
    two_days_ago = time.time() - 2 * 86400
    for name in (old, waiting):
        path = Path(settings.PRIVATE_MEDIA_ROOT) / name
        os.utime(path, (two_days_ago, two_days_ago))
    assert services.sweep_uploads() == 1
    left = {p.name for p in _stored_uploads()}
    assert left == {Path(waiting).name, Path(fresh).name}


def _moodle3(entries: dict[str, bytes]) -> dict[str, bytes]:
    """Sample a as Moodle 3.x wrote it: questions directly in their category, quiz slots naming questions."""
    import re

    wrappers = ("question_bank_entr", "questioncategoryid", "ownerid", "question_version", "<version>", "<status>")
    lines = entries["questions.xml"].decode().split("\n")
    kept = [line for line in lines if not any(w in line for w in wrappers)]
    kept = [line for line in kept if line.strip() not in ("<questions>", "</questions>")]
    first = next(i for i, line in enumerate(kept) if line.strip().startswith("<question id="))
    last = max(i for i, line in enumerate(kept) if line.strip() == "</question_category>")
    kept = [*kept[:first], "    <questions>", *kept[first:last], "    </questions>", *kept[last:]]
    text = "\n".join(kept)
    entries["questions.xml"] = text.encode()
    quiz = entries["activities/quiz_105/quiz.xml"].decode()
    quiz = re.sub(
        r"<question_reference id=\"\d+\">.*?<questionbankentryid>7(\d)</questionbankentryid>.*?</question_reference>",
        r"<questionid>9\1</questionid>",
        quiz,
        flags=re.S,
    )
    entries["activities/quiz_105/quiz.xml"] = quiz.encode()
    return entries


def test_a_moodle_3_backup_brings_its_questions_and_slots_too(setup):
    course, cycle, staff = setup
    data = moodle_samples.pack(_moodle3(moodle_samples.files("a")))
    stored, fingerprint = services.upload_keep(SimpleUploadedFile("old.mbz", data))
    plan = services.preview(stored)
    assert plan.counts()["questions"] == 4 and [s.kind for s in plan.skipped] == ["essay"]
    job = services.import_start(actor=staff, cycle=cycle, stored=stored, fingerprint=fingerprint, filename="old.mbz",
                                counts=plan.counts())  # fmt: skip
    assert jobs.run(job.pk) == "done"
    quiz = Activity.objects.get(cycle=cycle, kind="quiz")
    kinds = list(QuizSlot.objects.filter(activity=quiz).order_by("position").values_list("question__kind", flat=True))
    assert kinds == ["multichoice", "truefalse", "shortanswer", "numerical"]


def test_random_slots_pictures_in_questions_hidden_items_and_restrictions_are_listed(setup):
    entries = moodle_samples.files("a")
    quiz = (
        entries["activities/quiz_105/quiz.xml"]
        .decode()
        .replace(
            "    </question_instances>",
            '      <question_instance id="99">\n        <slot>6</slot>\n        <page>6</page>\n'
            '        <maxmark>1.0000000</maxmark>\n        <question_set_reference id="9">\n'
            "          <usingcontextid>205</usingcontextid>\n          <component>mod_quiz</component>\n"
            "          <questionarea>slot</questionarea>\n          <questionscontextid>150</questionscontextid>\n"
            '          <filtercondition>{"questioncategoryid":"2","includingsubcategories":"0"}</filtercondition>\n'
            "        </question_set_reference>\n      </question_instance>\n    </question_instances>",
        )
    )
    entries["activities/quiz_105/quiz.xml"] = quiz.encode()
    questions = (
        entries["questions.xml"]
        .decode()
        .replace(
            "&lt;p&gt;Which password is the strongest?&lt;/p&gt;",
            '&lt;p&gt;Which password is the strongest?&lt;img src="@@PLUGINFILE@@/lock.png"&gt;&lt;/p&gt;',
        )
    )
    entries["questions.xml"] = questions.encode()
    module = entries["activities/forum_107/module.xml"].decode()
    module = module.replace("<visible>1</visible>", "<visible>0</visible>").replace(
        "<availability>$@NULL@$</availability>",
        '<availability>{"op":"&amp;","c":[{"type":"date","d":"&gt;=","t":1791000000}],"showc":[true]}</availability>',
    )
    entries["activities/forum_107/module.xml"] = module.encode()
    stored, _fingerprint = services.upload_keep(SimpleUploadedFile("x.mbz", moodle_samples.pack(entries)))
    plan = services.preview(stored)
    rows: dict[tuple, list[str]] = {}
    for skip in plan.skipped:
        rows.setdefault((skip.what, skip.kind, skip.name), []).append(skip.reason)
    assert "drawn at random" in rows[("question", "random", "Random question")][0]
    assert "pictures" in rows[("question", "multichoice", "Strong password")][0]
    forum = rows[("setting", "forum", "Introduce yourself")]
    assert len(forum) == 2 and "hidden" in forum[0] and "access restrictions" in forum[1]
    quiz_plan = next(a for a in plan.activities if a.kind == "quiz")
    assert len(quiz_plan.slots) == 4  # the random slot is not one of them
    assert plan.counts()["activities"] == 7  # a hidden or restricted activity still comes, listed


def test_the_pages_answer_in_greek_too(client, setup):
    from django.utils import translation

    course, cycle, staff = setup
    log_in(client, staff)
    with translation.override("el"):
        url = _url(cycle)
    assert url.startswith("/el/") and client.get(url).status_code == 200
