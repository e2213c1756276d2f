"""Groups and the discussion engine in a real Chromium: a Greek eTwinner finds a group, joins it, starts a
thread with the rich-text editor (bold through the toolbar, a video link that becomes a frame), and a
colleague replies; axe-core on the directory, a group, a discussion and a thread, in Greek and English."""

import pytest

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import nso_staff, teacher
from twinning.discussions import selectors as discussion_selectors
from twinning.discussions import services as discussion_services
from twinning.discussions.models import Post, Thread
from twinning.groups import services as group_services
from twinning.groups.models import Joining
from twinning.schools.tests.factories import CountryFactory

from .helpers import path_of
from .test_accessibility import blocking_violations, describe, logged_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def group_world():
    from twinning.core import embeds
    from twinning.core.tests.test_embeds import known_sites

    known_sites()
    embeds.forget()
    greece = CountryFactory(code="GR")
    staff = nso_staff(greece, email="nso.groups@example.org")
    group = group_services.group_create(
        actor=staff,
        name="Ρομποτική στην τάξη",
        summary="Ιδέες και υλικό για ρομποτική",
        about="<p>Για εκπαιδευτικούς που φέρνουν τη ρομποτική στο μάθημα.</p>",
        country=greece,
        joining=Joining.ETWINNERS,
    )
    forum = discussion_selectors.forums_of("groups.group", group.pk)[0]
    discussion = discussion_services.discussion_create(actor=staff, forum=forum, title="Ιδέες για δραστηριότητες")
    maria = teacher(country=greece, status=ValidationStatus.VALIDATED, email="maria.groups@sch.gr")
    nikos = teacher(country=greece, status=ValidationStatus.VALIDATED, email="nikos.groups@sch.gr")
    return {"group": group, "discussion": discussion, "maria": maria, "nikos": nikos, "staff": staff}


def _offline_video(page) -> None:
    """This machine has no internet: the video site's frame gets a stand-in page (Chromium's error page for
    an unreachable host would take the keyboard focus from the editor)."""
    page.context.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>video</title>"),
    )


def _wait_for_body(page, text: str) -> None:
    """The editor copies what is typed into the form's textarea on each change: wait until it has."""
    for _ in range(100):
        if text in page.input_value("textarea[name=body]"):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"the editor never put {text!r} in the form: {page.input_value('textarea[name=body]')!r}")


def _no_blocking(page) -> None:
    violations = blocking_violations(page)
    assert not violations, f"axe found serious/critical problems on {page.url}:\n{describe(violations)}"


