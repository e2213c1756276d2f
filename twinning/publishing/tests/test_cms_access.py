"""Wagtail's admin (/cms/): closed to everyone without a role, open to NSO and CSS staff and the editorial
board after the platform's login and second factor; a country's NSO edits only its own news section."""

import pytest
from django.utils import timezone

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import css_staff, log_in, nso_staff, teacher, with_totp
from twinning.publishing import cms
from twinning.publishing.models import CMSGroup, CountrySectionPage, EditorialBoardMember


@pytest.mark.django_db
def test_cms_sends_visitors_to_the_platform_login(client, tree):
    response = client.get("/cms/")
    assert response.status_code == 302
    assert response["Location"].startswith("/el/accounts/login/") or "/accounts/login/" in response["Location"]
    assert "next=%2Fcms%2F" in response["Location"]


@pytest.mark.django_db
def test_wagtail_password_forms_lead_to_the_platform_login(client, tree):
    for path in ("/cms/login/", "/el/_util/login/"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("status", [ValidationStatus.VALIDATED, ValidationStatus.PENDING])
def test_teacher_gets_no_cms(client, tree, greece, status):
    person = with_totp(teacher(country=greece, status=status))
    log_in(client, person)
    assert client.get("/cms/").status_code == 403
    assert client.get("/cms/pages/").status_code == 403
    assert not person.groups.exists()


@pytest.mark.django_db
def test_nso_staff_enter_the_cms_and_get_their_country_group(client, tree, greek_nso):
    log_in(client, greek_nso)
    response = client.get("/cms/")
    assert response.status_code == 200
    keys = set(CMSGroup.objects.filter(group__user=greek_nso).values_list("key", flat=True))
    assert keys == {"nso:GR"}


@pytest.mark.django_db
def test_css_staff_are_editors_of_everything(client, tree):
    staff = css_staff()
    log_in(client, staff)
    assert client.get("/cms/pages/").status_code == 200
    magazine = tree["magazine"]
    assert magazine.permissions_for_user(staff).can_publish()


@pytest.mark.django_db
def test_editorial_board_member_enters_the_cms(client, tree, greece):
    member = with_totp(teacher(country=greece, status=ValidationStatus.VALIDATED))
    EditorialBoardMember.objects.create(user=member, role=EditorialBoardMember.Role.REVIEWER)
    log_in(client, member)
    assert client.get("/cms/").status_code == 200
    assert tree["magazine"].permissions_for_user(member).can_edit()
    assert not tree["news"].permissions_for_user(member).can_edit()


@pytest.mark.django_db
def test_board_member_without_second_factor_is_sent_to_set_one_up(client, tree, greece):
    member = teacher(country=greece, status=ValidationStatus.VALIDATED)
    EditorialBoardMember.objects.create(user=member, role=EditorialBoardMember.Role.REVIEWER)
    client.force_login(member)
    response = client.get("/cms/")
    assert response.status_code == 302
    assert "/accounts/2fa/" in response["Location"] or "mfa" in response["Location"]


@pytest.mark.django_db
def test_revoking_the_role_takes_the_cms_away(client, tree, greek_nso):
    log_in(client, greek_nso)
    assert client.get("/cms/").status_code == 200
    greek_nso.staff_roles.update(revoked_at=timezone.now())
    assert client.get("/cms/").status_code == 403  # the same session, the next request
    assert not CMSGroup.objects.filter(group__user=greek_nso).exists()


@pytest.mark.django_db
def test_nso_of_italy_cannot_edit_the_greek_section(client, tree, greece, italy, greek_nso):
    italian = nso_staff(italy)
    for person in (greek_nso, italian):
        cms.sync_groups(person)
    greek_section = CountrySectionPage.objects.get(country=greece, locale__language_code="el")
    italian_section = CountrySectionPage.objects.get(country=italy, locale__language_code="el")
    assert greek_section.permissions_for_user(greek_nso).can_publish()
    assert not greek_section.permissions_for_user(italian).can_edit()
    assert italian_section.permissions_for_user(italian).can_edit()
    assert not tree["magazine"].permissions_for_user(italian).can_edit()
    log_in(client, italian)
    response = client.get(f"/cms/pages/{greek_section.pk}/edit/")
    assert response.status_code in (302, 403)
    assert client.get(f"/cms/pages/{italian_section.pk}/edit/").status_code == 200


@pytest.mark.django_db
def test_cms_gets_a_looser_policy_than_the_public_pages(client, tree, greek_nso):
    log_in(client, greek_nso)
    cms_policy = client.get("/cms/")["Content-Security-Policy"]
    public_policy = client.get("/el/magazine/")["Content-Security-Policy"]
    assert "'unsafe-inline'" in cms_policy
    assert "'unsafe-inline'" not in public_policy


@pytest.mark.django_db
def test_an_image_of_two_megabytes_reaches_wagtails_uploader_but_other_admin_posts_keep_the_limit(
    client, tree, greek_nso, settings
):
    """The platform refuses bodies over MAX_REQUEST_BYTES (1 MB) before reading them; Wagtail's image and
    document uploaders take what their own checks accept."""
    import os
    from io import BytesIO

    from PIL import Image
    from wagtail.images.models import Image as WagtailImage

    log_in(client, greek_nso)
    client.get("/cms/")  # the NSO's CMS group is given on entry
    buffer = BytesIO()
    Image.frombytes("RGB", (800, 800), os.urandom(800 * 800 * 3)).save(buffer, "PNG")  # noise: ~1.9 MB
    data = buffer.getvalue()
    assert settings.MAX_REQUEST_BYTES < len(data) < settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    buffer.name = "cover.png"
    buffer.seek(0)
    response = client.post(
        "/cms/images/multiple/add/", {"files[]": buffer}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.status_code == 200, response.content[:300]
    assert WagtailImage.objects.filter(file_size=len(data)).exists()
    big_form = client.post("/cms/pages/", {"x": "y" * (settings.MAX_REQUEST_BYTES + 10)})
    assert big_form.status_code == 413


def test_the_longest_registered_prefix_sets_the_limit():
    from twinning.core import uploads

    def view():
        return None

    saved = dict(uploads._PATH_LIMITS)
    try:
        uploads.accept_uploads_under("/x/", 10)
        uploads.accept_uploads_under("/x/files/", 20)
        assert uploads.request_limit_of(view, "/x/files/add/") == 20
        assert uploads.request_limit_of(view, "/x/other/") == 10
        assert uploads.request_limit_of(view, "/y/") is None
        assert uploads.request_limit_of(uploads.accepts_upload(5)(view), "/x/files/") == 5  # the view's own wins
    finally:
        uploads._PATH_LIMITS.clear()
        uploads._PATH_LIMITS.update(saved)


def _next_page(user):
    return type(user).objects.get(pk=user.pk)


@pytest.mark.django_db
def test_the_board_role_is_kept_between_pages_and_every_change_is_seen(shared_cache, greece, django_assert_num_queries):
    from twinning.publishing import policies, services

    css = css_staff()
    member = teacher(country=greece, status=ValidationStatus.VALIDATED)
    assert not policies.may_use_cms(_next_page(member))
    page = _next_page(member)
    with django_assert_num_queries(0):  # the staff roles and the board role come from the cache
        assert not policies.may_use_cms(page)
    services.board_member_set(actor=css, user=member, role=EditorialBoardMember.Role.REVIEWER)
    assert policies.may_use_cms(_next_page(member))
    board = EditorialBoardMember.objects.get(user=member)
    board.role = EditorialBoardMember.Role.EDITOR_IN_CHIEF
    board.save()
    assert "board:editor_in_chief" in policies.cms_group_keys(_next_page(member))
    services.board_member_remove(actor=css, member=board)
    assert not policies.may_use_cms(_next_page(member))
