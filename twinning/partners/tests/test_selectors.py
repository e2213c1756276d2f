import datetime

import pytest
from django.db import connection
from django.utils import timezone

from twinning.accounts.models import Visibility
from twinning.contacts.models import Block
from twinning.partners import selectors, services
from twinning.partners.models import Post
from twinning.reference.models import AgeBand, Language, Subject

from .factories import etwinner, make_post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["βιολογια", "ΒΙΟΛΟΓΊΑ", "Βιολογία", "βιολογ"])
def test_greek_search_folds_accents_and_case(greece, query):
    post = make_post(etwinner(country=greece), title="Βιολογία και περιβάλλον")
    make_post(etwinner(country=greece), title="Robotics club", description="Coding robots.")
    found = list(selectors.post_search({"q": query}))
    assert found == [post]


def test_english_words_all_must_match(greece):
    post = make_post(etwinner(country=greece), title="Climate detectives", description="Air quality in town.")
    make_post(etwinner(country=greece), title="Climate art", description="Drawings.")
    assert list(selectors.post_search({"q": "climate air"})) == [post]


def test_filters_and_unknown_ids(greece, italy):
    bio = make_post(etwinner(country=greece), subjects_codes=["biology"], languages_codes=["en"])
    maths = make_post(etwinner(country=italy), subjects_codes=["mathematics"], languages_codes=["it"])
    biology = Subject.objects.get(code="biology")
    italian = Language.objects.get(code="it")
    assert list(selectors.post_search({"subjects": [biology.pk]})) == [bio]
    assert list(selectors.post_search({"languages": [italian]})) == [maths]
    assert list(selectors.post_search({"country": italy.pk})) == [maths]
    assert set(selectors.post_search({"subjects": ["x", None]})) == {bio, maths}


def test_purpose_erasmus_includes_both_and_number_prefix(greece):
    author = etwinner(country=greece)
    both = make_post(author, purpose="both", erasmus_number="2025-1-EL01-KA220-SCH-000123")
    make_post(author, purpose="etwinning", title="Other")
    assert list(selectors.post_search({"purpose": "erasmus"})) == [both]
    assert list(selectors.post_search({"erasmus_number": "2025-1-el01"})) == [both]


def test_closed_expired_and_hidden_posts_leave_the_search_but_stay_in_my_posts(greece):
    author = etwinner(country=greece)
    post = make_post(author)
    services.post_close(post=post, by=author)
    assert list(selectors.post_search({})) == []
    assert list(selectors.posts_of(author)) == [post]


def test_facets_count_the_filtered_open_posts(greece):
    author = etwinner(country=greece)
    make_post(author, subjects_codes=["biology", "art"])
    make_post(author, subjects_codes=["biology"])
    facets = selectors.post_facets({})
    biology = Subject.objects.get(code="biology").pk
    assert dict(facets.counts["subjects"])[biology] == 2
    assert not facets.sampled


def test_people_search_respects_visibility_and_hides_hidden_profiles(greece):
    viewer = etwinner(country=greece)
    shown = etwinner(country=greece, subjects=["biology"], visibility=Visibility.ETWINNERS)
    etwinner(country=greece, subjects=["biology"], visibility=Visibility.HIDDEN)
    biology = Subject.objects.get(code="biology").pk
    found = list(selectors.people_search(viewer=viewer, filters={"subjects": [biology]}))
    assert found == [shown]
    assert viewer not in selectors.people_search(viewer=viewer)


def test_suggestions_rank_by_fit_exclude_me_blocked_and_hidden(greece, italy):
    me = etwinner(country=greece, subjects=["biology"], languages=["en"], age_bands=["12-15"])
    best = etwinner(country=italy, subjects=["biology"], languages=["en"], age_bands=["12-15"])
    weaker = etwinner(country=italy, languages=["en"])
    blocked = etwinner(country=italy, subjects=["biology"], languages=["en"], age_bands=["12-15"])
    etwinner(country=italy, subjects=["biology"], languages=["en"], visibility=Visibility.HIDDEN)
    Block.objects.create(blocker=blocked, blocked=me)
    fit = make_post(best, subjects_codes=["biology"], languages_codes=["en"], countries_wanted=[greece])
    make_post(blocked, subjects_codes=["biology"])
    make_post(me, subjects_codes=["biology"])
    basis = selectors.basis_from_profile(me)
    block_ids = selectors.blocked_ids(me)
    people = selectors.suggested_people(viewer=me, basis=basis, blocked=block_ids)
    assert [s.obj for s in people] == [best, weaker]
    assert people[0].languages and people[0].age_bands
    posts = selectors.suggested_posts(viewer=me, basis=basis, blocked=block_ids)
    assert [s.obj for s in posts] == [fit]
    assert posts[0].wanted_country


