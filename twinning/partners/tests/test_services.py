import datetime

import pytest
from django.utils import timezone

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import nso_staff, teacher
from twinning.core.errors import NotAllowed
from twinning.core.models import AuditEvent, Notification
from twinning.partners import services
from twinning.partners.models import Post
from twinning.reference.models import Country, Subject
from twinning.schools.tests.factories import SchoolFactory

from .factories import etwinner, make_post, post_fields

pytestmark = pytest.mark.django_db


def test_an_etwinner_publishes_a_post_with_search_columns_and_an_audit_event(greece):
    author = etwinner(country=greece)
    post = make_post(author, title="Βιοποικιλότητα στην ΑΥΛΗ", description="Φυτά και έντομα.")
    post.refresh_from_db()
    assert post.country_id == greece.pk
    assert "βιοποικιλοτητα" in post.search_text and "εντομα" in post.search_text
    assert post.expires_on == timezone.localdate() + datetime.timedelta(days=90)
    assert AuditEvent.objects.filter(action="partner_post.created", target_id=str(post.pk)).exists()
    assert post.is_open


@pytest.mark.parametrize("status", [ValidationStatus.PENDING, ValidationStatus.REGISTERED, ValidationStatus.REJECTED])
def test_only_validated_teachers_publish(greece, status):
    author = teacher(country=greece, status=status)
    with pytest.raises(NotAllowed):
        services.post_create(author=author, **post_fields(author))
    assert not Post.objects.exists()


def test_fifty_subjects_is_a_clear_error_and_writes_nothing(greece):
    author = etwinner(country=greece)
    subjects = list(Subject.objects.all()[:50])
    assert len(subjects) > services.MAX_SUBJECTS
    with pytest.raises(services.PostError) as error:
        services.post_create(author=author, **post_fields(author, subjects=subjects))
    assert error.value.field == "subjects"
    assert "at most 5 subjects" in str(error.value.message)
    assert not Post.objects.exists()


def test_a_ten_megabyte_description_is_a_clear_error(greece):
    author = etwinner(country=greece)
    with pytest.raises(services.PostError) as error:
        services.post_create(author=author, **post_fields(author, description="x" * 10_000_000))
    assert error.value.field == "description"
    assert not Post.objects.exists()


def test_the_school_must_be_one_of_the_authors(greece):
    author = etwinner(country=greece)
    with pytest.raises(services.PostError) as error:
        services.post_create(author=author, **post_fields(author, school=SchoolFactory(country=greece)))
    assert error.value.field == "school"


def test_expiry_is_bounded_by_the_rule(greece):
    author = etwinner(country=greece)
    too_late = timezone.localdate() + datetime.timedelta(days=400)
    with pytest.raises(services.PostError) as error:
        services.post_create(author=author, **post_fields(author, expires_on=too_late))
    assert error.value.field == "expires_on"
    with pytest.raises(services.PostError):
        services.post_create(author=author, **post_fields(author, expires_on=timezone.localdate()))


def test_erasmus_number_is_checked_and_stored_upper_case(greece):
    author = etwinner(country=greece)
    post = make_post(author, erasmus_number="2025-1-el01-ka220-sch-000123", purpose="erasmus")
    assert post.erasmus_number == "2025-1-EL01-KA220-SCH-000123"
    with pytest.raises(services.PostError):
        make_post(author, erasmus_number="<script>")


def test_only_the_author_edits_closes_and_renews(greece):
    post = make_post(etwinner(country=greece))
    other = etwinner(country=greece)
    with pytest.raises(NotAllowed):
        services.post_update(post=post, by=other, **post_fields(other))
    with pytest.raises(NotAllowed):
        services.post_close(post=post, by=other)
    with pytest.raises(NotAllowed):
        services.post_renew(post=post, by=other)


def test_close_then_renew(greece):
    author = etwinner(country=greece)
    post = make_post(author)
    services.post_close(post=post, by=author)
    post.refresh_from_db()
    assert not post.is_open
    with pytest.raises(services.PostError):
        services.post_close(post=post, by=author)
    services.post_renew(post=post, by=author)
    post.refresh_from_db()
    assert post.is_open
    actions = set(AuditEvent.objects.filter(target_id=str(post.pk)).values_list("action", flat=True))
    assert {"partner_post.closed", "partner_post.renewed"} <= actions


