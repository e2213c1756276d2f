"""PostgreSQL: the weighted search vector is written on save and the suggestions rank titles above bodies
through it (the same expectations as the SQLite path)."""

import pytest
from django.db import connection

from tests.services import require_env
from twinning.knowledge import selectors
from twinning.knowledge.models import Article

from .factories import make_article

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _postgres():
    require_env("DATABASE_URL", "PostgreSQL")
    assert connection.vendor == "postgresql"


def test_vector_ranking_and_folding():
    body_only = make_article(title_en="Pupils' accounts", body_en="<p>Reset a pupil's password here.</p>")
    in_title = make_article(title_en="Reset your password", body_en="<p>Use the login page.</p>")
    greek = make_article(title_el="Ξέχασα τον Κωδικό μου", body_el="<p>Νέος κωδικός.</p>")
    assert Article.objects.filter(search_vector__isnull=True).count() == 0
    assert selectors.suggest("reset my password", language="en", country_id=None)[:2] == [in_title, body_only]
    assert selectors.suggest("κωδικο", language="el", country_id=None) == [greek]
    assert list(selectors.published("en", None, q="reset password")) == [in_title, body_only]
