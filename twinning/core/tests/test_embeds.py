"""Embedded videos and tools: which links become frames, how the frames are drawn, the CSP's frame-src, and
the staff page that keeps the allow-list (CSS staff only, audited)."""

import pytest
from django.urls import reverse

from twinning.accounts.tests.factories import css_staff, log_in, nso_staff, teacher
from twinning.core import embeds, richtext
from twinning.core.models import AuditEvent, EmbedSite
from twinning.staff import services

pytestmark = pytest.mark.django_db

EVERY = embeds.Allowed(providers=frozenset(embeds.PROVIDERS), hosts=frozenset({"tools.example.org"}))


def known_sites() -> None:
    """The rows migration 0004 loads (a transactional test elsewhere may have flushed them)."""
    for code, provider in embeds.PROVIDERS.items():
        EmbedSite.objects.get_or_create(provider=code, defaults={"name": provider.name, "enabled": True})


@pytest.fixture(autouse=True)
def _fresh_allow_list():
    known_sites()
    embeds.forget()
    yield
    embeds.forget()


@pytest.mark.parametrize(
    "link,frame",
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://padlet.com/maria/our-river-abc123xyz", "https://padlet.com/embed/abc123xyz"),
        ("https://view.genial.ly/5f1a2b3c4d5e", "https://view.genially.com/5f1a2b3c4d5e"),
        ("https://learningapps.org/watch?v=p2y7k4n0t21", "https://learningapps.org/watch?app=p2y7k4n0t21"),
        ("https://www.canva.com/design/DAF1abc/XYZ12k/view", "https://www.canva.com/design/DAF1abc/XYZ12k/view?embed"),
        ("https://wordwall.net/resource/1234567/quiz", "https://wordwall.net/embed/resource/1234567"),
        ("https://docs.google.com/presentation/d/1AbCdEf/edit", "https://docs.google.com/presentation/d/1AbCdEf/embed"),
        ("https://docs.google.com/document/d/1AbCdEf/edit", "https://docs.google.com/document/d/1AbCdEf/preview"),
        ("https://miro.com/app/board/uXjVO1abc=/", "https://miro.com/app/live-embed/uXjVO1abc=/"),
        ("https://tools.example.org/board/7", "https://tools.example.org/board/7"),
    ],
)
def test_links_teachers_paste_become_privacy_enhanced_frames(link, frame):
    found = embeds.embed_for(link, EVERY)
    assert found is not None and found.src == frame


@pytest.mark.parametrize(
    "link",
    [
        "https://www.youtube.com/watch?v=<script>",
        "https://www.youtube.com/channel/abc",
        "javascript:alert(1)//youtube.com",
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://user:pass@www.youtube.com/watch?v=dQw4w9WgXcQ",
        "http://tools.example.org/board/7",  # a staff-added site is framed over https only
        "https://tools.example.org:8443/board/7",
        "https://vimeo.com/not-a-number",
        "https://[::1",
    ],
)
def test_other_links_stay_links(link):
    assert embeds.embed_for(link, EVERY) is None


def test_a_lone_link_in_rich_text_is_shown_as_a_sandboxed_frame_and_others_stay_links():
    html = (
        '<p><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=1">our video</a></p>'
        '<p>See <a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">this</a> too.</p>'
        '<p><a href="https://evil.example/x">elsewhere</a></p>'
        "<p>https://vimeo.com/76979871</p>"
        "<p>https://evil.example/watch?v=1</p>"
    )
    shown = str(richtext.show(html))
    assert shown.count("<iframe") == 2  # the lone link and the lone pasted address of allowed sites
    assert 'src="https://player.vimeo.com/video/76979871?dnt=1"' in shown
    assert "<p>https://evil.example/watch?v=1</p>" in shown
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in shown
    assert f'sandbox="{embeds.SANDBOX}"' in shown and 'loading="lazy"' in shown and 'title="YouTube content"' in shown
    assert "allow-top-navigation" not in shown
    assert 'referrerpolicy="strict-origin-when-cross-origin"' in shown
    assert "See <a" in shown and 'href="https://evil.example/x"' in shown
    assert str(richtext.show(html, embeds=False)).count("<iframe") == 0


