import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import log_in, nso_staff, teacher
from twinning.projects.models import ApprovalStatus, Project, ProjectStatus
from twinning.reference.models import AgeBand, Country, Language, Subject
from twinning.schools.tests.factories import CountryFactory

from .factories import active_project, cyprus, draft, etwinner, make_contacts, pending_nso, school_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(greece, italy):
    gr, it = etwinner(greece), etwinner(italy)
    make_contacts(gr, it)
    return gr, it


def _form(gr, it, **extra):
    data = {
        "school": school_of(gr).pk,
        "partner_kind": "contact",
        "cofounder": it.pk,
        "title": "<script>alert(1)</script> Rivers",
        "summary": "Our pupils compare the rivers of their towns and write a shared guide together.",
        "languages": [Language.objects.first().pk],
        "age_bands": [AgeBand.objects.first().pk],
        "subjects": [Subject.objects.first().pk],
        "aims": "Learn about rivers.",
        "work_process": "Monthly online meetings.",
        "expected_results": "A shared guide.",
    }
    data.update(extra)
    return data


def test_founding_from_the_form_and_text_is_escaped(client, pair):
    gr, it = pair
    log_in(client, gr)
    response = client.post(reverse("projects:new"), _form(gr, it))
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("projects:detail", args=[project.pk])
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_bad_input_gives_form_errors_not_500(client, pair):
    gr, it = pair
    log_in(client, gr)
    for bad in (
        {"summary": "x" * 100_000},
        {"subjects": [s.pk for s in Subject.objects.all()]},
        {"cofounder": 999999},
        {"school": 999999},
        {"languages": ["abc"]},
    ):
        response = client.post(reverse("projects:new"), _form(gr, it, **bad))
        assert response.status_code == 200, bad
    # 10 MB: the platform refuses the request body itself, with a clear page (never a 500).
    assert client.post(reverse("projects:new"), _form(gr, it, summary="x" * 10_000_000)).status_code == 413
    assert not Project.objects.exists()


def test_a_stranger_cannot_be_chosen_as_cofounder(client, greece, italy):
    gr, stranger = etwinner(greece), etwinner(italy)
    log_in(client, gr)
    response = client.post(reverse("projects:new"), _form(gr, stranger))
    assert response.status_code == 200
    assert not Project.objects.exists()


def test_unvalidated_teacher_sees_the_wait_message(client, greece):
    waiting = teacher(country=greece, status=ValidationStatus.PENDING)
    log_in(client, waiting)
    response = client.get(reverse("projects:new"))
    assert response.status_code == 403
    assert b"not validated your account yet" in response.content


def test_pending_project_is_404_to_others_and_visible_to_members_and_nso(client, pair, greece, italy):
    gr, it = pair
    project = pending_nso(gr, it)
    url = reverse("projects:detail", args=[project.pk])
    assert client.get(url).status_code == 404
    log_in(client, etwinner(greece))
    assert client.get(url).status_code == 404
    log_in(client, nso_staff(cyprus()))
    assert client.get(url).status_code == 404
    log_in(client, it)
    assert client.get(url).status_code == 200
    log_in(client, nso_staff(italy))
    assert client.get(url).status_code == 200


def test_nso_approves_only_its_own_side_from_the_queue(client, pair, greece, italy):
    gr, it = pair
    project = pending_nso(gr, it)
    italian = project.approvals.get(country=italy)
    log_in(client, nso_staff(greece))
    response = client.post(reverse("projects:approvals"), {"approvals": [italian.pk], "action": "approve"})
    assert response.status_code == 200
    italian.refresh_from_db()
    assert italian.status == ApprovalStatus.PENDING
    greek = project.approvals.get(country=greece)
    response = client.post(reverse("projects:approvals"), {"approvals": [greek.pk], "action": "approve"})
    assert response.status_code == 302
    greek.refresh_from_db()
    assert greek.status == ApprovalStatus.APPROVED


def test_teachers_cannot_open_the_queue(client, pair):
    gr, _it = pair
    log_in(client, gr)
    assert client.get(reverse("projects:approvals")).status_code == 403


