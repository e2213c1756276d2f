"""Course and cycle reports: the figures of a hand-built cycle (groups, regions, countries, waiting, withdrawn,
completed, active), rates and divisions by zero, a large cycle built in the background and shown from the
stored result, who may read them, the CSV files and fixed query counts."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from twinning.accounts.tests.factories import css_staff, log_in, nso_staff
from twinning.core import jobs
from twinning.core.models import Job, JobState, PlatformRule
from twinning.core.rules import rules_changed
from twinning.learning import reports
from twinning.learning.models import ActivityKind, ActivityProgress, Enrolment, LearnerGroup, Status, Trainer
from twinning.learning.report_extensions import JOB_KIND, job_key
from twinning.reference.tests.factories import RegionFactory
from twinning.schools.tests.factories import MembershipFactory, SchoolFactory

from .factories import enrolled, etwinner, make_activity, make_course, make_cycle, make_module

pytestmark = pytest.mark.django_db


def _status(enrolment, status):
    fields = {"status": status}
    if status == Status.COMPLETED:
        fields["completed_at"] = timezone.now()
    if status == Status.WITHDRAWN:
        fields.update(withdrawn_at=timezone.now(), group=None)
    if status == Status.WAITING:
        fields.update(position=1, group=None)
    Enrolment.objects.filter(pk=enrolment.pk).update(**fields)


def _progress(enrolment, activity, *, days_ago=0):
    row = ActivityProgress.objects.create(enrolment=enrolment, activity=activity)
    if days_ago:
        ActivityProgress.objects.filter(pk=row.pk).update(updated_at=timezone.now() - timedelta(days=days_ago))


@pytest.fixture
def built(greece, italy):
    """Attica a1..a4, Crete c1..c3, one Italian learner; group 1 (trainer Maria Tsoukala) a1–a3, group 2 (no
    trainer) c1–c2. a1, c1 completed; a2 and i1 worked this week, a3 40 days ago, c3 (withdrawn) today; a4
    waits, c3 withdrew."""
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff)
    attica = RegionFactory(country=greece, code="GR-I", name_en="Attica", name_el="Αττική")
    crete = RegionFactory(country=greece, code="GR-M", name_en="Crete", name_el="Κρήτη")
    school_a, school_c = SchoolFactory(country=greece, region=attica), SchoolFactory(country=greece, region=crete)
    people = {}
    for name, school in (("a1", school_a), ("a2", school_a), ("a3", school_a), ("a4", school_a),
                         ("c1", school_c), ("c2", school_c), ("c3", school_c)):  # fmt: skip
        people[name] = enrolled(cycle, greece, school=school)
    people["i1"] = enrolled(cycle, italy, school=SchoolFactory(country=italy))
    # a1 also belongs to a Cretan school, not their primary one: Attica counts.
    MembershipFactory(user=people["a1"].user, school=school_c, is_primary=False)
    trainer_user = etwinner(greece, first_name="Maria", last_name="Tsoukala")
    trainer = Trainer.objects.create(user=trainer_user, country=greece, since=timezone.localdate())
    g1 = LearnerGroup.objects.create(cycle=cycle, trainer=trainer, number=1, size=3)
    g2 = LearnerGroup.objects.create(cycle=cycle, number=2, size=2)
    Enrolment.objects.filter(pk__in=[people[n].pk for n in ("a1", "a2", "a3")]).update(group=g1)
    Enrolment.objects.filter(pk__in=[people[n].pk for n in ("c1", "c2")]).update(group=g2)
    _status(people["a1"], Status.COMPLETED)
    _status(people["c1"], Status.COMPLETED)
    _status(people["a4"], Status.WAITING)
    _status(people["c3"], Status.WITHDRAWN)
    activity = make_activity(make_module(cycle), ActivityKind.PAGE)
    _progress(people["a2"], activity, days_ago=2)
    _progress(people["i1"], activity)
    _progress(people["a3"], activity, days_ago=40)
    _progress(people["c3"], activity)
    return {"course": course, "cycle": cycle, "staff": staff, "trainer": trainer_user, "g1": g1, "g2": g2,
            "attica": attica, "crete": crete, "people": people}  # fmt: skip


def _figures(row):
    f = row.figures
    return (f.enrolled, f.completed, f.waiting, f.withdrawn, f.active)


def test_the_figures_of_a_hand_built_cycle(built, greece, italy):
    report = reports.label(reports.cycle_report(built["cycle"].pk))
    assert _figures(reports.Row(None, report.totals)) == (6, 2, 1, 1, 4)
    assert report.totals.rate == pytest.approx(100 / 3)
    groups = {r.label: (_figures(r), r.detail) for r in report.groups}
    assert groups == {
        "Group 1": ((3, 1, 0, 0, 2), "Maria Tsoukala"),
        "Group 2": ((2, 1, 0, 0, 1), "no trainer yet"),
        "Not in a group": ((1, 0, 1, 1, 1), "waiting, withdrawn or not placed yet"),
    }
    assert [r.label for r in report.groups] == ["Group 1", "Group 2", "Not in a group"]
    assert [(r.label, _figures(r)) for r in report.regions] == [
        ("Attica", (3, 1, 1, 0, 2)),
        ("Crete", (2, 1, 0, 1, 1)),
        ("No school or no region", (1, 0, 0, 0, 1)),
    ]
    assert [(r.label, _figures(r)) for r in report.countries] == [
        ("Greece", (5, 2, 1, 1, 3)),
        ("Italy", (1, 0, 0, 0, 1)),
    ]
    assert report.groups[1].figures.rate == 50


def test_rates_divide_by_zero_into_none(greece):
    assert reports.Figures().rate is None and reports.Figures().active_rate is None
    assert reports.Figures(enrolled=4, completed=1, active=2).rate == 25
    course, staff = make_course(greece)
    cycle = make_cycle(course, staff)
    person = enrolled(cycle, greece)
    _status(person, Status.WAITING)
    report = reports.cycle_report(cycle.pk)
    assert (report.totals.enrolled, report.totals.waiting, report.totals.rate) == (0, 1, None)
    assert reports.rate_chart("t", reports.label(report).regions) is None  # nobody holds a place: no bars
    empty = reports.cycle_report(make_cycle(course, staff, name="2027-28").pk)
    assert empty.totals == reports.Figures() and empty.groups == [] and empty.regions == []


def test_the_report_survives_its_json_round_trip(built):
    report = reports.cycle_report(built["cycle"].pk)
    again = reports.CycleReport.from_dict(report.as_dict())
    assert again.as_dict() == report.as_dict()
    assert again.totals.rate == report.totals.rate


def test_the_cycle_page_shows_figures_charts_and_tables(client, built):
    log_in(client, built["staff"])
    page = client.get(reverse("learning:cycle_report", args=[built["cycle"].pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Maria Tsoukala" in html and "Attica" in html and "Italy" in html
    assert html.count('role="img"') == 4  # rate per group and per region, counts per region and per country
    assert 'aria-labelledby="chart-groups-title chart-groups-desc"' in html
    assert "Group 1: 33%" in html and "Group 2: 50%" in html  # the chart's description names every value
    assert "in the last 30 days" in html  # the definition of "active" is on the page
    assert "Build again" not in html  # a small cycle is counted on the page
    greek = client.get(f"/el/learning/staff/cycles/{built['cycle'].pk}/report/")
    assert greek.status_code == 200 and "Αττική" in greek.content.decode()


def test_the_staff_course_page_links_the_reports(client, built):
    log_in(client, built["staff"])
    html = client.get(reverse("learning:staff_course", args=[built["course"].pk])).content.decode()
    assert reverse("learning:cycle_report", args=[built["cycle"].pk]) in html
    assert reverse("learning:course_report", args=[built["course"].pk]) in html


def test_the_course_report_has_one_row_per_cycle(client, built, greece):
    older = make_cycle(built["course"], built["staff"], name="2025-26")
    person = enrolled(older, greece)
    _status(person, Status.COMPLETED)
    rows = reports.course_report(built["course"].pk)
    assert {r.cycle.name: _figures(reports.Row(None, r.figures)) for r in rows} == {
        "2026-27": (6, 2, 1, 1, 4),
        "2025-26": (1, 1, 0, 0, 1),
    }
    log_in(client, built["staff"])
    page = client.get(reverse("learning:course_report", args=[built["course"].pk]))
    assert page.status_code == 200 and page.content.decode().count('role="img"') == 2
    assert reverse("learning:cycle_report", args=[older.pk]) in page.content.decode()
    response = client.get(reverse("learning:course_report_csv", args=[built["course"].pk]))
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][:4] == ["Cycle", "Enrolled", "Completed", "Completion rate (%)"]
    assert ["2025-26", "1", "1", "100.0", "1", "0", "0"] in lines


def test_the_csv_of_each_breakdown(client, built):
    log_in(client, built["staff"])
    url = reverse("learning:cycle_report_csv", args=[built["cycle"].pk, "groups"])
    response = client.get(url)
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == ["Trainer group", "Volunteer trainer", "Enrolled", "Completed", "Completion rate (%)",
                        "Active", "Waiting", "Withdrawn"]  # fmt: skip
    assert lines[1] == ["Group 1", "Maria Tsoukala", "3", "1", "33.3", "2", "0", "0"]
    assert lines[-1] == ["All", "", "6", "2", "33.3", "4", "1", "1"]
    regions = client.get(reverse("learning:cycle_report_csv", args=[built["cycle"].pk, "regions"]))
    assert "Crete,2,1,50.0,1,0,1" in regions.content.decode("utf-8-sig").replace("\r", "")
    assert client.get(reverse("learning:cycle_report_csv", args=[built["cycle"].pk, "schools"])).status_code == 404


def test_who_may_read_the_reports(client, built, greece, italy):
    cycle, course = built["cycle"], built["course"]
    urls = [
        reverse("learning:cycle_report", args=[cycle.pk]),
        reverse("learning:cycle_report_csv", args=[cycle.pk, "groups"]),
        reverse("learning:course_report", args=[course.pk]),
        reverse("learning:course_report_csv", args=[course.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # to the login page
    cases = [
        (nso_staff(italy), 404),  # staff of another country
        (built["people"]["a2"].user, 403),  # a learner (a teacher)
        (built["trainer"], 403),  # the trainer of group 1: their gradebook, not the reports
        (css_staff(), 200),
        (built["staff"], 200),
    ]
    for person, status in cases:
        client.logout()
        log_in(client, person)
        for url in urls:
            assert client.get(url).status_code == status, (person, url)
    build = reverse("learning:cycle_report_build", args=[cycle.pk])
    client.logout()
    log_in(client, nso_staff(italy))
    assert client.post(build).status_code == 404
    log_in(client, built["trainer"])
    assert client.post(build).status_code == 403
    log_in(client, built["staff"])
    assert client.get(build).status_code == 405
    assert client.get(reverse("learning:cycle_report", args=[999999])).status_code == 404
    assert not Job.objects.exists()  # nothing started by any of it


def _large(size: int) -> None:
    PlatformRule.objects.create(key="learning.report_inline_max", value=size)
    rules_changed()


def test_a_large_cycle_is_built_in_the_background_and_shown_from_the_stored_result(client, built):
    _large(3)
    cycle = built["cycle"]
    url = reverse("learning:cycle_report", args=[cycle.pk])
    log_in(client, built["staff"])
    html = client.get(url).content.decode()
    assert "none has been built yet" in html and "Build the report" in html and "Maria Tsoukala" not in html
    assert client.get(reverse("learning:cycle_report_csv", args=[cycle.pk, "groups"])).status_code == 404
    response = client.post(reverse("learning:cycle_report_build", args=[cycle.pk]))
    job = Job.objects.get(kind=JOB_KIND)
    assert response["Location"] == reverse("jobs:job", args=[job.pk])
    assert (job.key, job.params, job.owner_id, job.country_code) == (
        job_key(cycle.pk), {"cycle": cycle.pk, "language": "en"}, built["staff"].pk, "GR"
    )  # fmt: skip
    # Asking again while it waits follows the same build.
    assert client.post(reverse("learning:cycle_report_build", args=[cycle.pk]))["Location"] == response["Location"]
    assert "see its progress" in client.get(url).content.decode()
    assert jobs.run(job.pk) == "done"
    job.refresh_from_db()
    assert job.state == JobState.DONE and (job.done, job.total) == (reports.STEPS, reports.STEPS)
    assert job.result["totals"] == {"enrolled": 6, "completed": 2, "waiting": 1, "withdrawn": 1, "active": 4}
    assert client.get(reverse("jobs:job", args=[job.pk]))["Location"] == url  # the job page sends back
    # The stored figures are shown, to any staff member of the course's country, until built again.
    other_staff = nso_staff(built["course"].country)
    client.logout()
    log_in(client, other_staff)
    ActivityProgress.objects.all().delete()  # later changes do not show until the report is built again
    html = client.get(url).content.decode()
    assert "built at" in html and "Build again" in html and "Maria Tsoukala" in html
    stored = reports.CycleReport.from_dict(job.result)
    assert stored.totals.active == 4
    lines = client.get(reverse("learning:cycle_report_csv", args=[cycle.pk, "groups"])).content.decode("utf-8-sig")
    assert "All,,6,2,33.3,4,1,1" in lines.replace("\r", "")
    # Another person's build is theirs: this one starts their own.
    client.post(reverse("learning:cycle_report_build", args=[cycle.pk]))
    assert Job.objects.filter(kind=JOB_KIND).count() == 2


def test_a_job_for_a_removed_cycle_fails_with_a_message(built):
    job = jobs.start(kind=JOB_KIND, owner=built["staff"], key=job_key(0), params={"cycle": 0})
    assert jobs.run(job.pk) == "failed"
    job.refresh_from_db()
    assert job.message == "This cycle no longer exists."


def _cycle_of(greece, size: int, groups: int, regions: int):
    course, staff = make_course(greece, title=f"Course of {size}")
    cycle = make_cycle(course, staff)
    places = [RegionFactory(country=greece) for _ in range(regions)]
    made = [LearnerGroup.objects.create(cycle=cycle, number=n + 1) for n in range(groups)]
    activity = make_activity(make_module(cycle), ActivityKind.PAGE)
    for index in range(size):
        enrolment = enrolled(cycle, greece, school=SchoolFactory(country=greece, region=places[index % regions]))
        Enrolment.objects.filter(pk=enrolment.pk).update(group=made[index % groups])
        if index % 2:
            _progress(enrolment, activity)
    make_cycle(course, staff, name="2025-26")
    return cycle, staff


def _count(client, url) -> int:
    client.get(url)  # warm the caches (rules, session)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_keep_a_fixed_query_count(client, greece):
    small, staff = _cycle_of(greece, 3, 1, 1)
    large, _staff = _cycle_of(greece, 14, 4, 3)
    log_in(client, staff)
    for name in ("cycle_report", "cycle_report_csv"):
        args = (lambda c: [c.pk]) if name == "cycle_report" else (lambda c: [c.pk, "groups"])
        assert _count(client, reverse(f"learning:{name}", args=args(small))) == _count(
            client, reverse(f"learning:{name}", args=args(large))
        )
    assert _count(client, reverse("learning:course_report", args=[small.course_id])) == _count(
        client, reverse("learning:course_report", args=[large.course_id])
    )
    # The report itself: one query for the figures, three for the labels, whatever the size.
    with CaptureQueriesContext(connection) as queries:
        reports.label(reports.cycle_report(large.pk))
    assert len(queries) == 4
    # And from a stored result.
    _large(1)
    for cycle in (small, large):
        jobs.run(jobs.start(kind=JOB_KIND, owner=staff, key=job_key(cycle.pk), params={"cycle": cycle.pk}).pk)
    assert _count(client, reverse("learning:cycle_report", args=[small.pk])) == _count(
        client, reverse("learning:cycle_report", args=[large.pk])
    )
