"""Group reports: figures against hand computation, and the anonymity rule on a crafted dataset."""

import itertools

import pytest

from twinning.competences import report
from twinning.competences.models import Phase, Role
from twinning.learning.models import LearnerGroup
from twinning.learning.tests.factories import etwinner, make_course, make_cycle
from twinning.reference.tests.factories import RegionFactory

from .factories import row

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_cycle(greece):
    course, staff = make_course(greece)
    return course, make_cycle(course, staff)


def test_figures_by_hand(course_cycle, greece):
    _course, cycle = course_cycle
    # Six teachers answer both: before at A2 (2) everywhere; after, four at B1 (3) and two at B2 (4). Five
    # more answered only before, at A1 (1); five anonymous answers after, at B2.
    people = [etwinner(greece) for _ in range(11)]
    for i, person in enumerate(people):
        row(cycle=cycle, phase=Phase.BEFORE, level=1 if i >= 6 else 2, person=person)
        if i < 6:
            row(cycle=cycle, phase=Phase.AFTER, level=3 if i < 4 else 4, person=person)
    for _ in range(5):
        row(cycle=cycle, phase=Phase.AFTER, level=4, anonymous=True)
    result = report.build([cycle.pk], {"cycle": cycle.pk}, threshold=3)
    assert result.before.n == 11 and result.after.n == 11
    # before: (6·2 + 5·1)/11 = 17/11 levels → (17/11 − 1)/5 of the scale
    assert result.before.overall.percent == pytest.approx((17 / 11 - 1) / 5 * 100)
    assert result.before.overall.distribution == [5, 6, 0, 0, 0, 0]
    assert result.before.overall.share == 0
    assert result.before.areas[4].mean == pytest.approx(17 / 11)
    # after: (4·3 + 7·4)/11 = 40/11; at B1 or higher: all
    assert result.after.overall.percent == pytest.approx((40 / 11 - 1) / 5 * 100)
    assert result.after.overall.share == pytest.approx(100)
    assert result.after.overall.distribution == [0, 0, 4, 7, 0, 0]
    # pairs: six, differences 1,1,1,1,2,2 levels → mean 4/3 level = 26.67 points
    pairs = result.pairs
    assert pairs.shown and pairs.n == 6
    assert pairs.overall.mean == pytest.approx(4 / 3 * 20)
    diffs = [1, 1, 1, 1, 2, 2]
    sd = (sum((d - 4 / 3) ** 2 for d in diffs) / 5) ** 0.5
    assert pairs.overall.low == pytest.approx((4 / 3 - 2.571 * sd / 6**0.5) * 20)
    assert pairs.overall.high == pytest.approx((4 / 3 + 2.571 * sd / 6**0.5) * 20)
    assert pairs.before_percent == pytest.approx(20)
    # drop-outs: the five who answered only before started at A1, 0% of the scale
    assert result.dropouts.shown and result.dropouts.n == 5
    assert result.dropouts.start_percent == pytest.approx(0)
    assert result.invited == {"before": 0, "after": 0}


def test_pairs_hidden_when_a_phase_has_a_handful_more(course_cycle, greece):
    _course, cycle = course_cycle
    for i in range(7):
        person = etwinner(greece)
        row(cycle=cycle, phase=Phase.BEFORE, level=2 if i < 6 else 1, person=person)
        if i < 6:
            row(cycle=cycle, phase=Phase.AFTER, level=3, person=person)
    result = report.build([cycle.pk], {"cycle": cycle.pk})
    assert result.before.shown and result.after.shown
    # the pairs' starting level with everyone's would reveal the one who answered only before
    assert result.pairs.n == 6 and not result.pairs.shown and not result.dropouts.shown


def test_pairs_hidden_when_the_rest_is_a_handful(course_cycle, greece):
    _course, cycle = course_cycle
    people = [etwinner(greece) for _ in range(8)]
    for i, person in enumerate(people):
        row(cycle=cycle, phase=Phase.BEFORE, level=2, person=person)
        if i < 6:
            row(cycle=cycle, phase=Phase.AFTER, level=3, person=person)
    result = report.build([cycle.pk], {"cycle": cycle.pk})
    assert result.before.shown and result.after.shown
    assert result.pairs.n == 6 and not result.pairs.shown  # 8 − 6 = 2 answered only before


def test_headline_per_role(course_cycle, greece):
    _course, cycle = course_cycle
    for role, start, end in ((Role.TRAINEE, 2, 3), (Role.TRAINER, 4, 5)):
        for _ in range(5):
            person = etwinner(greece)
            row(cycle=cycle, phase=Phase.BEFORE, level=start, person=person, role=role)
            row(cycle=cycle, phase=Phase.AFTER, level=end, person=person, role=role)
    result = report.build([cycle.pk], {"cycle": cycle.pk})
    lines = {line["role"]: line for line in result.headline}
    assert (lines["trainee"]["before"], lines["trainee"]["after"], lines["trainee"]["points"]) == (20, 40, 20)
    assert (lines["trainer"]["before"], lines["trainer"]["after"]) == (60, 80)
    assert lines["trainee"]["pairs"].overall.mean == pytest.approx(20)


