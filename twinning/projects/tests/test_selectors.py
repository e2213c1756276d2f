import pytest

from twinning.accounts.tests.factories import nso_staff
from twinning.projects import selectors, services
from twinning.projects.models import ProjectStatus, Scope
from twinning.reference.models import Subject

from .factories import active_project, draft, etwinner, make_contacts, pending_nso

pytestmark = pytest.mark.django_db


def test_gallery_shows_only_public_projects_and_filters(greece, italy):
    gr, it, gr2 = etwinner(greece), etwinner(italy), etwinner(greece)
    make_contacts(gr, it)
    make_contacts(gr, gr2)
    european = active_project(gr, it, title="Water across Europe")
    national = active_project(gr, gr2, title="Νερό στην Ελλάδα", subjects=list(Subject.objects.all()[5:6]))
    pending_nso(gr, it, title="Still waiting here")
    draft(gr, it, title="Only a draft")
    assert {p.pk for p in selectors.gallery()} == {european.pk, national.pk}
    assert [p.pk for p in selectors.gallery(filters={"country": italy.pk})] == [european.pk]
    assert [p.pk for p in selectors.gallery(filters={"scope": Scope.NATIONAL})] == [national.pk]
    assert [p.pk for p in selectors.gallery(filters={"q": "νερο"})] == [national.pk]  # accents folded
    subject = Subject.objects.all()[5]
    assert [p.pk for p in selectors.gallery(filters={"subject": subject.pk})] == [national.pk]
    assert list(selectors.gallery(filters={"subject": 999999})) == []
    assert selectors.count_public_projects() == 2


def test_approval_rows_say_what_to_check(greece, italy):
    gr, it = etwinner(greece), etwinner(italy)
    make_contacts(gr, it)
    pending_nso(gr, it, title="SAME TITLE HERE", summary="TOO SHORT AND SHOUTING")
    other = etwinner(italy)
    make_contacts(gr, other)
    pending_nso(gr, other, title="Same title here")
    rows = selectors.approval_rows(list(selectors.approval_queue(staff=nso_staff(greece))))
    texts = {h.text for row in rows for h in row.hints if h.kind == "warn"}
    assert "Another project has the same title." in texts
    assert "The summary is very short." in texts
    assert "The text is written in capitals." in texts


def test_my_projects_and_sections(greece, italy):
    gr, it = etwinner(greece), etwinner(italy)
    make_contacts(gr, it)
    project = active_project(gr, it)
    invited = draft(gr, it, title="Invitation")
    services.project_submit(project=invited, by=gr)
    assert {m.project_id for m in selectors.my_projects(it)} == {project.pk, invited.pk}
    section = selectors.projects_of_person(gr, None)
    assert section and [p.pk for p in section["projects"]] == [project.pk]
    school = project.members.get(user=gr).school
    assert [p.pk for p in selectors.projects_of_school(school, None)["projects"]] == [project.pk]
    assert project.status == ProjectStatus.ACTIVE


def test_taxonomy_names_in_reference_order_and_the_pages_language(greece, italy):
    gr, it = etwinner(greece), etwinner(italy)
    make_contacts(gr, it)
    first, second = list(Subject.objects.order_by("position", "name_en")[:2])
    # Linked in the opposite order: the names still come in the reference order.
    project = active_project(gr, it, subjects=[second, first])
    other = active_project(gr, it, title="Another one", subjects=[second])
    names = selectors.taxonomy_names([project.pk, other.pk], greek=False)
    assert names["subjects"][project.pk] == [first.name_en, second.name_en]
    assert names["subjects"][other.pk] == [second.name_en]
    language = project.languages.get()
    assert names["languages"][project.pk] == [language.name_en]
    assert names["age_bands"][project.pk] == [project.age_bands.get().name_en]
    greek = selectors.taxonomy_names([project.pk], greek=True)
    assert greek["subjects"][project.pk] == [first.name_el or first.name_en, second.name_el or second.name_en]
    assert greek["languages"][project.pk] == [language.name_el or language.name_en]
    assert selectors.taxonomy_names([], greek=False) == {"subjects": {}, "languages": {}, "age_bands": {}}


