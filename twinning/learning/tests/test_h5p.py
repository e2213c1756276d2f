"""H5P interactive content: the package's checks (each refusal says why and writes nothing), unpacking and
replacing (audited), the files served only with a valid token (bound to the activity, the person and the
package; short-lived) to people with a seat, the sandboxed frame's headers, and the xAPI statements: only
the learner's own, about this activity, moving their progress (the best score kept)."""

from __future__ import annotations

import io
import json
import re
import stat
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from twinning.accounts.tests.factories import log_in, nso_staff
from twinning.core.models import AuditEvent
from twinning.learning import h5p, services
from twinning.learning.content import author_url, show_url
from twinning.learning.models import ActivityKind, ActivityProgress, H5PPackage, ProgressState

from .factories import enrolled, etwinner, make_activity, make_course, make_cycle, make_module

pytestmark = pytest.mark.django_db

VERB = "http://adlnet.gov/expapi/verbs/"


def _activity(country, *, max_points=10, pass_percent=None, title="Digital tools in class"):
    course, staff = make_course(country, title=title)
    cycle = make_cycle(course, staff)
    module = make_module(cycle)
    activity = make_activity(module, ActivityKind.H5P, max_points=max_points, pass_percent=pass_percent)
    return activity, staff


def _file(data: bytes, name: str = "card.h5p") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/zip")


def _demo() -> bytes:
    return h5p.build_demo_package("Η Γη είναι στρογγυλή.", "The Earth is round.")


def _entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _zip(entries: dict[str, bytes | str], *, symlinks: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in symlinks:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, content)
    return buffer.getvalue()


def _private_files(settings) -> list:
    root = settings.PRIVATE_MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _upload(activity, staff, data=None):
    return h5p.package_upload(actor=staff, activity=activity, upload=_file(data or _demo()))


# --- the package's checks ---------------------------------------------------------------------------------


def test_the_demo_package_is_uploaded_unpacked_and_audited(client, greece, settings):
    activity, staff = _activity(greece)
    log_in(client, staff)
    url = reverse("learning:h5p_author", args=[activity.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"package": _file(_demo())})
    assert response.status_code == 302
    package = H5PPackage.objects.get(activity=activity)
    assert package.main_library == "Twinning.TrueFalseCard-1.0" and package.title == "The Earth is round."
    assert package.uploaded_by == staff and package.size > 0
    folder = settings.PRIVATE_MEDIA_ROOT / package.folder
    assert (folder / "h5p.json").is_file() and (folder / "content" / "content.json").is_file()
    assert (folder / "Twinning.TrueFalseCard-1.0" / "true-false-card.js").is_file()
    event = AuditEvent.objects.get(action="learning.h5p_uploaded")
    assert event.target_id == str(activity.pk) and event.data["library"] == "Twinning.TrueFalseCard-1.0"
    page = client.get(url).content.decode()
    assert "Twinning.TrueFalseCard-1.0" in page and "Replace the package" in page
    # The kind is registered: the outline links to the learner's page and to this one.
    assert show_url(activity) == reverse("learning:h5p", args=[activity.pk]) and author_url(activity) == url


def test_a_new_package_replaces_the_old_one_whose_files_go(greece, settings, django_capture_on_commit_callbacks):
    activity, staff = _activity(greece)
    first = _upload(activity, staff)
    old = settings.PRIVATE_MEDIA_ROOT / first.folder
    with django_capture_on_commit_callbacks(execute=True):
        second = _upload(activity, staff, h5p.build_demo_package("Ερώτηση", "Question", correct=False))
    assert H5PPackage.objects.count() == 1 and second.folder != first.folder
    assert not old.exists() and (settings.PRIVATE_MEDIA_ROOT / second.folder / "h5p.json").is_file()
    assert AuditEvent.objects.filter(action="learning.h5p_uploaded").count() == 2
    # A copied cycle plays the same folder: replacing one copy's package keeps the files the other plays.
    other, other_staff = _activity(greece, title="Copied cycle")
    H5PPackage.objects.create(activity=other, folder=second.folder, main_library=second.main_library)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(activity, staff)
    assert (settings.PRIVATE_MEDIA_ROOT / second.folder / "h5p.json").is_file()