def test_update_refreshes_the_search_text(greece):
    author = etwinner(country=greece)
    post = make_post(author)
    services.post_update(post=post, by=author, **post_fields(author, title="Ρομποτική για αρχάριους"))
    post.refresh_from_db()
    assert post.search_text.startswith("ρομποτικη")


def test_nso_of_the_authors_country_hides_a_post_and_the_author_is_told(greece, italy):
    author = etwinner(country=greece)
    post = make_post(author)
    with pytest.raises(NotAllowed):
        services.post_hide(post=post, by=nso_staff(italy), reason="spam")
    nso = nso_staff(greece)
    with pytest.raises(services.PostError):
        services.post_hide(post=post, by=nso, reason=" ")
    assert services.post_hide(post=post, by=nso, reason="Advertising")
    post.refresh_from_db()
    assert post.hidden_at and not post.is_open
    assert Notification.objects.filter(recipient=author, kind="partners.post_hidden").exists()
    assert AuditEvent.objects.filter(action="partner_post.hidden", reason="Advertising").exists()


def test_expiry_notices_are_sent_once(greece):
    author = etwinner(country=greece)
    make_post(author, expires_on=timezone.localdate() + datetime.timedelta(days=3))
    make_post(author, title="Later", expires_on=timezone.localdate() + datetime.timedelta(days=60))
    assert services.expiry_notices_send() == 1
    assert services.expiry_notices_send() == 0
    assert Notification.objects.filter(recipient=author, kind="partners.post_expiring").count() == 1


def test_script_tags_are_stored_as_text(greece):
    post = make_post(etwinner(country=greece), title="<script>alert(1)</script>")
    assert Post.objects.get(pk=post.pk).title == "<script>alert(1)</script>"


def test_countries_wanted_limit(greece):
    author = etwinner(country=greece)
    with pytest.raises(services.PostError) as error:
        make_post(author, countries_wanted=list(Country.objects.all()[:20]))
    assert error.value.field == "countries_wanted"


def _profile_row(user):
    from twinning.partners.models import PartnerProfile

    return PartnerProfile.objects.filter(user_id=user.pk).first()


def test_the_derived_partner_profile_follows_the_teaching_profile(greece, italy):
    from twinning.accounts.models import Visibility
    from twinning.reference.models import AgeBand, Language

    person = etwinner(country=greece, subjects=["biology", "art"], languages=["en"], age_bands=["12-15"])
    row = _profile_row(person)
    biology, art = Subject.objects.get(code="biology").pk, Subject.objects.get(code="art").pk
    assert row.subjects == sorted([biology, art])
    assert row.languages == [Language.objects.get(code="en").pk]
    assert row.age_bands == [AgeBand.objects.get(code="12-15").pk]
    assert row.eligible and row.country_id == greece.pk and row.visibility == person.visibility
    english, ages = Language.objects.get(code="en").pk, AgeBand.objects.get(code="12-15").pk
    # Every combination of one subject, one age band and one language, each optional: 3 x 2 x 2 - 1.
    assert len(row.fits) == 11 and row.fits == sorted(row.fits)
    assert (biology << 20 | ages << 10 | english) in row.fits and (art << 20) in row.fits and english in row.fits
    person.subjects.remove(Subject.objects.get(code="art"))
    assert _profile_row(person).subjects == [biology]
    person.visibility = Visibility.HIDDEN
    person.country = italy
    person.save(update_fields=["visibility", "country"])
    row = _profile_row(person)
    assert row.visibility == Visibility.HIDDEN and row.country_id == italy.pk
    person.validation_status = ValidationStatus.REJECTED
    person.save()
    assert not _profile_row(person).eligible
    person.subjects.clear()
    person.languages.clear()
    person.age_bands.clear()
    assert _profile_row(person) is None  # nothing to match on: no row


def test_a_teacher_without_teaching_data_has_no_derived_row(greece):
    assert _profile_row(etwinner(country=greece)) is None


