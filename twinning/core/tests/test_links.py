import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from twinning.core.links import link_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked():
    """Two people with groups and permissions linked in a scrambled order."""
    User = get_user_model()
    first, second = (User.objects.create(username=f"links{i}", email=f"links{i}@example.org") for i in (1, 2))
    b_group, a_group = Group.objects.create(name="b-group"), Group.objects.create(name="a-group")
    perms = list(Permission.objects.order_by("codename")[:3])
    first.groups.add(b_group, a_group)
    first.user_permissions.add(perms[2], perms[0])
    second.user_permissions.add(perms[1])
    return first, second, a_group, b_group, perms


def test_every_fields_links_of_the_owners_in_one_query(linked, django_assert_num_queries):
    first, second, a_group, b_group, perms = linked
    with django_assert_num_queries(1):
        rows = link_rows(get_user_model(), ("groups", "user_permissions"), [first.pk, second.pk])
    # field, then owner, then the linked id
    assert rows == [
        (0, first.pk, min(a_group.pk, b_group.pk)),
        (0, first.pk, max(a_group.pk, b_group.pk)),
        *sorted([(1, first.pk, perms[0].pk), (1, first.pk, perms[2].pk)]),
        (1, second.pk, perms[1].pk),
    ]
    assert link_rows(get_user_model(), ("groups",), [second.pk]) == []


def test_the_linked_rows_columns_order_each_owners_links(linked):
    first, _second, a_group, b_group, _perms = linked
    rows = link_rows(get_user_model(), ("groups",), [first.pk], columns=("name",))
    assert rows == [(0, first.pk, a_group.pk, "a-group"), (0, first.pk, b_group.pk, "b-group")]


def test_no_owner_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert link_rows(get_user_model(), ("groups",), []) == []
        assert link_rows(get_user_model(), (), [1, 2]) == []
