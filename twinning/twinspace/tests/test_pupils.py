"""Pupils (domain §6): logins made by a founder for a class of their school, login cards, the parents'
consent before signing in, what a signed-in pupil may and may not reach, password resets, removal, the
switch-off when their projects close and the erasure after the keeping time."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from twinning.accounts.models import ConsentMethod, Pupil
from twinning.accounts.services import pupils as pupil_accounts
from twinning.accounts.tests.factories import log_in, nso_staff, teacher
from twinning.contacts.tests.factories import make_contacts
from twinning.core.models import AuditEvent
from twinning.core.pupils import is_pupil
from twinning.discussions import services as discussion_services
from twinning.discussions.models import Post
from twinning.projects import services as project_services
from twinning.projects.models import ProjectStatus
from twinning.projects.tests.factories import active_project, etwinner, school_of
from twinning.twinspace import policies, selectors, services
from twinning.twinspace.models import PupilMembership, PupilRole
from twinning.twinspace.policies import Role

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def world(greece, italy):
    founder, partner = etwinner(greece), etwinner(italy)
    make_contacts(founder, partner)
    project = active_project(founder, partner)
    member = etwinner(greece)
    make_contacts(founder, member)
    project_services.member_invite(project=project, by=founder, user=member)
    project_services.invitation_answer(project=project, user=member, accept=True, school=school_of(member))
    workspace = services.workspace_open(project)
    workspace.project = project
    return {"project": project, "founder": founder, "partner": partner, "member": member, "workspace": workspace}


def add(world, who="founder", count=3, nicknames="", team="B2", under=True):
    return services.pupils_add(
        actor=world[who], workspace=world["workspace"], count=count, nicknames=nicknames, team=team,
        under_consent_age=under,
    )  # fmt: skip


def consent(world, login, who="founder"):
    membership = PupilMembership.objects.get(pupil=login.pupil)
    membership.workspace.project = world["project"]
    services.pupil_consent_record(
        actor=world[who], membership=membership, date=timezone.localdate(), method=ConsentMethod.PAPER
    )


def sign_in(client, username, password):
    return client.post(reverse("pupils:login"), {"username": username, "password": password})


def test_a_founder_makes_logins_for_a_class_and_prints_the_cards(client, world):
    project = world["project"]
    log_in(client, world["founder"])
    response = client.post(
        reverse("twinspace:pupils", args=[project.pk]),
        {"count": 3, "nicknames": "Νίκος\nMaria", "team": "B2", "under_consent_age": "on"},
    )
    assert response.status_code == 302
    pupils = list(Pupil.objects.filter(school=school_of(world["founder"])).select_related("user").order_by("number"))
    assert [p.number for p in pupils] == [1, 2, 3]
    assert [p.nickname for p in pupils] == ["Νίκος", "Maria", ""]
    assert all(is_pupil(p.user) and p.under_consent_age and not p.may_sign_in for p in pupils)
    assert all("@" not in p.user.username and p.user.username.count("-") == 2 for p in pupils)
    assert set(PupilMembership.objects.filter(workspace=world["workspace"]).values_list("team", flat=True)) == {"B2"}
    assert AuditEvent.objects.filter(action="pupils.created").count() == 1
    assert AuditEvent.objects.filter(action="twinspace.pupils_added", target_id=str(project.pk)).exists()
    page = client.get(reverse("twinspace:pupils", args=[project.pk])).content.decode()
    assert all(p.user.username in page for p in pupils)  # the passwords are on the page until "done"
    cards = client.get(reverse("twinspace:pupil_cards", args=[project.pk]))
    assert cards.status_code == 200 and cards["Content-Type"] == "application/pdf"
    assert cards.content.startswith(b"%PDF")
    client.post(reverse("twinspace:pupil_cards_done", args=[project.pk]))
    assert client.get(reverse("twinspace:pupil_cards", args=[project.pk])).status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {"count": 0},
        {"count": 61},
        {"count": 1, "nicknames": "One\nTwo"},
        {"count": 2, "nicknames": "x" * 41},
        {"count": 2, "nicknames": "someone@example.com"},
        {"count": 2, "team": "t" * 61},
        {"count": "many"},
    ],
)
def test_bad_input_makes_no_login(client, world, data):
    log_in(client, world["founder"])
    response = client.post(reverse("twinspace:pupils", args=[world["project"].pk]), data)
    assert response.status_code == 200 and b"error" in response.content
    assert not Pupil.objects.exists() and not User.objects.filter(email__endswith="invalid").exists()


def test_only_founders_manage_pupils_and_only_their_own_schools(client, world, greece):
    logins = add(world)
    project, pupil = world["project"], logins[0].pupil
    url = reverse("twinspace:pupils", args=[project.pk])
    log_in(client, world["member"])  # a teacher member sees the list, adds nobody
    assert client.get(url).status_code == 200
    assert client.post(url, {"count": 2}).status_code == 403
    assert client.post(reverse("twinspace:pupil_reset", args=[project.pk, pupil.pk])).status_code == 403
    log_in(client, world["partner"])  # the Italian founder manages the Italian school's pupils, not these
    assert client.get(reverse("twinspace:pupil", args=[project.pk, pupil.pk])).status_code == 404
    assert client.post(reverse("twinspace:pupil_remove", args=[project.pk, pupil.pk])).status_code == 404
    log_in(client, teacher(country=greece))
    assert client.get(url).status_code == 403
    log_in(client, nso_staff(greece))  # staff read the list, change nothing
    assert client.get(url).status_code == 200
    assert client.post(reverse("twinspace:pupil_reset", args=[project.pk, pupil.pk])).status_code == 403
    assert PupilMembership.objects.filter(pupil=pupil).exists()


def test_a_pupil_signs_in_only_once_the_parents_consent_is_recorded(client, world):
    login = add(world, count=1)[0]
    response = sign_in(client, login.username, login.password)
    assert response.status_code == 400 and "consent" in response.content.decode()
    assert "_auth_user_id" not in client.session
    consent(world, login)
    response = sign_in(client, login.username, login.password)
    assert response.status_code == 302 and response["Location"] == reverse("twinspace:mine")
    page = client.get(reverse("twinspace:mine")).content.decode()
    assert world["project"].title in page
    assert AuditEvent.objects.filter(action="pupils.consent_recorded").exists()


def test_pupils_over_the_age_of_consent_sign_in_at_once_and_bad_passwords_fail(client, world):
    login = add(world, count=1, under=False)[0]
    assert sign_in(client, login.username, "wrong").status_code == 400
    assert sign_in(client, login.username, login.password).status_code == 302


def test_teachers_cannot_use_the_pupils_page_nor_pupils_the_main_login(client, world):
    founder = world["founder"]
    founder.set_password("a long teacher password")
    founder.save()
    assert sign_in(client, founder.username, "a long teacher password").status_code == 400
    login = add(world, count=1, under=False)[0]
    response = client.post(reverse("account_login"), {"login": login.pupil.user.email, "password": login.password})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 302) and response.get("Location", "") != reverse("twinspace:mine")


def test_a_pupil_sees_only_their_workspace_never_the_bulletin_nor_the_rest_of_the_site(client, world, greece):
    project, workspace = world["project"], world["workspace"]
    login = add(world, count=1, under=False)[0]
    forums = selectors.forums(workspace)
    plan = discussion_services.discussion_create(actor=world["founder"], forum=forums[services.BULLETIN], title="Plan")
    talk = discussion_services.discussion_create(actor=world["founder"], forum=forums[services.FORUM], title="Talk")
    thread = discussion_services.thread_create(
        actor=world["founder"], discussion=talk, title="Rivers", body="<p>Hi</p>"
    )
    other_founder, other_partner = etwinner(greece), world["partner"]
    make_contacts(other_founder, other_partner)
    other = active_project(other_founder, other_partner)
    services.workspace_open(other)  # public by default: a visitor would see it; a pupil of another may not
    sign_in(client, login.username, login.password)
    home = client.get(reverse("twinspace:home", args=[project.pk])).content.decode()
    assert "Talk" in home and reverse("discussions:forum", args=[forums[services.BULLETIN].pk]) not in home
    assert world["founder"].email not in home
    assert client.get(reverse("discussions:discussion", args=[plan.pk])).status_code == 404
    assert client.get(reverse("discussions:forum", args=[forums[services.BULLETIN].pk])).status_code == 404
    assert client.get(reverse("twinspace:home", args=[other.pk])).status_code == 404
    for name in ("accounts:dashboard", "partners:search", "stats:home", "groups:directory", "accounts:notifications"):
        assert client.get(reverse(name)).status_code == 404, name
    assert client.get(reverse("accounts:person", args=[world["founder"].pk])).status_code == 404
    # they reply in a thread, and cannot open a discussion or a thread
    assert client.post(reverse("discussions:thread", args=[thread.pk]), {"body": "<p>Our river</p>"}).status_code == 302
    assert Post.objects.filter(thread=thread, author=login.pupil.user, body__contains="Our river").exists()
    response = client.post(reverse("discussions:discussion", args=[talk.pk]), {"title": "t", "body": "<p>b</p>"})
    assert response.status_code == 403
    assert client.get(reverse("twinspace:pupils", args=[project.pk])).status_code == 403
    assert client.get(reverse("twinspace:page_new", args=[project.pk])).status_code == 403


def test_pupil_admins_write_pages(client, world):
    login = add(world, count=1, under=False)[0]
    membership = PupilMembership.objects.get(pupil=login.pupil)
    membership.workspace.project = world["project"]
    services.pupil_update(actor=world["founder"], membership=membership, nickname="Ελένη", team="A", role="pupil_admin")
    assert policies.role_of(login.pupil.user, world["project"]) == Role.PUPIL_ADMIN
    sign_in(client, login.username, login.password)
    response = client.post(
        reverse("twinspace:page_new", args=[world["project"].pk]), {"title": "Our school", "body": "<p>Hello</p>"}
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="twinspace.pupil_changed").exists()
    assert User.objects.get(pk=login.pupil.pk).first_name == "Ελένη"


def test_pupils_see_only_their_own_schools_pupils_and_the_home_keeps_its_queries(client, world):
    greek = add(world, count=2, nicknames="Γιώργος\nΆννα", under=False)
    add(world, who="partner", count=2, nicknames="Giulia\nMarco", under=False)
    login = greek[0]
    sign_in(client, login.username, login.password)
    home = client.get(reverse("twinspace:home", args=[world["project"].pk])).content.decode()
    assert "Άννα" in home and "Giulia" not in home and "Marco" not in home
    log_in(client, world["member"])  # teachers see how many each school has, and every name on the pupils' page
    home = client.get(reverse("twinspace:home", args=[world["project"].pk])).content.decode()
    assert school_of(world["partner"]).name in home and "2 pupils" in home
    names = client.get(reverse("twinspace:pupils", args=[world["project"].pk])).content.decode()
    assert "Άννα" in names and "Giulia" in names
    counts = []
    for more in (0, 12):
        if more:
            add(world, count=more)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("twinspace:home", args=[world["project"].pk])).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_a_password_reset_replaces_the_old_one(client, world):
    login = add(world, count=1, under=False)[0]
    log_in(client, world["founder"])
    client.post(reverse("twinspace:pupil_reset", args=[world["project"].pk, login.pupil.pk]))
    page = client.get(reverse("twinspace:pupils", args=[world["project"].pk])).content.decode()
    client.logout()
    assert sign_in(client, login.username, login.password).status_code == 400
    new = list(client.session.get("twinspace_new_logins", {}).values())
    assert login.username in page and not new  # the new password is only in the founder's session
    assert AuditEvent.objects.filter(action="pupils.password_reset").exists()


def test_consent_in_the_future_or_without_a_method_is_refused(client, world):
    login = add(world, count=1)[0]
    log_in(client, world["founder"])
    url = reverse("twinspace:pupil", args=[world["project"].pk, login.pupil.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for data in ({"consent_date": tomorrow.isoformat(), "consent_method": "paper"},
                 {"consent_date": "2026-01-01", "consent_method": "carrier pigeon"}):  # fmt: skip
        assert client.post(url, {"form": "consent", **data}).status_code == 200
    assert Pupil.objects.get(pk=login.pupil.pk).consent_date is None
    client.post(url, {"form": "publication", "given": "yes"})
    assert Pupil.objects.get(pk=login.pupil.pk).publication_consent


def test_removing_a_pupil_from_their_last_project_switches_the_login_off(client, world):
    login = add(world, count=1, under=False)[0]
    log_in(client, world["founder"])
    client.post(reverse("twinspace:pupil_remove", args=[world["project"].pk, login.pupil.pk]))
    pupil = Pupil.objects.select_related("user", "school").get(pk=login.pupil.pk)
    assert pupil.deactivated_at is not None and not pupil.user.is_active
    assert pupil.user.first_name == pupil_accounts.pseudonym(pupil)
    assert pupil.school.name in pupil.user.first_name and "1" in pupil.user.first_name
    client.logout()
    assert sign_in(client, login.username, login.password).status_code == 400


def test_when_the_project_closes_pupils_are_switched_off_then_erased(world):
    login = add(world, count=1, under=False)[0]
    forum = selectors.forums(world["workspace"])[services.FORUM]
    talk = discussion_services.discussion_create(actor=world["founder"], forum=forum, title="Talk")
    thread = discussion_services.thread_create(actor=world["founder"], discussion=talk, title="Rivers", body="<p>x</p>")
    post = discussion_services.post_reply(actor=login.pupil.user, thread=thread, body="<p>I am Nikos</p>")
    assert services.pupils_lifecycle()["switched_off"] == 0  # the project is active
    project = world["project"]
    project.status, project.closed_at = ProjectStatus.CLOSED, timezone.make_aware(datetime.datetime(2027, 6, 20))
    project.save()
    assert services.pupils_lifecycle(datetime.date(2027, 6, 21)) == {"switched_off": 1, "erased": 0}
    pupil = Pupil.objects.get(pk=login.pupil.pk)
    assert pupil.erase_after == datetime.date(2027, 12, 31)  # the school year's end + 4 months
    assert services.pupils_lifecycle(datetime.date(2027, 12, 31)) == {"switched_off": 0, "erased": 0}
    Post.objects.get(pk=post.pk)  # still there, under the pseudonym
    assert services.pupils_lifecycle(datetime.date(2028, 1, 1)) == {"switched_off": 0, "erased": 1}
    user = User.objects.get(pk=login.pupil.pk)
    assert not Pupil.objects.filter(pk=login.pupil.pk).exists() and user.anonymised_at is not None
    assert login.username not in (user.username, user.email) and not user.has_usable_password()
    assert Post.objects.get(pk=post.pk).body == "" and AuditEvent.objects.filter(action="pupils.erased").exists()


def test_the_reserved_domain_cannot_be_used_to_sign_up():
    from django import forms

    from twinning.accounts.adapter import AccountAdapter

    with pytest.raises(forms.ValidationError):
        AccountAdapter().clean_email("someone@pupils.twinning.invalid")
    assert AccountAdapter().clean_email("someone@school.gr") == "someone@school.gr"


def test_a_pupil_of_another_project_gets_404_on_its_pupils_and_files(client, world, greece):
    login = add(world, count=1, under=False)[0]
    other_founder = etwinner(greece)
    make_contacts(other_founder, world["partner"])
    other = active_project(other_founder, world["partner"])
    workspace = services.workspace_open(other)
    workspace.project = other
    stranger = services.pupils_add(
        actor=other_founder, workspace=workspace, count=1, nicknames="", team="", under_consent_age=False
    )[0]
    sign_in(client, stranger.username, stranger.password)
    assert client.get(reverse("twinspace:home", args=[world["project"].pk])).status_code == 404
    assert client.get(reverse("twinspace:pupil", args=[world["project"].pk, login.pupil.pk])).status_code == 404
    assert PupilMembership.objects.get(pupil=stranger.pupil).role == PupilRole.PUPIL