def test_the_rebuild_writes_the_same_rows_as_the_refresh(greece):
    from twinning.partners.models import PartnerProfile

    people = [
        etwinner(country=greece, subjects=["biology", "art"], languages=["en", "it"], age_bands=["12-15"]),
        etwinner(country=greece, age_bands=["12-15"]),
    ]
    before = {
        p.user_id: (p.subjects, p.age_bands, p.languages, p.fits, p.eligible) for p in PartnerProfile.objects.all()
    }
    PartnerProfile.objects.filter(user_id=people[0].pk).update(subjects=[], fits=[], eligible=False)
    PartnerProfile.objects.create(user=etwinner(country=greece), subjects=[1], eligible=True)  # stale row
    assert services.partner_profiles_rebuild() == 2
    after = {
        p.user_id: (p.subjects, p.age_bands, p.languages, p.fits, p.eligible) for p in PartnerProfile.objects.all()
    }
    assert after == before and set(after) == {p.pk for p in people}


def test_erasure_removes_the_derived_row(greece):
    person = etwinner(country=greece, subjects=["biology"])
    make_post(person)
    assert services.posts_erase_for(person) >= 1
    assert _profile_row(person) is None and not Post.objects.filter(author=person).exists()


def test_a_posts_id_lists_follow_its_links(greece, italy):
    from twinning.reference.models import Language

    author = etwinner(country=greece)
    post = make_post(author, subjects_codes=["biology", "art"], countries_wanted=[italy])
    post.refresh_from_db()
    biology, art = Subject.objects.get(code="biology").pk, Subject.objects.get(code="art").pk
    assert post.subject_ids == sorted([biology, art]) and post.wanted_country_ids == [italy.pk]
    assert post.language_ids == [Language.objects.get(code="en").pk]
    services.post_update(post=post, by=author, **post_fields(author, subjects_codes=["art"], countries_wanted=[]))
    post.refresh_from_db()
    assert post.subject_ids == [art] and post.wanted_country_ids == []


def test_the_sweep_marks_expired_posts_lapsed_and_renewing_or_editing_clears_it(greece):
    author = etwinner(country=greece)
    today = timezone.localdate()
    expired, open_post, renewed = make_post(author, title="Old"), make_post(author, title="Open"), make_post(author)
    Post.objects.filter(pk__in=[expired.pk, renewed.pk]).update(expires_on=today - datetime.timedelta(days=1))
    # Before the sweep the date alone keeps an expired post out of the search.
    assert set(Post.objects.open()) == {open_post}

    assert services.lapsed_posts_sweep() == 2
    assert services.lapsed_posts_sweep() == 0  # safe to run twice
    assert set(Post.objects.filter(lapsed=True)) == {expired, renewed}
    assert set(Post.objects.open()) == {open_post}

    expired.refresh_from_db()
    services.post_renew(post=renewed, by=author)
    services.post_update(post=expired, by=author, **post_fields(author, title="Old, again"))
    assert not Post.objects.filter(lapsed=True).exists()
    assert set(Post.objects.open()) == {open_post, expired, renewed}


def test_the_sweep_leaves_a_post_expiring_today_open(greece):
    post = make_post(etwinner(country=greece))
    Post.objects.filter(pk=post.pk).update(expires_on=timezone.localdate())
    assert services.lapsed_posts_sweep() == 0
    assert list(Post.objects.open()) == [post]


def test_fit_keys_cross_the_lists_and_a_search_keys_its_own_combinations():
    from twinning.partners.models import FIT_KEYS_MAX, FIT_LIMIT, fit_keys, search_fit_keys

    assert fit_keys([3], [2], [1]) == sorted(
        [3 << 20 | 2 << 10 | 1, 3 << 20 | 2 << 10, 3 << 20 | 1, 3 << 20, 2 << 10 | 1, 2 << 10, 1]
    )
    assert fit_keys([], [], []) == []
    assert fit_keys([5, FIT_LIMIT], [], []) == [5 << 20]  # an id beyond ten bits is left out
    # Any of the subjects chosen, and any of the languages: a teacher of subject 3 in language 1 fits.
    chosen = search_fit_keys([3, 4], [], [1])
    assert chosen == [3 << 20 | 1, 4 << 20 | 1] and set(chosen) & set(fit_keys([3], [2], [1]))
    assert not set(search_fit_keys([4], [], [1])) & set(fit_keys([3], [2], [1]))
    assert not set(search_fit_keys([3], [7], [])) & set(fit_keys([3], [2], [1]))
    assert search_fit_keys([], [], []) is None
    assert search_fit_keys([FIT_LIMIT], [], []) is None  # read from the three lists instead
    assert search_fit_keys(range(1, 100), range(1, 10), range(1, FIT_KEYS_MAX // 900 + 2)) is None