def test_a_switched_off_provider_is_a_link_again_and_leaves_the_policy(client, django_capture_on_commit_callbacks):
    html = '<p><a href="https://vimeo.com/76979871">film</a></p>'
    assert "<iframe" in str(richtext.show(html))
    assert "https://player.vimeo.com" in client.get("/en/").headers["Content-Security-Policy"]
    vimeo = EmbedSite.objects.get(provider="vimeo")
    others = set(EmbedSite.objects.exclude(pk=vimeo.pk).values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.embed_sites_set(actor=css_staff(), enabled_ids=others, reason="tracking") == ["Vimeo"]
    assert "<iframe" not in str(richtext.show(html))
    policy = client.get("/en/").headers["Content-Security-Policy"]
    assert "https://player.vimeo.com" not in policy and "https://www.youtube-nocookie.com" in policy
    event = AuditEvent.objects.get(action="embeds.refused")
    assert event.reason == "tracking" and event.data == {"site": "vimeo"}


def test_frames_from_sites_not_allowed_are_blocked_by_the_policy(client):
    EmbedSite.objects.update(enabled=False)
    policy = client.get("/en/").headers["Content-Security-Policy"]
    assert "frame-src" not in policy and "default-src 'self'" in policy  # frames fall back to this site only


def test_staff_add_a_site_with_a_clean_host_name_and_remove_it(django_capture_on_commit_callbacks):
    css = css_staff()
    for bad in ("not a host", "https://", "javascript:alert(1)", "localhost", "a.b/c d"):
        with pytest.raises(services.EmbedError):
            services.embed_host_add(actor=css, host=bad, name="x")
    with pytest.raises(services.EmbedError):
        services.embed_host_add(actor=css, host="www.youtube.com", name="YouTube again")
    with django_capture_on_commit_callbacks(execute=True):
        site = services.embed_host_add(actor=css, host="HTTPS://Tools.Example.org/path", name="Class tools")
    assert site.host == "tools.example.org"
    assert "https://tools.example.org" in embeds.frame_sources()
    with pytest.raises(services.EmbedError):
        services.embed_host_add(actor=css, host="tools.example.org", name="twice")
    with django_capture_on_commit_callbacks(execute=True):
        services.embed_host_remove(actor=css, site_id=site.pk, reason="closed")
    assert "https://tools.example.org" not in embeds.frame_sources()
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["embeds.host_added", "embeds.host_removed"]
    with pytest.raises(services.EmbedError):  # a known provider is switched off, never deleted
        services.embed_host_remove(actor=css, site_id=EmbedSite.objects.get(provider="youtube").pk)


def test_only_css_staff_keep_the_list(client, greece):
    url = reverse("staff:embeds")
    with pytest.raises(services.NotAllowed):
        services.embed_host_add(actor=nso_staff(greece), host="tools.example.org", name="x")
    for person in (nso_staff(greece), teacher(country=greece)):
        log_in(client, person)
        assert client.get(url).status_code == 403
        assert client.post(url, {"action": "add", "host": "tools.example.org"}).status_code == 403
    assert not EmbedSite.objects.filter(provider="").exists()
    log_in(client, css_staff())
    page = client.get("/el/staff/embeds/").content.decode()
    assert "YouTube" in page and 'name="sites"' in page
    response = client.post(url, {"action": "add", "host": "not a host", "name": "x"})
    assert response.status_code == 200 and not EmbedSite.objects.filter(provider="").exists()
    response = client.post(url, {"action": "add", "host": "tools.example.org", "name": "Class tools", "reason": "r"})
    assert response.status_code == 302 and EmbedSite.objects.filter(host="tools.example.org").exists()
    youtube = EmbedSite.objects.get(provider="youtube")
    response = client.post(url, {"action": "save", "sites": [youtube.pk], "reason": "only videos"})
    assert response.status_code == 302
    assert list(EmbedSite.objects.filter(enabled=True).values_list("provider", flat=True)) == ["youtube"]
    added = EmbedSite.objects.get(host="tools.example.org")
    assert client.post(url, {"action": "remove", "site": added.pk}).status_code == 302
    assert not EmbedSite.objects.filter(pk=added.pk).exists()
    response = client.post(url, {"action": "remove", "site": "x"}, follow=True)
    assert response.status_code == 200