def _bad_packages():
    good = _entries(_demo())
    lib = "Twinning.TrueFalseCard-1.0"
    manifest = json.loads(good["h5p.json"])
    no_main = dict(manifest, mainLibrary="H5P.Other")
    return [
        ("traversal", _zip({**good, "../evil.json": "{}"}), "unsafe path"),
        ("traversal inside", _zip({**good, "content/../../evil.json": "{}"}), "unsafe path"),
        ("absolute", _zip({**good, "/etc/evil.json": "{}"}), "unsafe path"),
        ("backslash", _zip({**good, "content\\..\\evil.json": "{}"}), "unsafe path"),
        ("symlink", _zip({**good, "content/link.png": "/etc/passwd"}, symlinks=("content/link.png",)), "symbolic link"),
        ("html", _zip({**good, "content/page.html": "<script>alert(1)</script>"}), "does not allow"),
        ("script in content", _zip({**good, "content/run.js": "alert(1)"}), "does not allow"),
        ("no extension", _zip({**good, f"{lib}/LICENSE": "MIT"}), "does not allow"),
        ("no h5p.json", _zip({k: v for k, v in good.items() if k != "h5p.json"}), "no h5p.json"),
        ("bad json", _zip({**good, "h5p.json": "{not json"}), "not valid JSON"),
        ("not an object", _zip({**good, "h5p.json": "[1, 2]"}), "not valid JSON"),
        ("no main library", _zip({**good, "h5p.json": json.dumps(dict(manifest, mainLibrary=None))}), "main library"),
        ("main not listed", _zip({**good, "h5p.json": json.dumps(no_main)}), "main library"),
        (
            "bad dependencies",
            _zip({**good, "h5p.json": json.dumps(dict(manifest, preloadedDependencies=[{"machineName": "X"}]))}),
            "lists its libraries wrongly",
        ),
        (
            "no content.json",
            _zip({k: v for k, v in good.items() if k != "content/content.json"}),
            "content/content.json",
        ),
        ("bad content.json", _zip({**good, "content/content.json": "{"}), "not valid JSON"),
        ("library missing", _zip({k: v for k, v in good.items() if not k.startswith(lib)}), "lacks the library"),
        ("not a zip", b"PK\x03\x04 but not really a zip file at all", "cannot be opened"),
    ]


@pytest.mark.parametrize(("case", "data", "message"), _bad_packages(), ids=[c[0] for c in _bad_packages()])
def test_a_bad_package_is_refused_with_a_reason_and_nothing_written(greece, settings, case, data, message):
    activity, staff = _activity(greece)
    with pytest.raises(h5p.PackageRefused, match=message):
        _upload(activity, staff, data)
    assert not H5PPackage.objects.exists() and _private_files(settings) == []
    assert not AuditEvent.objects.filter(action="learning.h5p_uploaded").exists()


def test_zip_bombs_and_too_many_files_are_refused(greece, settings, monkeypatch):
    activity, staff = _activity(greece)
    good = _entries(_demo())
    monkeypatch.setattr(h5p, "MAX_UNPACKED_BYTES", 1024 * 1024)
    bomb = _zip({**good, "content/zeros.txt": b"\0" * (2 * 1024 * 1024)})
    assert len(bomb) < 50_000  # small on the wire, large unpacked
    with pytest.raises(h5p.PackageRefused, match="too large once unpacked"):
        _upload(activity, staff, bomb)
    monkeypatch.setattr(h5p, "MAX_FILES", 5)
    many = _zip({**good, **{f"content/{i}.txt": "x" for i in range(5)}})
    with pytest.raises(h5p.PackageRefused, match="too many files"):
        _upload(activity, staff, many)
    monkeypatch.setattr(h5p, "MAX_PACKAGE_BYTES", 100)
    with pytest.raises(h5p.PackageRefused, match="too large: at most"):
        _upload(activity, staff)
    assert not H5PPackage.objects.exists() and _private_files(settings) == []


