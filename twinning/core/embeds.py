"""Embedded videos and classroom tools, from an allow-list CSS staff edit (``/staff/embeds/``).

A project page is made of videos and of the tools teachers use with their classes. A link to one of
them, alone on its line in rich text, is shown as the thing itself: a sandboxed frame, in the provider's
privacy-enhanced mode where it has one (YouTube without cookies, Vimeo with "do not track"), that loads
only when it comes into view and sends no full address as referrer.

- ``PROVIDERS``: the recipes this platform knows (how a link the teacher copies becomes the address a
  frame may show). Each can be switched off by staff.
- Staff may also allow another host whose pages are made to be embedded as they are (``EmbedSite`` rows
  without a provider): its ``https`` links are framed unchanged.
- ``frame_sources()``: the hosts the Content-Security-Policy's ``frame-src`` lists (the middleware
  ``EmbedFramesMiddleware`` adds them to every page), so a frame from any other host never loads even if
  markup slipped through.

Allowed sites are read from the database once a minute per process (``allowed()``), so a staff change is
in force everywhere within a minute and a page pays no query for it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

MEMO_SECONDS = 60
SANDBOX = "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation"
_ID = re.compile(r"^[A-Za-z0-9_-]{3,64}$")


@dataclass(frozen=True)
class Provider:
    code: str
    name: str
    link_hosts: frozenset[str]  # hosts of the links teachers paste
    frame_hosts: tuple[str, ...]  # hosts the frames load from (CSP frame-src)
    to_frame: Callable[[str, str, dict], str | None]  # (host, path, query) -> the frame's address


def _youtube(host: str, path: str, query: dict) -> str | None:
    video = ""
    if host == "youtu.be":
        video = path.strip("/").split("/")[0]
    elif path == "/watch":
        video = (query.get("v") or [""])[0]
    else:
        parts = path.strip("/").split("/")
        if len(parts) >= 2 and parts[0] in ("embed", "shorts", "live"):
            video = parts[1]
    return f"https://www.youtube-nocookie.com/embed/{video}" if _ID.match(video or "") else None


def _vimeo(host: str, path: str, query: dict) -> str | None:
    parts = [p for p in path.split("/") if p]
    if host == "player.vimeo.com" and len(parts) >= 2 and parts[0] == "video":
        parts = parts[1:]
    video = parts[0] if parts else ""
    return f"https://player.vimeo.com/video/{video}?dnt=1" if video.isdigit() else None


def _padlet(host: str, path: str, query: dict) -> str | None:
    parts = [p for p in path.split("/") if p]
    if len(parts) == 2 and parts[0] == "embed":
        slug = parts[1]
    elif len(parts) == 2:
        slug = parts[1].rsplit("-", 1)[-1]
    else:
        return None
    return f"https://padlet.com/embed/{slug}" if _ID.match(slug) else None


def _genially(host: str, path: str, query: dict) -> str | None:
    parts = [p for p in path.split("/") if p]
    return f"https://view.genially.com/{parts[0]}" if len(parts) == 1 and _ID.match(parts[0]) else None


def _learningapps(host: str, path: str, query: dict) -> str | None:
    app = (query.get("app") or query.get("v") or [""])[0] if path.startswith("/watch") else path.strip("/")
    return f"https://learningapps.org/watch?app={app}" if _ID.match(app or "") else None


def _canva(host: str, path: str, query: dict) -> str | None:
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 3 and parts[0] == "design" and _ID.match(parts[1]) and _ID.match(parts[2]):
        return f"https://www.canva.com/design/{parts[1]}/{parts[2]}/view?embed"
    return None


def _wordwall(host: str, path: str, query: dict) -> str | None:
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 2 and parts[0] == "embed" and _ID.match(parts[1]):
        return f"https://wordwall.net/embed/{parts[1]}"
    if len(parts) >= 2 and parts[0] == "resource" and parts[1].isdigit():
        return f"https://wordwall.net/embed/resource/{parts[1]}"
    return None


def _google(host: str, path: str, query: dict) -> str | None:
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 3 and parts[0] in ("document", "presentation", "spreadsheets", "forms") and parts[1] == "d":
        doc = parts[2]
        if not _ID.match(doc) and not (parts[0] == "forms" and doc == "e" and len(parts) >= 4):
            return None
        if parts[0] == "presentation":
            return f"https://docs.google.com/presentation/d/{doc}/embed"
        if parts[0] == "forms":
            form = parts[3] if doc == "e" else doc
            return f"https://docs.google.com/forms/d/e/{form}/viewform?embedded=true" if _ID.match(form) else None
        return f"https://docs.google.com/{parts[0]}/d/{doc}/preview"
    return None


def _office(host: str, path: str, query: dict) -> str | None:
    if host == "view.officeapps.live.com" and path.lower() == "/op/embed.aspx":
        source = (query.get("src") or [""])[0]
        if source.startswith("https://"):
            return f"https://view.officeapps.live.com/op/embed.aspx?src={quote(source, safe='')}"
    if host == "onedrive.live.com" and path.lower() == "/embed":
        keys = {k: (query.get(k) or [""])[0] for k in ("resid", "authkey", "cid")}
        if keys["resid"]:
            return "https://onedrive.live.com/embed?" + "&".join(
                f"{k}={quote(v, safe='')}" for k, v in keys.items() if v
            )
    return None


def _miro(host: str, path: str, query: dict) -> str | None:
    parts = [p for p in path.split("/") if p]
    if (
        len(parts) >= 3
        and parts[0] == "app"
        and parts[1] in ("board", "live-embed")
        and _ID.match(parts[2].rstrip("="))
    ):
        return f"https://miro.com/app/live-embed/{parts[2]}/"
    return None


PROVIDERS: dict[str, Provider] = {
    p.code: p
    for p in (
        Provider(
            "youtube",
            "YouTube",
            frozenset({"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "www.youtube-nocookie.com"}),
            ("https://www.youtube-nocookie.com",),
            _youtube,
        ),
        Provider(
            "vimeo",
            "Vimeo",
            frozenset({"vimeo.com", "www.vimeo.com", "player.vimeo.com"}),
            ("https://player.vimeo.com",),
            _vimeo,
        ),
        Provider("padlet", "Padlet", frozenset({"padlet.com"}), ("https://padlet.com",), _padlet),
        Provider(
            "genially",
            "Genially",
            frozenset({"view.genial.ly", "view.genially.com", "app.genial.ly"}),
            ("https://view.genially.com",),
            _genially,
        ),
        Provider(
            "learningapps",
            "LearningApps",
            frozenset({"learningapps.org", "www.learningapps.org"}),
            ("https://learningapps.org",),
            _learningapps,
        ),
        Provider("canva", "Canva", frozenset({"www.canva.com", "canva.com"}), ("https://www.canva.com",), _canva),
        Provider("wordwall", "Wordwall", frozenset({"wordwall.net"}), ("https://wordwall.net",), _wordwall),
        Provider(
            "google",
            "Google Docs / Slides / Sheets / Forms",
            frozenset({"docs.google.com"}),
            ("https://docs.google.com",),
            _google,
        ),
        Provider(
            "office",
            "Microsoft Office Online",
            frozenset({"view.officeapps.live.com", "onedrive.live.com"}),
            ("https://view.officeapps.live.com", "https://onedrive.live.com"),
            _office,
        ),
        Provider("miro", "Miro", frozenset({"miro.com"}), ("https://miro.com",), _miro),
    )  # fmt: skip
}


@dataclass(frozen=True)
class Allowed:
    providers: frozenset[str]
    hosts: frozenset[str]  # staff-added hosts whose https pages are framed as they are


_memo: dict[str, tuple[float, Allowed]] = {}


def allowed() -> Allowed:
    """The allow-list in force (read from the database at most once a minute per process)."""
    now = time.monotonic()
    hit = _memo.get("allowed")
    if hit is not None and now - hit[0] < MEMO_SECONDS:
        return hit[1]
    from .models import EmbedSite

    rows = list(EmbedSite.objects.filter(enabled=True).values_list("provider", "host"))
    result = Allowed(
        providers=frozenset(p for p, _h in rows if p in PROVIDERS),
        hosts=frozenset(h for p, h in rows if not p and h),
    )
    _memo["allowed"] = (now, result)
    return result


def forget() -> None:
    """Read the allow-list again at the next use (after a staff change, in this process; tests)."""
    _memo.clear()


def frame_sources(current: Allowed | None = None) -> list[str]:
    current = current or allowed()
    sources = [h for code in sorted(current.providers) for h in PROVIDERS[code].frame_hosts]
    return sources + [f"https://{host}" for host in sorted(current.hosts)]


def normal_host(value: str) -> str | None:
    """A host name as staff may allow it: lower case, letters, digits, dots and dashes, with a dot."""
    host = (value or "").strip().lower().removeprefix("https://").split("/")[0]
    if re.fullmatch(r"(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}", host):
        return host
    return None


@dataclass(frozen=True)
class Embed:
    provider: str  # a provider's name or the allowed host
    src: str
    link: str


def embed_for(url: str, current: Allowed | None = None) -> Embed | None:
    """The frame for a link, when its site is allowed and the link is one it can show; else ``None``."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.username or parts.password:
        return None
    current = current or allowed()
    host = parts.hostname.lower()
    query = parse_qs(parts.query)
    for code in current.providers:
        provider = PROVIDERS[code]
        if host in provider.link_hosts:
            src = provider.to_frame(host, parts.path or "/", query)
            return Embed(provider.name, src, url) if src else None
    if parts.scheme == "https" and host in current.hosts and parts.port in (None, 443):
        return Embed(host, parts.geturl(), url)
    return None


def frame(embed: Embed, title: str = "") -> SafeString:
    """A sandboxed, lazily loaded frame with a link to the original under it (for keyboard, print and
    readers whose browser blocks frames)."""
    label = title or _("%(site)s content") % {"site": embed.provider}
    return format_html(
        '<figure class="embed"><div class="embed-frame"><iframe src="{}" title="{}" loading="lazy" '
        'sandbox="{}" allow="fullscreen; picture-in-picture" referrerpolicy="strict-origin-when-cross-origin">'
        '</iframe></div><figcaption><a href="{}" rel="noopener noreferrer nofollow">{}</a></figcaption></figure>',
        embed.src,
        label,
        SANDBOX,
        embed.link,
        _("Open on %(site)s") % {"site": embed.provider},
    )