def test_suggestions_count_every_shared_value_and_leave_out_posts_expired_before_the_sweep(greece, italy):
    me = etwinner(country=greece, subjects=["biology", "chemistry"], languages=["en", "it"], age_bands=["12-15"])
    two_subjects = make_post(etwinner(country=italy), subjects_codes=["biology", "chemistry"], languages_codes=["fr"])
    one_subject_two_languages = make_post(
        etwinner(country=italy), subjects_codes=["biology"], languages_codes=["en", "it"]
    )
    one_subject = make_post(etwinner(country=italy), subjects_codes=["chemistry"], languages_codes=["fr"])
    expired = make_post(etwinner(country=italy), subjects_codes=["biology", "chemistry"], languages_codes=["en", "it"])
    Post.objects.filter(pk=expired.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    bob = etwinner(country=italy, subjects=["biology", "chemistry"])  # 6 points from subjects
    ann = etwinner(country=italy, subjects=["biology"], languages=["en", "it"])  # 3 + 4 and recently active

    basis = selectors.basis_from_profile(me)
    posts = selectors.suggested_posts(viewer=me, basis=basis, blocked=set())
    # 3 per shared subject, 2 per shared language (and the same freshness point for every new post).
    assert [s.obj for s in posts] == [one_subject_two_languages, two_subjects, one_subject]
    people = selectors.suggested_people(viewer=me, basis=basis, blocked=set())
    assert [s.obj for s in people][:2] == [ann, bob]


def test_suggestions_for_a_post_use_its_wanted_countries(greece, italy):
    me = etwinner(country=greece)
    post = make_post(me, subjects_codes=["biology"], countries_wanted=[italy])
    italian = etwinner(country=italy, subjects=["biology"])
    greek = etwinner(country=greece, subjects=["biology"])
    basis = selectors.basis_from_post(post)
    people = selectors.suggested_people(viewer=me, basis=basis, blocked=set())
    assert [s.obj for s in people] == [italian, greek]
    assert people[0].wanted_country


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored vector exists on PostgreSQL only")
def test_postgresql_search_uses_the_stored_vector_by_relevance(greece):
    author = etwinner(country=greece)
    in_title = make_post(author, title="Ρομποτική στο σχολείο", description="Κατασκευές.")
    in_text = make_post(author, title="Κατασκευές", description="Μια ιδέα για ρομποτική.")
    found = list(selectors.post_search({"q": "ΡΟΜΠΟΤΙΚΗ"}))
    assert found == [in_title, in_text]
    assert "search_vector" in str(selectors.post_search({"q": "ρομποτ"}).query)


def test_facets_over_a_capped_sample_say_so(greece, monkeypatch):
    author = etwinner(country=greece)
    for codes in (["biology"], ["biology"], ["art"]):
        make_post(author, subjects_codes=codes)
    monkeypatch.setattr(selectors, "FACET_SAMPLE", 2)
    facets = selectors.post_facets({})
    assert facets.sampled
    # The two newest posts only: one art, one biology.
    assert sorted(n for _pk, n in facets.counts["subjects"]) == [1, 1]


def test_with_facts_names_each_posts_taxonomies_in_one_query(greece, django_assert_num_queries):
    author = etwinner(country=greece)
    posts = [make_post(author, subjects_codes=["biology", "art"]), make_post(author, subjects_codes=["art"])]
    selectors.facet_labels(selectors.Facets({}))  # labels cached
    with django_assert_num_queries(1):
        selectors.with_facts(posts)
    biology, art = Subject.objects.get(code="biology"), Subject.objects.get(code="art")
    assert sorted(posts[0].facts["subjects"]) == sorted([biology.name, art.name])
    assert posts[1].facts["subjects"] == [art.name]
    assert posts[1].facts["languages"] == [Language.objects.get(code="en").name]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="relevance ranking exists on PostgreSQL only")
