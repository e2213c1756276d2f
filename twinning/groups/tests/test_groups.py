"""Groups: who opens them (staff, by country), who joins how (open, eTwinners, approval, invitation), the
moderators' decisions (audited), the group's forum through the discussion engine, and its pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import css_staff, log_in, nso_staff, teacher
from twinning.core.errors import NotAllowed
from twinning.core.models import AuditEvent, Notification
from twinning.discussions import selectors as discussion_selectors
from twinning.discussions import services as discussion_services
from twinning.groups import policies, privacy, services
from twinning.groups.models import Group, GroupPage, Joining, Membership, MembershipStatus, Role

pytestmark = pytest.mark.django_db


def _group(country, *, joining=Joining.ETWINNERS, staff=None, name="Robotics in class"):
    staff = staff or nso_staff(country)
    return services.group_create(
        actor=staff, name=name, summary="Ideas for robots", country=country, joining=joining
    ), staff


def test_nso_staff_open_groups_for_their_country_only_css_for_europe(greece, italy):
    nso = nso_staff(greece)
    with pytest.raises(services.GroupError):
        services.group_create(actor=nso, name="x", summary="y", country=italy)
    with pytest.raises(services.GroupError):
        services.group_create(actor=nso, name="x", summary="y", country=None)
    with pytest.raises(NotAllowed):
        services.group_create(actor=teacher(country=greece), name="x", summary="y", country=greece)
    group = services.group_create(actor=nso, name="  Robotics   in class ", summary="s", country=greece)
    assert group.name == "Robotics in class" and group.member_count == 1
    assert Membership.objects.get(group=group).role == Role.MODERATOR
    assert discussion_selectors.forums_of("groups.group", group.pk)  # its forum is there
    assert AuditEvent.objects.filter(action="groups.created", actor=nso).exists()
    european = services.group_create(actor=css_staff(), name="Europe", summary="s", country=None)
    assert european.country is None


def test_the_group_page_through_the_web_for_staff_who_open_one(client, greece):
    nso = nso_staff(greece)
    log_in(client, nso)
    response = client.post(
        reverse("groups:new"),
        {"name": "Ομάδα <b>ρομποτικής</b>", "summary": "Ιδέες", "about": "<p>Καλώς ήρθατε<script>x()</script></p>",
         "country": greece.pk, "joining": Joining.OPEN},
    )  # fmt: skip
    group = Group.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("groups:detail", args=[group.pk])
    assert group.about == "<p>Καλώς ήρθατε</p>"
    page = client.get(response["Location"]).content.decode()
    assert "Ομάδα &lt;b&gt;ρομποτικής&lt;/b&gt;" in page
    log_in(client, teacher(country=greece))
    assert client.get(reverse("groups:new")).status_code == 403


@pytest.mark.parametrize(
    "joining,validated,answer,status",
    [
        (Joining.OPEN, False, "join", MembershipStatus.ACTIVE),
        (Joining.ETWINNERS, True, "join", MembershipStatus.ACTIVE),
        (Joining.ETWINNERS, False, "", None),
        (Joining.APPROVAL, False, "ask", MembershipStatus.REQUESTED),
        (Joining.INVITATION, True, "", None),
    ],
)
def test_who_joins_how(client, greece, joining, validated, answer, status):
    group, _staff = _group(greece, joining=joining)
    person = teacher(country=greece, status=ValidationStatus.VALIDATED if validated else ValidationStatus.PENDING)
    assert policies.join_answer(person, group) == answer
    log_in(client, person)
    client.post(reverse("groups:join", args=[group.pk]))
    membership = Membership.objects.filter(group=group, user=person).first()
    assert (membership.status if membership else None) == status
    group.refresh_from_db()
    assert group.member_count == (2 if status == MembershipStatus.ACTIVE else 1)


def test_a_request_is_decided_by_the_moderators_audited_and_told(client, greece, django_capture_on_commit_callbacks):
    group, nso = _group(greece, joining=Joining.APPROVAL)
    person = teacher(country=greece)
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.group_join(user=person, group=group)
    assert Notification.objects.filter(recipient=nso, kind="groups.request").exists()
    other = teacher(country=greece)
    log_in(client, other)
    url = reverse("groups:member_decide", args=[group.pk, membership.pk])
    assert client.post(url, {"accept": "1"}).status_code == 404  # not a member: the group's parts are hidden
    log_in(client, nso)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"accept": "1", "reason": "welcome"}).status_code == 302
    membership.refresh_from_db()
    group.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE and group.member_count == 2
    assert AuditEvent.objects.get(action="groups.request_accepted").data == {"person": person.pk}
    assert Notification.objects.filter(recipient=person, kind="groups.answer").exists()
    client.post(url, {"accept": "0"})  # already answered: nothing changes
    assert Membership.objects.filter(pk=membership.pk, status=MembershipStatus.ACTIVE).exists()


def test_an_invitation_says_nothing_about_who_is_registered(client, greece, django_capture_on_commit_callbacks):
    group, nso = _group(greece, joining=Joining.INVITATION)
    invited = teacher(country=greece, email="maria@example.org")
    log_in(client, nso)
    url = reverse("groups:members", args=[group.pk])
    with django_capture_on_commit_callbacks(execute=True):
        one = client.post(url, {"email": "MARIA@example.org"}, follow=True).content.decode()
    two = client.post(url, {"email": "nobody@example.org"}, follow=True).content.decode()
    said = "If a registered person has this address, they receive the invitation."
    assert said in one and said in two
    membership = Membership.objects.get(group=group, user=invited)
    assert membership.status == MembershipStatus.INVITED
    assert Notification.objects.filter(recipient=invited, kind="groups.invitation").exists()
    log_in(client, invited)
    assert "Accept the invitation" in client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    client.post(reverse("groups:join", args=[group.pk]))
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE


def test_members_use_the_forum_outsiders_do_not_see_it(client, greece):
    group, nso = _group(greece, joining=Joining.OPEN)
    member, outsider = teacher(country=greece), teacher(country=greece)
    services.group_join(user=member, group=group)
    forum = discussion_selectors.forums_of("groups.group", group.pk)[0]
    discussion = discussion_services.discussion_create(actor=nso, forum=forum, title="Welcome")
    log_in(client, member)
    response = client.post(
        reverse("discussions:discussion", args=[discussion.pk]), {"title": "Hello", "body": "<p>Hi all</p>"}
    )
    assert response.status_code == 302
    page = client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    assert "Welcome" in page and "Leave the group" in page
    # A member may not open discussions (moderators do) nor moderate.
    assert client.post(reverse("discussions:forum", args=[forum.pk]), {"title": "Mine"}).status_code == 403
    log_in(client, outsider)
    assert client.get(reverse("discussions:discussion", args=[discussion.pk])).status_code == 404
    assert client.get(reverse("groups:members", args=[group.pk])).status_code == 404
    page = client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    assert "Welcome" not in page and "Join the group" in page


def test_a_closed_group_is_read_only_and_kept(client, greece):
    group, nso = _group(greece, joining=Joining.OPEN)
    member = teacher(country=greece)
    services.group_join(user=member, group=group)
    forum = discussion_selectors.forums_of("groups.group", group.pk)[0]
    discussion = discussion_services.discussion_create(actor=nso, forum=forum, title="Welcome")
    log_in(client, nso)
    assert client.post(reverse("groups:close", args=[group.pk]), {"closed": "1", "reason": "ended"}).status_code == 302
    assert AuditEvent.objects.get(action="groups.closed").reason == "ended"
    log_in(client, member)
    page = client.get(reverse("discussions:discussion", args=[discussion.pk])).content.decode()
    assert "The group is closed" in page and 'name="title"' not in page
    assert client.post(reverse("groups:close", args=[group.pk]), {"closed": "0"}).status_code == 403
    with pytest.raises(NotAllowed):
        services.group_join(user=teacher(country=greece), group=group)


def test_only_moderators_change_roles_remove_and_write_pages(client, greece):
    group, nso = _group(greece, joining=Joining.OPEN)
    member, other = teacher(country=greece), teacher(country=greece)
    for person in (member, other):
        services.group_join(user=person, group=group)
    membership = Membership.objects.get(group=group, user=other)
    log_in(client, member)
    for name in ("groups:member_role", "groups:member_remove"):
        assert client.post(reverse(name, args=[group.pk, membership.pk]), {"role": "moderator"}).status_code == 403
    assert client.get(reverse("groups:page_new", args=[group.pk])).status_code == 403
    log_in(client, nso)
    client.post(reverse("groups:member_role", args=[group.pk, membership.pk]), {"role": "moderator"})
    assert Membership.objects.get(pk=membership.pk).role == Role.MODERATOR
    response = client.post(reverse("groups:page_new", args=[group.pk]), {"title": "Resources", "body": "<p>Links</p>"})
    page = GroupPage.objects.get()
    assert response.status_code == 302 and page.title == "Resources"
    client.post(reverse("groups:member_remove", args=[group.pk, membership.pk]), {"reason": "spam"})
    group.refresh_from_db()
    assert not Membership.objects.filter(pk=membership.pk).exists() and group.member_count == 2
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"groups.moderator_appointed", "groups.member_removed"} <= actions
    log_in(client, member)
    assert "Links" in client.get(reverse("groups:page", args=[group.pk, page.pk])).content.decode()
    log_in(client, other)  # removed: the pages are members' only
    assert client.get(reverse("groups:page", args=[group.pk, page.pk])).status_code == 404


def test_staff_of_another_country_do_not_moderate(client, greece, italy):
    group, nso = _group(greece, joining=Joining.OPEN)
    log_in(client, nso_staff(italy))
    assert client.get(reverse("groups:members", args=[group.pk])).status_code == 404
    assert client.post(reverse("groups:close", args=[group.pk]), {"closed": "1"}).status_code == 403
    log_in(client, css_staff())
    assert client.get(reverse("groups:members", args=[group.pk])).status_code == 200


def test_the_directory_searches_and_filters(client, greece, italy):
    _group(greece, name="Ρομποτική στην τάξη")
    _group(italy, name="Robotica a scuola")
    services.group_create(actor=css_staff(), name="Climate Europe", summary="s", country=None)
    page = client.get(reverse("groups:directory"), {"q": "ρομποτικη"}).content.decode()
    assert "Ρομποτική στην τάξη" in page and "Robotica" not in page
    page = client.get(reverse("groups:directory"), {"scope": "european"}).content.decode()
    assert "Climate Europe" in page and "Robotica" not in page
    page = client.get(reverse("groups:directory"), {"country": italy.pk}).content.decode()
    assert "Robotica a scuola" in page and "Climate" not in page
    for bad in ({"country": "x"}, {"page": "999"}, {"subject": "-1"}, {"q": "<script>"}):
        assert client.get(reverse("groups:directory"), bad).status_code == 200


def test_the_directory_keeps_a_fixed_number_of_queries(client, greece):
    counts = []
    for n in (2, 15):
        for i in range(n):
            _group(greece, name=f"Group {n}-{i}")
        client.get(reverse("groups:directory"))
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("groups:directory"))
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_privacy_export_and_erasure(greece):
    group, nso = _group(greece, joining=Joining.OPEN)
    person = teacher(country=greece)
    services.group_join(user=person, group=group)
    assert privacy.export_groups(person)[0]["group"] == "Robotics in class"
    privacy.erase_groups(person)
    group.refresh_from_db()
    assert not Membership.objects.filter(user=person).exists() and group.member_count == 1


def test_pages_in_greek(client, greece):
    group, nso = _group(greece, joining=Joining.OPEN)
    log_in(client, nso)
    page = client.get(f"/el/groups/{group.pk}/").content.decode()
    assert "Μέλη" in page and "Members" not in page
    page = client.get("/el/groups/").content.decode()
    assert "Ομάδες" in page and "Find a group" not in page


def test_moderators_reorder_and_delete_pages(client, greece):
    group, nso = _group(greece, joining=Joining.OPEN)
    member = teacher(country=greece)
    services.group_join(user=member, group=group)
    first, second, third = (
        services.page_save(actor=nso, group=group, page=None, title=t, body=f"<p>{t}</p>") for t in ("A", "B", "C")
    )
    url = lambda page: reverse("groups:page_change", args=[group.pk, page.pk])  # noqa: E731
    log_in(client, member)
    assert client.post(url(first), {"do": "delete"}).status_code == 403
    log_in(client, nso)
    client.post(url(third), {"do": "up"})
    assert list(GroupPage.objects.order_by("position").values_list("title", flat=True)) == ["A", "C", "B"]
    client.post(url(first), {"do": "up"})  # already first: nothing moves
    assert list(GroupPage.objects.order_by("position").values_list("title", flat=True)) == ["A", "C", "B"]
    assert client.post(url(first), {"do": "explode"}).status_code == 400
    client.post(url(first), {"do": "delete"})
    assert list(GroupPage.objects.order_by("position").values_list("title", "position")) == [("C", 0), ("B", 1)]
    assert client.post(reverse("groups:page_change", args=[group.pk, 999999]), {"do": "delete"}).status_code == 404
