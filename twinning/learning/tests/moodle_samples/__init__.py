"""Moodle course backups for the tests, packed at test time from the folders beside this file.

The folders hold what Moodle 4.x writes in a course backup made without user data (``moodle_backup.xml``,
``sections/section_<id>/section.xml``, ``activities/<modname>_<cmid>/`` with ``module.xml`` and the
activity's own XML, ``questions.xml`` with question bank entries and versions, ``files.xml`` and
``files/<2 hex>/<sha1>``), with texts of our own:

- ``course_a``: three topics (and an empty section 0) holding a page with a picture, a label, a file, a
  URL, a quiz of five questions (multiple choice, true/false, short answer, numeric, and an essay, which the
  bank does not have), an assignment with dates and points, and a forum;
- ``course_b``: laid over ``course_a``, adds an H5P activity of the ``mod_hvp`` plugin and a choice.

``build("a")`` / ``build("b", fmt="zip")`` pack them as an ``.mbz`` (tar.gz as Moodle 2.6+ writes, or zip);
the bad archives are made from the same files.
"""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
LAYERS = {"a": ("course_a",), "b": ("course_a", "course_b")}


def files(sample: str = "a") -> dict[str, bytes]:
    """The backup's files by their path in the archive (later layers replace earlier ones)."""
    found: dict[str, bytes] = {}
    for layer in LAYERS[sample]:
        root = HERE / layer
        for path in sorted(root.rglob("*")):
            if path.is_file():
                found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def pack(entries: dict[str, bytes], fmt: str = "tgz") -> bytes:
    out = io.BytesIO()
    if fmt == "zip":
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in entries.items():
                archive.writestr(name, data)
    else:
        with tarfile.open(fileobj=out, mode="w:gz") as archive:
            for name, data in entries.items():
                info = tarfile.TarInfo(name)
                info.size = len(data)
                info.mtime = 1790930000
                archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


def build(sample: str = "a", fmt: str = "tgz") -> bytes:
    return pack(files(sample), fmt)


# --- bad archives -------------------------------------------------------------------------------------------


def truncated() -> bytes:
    """A gzip cut in the middle (a download that stopped)."""
    whole = build("a")
    return whole[: len(whole) // 2]


def traversal_zip() -> bytes:
    """A zip whose entry would be written outside the folder it is unpacked in."""
    entries = files("a")
    entries["../../outside.txt"] = b"written where it should not be"
    return pack(entries, "zip")


def symlink_tar() -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, data in files("a").items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("activities/page_101/secret")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        archive.addfile(link)
    return out.getvalue()


def without_manifest() -> bytes:
    entries = files("a")
    del entries["moodle_backup.xml"]
    return pack(entries)


def with_doctype() -> bytes:
    """moodle_backup.xml declaring a DOCTYPE with entities (refused, never expanded)."""
    entries = files("a")
    manifest = entries["moodle_backup.xml"].decode()
    manifest = manifest.replace(
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE moodle_backup [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n',
    ).replace("<original_course_shortname>DTSP", "<original_course_shortname>&b;")
    entries["moodle_backup.xml"] = manifest.encode()
    return pack(entries)


def not_an_archive() -> bytes:
    return b"This is a text file, not a backup.\n" * 10