def test_a_package_lying_about_its_size_is_stopped_while_unpacking(greece, settings, monkeypatch):
    """A zip's declared sizes are not trusted: the bytes actually read count."""
    activity, staff = _activity(greece)
    monkeypatch.setattr(h5p, "MAX_UNPACKED_BYTES", 1024 * 1024)
    data = bytearray(_zip({**_entries(_demo()), "content/zeros.txt": b"\0" * (2 * 1024 * 1024)}))
    # Declare 10 bytes for the big file in the central directory (the checks read it from there).
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("content/zeros.txt")
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"content/zeros.txt"))
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    assert info.file_size == 2 * 1024 * 1024
    with pytest.raises(h5p.PackageRefused, match="damaged"):
        _upload(activity, staff, bytes(data))
    assert not H5PPackage.objects.exists() and _private_files(settings) == []


def test_the_upload_page_shows_the_reason_and_is_for_the_courses_staff_only(client, greece, italy):
    activity, staff = _activity(greece)
    url = reverse("learning:h5p_author", args=[activity.pk])
    log_in(client, staff)
    response = client.post(url, {"package": _file(b"not a zip")})
    assert response.status_code == 200 and "cannot be opened as a zip archive" in response.content.decode()
    response = client.post(url, {"package": _file(_demo(), name="card.zip")})
    assert "Choose a file ending in .h5p" in response.content.decode()
    assert client.post(url, {}).status_code == 200 and not H5PPackage.objects.exists()
    for person in (nso_staff(italy), enrolled(activity.cycle, greece).user):
        log_in(client, person)
        assert client.get(url).status_code == 404
        assert client.post(url, {"package": _file(_demo())}).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]  # anonymous: sign in first
    assert not H5PPackage.objects.exists()


def test_greek_messages(greece):
    from django.utils import translation

    activity, staff = _activity(greece)
    with translation.override("el"), pytest.raises(h5p.PackageRefused) as caught:
        _upload(activity, staff, _zip({"content/content.json": "{}"}))
    assert "h5p.json" in str(caught.value)


# --- the learner's page, the frame and the files ----------------------------------------------------------


def _frame_files(client, activity) -> str:
    response = client.get(reverse("learning:h5p_frame", args=[activity.pk]))
    assert response.status_code == 200
    return re.search(r'data-files="([^"]+)"', response.content.decode()).group(1)


def test_the_learners_page_frames_the_player_in_a_sandbox(client, greece):
    activity, staff = _activity(greece)
    _upload(activity, staff)
    learner = enrolled(activity.cycle, greece).user
    log_in(client, learner)
    response = client.get(reverse("learning:h5p", args=[activity.pk]))
    page = response.content.decode()
    assert response.status_code == 200 and 'sandbox="allow-scripts"' in page and "allow-same-origin" not in page
    assert "frame-src 'self'" in response["Content-Security-Policy"]
    assert "Not started yet" in page and reverse("learning:h5p_xapi", args=[activity.pk]) in page
    frame = client.get(reverse("learning:h5p_frame", args=[activity.pk]))
    policy = frame["Content-Security-Policy"]
    assert "sandbox allow-scripts" in policy and "allow-same-origin" not in policy and "unsafe-eval" not in policy
    assert "script-src 'self'" in policy and "frame-ancestors 'self'" in policy
    assert frame["X-Frame-Options"] == "SAMEORIGIN"
    assert "h5p-standalone/main.bundle.js" in frame.content.decode()
    # Without a package the page says so.
    other, _staff = _activity(greece, title="Empty")
    log_in(client, _staff)
    assert "has not been uploaded yet" in client.get(reverse("learning:h5p", args=[other.pk])).content.decode()