@pytest.fixture
def crafted(course_cycle, greece):
    """Groups of 6, 8, 3 and 12 trainees over two regions (the group of 12: 9 in one region, 3 in the other),
    six trainers without a group, anonymous answers among them; before and after with some drop-outs."""
    course, cycle = course_cycle
    regions = [RegionFactory(country=greece, code="GR-X1"), RegionFactory(country=greece, code="GR-X2")]
    sizes = [(6, [6, 0]), (8, [4, 4]), (3, [3, 0]), (12, [9, 3])]
    members = []  # (reflection id, attributes)
    for number, (size, split) in enumerate(sizes, start=1):
        group = LearnerGroup.objects.create(cycle=cycle, number=number)
        placed = [regions[0]] * split[0] + [regions[1]] * split[1]
        for i, region in enumerate(placed):
            person = etwinner(greece)
            anonymous = i == 0 and size > 5
            for phase in (Phase.BEFORE, Phase.AFTER):
                if phase == Phase.AFTER and i == size - 1:
                    continue  # the last of each group left
                r = row(
                    cycle=cycle,
                    phase=phase,
                    level=2 if phase == Phase.BEFORE else 3,
                    person=person,
                    group=group,
                    region=region,
                    anonymous=anonymous,
                )
                members.append(
                    (
                        r.pk,
                        {
                            "cycle": cycle.pk,
                            "group": group.pk,
                            "region": region.pk,
                            "role": Role.TRAINEE,
                            "phase": phase,
                        },
                    )
                )
    for _ in range(6):
        person = etwinner(greece)
        for phase in (Phase.BEFORE, Phase.AFTER):
            r = row(cycle=cycle, phase=phase, level=4, person=person, role=Role.TRAINER, region=regions[0])
            members.append(
                (
                    r.pk,
                    {"cycle": cycle.pk, "group": None, "region": regions[0].pk, "role": Role.TRAINER, "phase": phase},
                )
            )
    groups = list(LearnerGroup.objects.filter(cycle=cycle).values_list("pk", flat=True))
    return cycle, members, groups, [r.pk for r in regions]


def _people(members, phase, flt):
    return frozenset(
        pk for pk, attrs in members if attrs["phase"] == phase and all(attrs[k] == v for k, v in flt.items())
    )


def test_no_two_figures_shown_differ_by_fewer_than_five_people(crafted):
    """Every page a reader can ask for (every filter, every breakdown): collect the sets of people behind the
    figures shown; no shown set contains another with 1 to 4 people more, and no set under 5 is shown."""
    cycle, members, groups, regions = crafted
    cells = report.load_cells([cycle.pk])
    choices = {
        "cycle": [None, cycle.pk],
        "group": [None, *groups],
        "region": [None, *regions],
        "role": [None, Role.TRAINEE, Role.TRAINER],
    }
    shown: dict[str, set[frozenset]] = {Phase.BEFORE: set(), Phase.AFTER: set()}
    hidden_seen = 0
    for values in itertools.product(*choices.values()):
        flt = {k: v for k, v in zip(choices, values, strict=True) if v is not None}
        for breakdown in ("", *report.DIMS):
            result = report.build([cycle.pk], flt, breakdown=breakdown, cells=cells)
            figures = [(flt, result.before, result.after)]
            figures += [({**flt, breakdown: s.value}, s.before, s.after) for s in result.slices]
            for where, before, after in figures:
                for phase, fig in ((Phase.BEFORE, before), (Phase.AFTER, after)):
                    people = _people(members, phase, where)
                    assert fig.n == len(people)
                    if fig.shown:
                        assert len(people) >= 5
                        shown[phase].add(people)
                    elif people:
                        hidden_seen += 1
            if breakdown and result.slices:
                for phase, attr in ((Phase.BEFORE, "before"), (Phase.AFTER, "after")):
                    rest = sum(getattr(s, attr).n for s in result.slices if not getattr(s, attr).shown)
                    if getattr(result, attr).shown:  # the whole minus the slices shown would reveal the rest
                        assert rest == 0 or rest >= 5, (flt, breakdown, phase)
    assert hidden_seen > 0  # the dataset does exercise the rule
    for sets in shown.values():
        for a, b in itertools.permutations(sets, 2):
            if a < b:
                assert len(b - a) >= 5, (len(a), len(b))


def test_a_small_group_and_its_complement_are_hidden_alike(crafted):
    cycle, _members, groups, _regions = crafted
    by_group = report.build([cycle.pk], {"cycle": cycle.pk, "role": Role.TRAINEE}, breakdown="group")
    shown = {s.value: s.before.shown for s in by_group.slices}
    assert shown[groups[2]] is False  # three people
    hidden_people = sum(s.before.n for s in by_group.slices if not s.before.shown)
    assert hidden_people >= 5  # another group went with it
    # The same groups are hidden when asked for directly.
    for value, visible in shown.items():
        direct = report.build([cycle.pk], {"cycle": cycle.pk, "role": Role.TRAINEE, "group": value})
        assert direct.before.shown is visible


def test_the_csv_rounds_a_mean_level_half_up_as_the_pages_do(course_cycle, greece):
    from twinning.competences import framework, report_pages
    from twinning.competences.models import Area

    _course, cycle = course_cycle
    for level in (2, 2, 2, 3, 3, 3):  # a mean of 2.5: B1, as ``scoring.level_of`` says (not A2)
        row(cycle=cycle, phase=Phase.BEFORE, level=level, person=etwinner(greece))
    result = report.build([cycle.pk], {"cycle": cycle.pk})
    areas = list(Area.objects.filter(version=framework.current()).order_by("number"))
    lines = [line for line in report_pages.csv_rows(result, areas) if line[1] == "before" and line[2] == "overall"]
    assert lines and lines[0][3] == 6 and lines[0][4] == "B1"