def test_only_founders_post_founder_actions(client, pair, greece):
    gr, it = pair
    project = draft(gr, it)
    log_in(client, etwinner(greece))
    for name in ("submit", "delete", "close", "archive"):
        assert client.post(reverse(f"projects:{name}", args=[project.pk])).status_code == 404
    log_in(client, gr)
    assert client.post(reverse("projects:submit", args=[project.pk])).status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.PENDING_PARTNER


def test_partner_accepts_from_the_page(client, pair):
    gr, it = pair
    project = draft(gr, it)
    log_in(client, gr)
    client.post(reverse("projects:submit", args=[project.pk]))
    log_in(client, it)
    assert b"invited to found" in client.get(reverse("projects:detail", args=[project.pk])).content
    client.post(reverse("projects:accept", args=[project.pk]), {"school": school_of(it).pk})
    project.refresh_from_db()
    assert project.status == ProjectStatus.PENDING_NSO


def test_out_of_range_pages_and_unknown_filter_ids(client, pair):
    active_project(*pair)
    for query in ("?page=99999", "?page=abc", "?country=999999", "?subject=999999", "?year=1800", "?scope=x"):
        assert client.get(reverse("projects:gallery") + query).status_code == 200


def _many(n, greece, italy):
    for i in range(n):
        a, b = etwinner(greece), etwinner(italy)
        make_contacts(a, b)
        active_project(a, b, title=f"Project number {i}")


def _count(client, url):
    client.get(url)  # warm the cached choices (countries, hosted countries) first
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_gallery_and_project_page_query_counts_do_not_grow(client, greece, italy):
    _many(1, greece, italy)
    small = _count(client, reverse("projects:gallery"))
    page_small = _count(client, reverse("projects:detail", args=[Project.objects.first().pk]))
    _many(6, greece, italy)
    assert _count(client, reverse("projects:gallery")) == small
    assert _count(client, reverse("projects:detail", args=[Project.objects.first().pk])) == page_small
    assert small <= 12


def test_queue_and_my_projects_query_counts_do_not_grow(client, greece, italy):
    staff = nso_staff(greece)
    founder = etwinner(greece)

    def add(n):
        for _ in range(n):
            b = etwinner(italy)
            make_contacts(founder, b)
            pending_nso(founder, b, title=f"Queue project {Project.objects.count()}")

    add(1)
    log_in(client, staff)
    queue_small = _count(client, reverse("projects:approvals"))
    log_in(client, founder)
    mine_small = _count(client, reverse("projects:mine"))
    add(5)
    log_in(client, staff)
    assert _count(client, reverse("projects:approvals")) == queue_small
    log_in(client, founder)
    assert _count(client, reverse("projects:mine")) == mine_small


def test_pages_render_in_greek(client, pair):
    gr, it = pair
    project = active_project(gr, it)
    assert client.get("/el/projects/").status_code == 200
    assert client.get(f"/el/projects/{project.pk}/").status_code == 200


def test_esep_csv_upload_preview(client, greece):
    from django.core.files.uploadedfile import SimpleUploadedFile

    gr = etwinner(greece)
    log_in(client, nso_staff(greece))
    content = f"email,kind,esep_id,title,year,label\n{gr.email},project,P-1,Water,2021,\nx@y.z,project,P,T,2021,\n"
    response = client.post(
        reverse("projects:esep_history"),
        {"country": greece.pk, "file": SimpleUploadedFile("h.csv", content.encode(), content_type="text/csv")},
    )
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert b"nothing was imported" in preview.content


def test_school_and_person_pages_show_public_projects(client, pair):
    gr, it = pair
    gr.visibility = "public"
    gr.save(update_fields=["visibility"])
    project = active_project(gr, it, title="Rivers of <b>Europe</b>")
    school_page = client.get(reverse("schools:detail", args=[school_of(gr).pk])).content.decode()
    assert "Rivers of &lt;b&gt;Europe&lt;/b&gt;" in school_page
    person_page = client.get(reverse("accounts:person", args=[gr.pk])).content.decode()
    assert reverse("projects:detail", args=[project.pk]) in person_page


