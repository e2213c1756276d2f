import pytest

from twinning.accounts.models import User
from twinning.core.demo import load_all
from twinning.partners import selectors
from twinning.partners.models import Post

pytestmark = pytest.mark.django_db


def test_the_demo_has_posts_and_the_greek_and_italian_teachers_are_suggested_to_each_other(demo_upto):
    demo_upto("partners")
    load_all()
    count = Post.objects.count()
    assert count >= 3
    load_all()
    assert Post.objects.count() == count  # idempotent
    sofia = User.objects.get(email__startswith="s.vasileiou@")
    giulia = User.objects.get(email__startswith="giulia.rossi@")
    people = selectors.suggested_people(viewer=sofia, basis=selectors.basis_from_profile(sofia), blocked=set())
    assert giulia in [s.obj for s in people]
    posts = selectors.suggested_posts(viewer=sofia, basis=selectors.basis_from_profile(sofia), blocked=set())
    assert Post.objects.get(author=giulia) in [s.obj for s in posts]
