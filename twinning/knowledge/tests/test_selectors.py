from datetime import timedelta

import pytest
from django.utils import timezone

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import teacher
from twinning.knowledge import selectors, services

from .factories import category, make_article

pytestmark = pytest.mark.django_db


def test_title_match_ranks_above_body_match():
    body_only = make_article(title_en="Pupils' accounts", body_en="<p>Reset a pupil's password here.</p>")
    in_title = make_article(title_en="Reset your password", body_en="<p>Use the login page.</p>")
    make_article(title_en="Quality labels", body_en="<p>Apply after the project.</p>")
    found = selectors.suggest("I cannot reset my password", language="en", country_id=None)
    assert found[:2] == [in_title, body_only]
    assert len(found) == 2


def test_greek_accents_case_and_final_sigma_are_folded():
    article = make_article(title_el="Ξέχασα τον Κωδικό μου", body_el="<p>Νέος ΚΩΔΙΚΌΣ πρόσβασης.</p>")
    make_article(title_el="Ετικέτες ποιότητας", body_el="<p>Αίτηση.</p>")
    assert selectors.suggest("δεν θυμάμαι τον κωδικό", language="el", country_id=None) == [article]
    assert selectors.suggest("ΚΩΔΙΚΟΣ", language="el", country_id=None) == [article]
    assert selectors.suggest("κωδικος", language="en", country_id=None) == [article]


def test_country_scoping_and_drafts(greece, italy):
    everyone = make_article(title_en="Validation for everyone")
    greek = make_article(title_en="Validation in Greece", country=greece)
    italian = make_article(title_en="Validation in Italy", country=italy)
    make_article(title_en="Validation draft", publish=False)
    found = set(selectors.suggest("validation", language="en", country_id=greece.pk, limit=10))
    assert found == {everyone, greek}
    assert set(selectors.suggest("validation", language="en", country_id=None, limit=10)) == {everyone}
    listed = set(selectors.published("en", italy.pk))
    assert listed == {everyone, italian}


def test_suggest_limit_and_noise():
    for n in range(4):
        make_article(title_en=f"TwinSpace pages {n}")
    assert len(selectors.suggest("twinspace", language="en", country_id=None, limit=3)) == 3
    assert selectors.suggest("", language="en", country_id=None) == []
    assert selectors.suggest("the and for", language="en", country_id=None) == []
    assert selectors.suggest("%_%", language="en", country_id=None) == []


def test_published_search_needs_every_word_and_category_filter():
    both = make_article(title_en="Pupils sign in", key="technical")
    make_article(title_en="Pupils' work", key="pedagogical")
    assert list(selectors.published("en", None, q="pupils sign")) == [both]
    work = list(selectors.published("en", None, category=category("pedagogical"), q="pupils"))
    assert len(work) == 1 and work[0] != both
    assert len(list(selectors.published("en", None, q="pupils"))) == 2


def test_published_lists_the_page_language_first():
    english = make_article(title_en="English only")
    greek = make_article(title_el="Μόνο ελληνικά")
    assert list(selectors.published("el", None))[0] == greek
    assert list(selectors.published("en", None))[0] == english


def test_deflected_count(greece, italy):
    article = make_article()
    greek = teacher(country=greece, status=ValidationStatus.VALIDATED)
    italian = teacher(country=italy, status=ValidationStatus.VALIDATED)
    services.record_deflection(article=article, user=greek)
    services.record_deflection(article=article, user=italian)
    services.record_deflection(article=article, voter_key="visitor")
    since = timezone.now() - timedelta(hours=1)
    assert selectors.deflected_count(since) == 3
    assert selectors.deflected_count(since, country_id=greece.pk) == 1
    assert selectors.deflected_count(timezone.now() + timedelta(minutes=1)) == 0


def test_staff_articles_scope_and_counts(greece, italy):
    greek = make_article(country=greece, publish=False)
    make_article(country=italy)
    services.record_deflection(article=make_article(country=greece), voter_key="v")
    rows = list(selectors.staff_articles({greece.pk}))
    assert greek in rows and len(rows) == 2
    assert sorted(r.deflection_count for r in rows) == [0, 1]
    assert len(list(selectors.staff_articles(None))) == 3