def test_relevance_ranks_the_newest_matches_and_still_finds_the_best(greece, monkeypatch):
    author = etwinner(country=greece)
    old_best = make_post(author, title="Robots robots", description="Robots.")
    weak = [make_post(author, title="Ideas", description=f"One robot, idea {i}.") for i in range(3)]
    best = make_post(author, title="Robots in class", description="Robots and robotics.")
    monkeypatch.setattr(selectors, "RANK_CAP", 3)
    found = list(selectors.post_search({"q": "robot"}))
    # Only the three newest matches are ranked, the best of them first; older matches are left out.
    assert found[0] == best and old_best not in found and len(found) == 3
    assert set(found[1:]) == set(weak[1:])
    monkeypatch.setattr(selectors, "RANK_CAP", 100)
    assert set(selectors.post_search({"q": "robot"})[:2]) == {best, old_best}


def test_people_search_on_taxonomies_alone_finds_everyone_who_fits(greece, italy):
    viewer = etwinner(country=greece)
    fits = etwinner(country=italy, subjects=["biology", "art"], languages=["en"], age_bands=["12-15"])
    etwinner(country=italy, subjects=["biology"], languages=["it"], age_bands=["12-15"])  # another language
    etwinner(country=italy, subjects=["biology"], languages=["en"], age_bands=["12-15"], visibility=Visibility.HIDDEN)
    filters = {
        "subjects": [Subject.objects.get(code="biology").pk],
        "languages": [Language.objects.get(code="en").pk],
        "age_bands": [AgeBand.objects.get(code="12-15").pk],
    }
    assert list(selectors.people_search(viewer=viewer, filters=filters)) == [fits]
    fits.languages.clear()  # the derived row follows: no longer found
    assert list(selectors.people_search(viewer=viewer, filters=filters)) == []


def test_people_found_by_taxonomies_are_listed_by_name_and_follow_a_rename(greece, italy):
    viewer = etwinner(country=greece)
    fits = {"subjects": ["biology"], "languages": ["en"], "age_bands": ["12-15"]}
    zoe = etwinner(country=italy, first_name="Zoe", last_name="Rossi", **fits)
    anna = etwinner(country=italy, first_name="Anna", last_name="Bianchi", **fits)
    maria = etwinner(country=greece, first_name="Μαρία", last_name="Αλεξίου", **fits)
    filters = {
        "subjects": [Subject.objects.get(code="biology").pk],
        "languages": [Language.objects.get(code="en").pk],
        "age_bands": [AgeBand.objects.get(code="12-15").pk],
    }
    assert list(selectors.people_search(viewer=viewer, filters=filters)) == [anna, zoe, maria]
    anna.first_name = "Ωραιοζήλη"
    anna.save(update_fields=["first_name"])
    assert list(selectors.people_search(viewer=viewer, filters=filters)) == [zoe, maria, anna]
    assert list(selectors.people_search(viewer=viewer, filters={**filters, "q": "ROSSI"})) == [zoe]


def test_people_search_takes_any_chosen_value_of_a_list_and_every_list_chosen(greece, italy):
    viewer = etwinner(country=greece)
    art_in_italian = etwinner(country=italy, subjects=["art"], languages=["it"], age_bands=["12-15"])
    biology_in_english = etwinner(country=italy, subjects=["biology"], languages=["en"])
    pk = {code: Subject.objects.get(code=code).pk for code in ("art", "biology")}
    italian, english = Language.objects.get(code="it").pk, Language.objects.get(code="en").pk
    ages = AgeBand.objects.get(code="12-15").pk

    def found(**filters):
        return set(selectors.people_search(viewer=viewer, filters=filters))

    assert found(subjects=[pk["art"], pk["biology"]]) == {art_in_italian, biology_in_english}
    assert found(subjects=[pk["art"], pk["biology"]], languages=[english]) == {biology_in_english}
    assert found(languages=[italian, english], age_bands=[ages]) == {art_in_italian}
    assert found(subjects=[pk["biology"]], languages=[italian]) == set()
    assert found(subjects=[999_999]) == set()  # an id beyond the keys' range: read from the lists


def test_suggested_people_come_from_the_candidates_who_share_a_subject(greece, italy, monkeypatch):
    me = etwinner(country=greece, subjects=["biology"], languages=["en"], age_bands=["12-15"])
    best = etwinner(country=italy, subjects=["biology"], languages=["en"], age_bands=["12-15"])
    good = etwinner(country=italy, subjects=["biology"])
    etwinner(country=italy, subjects=["art"], languages=["en"])  # no shared subject (PostgreSQL: not a candidate)
    blocked = etwinner(country=italy, subjects=["biology"], languages=["en"], age_bands=["12-15"])
    found = selectors.suggested_people(viewer=me, basis=selectors.basis_from_profile(me), blocked={blocked.pk})
    assert [s.obj for s in found][:2] == [best, good]
    assert blocked not in [s.obj for s in found]
