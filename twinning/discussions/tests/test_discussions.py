"""The discussion engine through its pages and services: the host decides who reads, starts, replies and
moderates; counters, read marks and notices follow; bad input changes nothing; queries stay fixed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from twinning.accounts.tests.factories import log_in, nso_staff, teacher
from twinning.core.errors import NotAllowed
from twinning.core.models import AuditEvent, Notification
from twinning.discussions import privacy, services
from twinning.discussions.models import Discussion, Post, Thread, ThreadRead
from twinning.discussions.tests.factories import MEMBER, PUPIL, READER, forum_with_thread, room_host

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    with room_host() as room:
        yield room


@pytest.fixture
def place(room, greece):
    leader = teacher(country=greece)
    forum, discussion, thread = forum_with_thread(room, leader)
    return room, leader, forum, discussion, thread


def _urls(forum, discussion, thread, post):
    return [
        reverse("discussions:forum", args=[forum.pk]),
        reverse("discussions:discussion", args=[discussion.pk]),
        reverse("discussions:thread", args=[thread.pk]),
        reverse("discussions:post_edit", args=[post.pk]),
    ]


def test_people_the_host_does_not_let_in_get_404_everywhere(client, place, greece):
    room, leader, forum, discussion, thread = place
    post = thread.posts.get()
    posts = [reverse(name, args=[post.pk]) for name in ("discussions:post_hide", "discussions:post_show")] + [
        reverse("discussions:thread_moderate", args=[thread.pk])
    ]
    # A visitor who is not logged in is asked to log in, whatever exists; an outsider gets 404.
    for url in [*_urls(forum, discussion, thread, post), reverse("discussions:thread", args=[999999])]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    log_in(client, teacher(country=greece))
    for url in _urls(forum, discussion, thread, post):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"title": "x", "body": "<p>x</p>"}).status_code == 404, url
    for url in posts:
        assert client.post(url, {"do": "lock"}).status_code == 404, url
    assert client.get(reverse("discussions:thread", args=[999999])).status_code == 404
    assert Post.objects.count() == 1 and Discussion.objects.count() == 1
    thread.refresh_from_db()
    assert thread.locked_at is None and not thread.posts.filter(hidden_at__isnull=False).exists()


def test_readers_read_but_cannot_write(client, place, greece):
    room, leader, forum, discussion, thread = place
    reader = teacher(country=greece)
    room.grant(reader, READER)
    log_in(client, reader)
    page = client.get(reverse("discussions:thread", args=[thread.pk])).content.decode()
    assert "Post 1" in page and 'name="body"' not in page
    assert client.post(reverse("discussions:thread", args=[thread.pk]), {"body": "<p>x</p>"}).status_code == 403
    assert client.post(reverse("discussions:discussion", args=[discussion.pk]), {"title": "t"}).status_code == 403
    assert client.post(reverse("discussions:forum", args=[forum.pk]), {"title": "t"}).status_code == 403
    assert client.get(reverse("discussions:post_edit", args=[thread.posts.get().pk])).status_code == 403
    assert Post.objects.count() == 1


def test_a_pupil_replies_but_starts_nothing(client, place, greece):
    room, leader, forum, discussion, thread = place
    pupil = teacher(country=greece)
    room.grant(pupil, PUPIL)
    log_in(client, pupil)
    assert 'name="title"' not in client.get(reverse("discussions:discussion", args=[discussion.pk])).content.decode()
    response = client.post(reverse("discussions:discussion", args=[discussion.pk]), {"title": "t", "body": "<p>b</p>"})
    assert response.status_code == 403 and Thread.objects.count() == 1
    response = client.post(reverse("discussions:thread", args=[thread.pk]), {"body": "<p>My answer</p>"})
    assert response.status_code == 302 and response["Location"].endswith(f"#post-{Post.objects.latest('pk').pk}")
    thread.refresh_from_db()
    assert thread.post_count == 2 and thread.last_author_id == pupil.pk


def test_a_member_starts_a_thread_and_the_counters_follow(client, place, greece):
    room, leader, forum, discussion, thread = place
    member = teacher(country=greece)
    room.grant(member, MEMBER)
    log_in(client, member)
    response = client.post(
        reverse("discussions:discussion", args=[discussion.pk]),
        {"title": "  Our   results ", "body": '<p>Look <script>alert(1)</script><b onclick="x()">here</b></p>'},
    )
    new = Thread.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == reverse("discussions:thread", args=[new.pk])
    assert new.title == "Our results" and new.post_count == 1
    assert new.posts.get().body == "<p>Look <b>here</b></p>"
    discussion.refresh_from_db()
    assert discussion.thread_count == 2 and discussion.last_post_at == new.last_post_at
    assert ThreadRead.objects.filter(user=member, thread=new).exists()
    # The discussion lists it first (latest activity), not bold for its author, bold for the leader.
    page = client.get(reverse("discussions:discussion", args=[discussion.pk])).content.decode()
    assert page.index("Our results") < page.index("Rain gauges")
    log_in(client, leader)
    page = client.get(reverse("discussions:discussion", args=[discussion.pk])).content.decode()
    assert page.count('class="thread-unread"') == 1


def test_a_reply_tells_the_others_who_wrote_there_not_the_writer_nor_who_left(place, greece):
    room, leader, forum, discussion, thread = place
    member, gone = teacher(country=greece), teacher(country=greece)
    room.grant(member, MEMBER)
    room.grant(gone, MEMBER)
    services.post_reply(actor=gone, thread=thread, body="<p>I was here</p>")
    room.grant(gone, None)  # left the place
    with pytest.MonkeyPatch.context():
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            services.post_reply(actor=member, thread=thread, body="<p>Hello</p>")
    told = set(Notification.objects.filter(kind="discussions.reply").values_list("recipient_id", flat=True))
    assert told == {leader.pk}


def test_a_closed_thread_takes_replies_from_moderators_only(client, place, greece):
    room, leader, forum, discussion, thread = place
    member = teacher(country=greece)
    room.grant(member, MEMBER)
    log_in(client, leader)
    assert client.post(reverse("discussions:thread_moderate", args=[thread.pk]), {"do": "lock"}).status_code == 302
    assert client.post(reverse("discussions:thread_moderate", args=[thread.pk]), {"do": "explode"}).status_code == 400
    thread.refresh_from_db()
    assert thread.locked_at is not None
    assert AuditEvent.objects.filter(action="discussions.thread_locked", actor=leader).exists()
    log_in(client, member)
    page = client.get(reverse("discussions:thread", args=[thread.pk])).content.decode()
    assert "closed to new replies" in page and 'name="body"' not in page
    with pytest.raises(services.DiscussionError):
        services.post_reply(actor=member, thread=thread, body="<p>late</p>")
    assert client.post(reverse("discussions:thread_moderate", args=[thread.pk]), {"do": "unlock"}).status_code == 403
    services.post_reply(actor=leader, thread=thread, body="<p>A last word</p>")
    assert Post.objects.filter(thread=thread).count() == 2


def test_authors_edit_their_posts_others_cannot(client, place, greece):
    room, leader, forum, discussion, thread = place
    member, other = teacher(country=greece), teacher(country=greece)
    room.grant(member, MEMBER)
    room.grant(other, MEMBER)
    post = services.post_reply(actor=member, thread=thread, body="<p>Frist</p>")
    log_in(client, other)
    url = reverse("discussions:post_edit", args=[post.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"body": "<p>vandal</p>"}).status_code == 403
    log_in(client, member)
    assert client.post(url, {"body": "<p>First</p>"}).status_code == 302
    post.refresh_from_db()
    assert post.body == "<p>First</p>" and post.edited_at is not None
    response = client.post(url, {"body": "<p> </p>"})
    assert response.status_code == 200 and "Write some text." in response.content.decode()
    post.refresh_from_db()
    assert post.body == "<p>First</p>"


def test_moderators_hide_a_post_from_everyone_but_its_author(client, place, greece):
    room, leader, forum, discussion, thread = place
    member, reader = teacher(country=greece), teacher(country=greece)
    room.grant(member, MEMBER)
    room.grant(reader, READER)
    post = services.post_reply(actor=member, thread=thread, body="<p>Rude words</p>")
    log_in(client, leader)
    hide = reverse("discussions:post_hide", args=[post.pk])
    assert client.post(hide, {"reason": "insult"}).status_code == 302
    event = AuditEvent.objects.get(action="discussions.post_hidden")
    assert event.reason == "insult" and event.actor == leader
    url = reverse("discussions:thread", args=[thread.pk])
    log_in(client, reader)
    page = client.get(url).content.decode()
    assert "Rude words" not in page and "hidden by the moderators" in page
    assert client.get(reverse("discussions:post_edit", args=[post.pk])).status_code == 404
    log_in(client, member)
    page = client.get(url).content.decode()
    assert "Rude words" in page and "only its author and the moderators" in page
    assert client.post(hide).status_code == 403
    log_in(client, leader)
    client.post(reverse("discussions:post_show", args=[post.pk]))
    assert AuditEvent.objects.filter(action="discussions.post_shown").exists()


def test_the_nso_of_the_authors_country_may_hide_a_reported_post(place, greece, italy):
    room, leader, forum, discussion, thread = place
    post = thread.posts.get()
    with pytest.raises(NotAllowed):
        services.post_hide(actor=nso_staff(italy), post=post, reason="x")
    services.post_hide(actor=nso_staff(greece), post=post, reason="reported")
    post.refresh_from_db()
    assert post.hidden_at is not None
    assert AuditEvent.objects.get(action="discussions.post_hidden").country_code == "GR"


def test_titles_and_bodies_are_shown_escaped_and_bad_input_changes_nothing(client, place, greece):
    room, leader, forum, discussion, thread = place
    log_in(client, leader)
    url = reverse("discussions:discussion", args=[discussion.pk])
    response = client.post(url, {"title": "<script>alert(1)</script>", "body": "<p>ok</p>"})
    page = client.get(response["Location"]).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    before = Thread.objects.count()
    for data in (
        {"title": "", "body": "<p>x</p>"},
        {"title": "x" * 201, "body": "<p>x</p>"},
        {"title": "t", "body": ""},
    ):
        assert client.post(url, data).status_code == 200
    assert Thread.objects.count() == before
    assert client.get(reverse("discussions:thread", args=[thread.pk]) + "?page=999").status_code == 200
    assert client.get(reverse("discussions:thread", args=[thread.pk]) + "?page=abc").status_code == 200


def test_the_rate_limit_stops_a_flood(place, greece, settings):
    from twinning.core import rules
    from twinning.core.models import PlatformRule

    room, leader, forum, discussion, thread = place
    PlatformRule.objects.create(key="discussions.posts_per_hour", value=2)
    rules.rules_changed()
    services.post_reply(actor=leader, thread=thread, body="<p>2</p>")
    with pytest.raises(services.DiscussionError):
        services.post_reply(actor=leader, thread=thread, body="<p>3</p>")


def test_last_page_and_new_posts_since_my_last_visit(client, place, greece):
    room, leader, forum, discussion, thread = place
    member = teacher(country=greece)
    room.grant(member, MEMBER)
    log_in(client, member)
    url = reverse("discussions:thread", args=[thread.pk])
    assert "post-new" in client.get(url).content.decode()  # never read: the post is new to them
    assert "post-new" not in client.get(url).content.decode()  # read now
    for n in range(40):
        services.post_reply(actor=leader, thread=thread, body=f"<p>Reply {n}</p>")
    page = client.get(url + "?page=last").content.decode()
    # 41 posts: the last page holds the 31st to the 41st, all written after the member's visit.
    assert "Reply 39" in page and "Reply 0<" not in page and page.count("post-new") == 11


@pytest.mark.parametrize("viewer", ["leader", "member"])
@pytest.mark.parametrize("view", ["thread", "discussion"])
def test_pages_keep_a_fixed_number_of_queries(client, room, greece, view, viewer):
    leader, member = teacher(country=greece), teacher(country=greece)
    counts = []
    for size in (3, 25):
        forum, discussion, thread = forum_with_thread(room, leader, posts=1)
        room.grant(member, MEMBER)
        for n in range(size):  # the member writes too: each of their posts has its "Edit" link
            services.post_reply(actor=member if n % 2 else leader, thread=thread, body=f"<p>{n}</p>")
            services.thread_create(actor=leader, discussion=discussion, title=f"T{n}", body="<p>x</p>")
        log_in(client, leader if viewer == "leader" else member)
        url = reverse(f"discussions:{view}", args=[thread.pk if view == "thread" else discussion.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_a_persons_posts_in_their_download_and_erased_with_their_account(place, greece):
    room, leader, forum, discussion, thread = place
    exported = privacy.export_posts(leader)
    assert exported[0]["thread"] == "Rain gauges" and exported[0]["text"] == "Post 1"
    privacy.erase_posts(leader)
    post = thread.posts.get()
    assert post.erased and post.body == "" and not ThreadRead.objects.filter(user=leader).exists()
    assert privacy.export_posts(leader) == []


def test_pages_in_greek(client, place):
    room, leader, forum, discussion, thread = place
    log_in(client, leader)
    page = client.get(f"/el/forums/threads/{thread.pk}/").content.decode()
    assert "Απάντηση" in page and "Reply" not in page


def test_a_forum_says_how_many_threads_have_posts_i_have_not_read(client, place, greece):
    room, leader, forum, discussion, thread = place
    member = teacher(country=greece)
    room.grant(member, MEMBER)
    other = services.thread_create(actor=leader, discussion=discussion, title="Second", body="<p>x</p>")
    log_in(client, member)
    url = reverse("discussions:forum", args=[forum.pk])
    assert "2 threads with new posts" in client.get(url).content.decode()
    client.get(reverse("discussions:thread", args=[thread.pk]))  # reads the first
    assert "1 thread with new posts" in client.get(url).content.decode()
    services.post_reply(actor=member, thread=other, body="<p>mine</p>")  # my own post is not news to me
    assert "with new posts" not in client.get(url).content.decode()
    services.post_reply(actor=leader, thread=thread, body="<p>news</p>")
    assert "1 thread with new posts" in client.get(url).content.decode()
    log_in(client, leader)
    assert "1 thread with new posts" in client.get(url).content.decode()  # the member's reply in "Second"
