import pytest

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import nso_staff, teacher
from twinning.core.errors import DomainError, NotAllowed
from twinning.core.models import AuditEvent, Notification
from twinning.projects import selectors, services
from twinning.projects.models import (
    ApprovalStatus,
    EsepHistoryImport,
    EsepHistoryItem,
    MemberRole,
    MemberStatus,
    Project,
    ProjectStatus,
    Scope,
)
from twinning.schools.tests.factories import MembershipFactory, SchoolFactory

from .factories import (
    active_project,
    cyprus,
    draft,
    etwinner,
    external_partner,
    make_contacts,
    pending_nso,
    project_data,
    school_of,
    set_hosted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(greece, italy):
    gr, it = etwinner(greece), etwinner(italy)
    make_contacts(gr, it)
    return gr, it


def actions(project):
    return list(
        AuditEvent.objects.filter(target_type="projects.project", target_id=str(project.pk)).values_list(
            "action", flat=True
        )
    )


# --- Founding and the partner's answer ---------------------------------------------------------------


def test_the_full_life_cycle_needs_each_founders_nso(pair, greece, italy):
    gr, it = pair
    project = draft(gr, it)
    assert project.status == ProjectStatus.DRAFT
    services.project_submit(project=project, by=gr)
    project.refresh_from_db()
    assert project.status == ProjectStatus.PENDING_PARTNER
    assert Notification.objects.filter(recipient=it, kind="projects.cofounder_invited").exists()
    services.cofounder_accept(project=project, user=it, school=school_of(it))
    project.refresh_from_db()
    assert project.status == ProjectStatus.PENDING_NSO
    assert project.scope == Scope.EUROPEAN
    assert {a.country_id for a in project.approvals.all()} == {greece.pk, italy.pk}
    greek = project.approvals.get(country=greece)
    services.approvals_decide(staff=nso_staff(greece), approvals=[greek], approve=True)
    project.refresh_from_db()
    assert project.status == ProjectStatus.PENDING_NSO  # the Italian side still waits
    services.approvals_decide(staff=nso_staff(italy), approvals=[project.approvals.get(country=italy)], approve=True)
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE and project.activated_at
    assert actions(project).count("project.activated") == 1
    assert Notification.objects.filter(recipient=gr, kind="projects.approved").exists()


def test_a_national_project_needs_one_approval(greece):
    a, b = etwinner(greece), etwinner(greece)
    make_contacts(a, b)
    project = pending_nso(a, b)
    assert project.scope == Scope.NATIONAL
    assert project.approvals.count() == 1
    services.approvals_decide(staff=nso_staff(greece), approvals=list(project.approvals.all()), approve=True)
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE


def test_the_cofounder_must_be_a_contact(greece, italy):
    gr, it = etwinner(greece), etwinner(italy)
    with pytest.raises(DomainError, match="contacts"):
        draft(gr, it)
    assert not Project.objects.exists()


def test_only_validated_teachers_found_projects(greece, italy):
    waiting = teacher(country=greece, status=ValidationStatus.PENDING)
    it = etwinner(italy)
    make_contacts(waiting, it)
    with pytest.raises(NotAllowed):
        draft(waiting, it)


def test_founder_cannot_be_own_cofounder_nor_use_a_school_not_theirs(pair):
    gr, it = pair
    with pytest.raises(DomainError):
        draft(gr, gr)
    with pytest.raises(DomainError, match="schools"):
        services.project_create(founder=gr, school=school_of(it), data=project_data(), cofounder=it)


def test_bad_fields_write_nothing(pair):
    gr, it = pair
    for bad in (
        {"title": "  "},
        {"summary": "x" * 10_000_000},
        {"subjects": []},
        {"languages": list(range(50))},
    ):
        with pytest.raises(DomainError):
            draft(gr, it, **bad)
    assert not Project.objects.exists()


def test_partner_declines_and_the_project_is_rejected(pair):
    gr, it = pair
    project = draft(gr, it)
    services.project_submit(project=project, by=gr)
    services.cofounder_decline(project=project, user=it, reason="Not this year")
    project.refresh_from_db()
    assert project.status == ProjectStatus.REJECTED and project.rejected_step == "partner"
    assert project.rejection_reason == "Not this year"
    with pytest.raises(DomainError):
        services.cofounder_accept(project=project, user=it, school=school_of(it))


@pytest.mark.parametrize(
    "state", [ProjectStatus.DRAFT, ProjectStatus.PENDING_NSO, ProjectStatus.ACTIVE, ProjectStatus.REJECTED]
)
def test_partner_answers_only_while_pending_partner(pair, state):
    gr, it = pair
    project = draft(gr, it)
    Project.objects.filter(pk=project.pk).update(status=state)
    with pytest.raises(DomainError):
        services.cofounder_accept(project=project, user=it, school=school_of(it))
    with pytest.raises(DomainError):
        services.cofounder_decline(project=project, user=it)


def test_submit_twice_changes_nothing(pair):
    gr, it = pair
    project = draft(gr, it)
    services.project_submit(project=project, by=gr)
    with pytest.raises(DomainError):
        services.project_submit(project=project, by=gr)
    assert actions(project).count("project.sent_to_partner") == 1


def test_only_founders_submit_edit_delete(pair, greece):
    gr, it = pair
    other = etwinner(greece)
    project = draft(gr, it)
    for act in (
        lambda: services.project_submit(project=project, by=other),
        lambda: services.project_update(project=project, by=other, data={"title": "X"}),
        lambda: services.project_delete(project=project, by=other),
        lambda: services.project_submit(project=project, by=it),  # invited, not yet a founder
    ):
        with pytest.raises(NotAllowed):
            act()


def test_founders_edit_and_delete_while_pending_not_after(pair):
    gr, it = pair
    project = pending_nso(gr, it)
    services.project_update(project=project, by=it, data={"title": "Νέος τίτλος"})
    project.refresh_from_db()
    assert project.title == "Νέος τίτλος"
    services.project_delete(project=project, by=gr)
    assert not Project.objects.filter(pk=project.pk).exists()
    assert Notification.objects.filter(recipient=it, kind="projects.deleted").exists()
    active = active_project(gr, it)
    with pytest.raises(DomainError):
        services.project_delete(project=active, by=gr)


def test_nso_rejects_with_a_reason(pair, greece, italy):
    gr, it = pair
    project = pending_nso(gr, it)
    approval = project.approvals.get(country=greece)
    with pytest.raises(DomainError, match="reason"):
        services.approvals_decide(staff=nso_staff(greece), approvals=[approval], approve=False)
    services.approvals_decide(staff=nso_staff(greece), approvals=[approval], approve=False, reason="Too short")
    project.refresh_from_db()
    assert project.status == ProjectStatus.REJECTED and project.rejected_step == "nso"
    # The Italian side no longer waits: it leaves the Italian queue.
    assert project.approvals.get(country=italy).status == ApprovalStatus.WITHDRAWN
    assert not selectors.approval_queue(staff=nso_staff(italy)).exists()
    assert Notification.objects.filter(recipient=it, kind="projects.rejected").exists()


def test_nso_decides_only_its_own_countrys_side(pair, greece, italy):
    gr, it = pair
    project = pending_nso(gr, it)
    italian_side = project.approvals.get(country=italy)
    with pytest.raises(NotAllowed):
        services.approvals_decide(staff=nso_staff(greece), approvals=[italian_side], approve=True)
    italian_side.refresh_from_db()
    assert italian_side.status == ApprovalStatus.PENDING
    assert list(selectors.approval_queue(staff=nso_staff(greece))) == [project.approvals.get(country=greece)]


def test_a_decision_taken_twice_makes_one_transition(greece):
    a, b = etwinner(greece), etwinner(greece)
    make_contacts(a, b)
    project = pending_nso(a, b)
    approval = project.approvals.get()
    staff = nso_staff(greece)
    services.approvals_decide(staff=staff, approvals=[approval], approve=True)
    with pytest.raises(DomainError, match="meanwhile"):
        services.approvals_decide(staff=staff, approvals=[approval], approve=True)
    assert actions(project).count("project.activated") == 1


# --- Hosted countries and ESEP partners ---------------------------------------------------------------


def test_external_esep_partner_needs_only_the_hosted_nso(greece):
    cy = cyprus(hosted=False)
    gr = etwinner(greece)
    project = draft(gr, external=external_partner(cy))
    services.project_submit(project=project, by=gr)
    project.refresh_from_db()
    assert project.status == ProjectStatus.PENDING_NSO
    assert project.scope == Scope.EUROPEAN
    assert [a.country_id for a in project.approvals.all()] == [greece.pk]
    services.approvals_decide(staff=nso_staff(greece), approvals=list(project.approvals.all()), approve=True)
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE


def test_external_partner_of_a_hosted_country_is_refused(greece, italy):
    gr = etwinner(greece)
    with pytest.raises(DomainError, match="works on this platform"):
        draft(gr, external=external_partner(italy))


def test_external_partner_needs_an_esep_reference(greece):
    cy = cyprus()
    gr = etwinner(greece)
    with pytest.raises(DomainError, match="ESEP"):
        draft(gr, external=external_partner(cy, esep_id="", esep_url=""))


def test_a_country_that_stops_being_hosted_never_strands_a_pending_project(pair, greece, italy):
    gr, it = pair
    project = pending_nso(gr, it)
    services.approvals_decide(staff=nso_staff(greece), approvals=[project.approvals.get(country=greece)], approve=True)
    set_hosted(italy, False)
    assert selectors.approval_queue(staff=nso_staff(italy)).count() == 0
    assert services.approvals_resolve_unhosted() == 1
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE
    assert project.approvals.get(country=italy).status == ApprovalStatus.ON_ESEP
    assert services.approvals_resolve_unhosted() == 0  # idempotent


def test_unhosted_pending_side_is_settled_when_the_other_nso_decides(pair, greece, italy):
    gr, it = pair
    project = pending_nso(gr, it)
    set_hosted(italy, False)
    services.approvals_decide(staff=nso_staff(greece), approvals=[project.approvals.get(country=greece)], approve=True)
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE


def test_a_country_hosted_later_is_not_added_to_projects_already_sent(greece):
    cy = cyprus(hosted=False)
    gr = etwinner(greece)
    project = draft(gr, external=external_partner(cy))
    services.project_submit(project=project, by=gr)
    set_hosted(cy, True)
    services.approvals_decide(staff=nso_staff(greece), approvals=list(project.approvals.all()), approve=True)
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE


# --- Members after activation ---------------------------------------------------------------------


def test_invite_only_contacts_and_accept_with_a_school(pair, greece):
    gr, it = pair
    project = active_project(gr, it)
    stranger = etwinner(greece)
    with pytest.raises(DomainError, match="contacts"):
        services.member_invite(project=project, by=gr, user=stranger)
    make_contacts(gr, stranger)
    services.member_invite(project=project, by=gr, user=stranger, message="Join us")
    with pytest.raises(DomainError, match="already"):
        services.member_invite(project=project, by=gr, user=stranger)
    services.invitation_answer(project=project, user=stranger, accept=True, school=school_of(stranger))
    member = project.members.get(user=stranger, status=MemberStatus.ACTIVE)
    assert member.school == school_of(stranger) and member.country == greece


def test_an_invited_teacher_who_is_no_longer_validated_cannot_join(pair, greece):
    gr, it = pair
    project = active_project(gr, it)
    friend = etwinner(greece)
    make_contacts(gr, friend)
    services.member_invite(project=project, by=gr, user=friend)
    type(friend).objects.filter(pk=friend.pk).update(validation_status=ValidationStatus.REJECTED)
    friend.refresh_from_db()
    with pytest.raises(NotAllowed):
        services.invitation_answer(project=project, user=friend, accept=True, school=school_of(friend))
    assert project.members.get(user=friend).status == MemberStatus.INVITED


def test_a_founder_no_longer_validated_can_only_hand_over_or_leave(pair, greece):
    gr, it = pair
    project = active_project(gr, it)
    friend = etwinner(greece)
    make_contacts(gr, friend)
    services.member_invite(project=project, by=gr, user=friend)
    services.invitation_answer(project=project, user=friend, accept=True, school=school_of(friend))
    member = project.members.get(user=friend)
    type(gr).objects.filter(pk=gr.pk).update(validation_status=ValidationStatus.REJECTED)
    gr.refresh_from_db()
    with pytest.raises(NotAllowed, match="hand the project over"):
        services.project_close(project=project, by=gr)
    with pytest.raises(NotAllowed, match="hand the project over"):
        services.member_remove(project=project, by=gr, member=member, reason="No longer active")
    page = selectors.project_page(project, gr)
    assert page.is_founder and not page.can_manage
    services.founder_offer(project=project, by=gr, member=member)
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE
    assert project.members.get(user=friend).founder_offered_by_id == gr.pk


def test_invitations_need_an_active_project_and_a_founder(pair, greece):
    gr, it = pair
    project = pending_nso(gr, it)
    friend = etwinner(greece)
    make_contacts(gr, friend)
    with pytest.raises(DomainError, match="active"):
        services.member_invite(project=project, by=gr, user=friend)
    active = active_project(gr, it, title="Another one here")
    make_contacts(it, friend)
    services.member_invite(project=active, by=it, user=friend)
    services.invitation_answer(project=active, user=friend, accept=True, school=school_of(friend))
    other = etwinner(greece)
    make_contacts(friend, other)
    with pytest.raises(NotAllowed):
        services.member_invite(project=active, by=friend, user=other)  # a member, not a founder


def test_member_decline_leave_remove_hand_over(pair, greece):
    gr, it = pair
    project = active_project(gr, it)
    a, b = etwinner(greece), etwinner(greece)
    make_contacts(gr, a)
    make_contacts(gr, b)
    services.member_invite(project=project, by=gr, user=a)
    services.member_invite(project=project, by=gr, user=b)
    services.invitation_answer(project=project, user=a, accept=False)
    assert project.members.get(user=a).status == MemberStatus.DECLINED
    services.invitation_answer(project=project, user=b, accept=True, school=school_of(b))
    member_b = project.members.get(user=b, status=MemberStatus.ACTIVE)
    with pytest.raises(DomainError, match="reason"):
        services.member_remove(project=project, by=gr, member=member_b, reason=" ")
    founder_row = project.members.get(user=it)
    with pytest.raises(DomainError):
        services.member_remove(project=project, by=gr, member=founder_row, reason="no")
    services.founder_offer(project=project, by=gr, member=member_b)
    services.founder_offer_answer(project=project, user=b, accept=True)
    assert project.members.get(user=b, status=MemberStatus.ACTIVE).role == MemberRole.FOUNDER
    services.member_leave(project=project, user=gr)
    assert project.members.get(user=gr).status == MemberStatus.LEFT


def test_a_project_whose_founders_all_left_is_flagged(pair, greece):
    gr, it = pair
    project = active_project(gr, it)
    services.member_leave(project=project, user=gr)
    project.refresh_from_db()
    assert project.founderless_since is None
    services.member_leave(project=project, user=it)
    project.refresh_from_db()
    assert project.founderless_since is not None
    assert list(selectors.founderless_projects(staff=nso_staff(greece))) == [project]


def test_a_member_who_changes_school_keeps_the_project(pair, greece):
    gr, it = pair
    project = active_project(gr, it)
    new_school = SchoolFactory(country=greece)
    MembershipFactory(user=gr, school=new_school, is_primary=False)
    services.member_school_change(project=project, user=gr, school=new_school)
    assert project.members.get(user=gr, status=MemberStatus.ACTIVE).school == new_school
    assert "project.member_school_changed" in actions(project)


def test_close_and_archive(pair):
    gr, it = pair
    project = active_project(gr, it)
    with pytest.raises(NotAllowed):
        services.project_close(project=project, by=etwinner())
    services.project_close(project=project, by=gr)
    project.refresh_from_db()
    assert project.status == ProjectStatus.CLOSED
    with pytest.raises(DomainError):
        services.project_close(project=project, by=gr)
    services.project_archive(project=project, by=it)
    project.refresh_from_db()
    assert project.status == ProjectStatus.ARCHIVED
    with pytest.raises(DomainError):
        services.project_archive(project=project, by=it)


# --- Erasure ------------------------------------------------------------------------------------


def test_erasing_the_cofounder_of_an_active_project_keeps_it_consistent(pair):
    from twinning.accounts import services as account_services

    gr, it = pair
    project = active_project(gr, it)
    account_services.account_erase(user=it, actor=it, reason="own request")
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE
    assert project.members.get(user=it).status == MemberStatus.ENDED
    assert project.founderless_since is None  # the Greek founder is still there
    account_services.account_erase(user=gr, actor=gr, reason="own request")
    project.refresh_from_db()
    assert project.founderless_since is not None


def test_erasing_the_cofounder_of_a_pending_project_sends_it_back_to_draft(pair):
    from twinning.accounts import services as account_services

    gr, it = pair
    project = pending_nso(gr, it)
    account_services.account_erase(user=it, actor=it, reason="own request")
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT
    assert not project.approvals.exists()


# --- Kits -------------------------------------------------------------------------------------------


def test_nso_staff_publish_kits_for_their_country(greece, italy):
    staff = nso_staff(greece)
    data = {"title_en": "Water", "title_el": "Νερό", "summary_en": "S", "summary_el": "Π", "is_published": True}
    kit = services.kit_save(by=staff, data=data)
    assert kit.country == greece and kit.is_published
    with pytest.raises(NotAllowed):
        services.kit_save(by=nso_staff(italy), data=data, kit=kit)
    with pytest.raises(NotAllowed):
        services.kit_save(by=etwinner(greece), data=data)


# --- ESEP history -------------------------------------------------------------------------------------

HEADER = "email,kind,esep_id,title,year,label\n"


def test_esep_csv_with_bad_rows_imports_nothing_and_reports_each_row(greece):
    gr = etwinner(greece)
    staff = nso_staff(greece)
    content = (
        HEADER
        + f"{gr.email},project,P-1,Water,2021,\n"
        + "nobody@example.org,project,P-2,Air,2021,\n"
        + f"{gr.email},label,P-1,Water,1999,national\n"
        + f"{gr.email},medal,P-3,Fire,2022,\n"
    ).encode()
    upload = services.esep_import_check(staff=staff, country=greece, name="h.csv", content=content)
    assert upload.status == EsepHistoryImport.Status.INVALID
    assert sorted({e["row"] for e in upload.errors}) == [3, 4, 5]
    with pytest.raises(DomainError):
        services.esep_import_apply(staff=staff, upload=upload)
    assert not EsepHistoryItem.objects.exists()


def test_esep_csv_import_is_idempotent(greece):
    gr = etwinner(greece)
    staff = nso_staff(greece)
    content = (HEADER + f"{gr.email},project,P-1,Water,2021,\n{gr.email},label,P-1,Water,2022,national\n").encode()
    upload = services.esep_import_check(staff=staff, country=greece, name="h.csv", content=content)
    assert (upload.status, upload.to_create) == (EsepHistoryImport.Status.READY, 2)
    services.esep_import_apply(staff=staff, upload=upload)
    again = services.esep_import_check(staff=staff, country=greece, name="h.csv", content=content)
    assert (again.to_create, again.unchanged) == (0, 2)
    services.esep_import_apply(staff=staff, upload=again)
    assert EsepHistoryItem.objects.count() == 2
    assert len(selectors.esep_history_of(gr)) == 2


def test_esep_import_only_for_own_country(greece, italy):
    with pytest.raises(NotAllowed):
        services.esep_import_check(staff=nso_staff(italy), country=greece, name="h.csv", content=HEADER.encode())


def test_esep_csv_file_problems_are_reported(greece):
    staff = nso_staff(greece)
    for content in (b"", b"\xff\xfe\x00garbage", b"email,colour\nx,y\n", HEADER.encode()):
        upload = services.esep_import_check(staff=staff, country=greece, name="h.csv", content=content)
        assert upload.status == EsepHistoryImport.Status.INVALID and upload.errors


def test_declared_item_is_verified_by_the_teachers_nso(greece, italy):
    gr = etwinner(greece)
    item = services.esep_item_declare(
        user=gr, data={"kind": "label", "esep_id": "P-9", "title": "Sea", "year": 2020, "label": "european"}
    )
    assert selectors.esep_history_of(gr) == []
    with pytest.raises(NotAllowed):
        services.esep_item_decide(staff=nso_staff(italy), item=item, verify=True)
    services.esep_item_decide(staff=nso_staff(greece), item=item, verify=True)
    assert [i.esep_id for i in selectors.esep_history_of(gr)] == ["P-9"]
    assert AuditEvent.objects.filter(action="esep_history.verified").exists()
    with pytest.raises(DomainError):
        services.esep_item_declare(
            user=gr, data={"kind": "label", "esep_id": "P-9", "title": "Sea", "year": 2020, "label": "european"}
        )
