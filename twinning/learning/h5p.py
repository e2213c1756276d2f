"""H5P interactive content: an activity whose content is an uploaded ``.h5p`` package, played by the H5P
player (the npm package ``h5p-standalone``, served from static files, never copied into the repository).

- ``check_package(upload)`` opens the package (a zip) and refuses it, with a message in the person's
  language, when it is too large, not a zip, unsafe (absolute paths, ``..``, symbolic links, encrypted
  entries, too many files or too many bytes once unpacked: zip bombs), holds a file of a kind H5P itself
  does not allow, or is not a playable H5P package (``h5p.json`` with its main library and preloaded
  dependencies, ``content/content.json``, every library needed with its ``library.json``).
- ``package_upload`` unpacks a checked package to private storage under a new random folder and then
  points the activity at it in one transaction; the previous folder is deleted only once that commits
  (nothing is written when the package is refused; a failure removes the half-written folder).
- ``files_token`` / ``files_grant``: the player runs in a sandboxed frame (an opaque origin, without the
  platform's cookies), so the package's files are fetched with a signed, short-lived token in the URL,
  bound to the activity, the person and the package's folder.
- ``record_statement`` takes an xAPI statement the learner's player sent and moves their progress: the
  learner is always the session's user (a statement naming someone else is refused), the statement must be
  about this activity, ``completed``/``answered``/``passed``/``failed`` with a score give points (the best
  kept), ``attempted``/``interacted`` mark the activity started.
- ``build_demo_package`` makes a small package of the platform's own content type
  (``Twinning.TrueFalseCard``, sources in ``h5p_library/``) for the demo and the tests.
"""

from __future__ import annotations

import io
import json
import posixpath
import re
import shutil
import stat
import uuid
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.core.errors import DomainError, NotAllowed
from twinning.core.registries import register_audit_actions
from twinning.core.services import audit_record
from twinning.core.uploads import private_storage

from . import progress
from .content import register_kind
from .models import Activity, ActivityKind, ActivityProgress, H5PPackage, ProgressState

register_kind(ActivityKind.H5P, show="learning:h5p", author="learning:h5p_author")
register_audit_actions({"learning.h5p_uploaded": gettext_lazy("interactive content (H5P) uploaded")})

MAX_PACKAGE_BYTES = getattr(settings, "H5P_MAX_PACKAGE_BYTES", 50 * 1024 * 1024)
MAX_UNPACKED_BYTES = getattr(settings, "H5P_MAX_UNPACKED_BYTES", 200 * 1024 * 1024)
MAX_FILES = getattr(settings, "H5P_MAX_FILES", 3000)
MAX_JSON_BYTES = 2 * 1024 * 1024  # h5p.json, content.json, library.json are read into memory
TOKEN_SECONDS = 6 * 3600  # a learner's page gives a new token each time it is opened
FOLDER_PREFIX = "h5p"

# The file kinds H5P core accepts (its default whitelists), less the ones a browser could run as a page or a
# plug-in (html, xml, swf) and office documents, which content never needs to play. Libraries may hold
# JavaScript and CSS; content may not.
CONTENT_EXTENSIONS = frozenset(
    {"json", "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "svg", "webp", "eot", "ttf", "woff", "woff2", "otf"}
    | {"webm", "mp4", "ogg", "mp3", "m4a", "wav", "txt", "pdf", "vtt", "webvtt", "csv", "md", "gltf", "glb"}
)
LIBRARY_EXTENSIONS = CONTENT_EXTENSIONS | {"js", "css"}
CONTENT_TYPES = {
    "json": "application/json",
    "js": "text/javascript; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "svg": "image/svg+xml",
    "webp": "image/webp",
    "eot": "application/vnd.ms-fontobject",
    "ttf": "font/ttf",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "otf": "font/otf",
    "webm": "video/webm",
    "mp4": "video/mp4",
    "ogg": "audio/ogg",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "wav": "audio/wav",
    "txt": "text/plain; charset=utf-8",
    "pdf": "application/pdf",
    "vtt": "text/vtt; charset=utf-8",
    "webvtt": "text/vtt; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "md": "text/plain; charset=utf-8",
    "gltf": "model/gltf+json",
    "glb": "model/gltf-binary",
}
MACHINE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,120}$")
FOLDER_NAME = re.compile(r"^[0-9a-f]{32}$")

