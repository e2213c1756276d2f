"""Importing question files into a course's bank through the staff pages (upload → preview → import), all or
nothing, idempotent, audited; exporting the bank (or a category) as a file; a round trip between two
courses; only the staff who author the course reach the pages."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from twinning.accounts.tests.factories import css_staff, log_in, nso_staff, teacher
from twinning.core.errors import DomainError
from twinning.core.models import AuditEvent
from twinning.learning import qformat_services
from twinning.learning.models import Question, QuestionCategory

from .factories import make_course

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parent / "samples"


def _upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else (SAMPLES / name).read_bytes())


def _preview(client, course, name, content=None, **fields):
    url = reverse("learning:question_import", args=[course.pk])
    return client.post(url, {"step": "preview", "file": _upload(name, content), **fields})


def _apply(client, course, response):
    url = reverse("learning:question_import", args=[course.pk])
    return client.post(url, {"step": "apply", "digest": response.context["digest"]}, follow=True)


def _bank(course) -> list[dict]:
    paths = qformat_services.category_paths(course)
    return [
        {
            "kind": q.kind,
            "name": q.name,
            "text": q.text,
            "general_feedback": q.general_feedback,
            "default_points": q.default_points,
            "data": q.data,
            "category": paths[q.category_id],
        }
        for q in Question.objects.filter(course=course).order_by("id")
    ]


def test_a_gift_file_is_previewed_then_imported_once(client, greece):
    course, staff = make_course(greece)
    log_in(client, staff)
    response = _preview(client, course, "qformat_bank.gift")
    page = response.content.decode()
    assert response.status_code == 200 and Question.objects.count() == 0 and QuestionCategory.objects.count() == 0
    assert "Import 12 questions" in page and "Ενότητα 1: Ασφάλεια στο διαδίκτυο" in page
    assert "Multiple answers" in page and "Matching" in page
    assert "59" in page and "essay" in page  # the rows not imported, with their lines

    done = _apply(client, course, response)
    assert "Imported 12 questions. Already there: 0. Not imported: 2." in done.content.decode()
    assert Question.objects.filter(course=course).count() == 12
    top = QuestionCategory.objects.get(course=course, parent=None)
    assert top.name == "top"
    assert sorted(top.children.values_list("name", flat=True)) == [
        "Ενότητα 1: Ασφάλεια στο διαδίκτυο", "Ενότητα 2: Εργαλεία"
    ]  # fmt: skip
    multianswer = Question.objects.get(course=course, kind="multianswer")
    assert [a["fraction"] for a in multianswer.data["answers"]] == ["0.5", "0.5", "-1"]
    event = AuditEvent.objects.get(action="learning.questions_imported")
    assert event.target_id == str(course.pk) and event.country_code == "GR"
    assert event.data["created"] == 12 and event.data["not_imported"] == 2
    assert event.data["categories_created"] == 3 and event.data["format"] == "gift"

    # The same file again: everything is already there, nothing is added.
    again = _preview(client, course, "qformat_bank.gift")
    assert "All the questions of this file are already in the bank" in again.content.decode()
    assert "digest" not in again.context
    counts = qformat_services.import_apply(
        actor=staff, course=course, content=(SAMPLES / "qformat_bank.gift").read_bytes(), filename="b.gift"
    )
    assert counts["created"] == 0 and counts["already_there"] == 12
    assert Question.objects.filter(course=course).count() == 12 and QuestionCategory.objects.count() == 3


def test_a_moodle_xml_file_keeps_marks_credits_and_warns_about_pictures(client, greece):
    course, staff = make_course(greece)
    log_in(client, staff)
    response = _preview(client, course, "qformat_bank.xml")
    page = response.content.decode()
    assert "Import 6 questions" in page and "Moodle XML" in page
    assert "shows pictures or files embedded in Moodle" in page and "drag-and-drop into text question" in page
    _apply(client, course, response)
    password = Question.objects.get(course=course, name="Strong password")
    assert password.default_points == Decimal("2.00") and password.kind == "multichoice"
    parent = password.category.parent
    assert password.category.name == "Unit 1: Safety" and parent is not None and parent.name == "Default for ICT course"
    assert Question.objects.get(course=course, name="Workspace").data["case_sensitive"] is True


def test_questions_without_a_category_go_to_the_chosen_one_or_a_new_one(client, greece):
    course, staff = make_course(greece)
    chosen = QuestionCategory.objects.create(course=course, name="Week 1")
    content = b"::Q1::Is Crete an island?{T}\n\n::Q2::Pick{=a ~b}"
    qformat_services.import_apply(actor=staff, course=course, content=content, default_category=chosen)
    assert set(Question.objects.values_list("category__name", flat=True)) == {"Week 1"}
    qformat_services.import_apply(actor=staff, course=course, content=content)
    assert Question.objects.filter(category__name=qformat_services.DEFAULT_CATEGORY).count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.gift", b"::Good::Fine?{T}\n\n::Bad::Pick all{~%50%a ~%20%b ~c}\n\n::Open::x{=a ~b",
         "line 3: the answers&#x27; credits of a multiple-answer question must add up to 100%"),
        ("broken.gift", None, "line 5: the answers opened with"),
        ("types.xml", b'<?xml version="1.0"?>\n<quiz>\n<question type="cloud"><name><text>x</text></name>'
                      b"</question>\n</quiz>", "line 3: unknown question type «cloud»"),
        ("broken.xml", b'<?xml version="1.0"?>\n<quiz>\n<question type="truefalse">\n</quiz>',
         "line 4: the file is not well-formed XML"),
        ("attack.xml", b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n<!ENTITY lol2 "&lol;&lol;">\n]>'
                       b"\n<quiz>&lol2;</quiz>", "line 2: the file declares a DOCTYPE"),
    ],
)  # fmt: skip
def test_a_file_with_errors_imports_nothing(client, greece, name, content, message):
    if content is None:
        content = b"::Good::Fine?{T}\n\n::Good 2::Fine too?{F}\n\n::Open::x{=a ~b"
    course, staff = make_course(greece)
    log_in(client, staff)
    response = _preview(client, course, name, content)
    page = response.content.decode()
    assert response.status_code == 200 and message in page, page
    assert "nothing will be imported" in page and "digest" not in response.context
    with pytest.raises(DomainError):
        qformat_services.import_apply(actor=staff, course=course, content=content, filename=name)
    assert Question.objects.count() == 0 and QuestionCategory.objects.count() == 0
    assert not AuditEvent.objects.filter(action="learning.questions_imported").exists()


def test_bad_encoding_and_too_large_files_get_a_clear_message(client, greece):
    course, staff = make_course(greece)
    log_in(client, staff)
    greek_windows = "::Ερώτηση::Η Κρήτη είναι νησί;{T}".encode("cp1253")
    page = _preview(client, course, "bank.gift", greek_windows).content.decode()
    assert "The file is not UTF-8 text (line 1)" in page
    page = _preview(client, course, "bank.gift", b"a" * (5 * 1024 * 1024 + 1)).content.decode()
    assert "larger than 5 MB" in page
    assert Question.objects.count() == 0


def test_an_import_applies_only_the_file_previewed_in_this_session(client, greece):
    course, staff = make_course(greece)
    log_in(client, staff)
    _preview(client, course, "qformat_bank.gift")
    url = reverse("learning:question_import", args=[course.pk])
    response = client.post(url, {"step": "apply", "digest": "0" * 64}, follow=True)
    assert "no longer waiting" in response.content.decode() and Question.objects.count() == 0
    other, _staff = make_course(greece, staff=staff, title="Another course")
    preview = _preview(client, course, "qformat_bank.gift")
    response = client.post(
        reverse("learning:question_import", args=[other.pk]), {"step": "apply", "digest": preview.context["digest"]}
    )
    assert response.status_code == 302 and Question.objects.count() == 0


def test_only_the_staff_who_author_the_course_reach_the_pages(client, greece, italy):
    course, _staff = make_course(greece)
    import_url = reverse("learning:question_import", args=[course.pk])
    export_url = reverse("learning:question_export", args=[course.pk])
    assert client.get(import_url).status_code == 302  # to the login page
    for person in (nso_staff(italy), teacher(country=greece)):
        log_in(client, person)
        assert client.get(import_url).status_code == 404
        assert client.get(export_url, {"format": "gift"}).status_code == 404
        response = client.post(import_url, {"step": "preview", "file": _upload("qformat_bank.gift")})
        assert response.status_code == 404
    assert Question.objects.count() == 0
    log_in(client, css_staff())
    assert client.get(import_url).status_code == 200


def test_the_export_downloads_the_bank_or_a_category(client, greece):
    course, staff = make_course(greece)
    qformat_services.import_apply(actor=staff, course=course, content=(SAMPLES / "qformat_bank.gift").read_bytes())
    log_in(client, staff)
    url = reverse("learning:question_export", args=[course.pk])
    assert "Download the file" in client.get(url).content.decode()
    response = client.get(url, {"format": "gift"})
    assert response.status_code == 200 and response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="digital-tools-in-class-questions.gift"'
    text = response.content.decode()
    assert text.count("$CATEGORY:") == 2 and "::Πρωτεύουσες::" in text
    unit2 = QuestionCategory.objects.get(course=course, name="Ενότητα 2: Εργαλεία")
    response = client.get(url, {"format": "xml", "category": unit2.pk})
    xml = response.content.decode()
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert "Πρωτεύουσες" in xml and "Ισχυρός κωδικός" not in xml
    other, _staff = make_course(greece, staff=staff, title="Other")
    stranger = QuestionCategory.objects.create(course=other, name="Elsewhere")
    assert client.get(url, {"format": "xml", "category": stranger.pk}).status_code == 404


@pytest.mark.parametrize("fmt", ["xml", "gift"])
def test_a_round_trip_to_another_course_gives_equal_questions(client, greece, fmt):
    first, staff = make_course(greece)
    qformat_services.import_apply(actor=staff, course=first, content=(SAMPLES / "qformat_bank.xml").read_bytes(),
                                  filename="bank.xml")  # fmt: skip
    qformat_services.import_apply(actor=staff, course=first, content=(SAMPLES / "qformat_bank.gift").read_bytes())
    log_in(client, staff)
    exported = client.get(reverse("learning:question_export", args=[first.pk]), {"format": fmt})
    second, _staff = make_course(greece, staff=staff, title="Second course")
    response = _preview(client, second, f"exported.{fmt}", exported.content)
    assert response.context["preview"].ok
    _apply(client, second, response)
    original, copy = _bank(first), _bank(second)
    key = lambda q: (q["category"], q["name"])  # noqa: E731
    original.sort(key=key)
    copy.sort(key=key)
    if fmt == "gift":  # GIFT has no default mark, no case-sensitivity and no shuffle flag
        for question in original:
            question["default_points"] = Decimal("1.00")
            question["data"] = {**question["data"], **({"shuffle": True} if "shuffle" in question["data"] else {})}
            if question["kind"] == "shortanswer":
                question["data"]["case_sensitive"] = False
    assert len(copy) == 18 and copy == original


def test_the_export_makes_a_fixed_number_of_queries(client, greece):
    course, staff = make_course(greece)
    log_in(client, staff)
    url = reverse("learning:question_export", args=[course.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"format": "xml"}).status_code == 200
        return len(queries)

    qformat_services.import_apply(actor=staff, course=course, content=(SAMPLES / "qformat_windows.gift").read_bytes())
    count()  # the first request of a session does its own bookkeeping
    small = count()
    qformat_services.import_apply(actor=staff, course=course, content=(SAMPLES / "qformat_bank.gift").read_bytes())
    assert Question.objects.count() == 14 and count() == small
