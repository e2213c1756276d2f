"""The knowledge base's demo articles and its part of the synthetic population."""

import random

import pytest

from twinning.accounts.tests.factories import css_staff
from twinning.core.population import Run, Writer
from twinning.knowledge import population, selectors
from twinning.knowledge.demo import ARTICLES, load_knowledge
from twinning.knowledge.models import Article, Status
from twinning.reference import population as reference_population

pytestmark = pytest.mark.django_db


def test_demo_articles_are_bilingual_published_and_loaded_once():
    css_staff()
    load_knowledge()
    articles = list(Article.objects.order_by("pk"))
    assert len(articles) == len(ARTICLES) == 8
    assert all(a.status == Status.PUBLISHED and a.has_language("en") and a.has_language("el") for a in articles)
    load_knowledge()
    assert Article.objects.count() == 8
    found = selectors.suggest("ξέχασα τον κωδικό μου", language="el", country_id=None)
    assert found[0].slug == "reset-your-password"


def test_population_writes_searchable_articles_and_resumes(greece):
    def run():
        return Run(scale="tiny", rng=random.Random(5), writer=Writer(), log=lambda message: None)

    population.generate_knowledge(run())
    want = max(5, round(population.ARTICLES * reference_population.greek_factor("tiny")))
    generated = population.generated_articles()
    assert generated.count() == want
    first = generated.order_by("pk").first()
    assert first.search_text and first.search_title
    assert first in selectors.suggest(first.title_en, language="en", country_id=greece.pk, limit=50)
    population.generate_knowledge(run())
    assert generated.count() == want
    deleted = population.reset_knowledge()
    assert deleted["knowledge.Article"] == want and not generated.exists()
