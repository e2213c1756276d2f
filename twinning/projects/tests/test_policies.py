import pytest
from django.http import Http404

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import css_staff, nso_staff, teacher
from twinning.projects import policies
from twinning.projects.models import ProjectStatus

from .factories import active_project, cyprus, draft, etwinner, make_contacts, pending_nso

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(greece, italy):
    gr, it = etwinner(greece), etwinner(italy)
    make_contacts(gr, it)
    return gr, it


def test_only_validated_teachers_found_projects(greece):
    assert policies.can_found_projects(etwinner(greece))
    assert not policies.can_found_projects(teacher(country=greece, status=ValidationStatus.PENDING))
    assert not policies.can_found_projects(nso_staff(greece))


def test_a_draft_is_seen_by_its_founders_and_invited_cofounder_only(pair, greece, italy):
    gr, it = pair
    project = draft(gr, it)
    assert policies.can_see_project(gr, project) and policies.can_see_project(it, project)
    assert not policies.can_see_project(etwinner(greece), project)
    assert policies.can_see_project(nso_staff(italy), project)  # its member's country
    assert not policies.can_see_project(nso_staff(cyprus()), project)
    assert policies.can_see_project(css_staff(), project)
    with pytest.raises(Http404):
        policies.project_or_404(etwinner(greece), project.pk)
    with pytest.raises(Http404):
        policies.project_or_404(gr, "not-a-number")


def test_public_projects_are_seen_by_everyone(pair):
    from django.contrib.auth.models import AnonymousUser

    project = active_project(*pair)
    assert project.status == ProjectStatus.ACTIVE
    assert policies.can_see_project(AnonymousUser(), project)


def test_founder_lookup_is_404_for_members_and_strangers(pair, greece):
    gr, it = pair
    project = draft(gr, it)
    assert policies.project_for_founder_or_404(gr, project.pk) == project
    for person in (it, etwinner(greece)):  # invited (not yet a founder), stranger
        with pytest.raises(Http404):
            policies.project_for_founder_or_404(person, project.pk)


def test_nso_staff_see_and_decide_only_their_countrys_approvals(pair, greece, italy):
    project = pending_nso(*pair)
    greek, italian = project.approvals.get(country=greece), project.approvals.get(country=italy)
    staff = nso_staff(greece)
    assert list(policies.approvals_visible_to_staff(staff)) == [greek]
    assert policies.can_decide_approval(staff, greek) and not policies.can_decide_approval(staff, italian)
    assert set(policies.approvals_visible_to_staff(css_staff())) == {greek, italian}
    assert not policies.approvals_visible_to_staff(etwinner(greece)).exists()