def test_a_teacher_joins_a_group_and_writes_with_the_editor(new_page, live_server, group_world):
    group, discussion = group_world["group"], group_world["discussion"]
    page = logged_in_page(new_page, live_server, group_world["maria"])
    _offline_video(page)
    page.goto("/el/groups/")
    page.fill("input[name=q]", "ρομποτικη")
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Ρομποτική στην τάξη").click()
    assert path_of(page) == f"/el/groups/{group.pk}/"
    with page.expect_navigation():
        page.get_by_role("button", name="Συμμετοχή στην ομάδα").click()
    assert "Καλώς ήρθατε στην ομάδα." in page.inner_text("main")
    with page.expect_navigation():
        page.get_by_role("link", name="Ιδέες για δραστηριότητες").click()
    assert path_of(page) == f"/el/forums/discussions/{discussion.pk}/"

    # The editor replaces the textarea; its toolbar speaks Greek; bold comes from the toolbar button.
    editor = page.locator(".richtext .ProseMirror")
    editor.wait_for()
    assert page.locator("textarea[name=body]").is_hidden()
    page.fill("input[name=title]", "Lego Spike με 11χρονους")
    editor.click()
    page.keyboard.type("Ξεκινήσαμε με ")
    bold = page.locator(".richtext button[aria-label='Έντονα']")
    assert bold.count() == 1, "the toolbar's bold button is labelled in Greek"
    bold.click()
    page.keyboard.type("αισθητήρες")
    bold.click()
    page.keyboard.type(" και πήγε πολύ καλά.")
    page.keyboard.press("Enter")
    page.keyboard.type("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    _wait_for_body(page, "youtube.com")
    with page.expect_navigation():
        page.get_by_role("button", name="Δημοσίευση του θέματος").click()

    thread = Thread.objects.get(title="Lego Spike με 11χρονους")
    assert path_of(page) == f"/el/forums/threads/{thread.pk}/"
    body = Post.objects.get(thread=thread).body
    assert "<strong>αισθητήρες</strong>" in body and "<script" not in body
    # The video link alone on its line is shown as a sandboxed, cookie-less frame.
    frame = page.locator("figure.embed iframe")
    assert frame.count() == 1
    assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert "allow-scripts" in frame.get_attribute("sandbox")
    _no_blocking(page)
    assert not page.browser_errors, page.browser_errors

    # A colleague who is not a member cannot read the thread; once a member, replies.
    other = logged_in_page(new_page, live_server, group_world["nikos"])
    _offline_video(other)
    response = other.goto(f"/el/forums/threads/{thread.pk}/")
    assert response is not None and response.status == 404
    group_services.group_join(user=group_world["nikos"], group=group)
    other.goto(f"/el/forums/threads/{thread.pk}/")
    # The page above shows the video's frame; give the keyboard to the editor explicitly.
    other.locator(".richtext .ProseMirror").click()
    other.locator(".richtext .ProseMirror").focus()
    other.keyboard.type("Μπράβο! Θα το δοκιμάσουμε κι εμείς.")
    _wait_for_body(other, "Μπράβο")
    with other.expect_navigation():
        other.get_by_role("button", name="Δημοσίευση της απάντησης").click()
    other.get_by_text("Η απάντησή σας δημοσιεύτηκε.").wait_for()
    assert "Μπράβο! Θα το δοκιμάσουμε κι εμείς." in other.inner_text("main")
    assert Post.objects.filter(thread=thread).count() == 2
    assert not other.browser_errors, other.browser_errors


@pytest.mark.parametrize("lang", ["el", "en"])
def test_group_and_forum_pages_have_no_serious_violations(new_page, live_server, group_world, lang):
    group, discussion = group_world["group"], group_world["discussion"]
    group_services.group_join(user=group_world["maria"], group=group)
    thread = discussion_services.thread_create(
        actor=group_world["maria"], discussion=discussion, title="Πρώτο θέμα", body="<p>Καλημέρα σε όλους</p>"
    )
    forum = discussion_selectors.forum_of("groups.group", group.pk)
    page = logged_in_page(new_page, live_server, group_world["maria"])
    for url in (
        f"/{lang}/forums/{forum.pk}/",
        f"/{lang}/groups/",
        f"/{lang}/groups/{group.pk}/",
        f"/{lang}/groups/{group.pk}/members/",
        f"/{lang}/forums/discussions/{discussion.pk}/",
        f"/{lang}/forums/threads/{thread.pk}/",
    ):
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        assert page.locator("html").get_attribute("lang") == lang
        _no_blocking(page)
    assert not page.browser_errors, page.browser_errors


def test_a_moderator_writes_a_page_with_an_image(new_page, live_server, group_world, tmp_path):
    """The editor's image dialog: the file is checked and stored, its description becomes the alternative
    text, and members see the image on the page (served through the group's policy)."""
    from PIL import Image

    from twinning.core.models import Attachment
    from twinning.groups.models import GroupPage

    picture = tmp_path / "robot.png"
    Image.new("RGB", (120, 80), (200, 40, 40)).save(picture)
    group = group_world["group"]
    page = logged_in_page(new_page, live_server, group_world["staff"])
    page.goto(f"/el/groups/{group.pk}/pages/new/")
    page.fill("input[name=title]", "Υλικό για τη ρομποτική")
    editor = page.get_by_role("textbox", name="Κείμενο")
    editor.click()
    editor.focus()
    page.keyboard.type("Το ρομπότ της τάξης μας:")
    page.keyboard.press("Enter")
    # The editor's menus say everything in Greek (the block types too).
    options = page.locator(".prose-menubar__option").all_text_contents()
    assert options and not any("Heading" in o or "Paragraph" in o for o in options), options
    page.get_by_role("button", name="Εισαγωγή εικόνας").click()
    dialog = page.locator("dialog.richtext-dialog")
    assert dialog.is_visible()
    dialog.locator("input[type=file]").set_input_files(str(picture))
    dialog.get_by_label("Περιγράψτε την εικόνα για όσους δεν μπορούν να τη δουν").fill("Κόκκινο ρομπότ")
    dialog.get_by_role("button", name="Εισαγωγή της εικόνας").click()
    page.locator(".richtext .ProseMirror img").wait_for()
    assert not dialog.is_visible()
    _wait_for_body(page, "<img")
    with page.expect_navigation():
        page.get_by_role("button", name="Αποθήκευση της σελίδας").click()
    attachment = Attachment.objects.get()
    stored = GroupPage.objects.get(group=group)
    assert f'src="/files/{attachment.pk}/robot.png"' in stored.body and 'alt="Κόκκινο ρομπότ"' in stored.body
    image = page.locator("main .rich-text img")
    assert image.get_attribute("alt") == "Κόκκινο ρομπότ"
    assert page.evaluate("document.querySelector('main .rich-text img').naturalWidth") == 120
    _no_blocking(page)
    assert not page.browser_errors, page.browser_errors


@pytest.mark.parametrize("lang", ["el", "en"])
def test_moderator_and_staff_pages_have_no_serious_violations(new_page, live_server, group_world, lang):
    """The forms moderators and staff use: a group's page editor, the group's settings, the embeds' list
    (CSS staff) and a country's own rules (NSO staff)."""
    from twinning.accounts.tests.factories import css_staff

    group = group_world["group"]
    pages = [
        (group_world["staff"], f"/{lang}/groups/{group.pk}/pages/new/"),
        (group_world["staff"], f"/{lang}/groups/{group.pk}/edit/"),
        (group_world["staff"], f"/{lang}/staff/rules/country/"),
        (css_staff(email="css.axe@example.org"), f"/{lang}/staff/embeds/"),
    ]
    for user, url in pages:
        page = logged_in_page(new_page, live_server, user)
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        _no_blocking(page)
        assert not page.browser_errors, page.browser_errors


def test_group_and_forum_pages_fit_a_phone(new_page, live_server, group_world):
    """At 390 px nothing scrolls sideways: the directory, a group, its members, a discussion, a thread
    with its editor, a page form with the image dialog's button (``test_responsive.py``'s measure)."""
    from .test_responsive import PHONE, _overflow

    group, discussion = group_world["group"], group_world["discussion"]
    group_services.group_join(user=group_world["maria"], group=group)
    thread = discussion_services.thread_create(
        actor=group_world["maria"],
        discussion=discussion,
        title="Ένας πολύ μακρύς τίτλος θέματος για τη ρομποτική στην πρωτοβάθμια εκπαίδευση",
        body="<p>https://www.example.org/ένας/πολύ/μακρύς/σύνδεσμος/που/δεν/σπάει/εύκολα</p>",
    )
    problems = []
    for user, urls in (
        (group_world["maria"], ["/el/groups/", f"/el/groups/{group.pk}/", f"/el/groups/{group.pk}/members/",
                                f"/el/forums/discussions/{discussion.pk}/", f"/el/forums/threads/{thread.pk}/"]),
        (group_world["staff"], [f"/el/groups/{group.pk}/pages/new/"]),
    ):  # fmt: skip
        page = logged_in_page(new_page, live_server, user)
        page.set_viewport_size(PHONE)
        for url in urls:
            response = page.goto(url)
            assert response is not None and response.status == 200, url
            problems.append(_overflow(page, url, PHONE))
        assert not page.browser_errors, page.browser_errors
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)
