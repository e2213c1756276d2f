import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from twinning.core.counts import count_rows
from twinning.core.models import Job, Notification

pytestmark = pytest.mark.django_db


def _person(n):
    return get_user_model().objects.create(username=f"counts{n}", email=f"counts{n}@example.org")


def test_counts_rows_equal_to_a_value_and_empty(django_assert_num_queries):
    me, other = _person(1), _person(2)
    for person, read in ((me, None), (me, None), (me, timezone.now()), (other, None)):
        Notification.objects.create(recipient=person, kind="test", title="t", read_at=read)
    with django_assert_num_queries(1):
        assert count_rows(Notification, equal={"recipient": me}, null=("read_at",)) == 2
    assert count_rows(Notification, equal={"recipient": other.pk}, null=("read_at",)) == 1
    assert count_rows(Notification, equal={"recipient": me}) == 3
    assert count_rows(Notification, equal={"recipient": _person(3)}, null=("read_at",)) == 0


def test_counts_rows_above_zero_and_takes_values_as_parameters():
    me = _person(1)
    for done in (0, 3, 7):
        Job.objects.create(kind="test", owner=me, done=done, key="a' OR '1'='1")
    Job.objects.create(kind="other", owner=me, done=5)
    assert count_rows(Job, equal={"owner": me, "kind": "test"}, positive=("done",)) == 2
    assert count_rows(Job, equal={"key": "a' OR '1'='1"}) == 3  # a quote in a value is a value
    assert count_rows(Job, equal={"key": "' OR 1=1 --"}) == 0
    assert count_rows(Job) == 4