def test_kits_are_listed_and_prefill_a_new_project(client, pair, greece):
    from twinning.projects import services

    gr, _it = pair
    kit = services.kit_save(
        by=nso_staff(greece),
        data={"title_en": "Water", "title_el": "Νερό", "summary_en": "S", "summary_el": "Π", "is_published": True},
    )
    assert b"Water" in client.get(reverse("projects:kits")).content
    assert client.get(reverse("projects:kit", args=[kit.pk])).status_code == 200
    log_in(client, gr)
    response = client.get(reverse("projects:new") + f"?kit={kit.pk}")
    assert 'value="Water"' in response.content.decode()
    assert client.get(reverse("projects:new") + "?kit=999999").status_code == 404


def test_staff_kit_editor_is_for_staff(client, pair, greece):
    gr, _it = pair
    log_in(client, gr)
    assert client.get(reverse("projects:kit_staff")).status_code == 403
    log_in(client, nso_staff(greece))
    assert client.get(reverse("projects:kit_new")).status_code == 200


def test_founders_change_the_project_from_its_form(client, pair):
    gr, it = pair
    project = draft(gr, it)
    log_in(client, gr)
    url = reverse("projects:edit", args=[project.pk])
    assert client.get(url).status_code == 200
    data = _form(gr, it, title="A better title")
    response = client.post(url, data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "A better title"
    log_in(client, it)  # invited, not yet a founder
    assert client.get(url).status_code == 404


def test_invite_leave_and_remove_through_pages(client, pair, greece):
    gr, it = pair
    project = active_project(gr, it)
    friend = etwinner(greece)
    make_contacts(gr, friend)
    log_in(client, gr)
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "Invite a contact" in page
    client.post(reverse("projects:invite", args=[project.pk]), {"user": friend.pk, "message": "<i>hi</i>"})
    stranger = etwinner(greece)
    client.post(reverse("projects:invite", args=[project.pk]), {"user": stranger.pk})  # not a contact: refused
    assert not project.members.filter(user=stranger).exists()
    log_in(client, friend)
    client.post(reverse("projects:accept", args=[project.pk]), {"school": school_of(friend).pk})
    member = project.members.get(user=friend, status="active")
    log_in(client, gr)
    client.post(reverse("projects:remove", args=[project.pk, member.pk]), {"reason": ""})
    member.refresh_from_db()
    assert member.status == "active"  # a reason is required
    client.post(reverse("projects:remove", args=[project.pk, member.pk]), {"reason": "No longer active"})
    member.refresh_from_db()
    assert member.status == "removed"
    log_in(client, it)
    client.post(reverse("projects:leave", args=[project.pk]))
    assert project.members.get(user=it).status == "left"


def test_staff_of_an_unconcerned_country_see_only_the_public_page(client, greece, italy):
    france = CountryFactory(code="FR")
    greek, italian = etwinner(greece), etwinner(italy)
    make_contacts(greek, italian)
    project = active_project(greek, italian)
    url = reverse("projects:detail", args=[project.pk])
    log_in(client, nso_staff(france))
    page = client.get(url).content.decode()
    assert project.title in page  # active: public
    assert 'id="project-approvals"' not in page and 'id="trail-title"' not in page
    log_in(client, nso_staff(greece))
    page = client.get(url).content.decode()
    assert 'id="project-approvals"' in page and 'id="trail-title"' in page


def test_a_partner_on_esep_can_be_added_exactly_while_the_service_accepts_it(client, pair):
    """The form is offered in the states the service takes (an active project gains partners), and not
    once the project is closed."""
    gr, it = pair
    cy = cyprus()
    project = active_project(gr, it)
    log_in(client, gr)
    url = reverse("projects:detail", args=[project.pk])
    assert "Add a partner who works on ESEP" in client.get(url).content.decode()
    data = {
        "teacher_name": "Eleni Georgiou",
        "school_name": "Lyceum of Larnaca",
        "country": cy.pk,
        "email": "eleni@example.cy",
        "esep_id": "ESEP-12345",
    }
    response = client.post(reverse("projects:external_add", args=[project.pk]), data)
    assert response.status_code == 302
    assert project.external_partners.filter(country=cy, is_founder=False).count() == 1
    client.post(reverse("projects:close", args=[project.pk]))
    project.refresh_from_db()
    assert project.status == ProjectStatus.CLOSED
    assert "Add a partner who works on ESEP" not in client.get(url).content.decode()
    client.post(reverse("projects:external_add", args=[project.pk]), {**data, "email": "other@example.cy"})
    assert project.external_partners.count() == 1


def test_the_esep_partner_form_lists_only_countries_not_hosted_here_and_refuses_a_hosted_one(client, pair):
    gr, it = pair
    cy = cyprus()
    project = active_project(gr, it)
    log_in(client, gr)
    url = reverse("projects:detail", args=[project.pk])
    page = client.get(url).content.decode()
    form = page[page.index('name="country"') :]
    form = form[: form.index("</select>")]
    assert f'<option value="{cy.pk}">{cy.name}</option>' in form
    assert f'value="{it.country_id}"' not in form and f'value="{gr.country_id}"' not in form  # hosted here
    data = {
        "teacher_name": "Giulia Rossi",
        "school_name": "Liceo Galilei",
        "country": it.country_id,
        "email": "giulia@example.it",
        "esep_id": "ESEP-1",
    }
    client.post(reverse("projects:external_add", args=[project.pk]), data)
    assert not project.external_partners.exists()  # Italy's NSO approves here: not an ESEP partner
    # The list may be older than a change of the flag: a country hosted since then is refused too.
    Country.objects.filter(pk=cy.pk).update(hosted_here=True)
    client.post(reverse("projects:external_add", args=[project.pk]), {**data, "country": cy.pk})
    assert not project.external_partners.exists()


def test_a_founder_no_longer_validated_sees_why_the_founder_actions_are_gone(client, pair):
    gr, it = pair
    project = active_project(gr, it)
    type(gr).objects.filter(pk=gr.pk).update(validation_status=ValidationStatus.REJECTED)
    log_in(client, gr)
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "not validated by your NSO at the moment" in page
    assert reverse("projects:close", args=[project.pk]) not in page
    assert client.post(reverse("projects:close", args=[project.pk])).status_code in (302, 403)
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE


def test_a_draft_whose_cofounder_was_erased_gets_another_from_the_page(client, pair, italy):
    from twinning.accounts import services as account_services

    gr, it = pair
    project = pending_nso(gr, it)
    account_services.account_erase(user=it, actor=it, reason="own request")
    other = etwinner(italy)
    make_contacts(gr, other)
    stranger = etwinner(italy)
    log_in(client, gr)
    url = reverse("projects:detail", args=[project.pk])
    page = client.get(url).content.decode()
    assert "This draft has no co-founder" in page and reverse("projects:cofounder", args=[project.pk]) in page
    # Someone who is not a contact cannot be chosen; the draft is unchanged.
    client.post(reverse("projects:cofounder", args=[project.pk]), {"user": stranger.pk})
    assert not project.members.filter(user=stranger).exists()
    response = client.post(reverse("projects:cofounder", args=[project.pk]), {"user": other.pk})
    assert response.status_code == 302
    assert project.members.get(user=other).status == "invited"
    assert "This draft has no co-founder" not in client.get(url).content.decode()
    client.post(reverse("projects:submit", args=[project.pk]))
    project.refresh_from_db()
    assert project.status == ProjectStatus.PENDING_PARTNER


def test_only_a_founder_may_change_the_cofounder(client, pair, greece):
    gr, it = pair
    project = draft(gr, it)
    outsider = etwinner(greece)
    make_contacts(outsider, gr)
    log_in(client, it)  # the invited co-founder, not yet a founder
    assert client.post(reverse("projects:cofounder", args=[project.pk]), {"user": gr.pk}).status_code == 404
    log_in(client, outsider)
    assert client.post(reverse("projects:cofounder", args=[project.pk]), {"user": gr.pk}).status_code == 404
    assert project.members.get(user=it).status == "invited"


def test_gallery_cards_show_schools_partners_on_esep_and_escape_every_text(client, greece):
    from twinning.projects import services

    from .factories import external_partner

    founder = etwinner(greece)
    project = draft(founder, None, external=external_partner(cyprus()), title="<b>Rivers</b> & seas")
    services.project_submit(project=project, by=founder)
    services.approvals_decide(staff=nso_staff(greece), approvals=list(project.approvals.all()), approve=True)
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE
    for lang, esep in (("en", "on ESEP"), ("el", "στην ESEP")):
        html = client.get(f"/{lang}/projects/").content.decode()
        assert "&lt;b&gt;Rivers&lt;/b&gt; &amp; seas" in html and "<b>Rivers" not in html
        assert f'href="/{lang}/projects/{project.pk}/"' in html
        assert f"{school_of(founder).name} (" in html and "Lyceum of Larnaca (" in html and esep in html


def test_queue_rows_show_founders_approvals_hints_and_keep_a_refused_selection(client, greece):
    from twinning.projects import services

    from .factories import external_partner

    founder = etwinner(greece)
    project = draft(founder, None, external=external_partner(cyprus()), title="<i>Rivers</i>")
    services.project_submit(project=project, by=founder)
    greek = project.approvals.get()
    log_in(client, nso_staff(greece))
    html = client.get(reverse("projects:approvals")).content.decode()
    assert f'value="{greek.pk}" id="pick-{greek.pk}">' in html
    assert "&lt;i&gt;Rivers&lt;/i&gt;" in html and "<i>Rivers" not in html
    assert f"{founder.display_name}, {school_of(founder).name} (Greece)" in html
    assert "Eleni Georgiou, Lyceum of Larnaca (Cyprus)<br>" not in html  # founders end without a separator
    assert "Cyprus: approved on ESEP (check it there)" in html
    assert 'class="hint hint-ok" href="https://school-education.ec.europa.eu/' in html
    assert "0 days" in html
    # A rejection without a reason is refused: the page comes back with the same row still ticked.
    response = client.post(reverse("projects:approvals"), {"approvals": [greek.pk], "action": "reject"})
    assert response.status_code == 200
    assert f'value="{greek.pk}" id="pick-{greek.pk}" checked>' in response.content.decode()
    greek.refresh_from_db()
    assert greek.status == ApprovalStatus.PENDING


def test_project_page_shows_its_subjects_languages_and_age_bands_in_the_pages_language(client, pair):
    gr, it = pair
    subjects = list(Subject.objects.exclude(name_el="").order_by("position", "name_en")[:2])
    project = active_project(gr, it, subjects=subjects[::-1])
    language, band = project.languages.get(), project.age_bands.get()
    english = client.get(f"/en/projects/{project.pk}/").content.decode()
    assert f"<dd>{subjects[0].name_en}, {subjects[1].name_en}</dd>" in english
    assert f"<dd>{language.name_en}</dd>" in english and f"<dd>{band.name_en}</dd>" in english
    greek = client.get(f"/el/projects/{project.pk}/").content.decode()
    assert f"<dd>{subjects[0].name_el}, {subjects[1].name_el}</dd>" in greek


def test_the_workspace_link_follows_the_membership_the_page_read(client, pair):
    from twinning.projects import services

    gr, it = pair
    project = active_project(gr, it)
    invited = etwinner(gr.country)
    make_contacts(gr, invited)
    services.member_invite(project=project, by=gr, user=invited)
    member_text, visitor_text = "its pages, forum, teachers", "The pages the project"
    log_in(client, gr)
    assert member_text in client.get(f"/en/projects/{project.pk}/").content.decode()
    log_in(client, invited)  # invited, not yet a member: the workspace as a visitor sees it
    page = client.get(f"/en/projects/{project.pk}/").content.decode()
    assert visitor_text in page and member_text not in page