VERBS = "http://adlnet.gov/expapi/verbs/"
SCORED_VERBS = frozenset({"completed", "answered", "passed", "failed"})
STARTED_VERBS = frozenset({"attempted", "interacted"})
MAX_STATEMENT_BYTES = 64 * 1024


class PackageRefused(DomainError):
    """The uploaded file is not a package the platform plays (the message says why)."""


class StatementRefused(DomainError):
    """An xAPI statement that is malformed (``status`` 400) or about another person or activity (403)."""

    def __init__(self, message, status: int = 400):
        super().__init__(message)
        self.status = status


# --- checking a package ------------------------------------------------------------------------------------


@dataclass
class CheckedPackage:
    title: str
    main_library: str
    unpacked_bytes: int
    entries: list[zipfile.ZipInfo] = field(default_factory=list)  # the files to unpack (checked names)


def extension_of(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _skipped(parts: list[str]) -> bool:
    """Files H5P itself ignores: hidden files and folders, macOS resource forks."""
    return any(part.startswith(".") or part == "__MACOSX" for part in parts)


def _unsafe_name(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return True
    parts = name.rstrip("/").split("/")
    return any(part in ("", ".", "..") for part in parts)


def _unsafe_path(name: str) -> str:
    return _("The package is refused: it holds a file with an unsafe path (%(name)s).") % {"name": name[:120]}


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _read_json(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> Any:
    if info.file_size > MAX_JSON_BYTES:
        raise PackageRefused(_("The file %(name)s in the package is too large.") % {"name": label})
    try:
        with archive.open(info) as handle:
            data = handle.read(MAX_JSON_BYTES + 1)
        if len(data) > MAX_JSON_BYTES:
            raise PackageRefused(_("The file %(name)s in the package is too large.") % {"name": label})
        return json.loads(data.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError, zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        if isinstance(exc, PackageRefused):
            raise
        raise PackageRefused(_("The file %(name)s in the package is not valid JSON.") % {"name": label}) from None


def _version(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _library_ref(item: Any) -> str | None:
    """``{"machineName": "H5P.Foo", "majorVersion": 1, "minorVersion": 2}`` as its folder name, H5P.Foo-1.2."""
    if not isinstance(item, dict):
        return None
    name, major, minor = item.get("machineName"), _version(item.get("majorVersion")), _version(item.get("minorVersion"))
    if not isinstance(name, str) or not MACHINE_NAME.match(name) or major is None or minor is None:
        return None
    return f"{name}-{major}.{minor}"


def _dependencies(data: dict, label: str) -> list[str]:
    items = data.get("preloadedDependencies", [])
    if not isinstance(items, list):
        raise PackageRefused(_("%(name)s lists its libraries wrongly.") % {"name": label})
    refs = [_library_ref(item) for item in items]
    if any(ref is None for ref in refs):
        raise PackageRefused(_("%(name)s lists its libraries wrongly.") % {"name": label})
    return [ref for ref in refs if ref]


def check_package(upload) -> CheckedPackage:
    """The package's checks (see the module's docstring); raises ``PackageRefused``. Nothing is written."""
    size = getattr(upload, "size", None) or 0
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".h5p"):
        raise PackageRefused(_("Choose a file ending in .h5p (an H5P package)."))
    if size == 0:
        raise PackageRefused(_("The file is empty."))
    if size > MAX_PACKAGE_BYTES:
        raise PackageRefused(
            _("The package is too large: at most %(max)s.") % {"max": filesizeformat(MAX_PACKAGE_BYTES)}
        )
    try:
        upload.seek(0)
        archive = zipfile.ZipFile(upload)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise PackageRefused(_("The file is not an H5P package (it cannot be opened as a zip archive).")) from None
    if len(infos) > MAX_FILES:
        raise PackageRefused(_("The package holds too many files: at most %(max)s.") % {"max": MAX_FILES})

    files: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        if _unsafe_name(info.filename):
            raise PackageRefused(_unsafe_path(info.filename))
        if _is_symlink(info):
            raise PackageRefused(
                _("The package is refused: it holds a symbolic link (%(name)s).") % {"name": info.filename[:120]}
            )
        if info.flag_bits & 0x1:
            raise PackageRefused(_("The package is refused: it holds encrypted files."))
        if info.is_dir():
            continue
        parts = info.filename.split("/")
        if _skipped(parts):
            continue
        allowed = CONTENT_EXTENSIONS if parts[0] == "content" or len(parts) == 1 else LIBRARY_EXTENSIONS
        if extension_of(info.filename) not in allowed:
            raise PackageRefused(
                _("The package holds a file of a kind H5P does not allow here: %(name)s.")
                % {"name": info.filename[:120]}
            )
        if info.filename in files:
            raise PackageRefused(_("The package holds the same file twice (%(name)s).") % {"name": info.filename[:120]})
        total += info.file_size
        if total > MAX_UNPACKED_BYTES:
            raise PackageRefused(
                _("The package is too large once unpacked: at most %(max)s.")
                % {"max": filesizeformat(MAX_UNPACKED_BYTES)}
            )
        files[info.filename] = info

    if "h5p.json" not in files:
        raise PackageRefused(_("The package has no h5p.json: it is not an H5P package."))
    manifest = _read_json(archive, files["h5p.json"], "h5p.json")
    if not isinstance(manifest, dict):
        raise PackageRefused(_("The file %(name)s in the package is not valid JSON.") % {"name": "h5p.json"})
    main = manifest.get("mainLibrary")
    if not isinstance(main, str) or not MACHINE_NAME.match(main):
        raise PackageRefused(_("h5p.json does not name the package's main library."))
    roots = _dependencies(manifest, "h5p.json")
    main_ref = next((ref for ref in roots if ref.rsplit("-", 1)[0] == main), None)
    if main_ref is None:
        raise PackageRefused(_("h5p.json does not list its main library among the libraries it needs."))
    if "content/content.json" not in files:
        raise PackageRefused(_("The package has no content/content.json."))
    _read_json(archive, files["content/content.json"], "content/content.json")

    # Every library needed to play, with what it needs in turn, must be in the package.
    seen: set[str] = set()
    wanted = list(roots)
    while wanted:
        ref = wanted.pop()
        if ref in seen:
            continue
        seen.add(ref)
        library_info = files.get(f"{ref}/library.json")
        if library_info is None:
            raise PackageRefused(
                _("The package lacks the library %(library)s (the folder %(library)s with its library.json).")
                % {"library": ref}
            )
        library = _read_json(archive, library_info, f"{ref}/library.json")
        if not isinstance(library, dict) or _library_ref(library) != ref:
            raise PackageRefused(
                _("%(name)s does not describe the library of its folder.") % {"name": f"{ref}/library.json"}
            )
        wanted.extend(_dependencies(library, f"{ref}/library.json"))

    title = manifest.get("title")
    return CheckedPackage(
        title=(title if isinstance(title, str) else "")[:255],
        main_library=main_ref,
        unpacked_bytes=total,
        entries=list(files.values()),
    )


# --- storing a package -------------------------------------------------------------------------------------


def folder_path(folder: str) -> Path:
    return Path(private_storage().path(folder))


def _unpack(upload, checked: CheckedPackage, target: Path) -> int:
    """Write the checked entries under ``target``, counting the bytes actually read (a zip's declared sizes
    are not trusted): more than the limit stops it."""
    try:
        return _write_entries(upload, checked, target)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise PackageRefused(_("The package is damaged: a file in it cannot be read.")) from None


def _write_entries(upload, checked: CheckedPackage, target: Path) -> int:
    written = 0
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        for info in checked.entries:
            destination = target.joinpath(*info.filename.split("/"))
            if target.resolve() not in destination.resolve().parents:
                raise PackageRefused(_unsafe_path(info.filename))
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as source, destination.open("wb") as out:
                while chunk := source.read(1024 * 1024):
                    written += len(chunk)
                    if written > MAX_UNPACKED_BYTES:
                        raise PackageRefused(
                            _("The package is too large once unpacked: at most %(max)s.")
                            % {"max": filesizeformat(MAX_UNPACKED_BYTES)}
                        )
                    out.write(chunk)
    return written


def _remove_folder(folder: str) -> None:
    if folder and FOLDER_NAME.match(folder.rsplit("/", 1)[-1]):
        shutil.rmtree(folder_path(folder), ignore_errors=True)


def _remove_unused_folder(folder: str) -> None:
    """A replaced package's files go, unless a copied cycle's activity still plays the same folder."""
    if not H5PPackage.objects.filter(folder=folder).exists():
        _remove_folder(folder)


def package_upload(*, actor: Any, activity: Activity, upload) -> H5PPackage:
    """Check ``upload`` and make it the activity's package, replacing the previous one (which is deleted
    once the change commits). The caller has checked the actor may author the activity."""
    if activity.kind != ActivityKind.H5P:
        raise NotAllowed(_("This activity is not interactive content (H5P)."))
    checked = check_package(upload)
    folder = f"{FOLDER_PREFIX}/{uuid.uuid4().hex}"
    target = folder_path(folder)
    try:
        target.mkdir(parents=True)
        size = _unpack(upload, checked, target)
        with transaction.atomic():
            package = H5PPackage.objects.select_for_update().filter(activity=activity).first()
            old = package.folder if package else ""
            if package is None:
                package = H5PPackage(activity=activity)
            package.folder, package.title, package.main_library = folder, checked.title, checked.main_library
            package.size, package.uploaded_by = size, actor
            package.save()
            audit_record(
                actor=actor, action="learning.h5p_uploaded", target=activity,
                country_code=activity.cycle.course.country.code,
                data={"title": checked.title, "library": checked.main_library, "bytes": size, "replaced": bool(old)},
            )  # fmt: skip
            if old:
                transaction.on_commit(lambda: _remove_unused_folder(old))
    except BaseException:
        _remove_folder(folder)
        raise
    return package


# --- serving a package's files -----------------------------------------------------------------------------

TOKEN_SALT = "learning.h5p.files"  # noqa: S105 - a namespace for signatures, not a secret


def files_token(*, activity: Activity, user: Any, package: H5PPackage) -> str:
    return signing.dumps({"a": activity.pk, "u": user.pk, "f": package.folder}, salt=TOKEN_SALT)


@dataclass(frozen=True)
class Grant:
    activity_id: int
    user_id: int
    folder: str


def files_grant(token: str, *, activity_id: int, max_age: int = TOKEN_SECONDS) -> Grant | None:
    """What a token lets its bearer read, or None (forged, expired, for another activity)."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired included
        return None
    if not isinstance(data, dict) or data.get("a") != activity_id:
        return None
    user_id, folder = data.get("u"), data.get("f")
    if not isinstance(user_id, int) or not isinstance(folder, str):
        return None
    return Grant(activity_id=activity_id, user_id=user_id, folder=folder)


def safe_file_name(path: str) -> str | None:
    """The path of a file inside a package as asked in a URL, or None when it could leave the folder or is
    of a kind never served."""
    if _unsafe_name(path) or path.endswith("/") or posixpath.normpath(path) != path:
        return None
    if _skipped(path.split("/")) or extension_of(path) not in LIBRARY_EXTENSIONS:
        return None
    return path


def content_type_of(path: str) -> str:
    return CONTENT_TYPES.get(extension_of(path), "application/octet-stream")


# --- xAPI statements ---------------------------------------------------------------------------------------


def actor_mail(user: Any) -> str:
    """The learner as the player names them in statements: a pseudonym (the package's code never sees the
    person's address), the same on every page."""
    digest = salted_hmac("learning.h5p.actor", str(user.pk)).hexdigest()[:24]
    return f"learner-{digest}@twinning.invalid"


def _score(result: Any) -> Decimal | None:
    """The scaled score (0..1) of a statement's result: ``scaled``, or ``raw``/``max``; None without one."""
    if not isinstance(result, dict):
        return None
    score = result.get("score")
    if score is None:
        return None
    if not isinstance(score, dict):
        raise StatementRefused(_("The statement's score is not valid."))

    def number(key: str) -> Decimal | None:
        value = score.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise StatementRefused(_("The statement's score is not valid."))
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise StatementRefused(_("The statement's score is not valid.")) from None
        if not number.is_finite():
            raise StatementRefused(_("The statement's score is not valid."))
        return number

    scaled = number("scaled")
    if scaled is None:
        raw, top = number("raw"), number("max")
        if raw is None or top is None or top <= 0:
            return None
        scaled = raw / top
    if scaled < 0 or scaled > 1:
        raise StatementRefused(_("The statement's score is not between 0 and 1."))
    return scaled


def _check_actor(statement: dict, user: Any) -> None:
    actor = statement.get("actor")
    if actor is None:
        return
    if not isinstance(actor, dict):
        raise StatementRefused(_("The statement names another person: only your own results are recorded."), 403)
    mbox = actor.get("mbox")
    if mbox != f"mailto:{actor_mail(user)}" or set(actor) - {"mbox", "name", "objectType"}:
        raise StatementRefused(_("The statement names another person: only your own results are recorded."), 403)


def parse_statement(body: bytes) -> dict:
    if len(body) > MAX_STATEMENT_BYTES:
        raise StatementRefused(_("The statement is too large."))
    try:
        statement = json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise StatementRefused(_("The statement is not valid JSON.")) from None
    if not isinstance(statement, dict):
        raise StatementRefused(_("The statement is not an xAPI statement."))
    return statement


def record_statement(*, user: Any, activity: Activity, enrolment, statement: dict, object_iri: str):
    """Move the learner's progress by one xAPI statement from the activity's player; the statement's object
    must be ``object_iri`` (the activity's; statements about its parts are accepted and not counted).
    Returns the progress row, or None when the statement changes nothing."""
    verb = statement.get("verb")
    verb_id = verb.get("id") if isinstance(verb, dict) else None
    if not isinstance(verb_id, str) or not verb_id:
        raise StatementRefused(_("The statement has no verb."))
    obj = statement.get("object")
    object_id = obj.get("id") if isinstance(obj, dict) else None
    if not isinstance(object_id, str) or not object_id:
        raise StatementRefused(_("The statement has no object."))
    _check_actor(statement, user)
    if object_id != object_iri:
        if object_id.startswith(object_iri + "?subContentId="):
            return None  # a part of the content (a question of a set): the whole reports its own score
        raise StatementRefused(_("The statement is about another activity."), 403)
    name = verb_id.removeprefix(VERBS) if verb_id.startswith(VERBS) else ""
    if name in STARTED_VERBS:
        return progress.record(enrolment=enrolment, activity=activity, state=ProgressState.STARTED)
    if name not in SCORED_VERBS:
        return None
    result = statement.get("result")
    scaled = _score(result)
    completion = isinstance(result, dict) and result.get("completion") is True
    if scaled is None:
        # Without a score, finishing completes an ungraded activity; a graded one waits for a score.
        done = not activity.graded and (name in ("completed", "passed") or (completion and name != "failed"))
        state = ProgressState.COMPLETED if done else ProgressState.STARTED
        return progress.record(enrolment=enrolment, activity=activity, state=state)
    points = None
    state = ProgressState.COMPLETED
    if activity.graded:
        points = (scaled * activity.max_points).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        state = ProgressState(progress.state_for_grade(points, activity))
    return progress.record(enrolment=enrolment, activity=activity, state=state, points=points, keep_best=True)


def learner_progress(enrolment, activity: Activity) -> ActivityProgress | None:
    if enrolment is None:
        return None
    return ActivityProgress.objects.filter(enrolment=enrolment, activity=activity).first()


# --- the platform's own content type, for the demo and the tests -------------------------------------------

LIBRARY_DIR = Path(__file__).resolve().parent / "h5p_library"
DEMO_LIBRARY = "Twinning.TrueFalseCard-1.0"


def build_demo_package(question_el: str, question_en: str = "", *, correct: bool = True, title: str = "") -> bytes:
    """A valid ``.h5p`` of the true/false card (``h5p_library/Twinning.TrueFalseCard-1.0``): the statement in
    Greek and English (the Greek one when there is no English), and whether it is true."""
    question_en = question_en or question_el
    manifest = {
        "title": title or question_en[:200],
        "language": "el",
        "mainLibrary": "Twinning.TrueFalseCard",
        "embedTypes": ["div"],
        "license": "U",
        "preloadedDependencies": [{"machineName": "Twinning.TrueFalseCard", "majorVersion": 1, "minorVersion": 0}],
    }
    content = {
        "question": {"el": question_el, "en": question_en},
        "answer": bool(correct),
        "labels": {
            "el": {"true": "Σωστό", "false": "Λάθος", "right": "Σωστά!", "wrong": "Όχι ακριβώς.", "again": "Ξανά"},
            "en": {"true": "True", "false": "False", "right": "Right!", "wrong": "Not quite.", "again": "Try again"},
        },
    }
    buffer = io.BytesIO()
    stamp = timezone.now().timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("h5p.json", stamp), json.dumps(manifest, ensure_ascii=False, indent=2))
        archive.writestr(
            zipfile.ZipInfo("content/content.json", stamp), json.dumps(content, ensure_ascii=False, indent=2)
        )
        source = LIBRARY_DIR / DEMO_LIBRARY
        for path in sorted(source.rglob("*")):
            if path.is_file():
                name = f"{DEMO_LIBRARY}/{path.relative_to(source).as_posix()}"
                archive.writestr(zipfile.ZipInfo(name, stamp), path.read_bytes(), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
