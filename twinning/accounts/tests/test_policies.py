"""The people policies called directly: whom staff see, who may decide on whom, who may ask for
validation, which profiles each viewer may see and whose photo each may open."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from twinning.accounts import policies, services
from twinning.accounts.models import CommunityRole, User, ValidationStatus, Visibility
from twinning.accounts.tests.factories import UserFactory, css_staff, nso_staff, teacher

pytestmark = pytest.mark.django_db

PHOTO = "profile-photos/0123456789abcdef.png"  # the policies read the name only; no file is needed


def _with_photo(person, **changes) -> User:
    changes = {"photo": PHOTO, **changes}
    User.objects.filter(pk=person.pk).update(**changes)
    return User.objects.get(pk=person.pk)


# --- Whom staff see -----------------------------------------------------------------------------------------


def test_nso_staff_see_the_live_accounts_of_their_country_only(greece, italy, greek_nso):
    greek = teacher(country=greece)
    italian = teacher(country=italy)
    erased = teacher(country=greece)
    User.objects.filter(pk=erased.pk).update(anonymised_at=timezone.now())
    deactivated = teacher(country=greece, is_active=False)
    without_country = UserFactory()

    visible = set(policies.people_visible_to_staff(greek_nso))
    assert greek in visible
    assert not visible & {italian, erased, deactivated, without_country}
    assert policies.person_for_staff_or_404(greek_nso, greek.pk) == greek
    for hidden in (italian, erased, deactivated):
        with pytest.raises(Http404):
            policies.person_for_staff_or_404(greek_nso, hidden.pk)


def test_css_staff_see_the_live_accounts_of_every_country(greece, italy, administrator):
    greek, italian, without_country = teacher(country=greece), teacher(country=italy), UserFactory()
    erased = teacher(country=italy)
    User.objects.filter(pk=erased.pk).update(anonymised_at=timezone.now())
    for user in (css_staff(), administrator):
        visible = set(policies.people_visible_to_staff(user))
        assert {greek, italian, without_country} <= visible
        assert erased not in visible


def test_the_staff_scope_narrows_the_queryset_it_is_given(greece, italy, greek_nso):
    waiting, validated = teacher(country=greece), teacher(country=greece, status=ValidationStatus.VALIDATED)
    teacher(country=italy)
    pending = User.objects.filter(validation_status=ValidationStatus.PENDING)
    assert list(policies.people_visible_to_staff(greek_nso, pending)) == [waiting]
    with pytest.raises(Http404):
        policies.person_for_staff_or_404(greek_nso, validated.pk, queryset=pending)


def test_people_without_a_staff_duty_see_nobody_as_staff(greece, attica_ambassador):
    person = teacher(country=greece)
    for user in (AnonymousUser(), teacher(country=greece, status=ValidationStatus.VALIDATED), attica_ambassador):
        assert not policies.people_visible_to_staff(user).exists()
        with pytest.raises(Http404):
            policies.person_for_staff_or_404(user, person.pk)


@pytest.mark.parametrize("bad", ["abc", "", None, "1.5", [1], "99999999999999999999999"])
def test_a_malformed_person_id_is_404_not_an_error(greece, bad):
    teacher(country=greece)
    with pytest.raises(Http404):
        policies.person_for_staff_or_404(css_staff(), bad)


# --- Deciding on validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (ValidationStatus.PENDING, True),
        (ValidationStatus.REGISTERED, False),
        (ValidationStatus.VALIDATED, False),
        (ValidationStatus.REJECTED, False),
    ],
)
def test_only_people_waiting_for_validation_are_decided_on(greece, greek_nso, status, allowed):
    assert policies.can_validate(greek_nso, teacher(country=greece, status=status)) is allowed


def test_nso_staff_decide_on_their_own_country_only(greece, italy, greek_nso):
    assert policies.can_validate(greek_nso, teacher(country=greece))
    assert not policies.can_validate(greek_nso, teacher(country=italy))
    assert policies.can_validate(nso_staff(italy), teacher(country=italy))


def test_nobody_decides_on_themselves(greece, greek_nso):
    User.objects.filter(pk=greek_nso.pk).update(country=greece, validation_status=ValidationStatus.PENDING)
    waiting_staff = User.objects.get(pk=greek_nso.pk)
    assert not policies.can_validate(waiting_staff, waiting_staff)
    assert policies.can_validate(nso_staff(greece), waiting_staff)  # a colleague may


def test_css_staff_decide_for_every_country_and_ambassadors_and_teachers_for_none(
    greece, italy, administrator, attica_ambassador
):
    italian = teacher(country=italy)
    assert policies.can_validate(css_staff(), italian)
    assert policies.can_validate(administrator, italian)
    greek = teacher(country=greece)
    assert not policies.can_validate(attica_ambassador, greek)  # ambassadors support, they do not decide
    assert not policies.can_validate(teacher(country=greece, status=ValidationStatus.VALIDATED), greek)


@pytest.mark.parametrize(
    ("status", "role", "allowed"),
    [
        (ValidationStatus.REGISTERED, CommunityRole.TEACHER, True),
        (ValidationStatus.REJECTED, CommunityRole.TEACHER, True),  # asks again after a rejection
        (ValidationStatus.REGISTERED, CommunityRole.ITE_STUDENT, True),
        (ValidationStatus.PENDING, CommunityRole.TEACHER, False),  # already waiting
        (ValidationStatus.VALIDATED, CommunityRole.TEACHER, False),
        (ValidationStatus.REGISTERED, CommunityRole.COMPANY_STAFF, False),  # cannot become an eTwinner
        (ValidationStatus.REGISTERED, "", False),  # no role chosen yet
    ],
)
def test_who_may_ask_for_validation(status, role, allowed):
    person = UserFactory(validation_status=status, community_role=role)
    assert policies.can_request_validation(person) is allowed


# --- Profiles and photos ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("viewer", "visibilities"),
    [
        ("anonymous", {Visibility.PUBLIC}),
        ("registered", {Visibility.PUBLIC, Visibility.MEMBERS}),
        ("waiting", {Visibility.PUBLIC, Visibility.MEMBERS}),  # not an eTwinner until validated
        ("erased", {Visibility.PUBLIC, Visibility.MEMBERS}),
        ("etwinner", {Visibility.PUBLIC, Visibility.MEMBERS, Visibility.ETWINNERS}),
    ],
)
def test_which_profiles_each_viewer_may_see(greece, viewer, visibilities):
    erased = teacher(country=greece, status=ValidationStatus.VALIDATED)
    User.objects.filter(pk=erased.pk).update(anonymised_at=timezone.now())
    person = {
        "anonymous": lambda: AnonymousUser(),
        "registered": lambda: UserFactory(),
        "waiting": lambda: teacher(country=greece, status=ValidationStatus.PENDING),
        "erased": lambda: User.objects.get(pk=erased.pk),
        "etwinner": lambda: teacher(country=greece, status=ValidationStatus.VALIDATED),
    }[viewer]()
    allowed = policies.profile_visibilities_for(person)
    assert set(allowed) == visibilities
    assert Visibility.HIDDEN not in allowed


@pytest.mark.parametrize(
    ("visibility", "anonymous", "registered", "etwinner"),
    [
        (Visibility.PUBLIC, True, True, True),
        (Visibility.MEMBERS, False, True, True),
        (Visibility.ETWINNERS, False, False, True),
        (Visibility.HIDDEN, False, False, False),
    ],
)
def test_a_photo_follows_the_profile_visibility(greece, visibility, anonymous, registered, etwinner):
    person = _with_photo(teacher(country=greece, status=ValidationStatus.VALIDATED), visibility=visibility)
    assert policies.can_see_photo(AnonymousUser(), person) is anonymous
    assert policies.can_see_photo(UserFactory(), person) is registered
    assert policies.can_see_photo(teacher(country=greece, status=ValidationStatus.VALIDATED), person) is etwinner
    assert policies.can_see_photo(person, person)  # one's own, whatever its visibility


def test_staff_of_the_persons_country_see_a_hidden_photo_and_staff_of_another_do_not(
    greece, italy, greek_nso, administrator, attica_ambassador
):
    person = _with_photo(teacher(country=greece), visibility=Visibility.HIDDEN)
    assert policies.can_see_photo(greek_nso, person)
    assert policies.can_see_photo(css_staff(), person)
    assert policies.can_see_photo(administrator, person)
    assert not policies.can_see_photo(nso_staff(italy), person)
    assert not policies.can_see_photo(attica_ambassador, person)  # an ambassador sees what members see


def test_an_inactive_profile_hides_its_photo_from_others_but_not_from_its_owner_or_staff(greece, greek_nso):
    person = _with_photo(
        teacher(country=greece, status=ValidationStatus.VALIDATED),
        visibility=Visibility.PUBLIC,
        inactive_since=timezone.now(),
    )
    assert not policies.can_see_photo(AnonymousUser(), person)
    assert not policies.can_see_photo(teacher(country=greece, status=ValidationStatus.VALIDATED), person)
    assert policies.can_see_photo(person, person)
    assert policies.can_see_photo(greek_nso, person)


def test_no_photo_and_an_erased_persons_photo_are_seen_by_nobody(greece, greek_nso):
    without = teacher(country=greece, status=ValidationStatus.VALIDATED, visibility=Visibility.PUBLIC)
    assert not policies.can_see_photo(without, without)
    assert not policies.can_see_photo(greek_nso, without)
    erased = _with_photo(teacher(country=greece), visibility=Visibility.PUBLIC, anonymised_at=timezone.now())
    assert not policies.can_see_photo(greek_nso, erased)
    assert not policies.can_see_photo(AnonymousUser(), erased)
    with pytest.raises(Http404):
        policies.person_with_photo_or_404(greek_nso, erased.pk)


def test_a_photo_is_fetched_only_for_whom_may_see_it(greece, italy, greek_nso):
    person = _with_photo(teacher(country=greece), visibility=Visibility.HIDDEN)
    assert policies.person_with_photo_or_404(greek_nso, person.pk) == person
    with pytest.raises(Http404):
        policies.person_with_photo_or_404(nso_staff(italy), person.pk)
    with pytest.raises(Http404):
        policies.person_with_photo_or_404(AnonymousUser(), person.pk)
    with pytest.raises(Http404):
        policies.person_with_photo_or_404(greek_nso, person.pk + 1000)


@pytest.mark.parametrize("bad", ["abc", [1]])
def test_a_malformed_id_for_a_photo_is_404_not_an_error(greece, greek_nso, bad):
    _with_photo(teacher(country=greece), visibility=Visibility.PUBLIC)
    with pytest.raises(Http404):
        policies.person_with_photo_or_404(greek_nso, bad)


def test_an_erased_account_cannot_be_validated(greece, greek_nso):
    person = teacher(country=greece, status=ValidationStatus.PENDING)
    assert policies.can_validate(greek_nso, person)
    services.account_erase(user=person, actor=None, reason="retention")
    person.refresh_from_db()
    assert not policies.can_validate(greek_nso, person)


def test_the_photo_of_someone_not_validated_is_not_public(greece):
    from django.contrib.auth.models import AnonymousUser

    person = _with_photo(teacher(country=greece, status=ValidationStatus.PENDING), visibility=Visibility.PUBLIC)
    assert not policies.can_see_photo(AnonymousUser(), person)
    assert policies.can_see_photo(person, person)