def _fresh(user):
    """The same person as a new request sees them (the summary is computed once per request object)."""
    from twinning.accounts.models import User

    return User.objects.get(pk=user.pk)


def test_approval_summary_is_kept_per_country_and_every_change_drops_it(
    shared_cache, greece, italy, django_assert_num_queries
):
    from twinning.accounts.tests.factories import css_staff

    gr, it = etwinner(greece), etwinner(italy)
    greek_nso, italian_nso, css = nso_staff(greece), nso_staff(italy), css_staff()
    make_contacts(gr, it)
    first = pending_nso(gr, it, title="First")
    assert selectors.approval_queue_summary(staff=_fresh(greek_nso))["waiting"] == 1
    fresh = _fresh(greek_nso)
    selectors.approval_queue_summary(staff=_fresh(greek_nso))  # roles and summary kept now
    with django_assert_num_queries(0):
        assert selectors.approval_queue_summary(staff=fresh)["waiting"] == 1
    # Sent to the NSOs (bulk creation), decided (save), withdrawn (bulk update), deleted: each seen at once.
    other = etwinner(italy)
    make_contacts(gr, other)
    second = pending_nso(gr, other, title="Second")
    assert selectors.approval_queue_summary(staff=_fresh(greek_nso))["waiting"] == 2
    assert selectors.approval_queue_summary(staff=_fresh(css))["waiting"] == 4
    services.approvals_decide(staff=greek_nso, approvals=list(first.approvals.filter(country=greece)), approve=True)
    assert selectors.approval_queue_summary(staff=_fresh(greek_nso))["waiting"] == 1
    assert selectors.approval_queue_summary(staff=_fresh(italian_nso))["waiting"] == 2
    services.approvals_decide(
        staff=italian_nso, approvals=list(second.approvals.filter(country=italy)), approve=False, reason="Not yet"
    )
    # The Italian refusal withdrew the Greek side too (a bulk update).
    assert selectors.approval_queue_summary(staff=_fresh(greek_nso))["waiting"] == 0
    assert selectors.approval_queue_summary(staff=_fresh(italian_nso))["waiting"] == 1
    first.delete()
    assert selectors.approval_queue_summary(staff=_fresh(italian_nso))["waiting"] == 0
    assert selectors.approval_queue_summary(staff=_fresh(css)) == {"waiting": 0, "over_week": 0, "oldest": None}


def test_approval_summary_counts_the_week_and_the_oldest(greece, italy):
    from datetime import timedelta

    from django.utils import timezone

    from twinning.projects.models import ProjectApproval

    gr, it = etwinner(greece), etwinner(italy)
    make_contacts(gr, it)
    old, new = pending_nso(gr, it, title="Old"), pending_nso(gr, it, title="New")
    long_ago = timezone.now() - timedelta(days=9)
    ProjectApproval.objects.filter(project=old).update(created_at=long_ago)
    summary = selectors.approval_queue_summary(staff=nso_staff(greece))
    assert summary == {"waiting": 2, "over_week": 1, "oldest": long_ago}
    assert new.approvals.count() == 2
    assert selectors.approval_queue_summary(staff=etwinner(greece))["waiting"] == 0  # not staff


def test_an_approval_moved_to_another_country_drops_both_summaries(shared_cache, greece, italy):
    from twinning.projects.models import ProjectApproval

    gr, it = etwinner(greece), etwinner(italy)
    make_contacts(gr, it)
    project = pending_nso(gr, it)
    greek_nso, italian_nso = nso_staff(greece), nso_staff(italy)
    assert selectors.approval_queue_summary(staff=_fresh(greek_nso))["waiting"] == 1
    assert selectors.approval_queue_summary(staff=_fresh(italian_nso))["waiting"] == 1
    ProjectApproval.objects.filter(project=project, country=italy).delete()
    assert selectors.approval_queue_summary(staff=_fresh(italian_nso))["waiting"] == 0  # kept again
    ProjectApproval.objects.filter(project=project, country=greece).update(country=italy)
    assert selectors.approval_queue_summary(staff=_fresh(greek_nso))["waiting"] == 0
    assert selectors.approval_queue_summary(staff=_fresh(italian_nso))["waiting"] == 1