def test_the_files_are_served_by_token_without_cookies(client, greece):
    activity, staff = _activity(greece)
    _upload(activity, staff)
    log_in(client, enrolled(activity.cycle, greece).user)
    base = _frame_files(client, activity)
    anonymous = Client()  # the sandboxed frame sends no cookies
    response = anonymous.get(base + "/h5p.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert json.loads(b"".join(response.streaming_content))["mainLibrary"] == "Twinning.TrueFalseCard"
    assert response["X-Content-Type-Options"] == "nosniff" and response["Access-Control-Allow-Origin"] == "*"
    assert "sandbox" in response["Content-Security-Policy"]
    script = anonymous.get(base + "/Twinning.TrueFalseCard-1.0/true-false-card.js")
    assert script.status_code == 200 and script["Content-Type"].startswith("text/javascript")
    assert anonymous.get(base + "/Twinning.TrueFalseCard-1.0/true-false-card.css")["Content-Type"].startswith(
        "text/css"
    )
    assert anonymous.get(base + "/content/content.json").status_code == 200
    for path in (
        "/missing.json",
        "/../h5p.json",
        "/content/../h5p.json",
        "/%2e%2e/h5p.json",
        "/.hidden.json",
        "/x.html",
    ):
        assert anonymous.get(base + path).status_code == 404, path


def test_a_token_is_refused_for_another_activity_person_package_or_when_old(client, greece, italy):
    activity, staff = _activity(greece)
    _upload(activity, staff)
    other, other_staff = _activity(greece, title="Other course")
    _upload(other, other_staff)
    enrolment = enrolled(activity.cycle, greece)
    log_in(client, enrolment.user)
    base = _frame_files(client, activity)
    token = base.rstrip("/").split("/")[-1]
    anonymous = Client()
    assert anonymous.get(base + "/h5p.json").status_code == 200
    # Another activity's address with this token.
    assert anonymous.get(reverse("learning:h5p_file", args=[other.pk, token, "h5p.json"])).status_code == 404
    # A forged or tampered token.
    assert anonymous.get(reverse("learning:h5p_file", args=[activity.pk, token + "x", "h5p.json"])).status_code == 404
    package = H5PPackage.objects.get(activity=activity)
    from django.core import signing

    forged = signing.dumps({"a": activity.pk, "u": enrolment.user_id, "f": package.folder}, salt="another.salt")
    assert anonymous.get(reverse("learning:h5p_file", args=[activity.pk, forged, "h5p.json"])).status_code == 404
    # A token for a person without a seat (another cycle's learner) reads nothing.
    stranger = enrolled(other.cycle, greece).user
    theirs = h5p.files_token(activity=activity, user=stranger, package=package)
    assert anonymous.get(reverse("learning:h5p_file", args=[activity.pk, theirs, "h5p.json"])).status_code == 404
    # An old token.
    with freeze_time(timezone.now() - timedelta(seconds=h5p.TOKEN_SECONDS + 60)):
        old = h5p.files_token(activity=activity, user=enrolment.user, package=package)
    assert anonymous.get(reverse("learning:h5p_file", args=[activity.pk, old, "h5p.json"])).status_code == 404
    # The package is replaced: tokens for the old one stop working.
    _upload(activity, staff)
    assert anonymous.get(base + "/h5p.json").status_code == 404
    base = _frame_files(client, activity)
    assert anonymous.get(base + "/h5p.json").status_code == 200
    # The learner withdraws: the token they had stops working.
    services.withdraw(actor=enrolment.user, enrolment=enrolment)
    assert anonymous.get(base + "/h5p.json").status_code == 404


def test_another_cycles_learner_and_outsiders_see_nothing(client, greece, italy):
    activity, staff = _activity(greece)
    _upload(activity, staff)
    other, _other_staff = _activity(greece, title="Other course")
    outsiders = [enrolled(other.cycle, greece).user, etwinner(greece), nso_staff(italy)]
    urls = [reverse(name, args=[activity.pk]) for name in ("learning:h5p", "learning:h5p_frame")]
    for person in outsiders:
        log_in(client, person)
        for url in urls:
            assert client.get(url).status_code == 404, url
        assert (
            client.post(reverse("learning:h5p_xapi", args=[activity.pk]), b"{}", "application/json").status_code == 404
        )
    client.logout()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- xAPI statements --------------------------------------------------------------------------------------


def _statement(activity, client_url, verb="answered", *, scaled=None, raw=None, top=None, actor=None, object_id=None):
    statement = {
        "verb": {"id": VERB + verb, "display": {"en-US": verb}},
        "object": {"id": object_id or client_url, "objectType": "Activity"},
    }
    if actor is not None:
        statement["actor"] = actor
    if scaled is not None or raw is not None:
        score = {}
        if scaled is not None:
            score["scaled"] = scaled
        if raw is not None:
            score.update(raw=raw, max=top, min=0)
        statement["result"] = {"score": score, "completion": True}
    return statement


def _iri(activity) -> str:
    return "http://testserver" + reverse("learning:h5p", args=[activity.pk]).replace("/en/", "/el/", 1)


def _post(client, activity, statement):
    body = statement if isinstance(statement, bytes | str) else json.dumps(statement)
    return client.post(reverse("learning:h5p_xapi", args=[activity.pk]), body, content_type="application/json")


def _progress(enrolment, activity):
    return ActivityProgress.objects.filter(enrolment=enrolment, activity=activity).first()


def test_a_score_moves_progress_and_the_best_is_kept(client, greece):
    activity, staff = _activity(greece, max_points=10)
    _upload(activity, staff)
    enrolment = enrolled(activity.cycle, greece)
    log_in(client, enrolment.user)
    actor = {"mbox": "mailto:" + h5p.actor_mail(enrolment.user), "name": "learner", "objectType": "Agent"}
    assert _post(client, activity, _statement(activity, _iri(activity), "attempted", actor=actor)).status_code == 200
    assert _progress(enrolment, activity).state == ProgressState.STARTED
    response = _post(client, activity, _statement(activity, _iri(activity), scaled=0.5, actor=actor))
    assert response.status_code == 200 and response.json()["points"] == "5.00"
    row = _progress(enrolment, activity)
    assert row.state == ProgressState.COMPLETED and row.points == Decimal("5.00")
    _post(client, activity, _statement(activity, _iri(activity), "completed", scaled=0.3))
    assert _progress(enrolment, activity).points == Decimal("5.00")  # a lower score keeps the best
    _post(client, activity, _statement(activity, _iri(activity), "completed", raw=9, top=10))
    assert _progress(enrolment, activity).points == Decimal("9.00")
    _post(client, activity, _statement(activity, _iri(activity), "attempted"))
    assert _progress(enrolment, activity).state == ProgressState.COMPLETED  # opening it again undoes nothing
    enrolment.refresh_from_db()
    assert enrolment.required_done == 1
    page = client.get(reverse("learning:h5p", args=[activity.pk])).content.decode()
    assert "Your best result: 9.00 of 10.00 points." in page


def test_a_pass_mark_and_an_ungraded_activity(client, greece):
    activity, staff = _activity(greece, max_points=10, pass_percent=60)
    enrolment = enrolled(activity.cycle, greece)
    log_in(client, enrolment.user)
    _post(client, activity, _statement(activity, _iri(activity), scaled=0.5))
    assert _progress(enrolment, activity).state == ProgressState.FAILED
    _post(client, activity, _statement(activity, _iri(activity), "passed", scaled=0.8))
    assert _progress(enrolment, activity).state == ProgressState.COMPLETED
    ungraded, other_staff = _activity(greece, max_points=0, title="Ungraded")
    learner = enrolled(ungraded.cycle, greece)
    log_in(client, learner.user)
    _post(client, ungraded, _statement(ungraded, _iri(ungraded), "answered"))
    assert _progress(learner, ungraded).state == ProgressState.STARTED  # answered, not finished
    assert _post(client, ungraded, _statement(ungraded, _iri(ungraded), scaled=0.2)).status_code == 200
    row = _progress(learner, ungraded)
    assert row.state == ProgressState.COMPLETED and row.points is None
    _post(client, ungraded, _statement(ungraded, _iri(ungraded), "failed"))
    assert _progress(learner, ungraded).state == ProgressState.COMPLETED  # a failure without score undoes nothing


def test_a_graded_activity_waits_for_a_score(client, greece):
    activity, staff = _activity(greece, max_points=10)
    enrolment = enrolled(activity.cycle, greece)
    log_in(client, enrolment.user)
    _post(client, activity, _statement(activity, _iri(activity), "completed"))
    row = _progress(enrolment, activity)
    assert row.state == ProgressState.STARTED and row.points is None
    fake_verb = _statement(activity, _iri(activity), scaled=1)
    fake_verb["verb"]["id"] = "http://example.org/verbs/completed"
    assert _post(client, activity, fake_verb).status_code == 204
    assert _progress(enrolment, activity).state == ProgressState.STARTED


def test_statements_about_others_or_malformed_are_refused(client, greece):
    activity, staff = _activity(greece)
    other, _other_staff = _activity(greece, title="Other course")
    enrolment = enrolled(activity.cycle, greece)
    log_in(client, enrolment.user)
    iri = _iri(activity)
    someone = {"mbox": "mailto:someone@example.org", "objectType": "Agent"}
    cases = [
        (_statement(activity, iri, scaled=1, object_id=_iri(other)), 403, "another activity"),
        (_statement(activity, iri, scaled=1, object_id="http://evil.example/activity"), 403, "another activity"),
        (_statement(activity, iri, scaled=1, actor=someone), 403, "another person"),
        (_statement(activity, iri, scaled=1, actor={"account": {"name": "x", "homePage": "h"}}), 403, "another person"),
        (_statement(activity, iri, scaled=1, actor="me"), 403, "another person"),
        ("{not json", 400, "not valid JSON"),
        ("[1, 2]", 400, "not an xAPI statement"),
        ({"object": {"id": iri}}, 400, "no verb"),
        ({"verb": {"id": VERB + "answered"}}, 400, "no object"),
        (_statement(activity, iri, scaled=1.5), 400, "between 0 and 1"),
        (_statement(activity, iri, scaled="lots"), 400, "not valid"),
        (dict(_statement(activity, iri), result={"score": "high"}), 400, "not valid"),
        ("x" * (h5p.MAX_STATEMENT_BYTES + 1), 400, "too large"),
    ]
    for body, status, message in cases:
        response = _post(client, activity, body)
        assert response.status_code == status, message
        assert message in response.json()["error"]
    assert not ActivityProgress.objects.exists()
    # A part of the content (a question of a set) is accepted and not counted; an unknown verb neither.
    assert (
        _post(client, activity, _statement(activity, iri, scaled=1, object_id=iri + "?subContentId=abc")).status_code
        == 204
    )
    assert _post(client, activity, _statement(activity, iri, "experienced")).status_code == 204
    assert client.get(reverse("learning:h5p_xapi", args=[activity.pk])).status_code == 405
    assert not ActivityProgress.objects.exists()


def test_only_learners_statements_count_and_not_after_closing(client, greece):
    activity, staff = _activity(greece)
    _upload(activity, staff)
    enrolment = enrolled(activity.cycle, greece)
    log_in(client, staff)  # the staff's preview
    assert _post(client, activity, _statement(activity, _iri(activity), scaled=1)).status_code == 204
    assert not ActivityProgress.objects.exists()
    log_in(client, enrolment.user)
    activity.opens_at = timezone.now() + timedelta(days=1)
    activity.save()
    response = _post(client, activity, _statement(activity, _iri(activity), scaled=1))
    assert response.status_code == 403 and "not open yet" in response.json()["error"]
    assert "This activity opens on" in client.get(reverse("learning:h5p", args=[activity.pk])).content.decode()
    activity.opens_at, activity.closes_at = None, timezone.now() - timedelta(days=1)
    activity.save()
    response = _post(client, activity, _statement(activity, _iri(activity), scaled=1))
    assert response.status_code == 403 and "closed" in response.json()["error"]
    assert not ActivityProgress.objects.exists()
    assert "results are no longer recorded" in client.get(reverse("learning:h5p", args=[activity.pk])).content.decode()


def test_a_trainers_preview_records_nothing(client, greece):
    from .test_trainers import _trainer

    activity, staff = _activity(greece)
    trainer = _trainer(greece, staff)
    services.cycle_trainer_assign(actor=staff, cycle=activity.cycle, trainer=trainer)
    log_in(client, trainer.user)
    page = client.get(reverse("learning:h5p", args=[activity.pk])).content.decode()
    assert "Preview" in page
    assert _post(client, activity, _statement(activity, _iri(activity), scaled=1)).status_code == 204
    assert not ActivityProgress.objects.exists()
