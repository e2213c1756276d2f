"""Test data for projects: teachers who are contacts (the contacts app's ``make_contacts``), a project in any
state, reference rows."""

from django.core.cache import cache

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import teacher
from twinning.contacts.tests.factories import make_contacts  # noqa: F401 - used by the project tests
from twinning.projects import services
from twinning.projects.models import ProjectStatus
from twinning.reference.models import AgeBand, Country, Language, Subject
from twinning.reference.tests.factories import CountryFactory


def etwinner(country=None, **kwargs):
    return teacher(country=country, status=ValidationStatus.VALIDATED, **kwargs)


def school_of(user):
    return user.school_memberships.select_related("school__country").first().school


def set_hosted(country: Country, hosted: bool) -> None:
    Country.objects.filter(pk=country.pk).update(hosted_here=hosted)
    cache.clear()  # hosted_country_ids() is cached


def cyprus(hosted: bool = False) -> Country:
    country = CountryFactory(code="CY")
    set_hosted(country, hosted)
    return country


def project_data(**overrides) -> dict:
    data = {
        "title": "Το νερό της Γης",
        "summary": "Pupils of two schools study the water cycle together and compare their rivers and seas.",
        "languages": list(Language.objects.all()[:1]),
        "age_bands": list(AgeBand.objects.all()[:1]),
        "subjects": list(Subject.objects.all()[:2]),
        "pupils": 40,
        "tools": "TwinSpace, padlet",
        "aims": "To understand the water cycle by measuring it in both places.",
        "work_process": "Each month the pupils share their measurements and meet online.",
        "expected_results": "A shared e-book about our waters, written by the pupils.",
        "start_date": None,
        "end_date": None,
        "erasmus_number": "",
        "esep_url": "",
    }
    data.update(overrides)
    return data


def external_partner(country, **overrides) -> dict:
    data = {
        "teacher_name": "Eleni Georgiou",
        "school_name": "Lyceum of Larnaca",
        "city": "Larnaca",
        "country": country,
        "email": "eleni@example.cy",
        "esep_id": "ESEP-12345",
        "esep_url": "https://school-education.ec.europa.eu/en/etwinning/projects/12345",
    }
    data.update(overrides)
    return data


def draft(founder, cofounder=None, *, external=None, **data):
    return services.project_create(
        founder=founder, school=school_of(founder), data=project_data(**data), cofounder=cofounder, external=external
    )


def pending_nso(founder, cofounder, **data):
    project = draft(founder, cofounder, **data)
    services.project_submit(project=project, by=founder)
    services.cofounder_accept(project=project, user=cofounder, school=school_of(cofounder))
    project.refresh_from_db()
    assert project.status == ProjectStatus.PENDING_NSO
    return project


def active_project(founder, cofounder, **data):
    project = pending_nso(founder, cofounder, **data)
    from twinning.accounts.tests.factories import nso_staff

    for approval in project.approvals.select_related("country"):
        services.approvals_decide(staff=nso_staff(approval.country), approvals=[approval], approve=True)
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE
    return project
