"""The statistics against hand-computed examples."""

import math

import pytest

from twinning.competences import scoring, stats


def test_t_quantiles_match_the_table_and_the_expansion():
    assert stats.t975(1) == 12.706
    assert stats.t975(4) == 2.776
    assert stats.t975(30) == 2.042
    # Beyond the table, the expansion: 2.0211 for 40 and 1.9840 for 100 degrees of freedom (published tables).
    assert stats.t975(40) == pytest.approx(2.0211, abs=2e-4)
    assert stats.t975(100) == pytest.approx(1.9840, abs=2e-4)
    with pytest.raises(ValueError):
        stats.t975(0)


def test_paired_change_by_hand():
    # Differences in mean level: 0.5, 1.0, 0.0, 1.5, 0.5 → mean 0.7 level = 14 points of the scale.
    diffs = [0.5, 1.0, 0.0, 1.5, 0.5]
    change = stats.paired_change(len(diffs), sum(diffs), sum(d * d for d in diffs))
    assert change.pairs == 5
    assert change.mean == pytest.approx(14.0)
    sd = math.sqrt(sum((d - 0.7) ** 2 for d in diffs) / 4)  # 0.5701 levels
    half = 2.776 * sd / math.sqrt(5)
    assert change.sd == pytest.approx(sd * 20)
    assert change.low == pytest.approx((0.7 - half) * 20)
    assert change.high == pytest.approx((0.7 + half) * 20)
    assert change.low == pytest.approx(-0.155, abs=0.001) and change.high == pytest.approx(28.155, abs=0.001)


def test_paired_change_edge_cases():
    assert stats.paired_change(0, 0, 0) is None
    single = stats.paired_change(1, 0.5, 0.25)
    assert single.mean == pytest.approx(10) and single.low is None
    same = stats.paired_change(3, 3.0, 3.0)  # every difference 1 level: no spread
    assert same.low == same.high == pytest.approx(20)


def test_share_and_scale():
    assert stats.share_at_least([1, 1, 2, 4, 2, 0], 4) == pytest.approx(60)
    assert stats.share_at_least([0] * 6, 4) is None
    assert stats.to_percent(1) == 0 and stats.to_percent(6) == 100 and stats.to_percent(3.5) == 50
    assert scoring.level_of(2.5) == 3 and scoring.level_of(2.49) == 2 and scoring.level_of(6.2) == 6


def test_scores_per_area():
    fields = scoring.scores([(1, 2), (1, 3), (2, 6), (3, 1), (4, 4), (5, 4), (6, 5)])
    assert fields["area_1"] == 2.5 and fields["level_1"] == 3
    assert fields["area_2"] == 6 and fields["level_3"] == 1
    assert fields["overall"] == pytest.approx(25 / 7) and fields["level_overall"] == 4
    assert scoring.scores([(1, 2)])["area_2"] is None


def test_safe_and_rest_of_a_breakdown():
    assert not stats.safe(4, [])
    assert stats.safe(5, [5, 10, 40])
    assert not stats.safe(10, [13])  # the difference would be about 3 people
    hidden = stats.hidden_slices({"a": 3, "b": 6, "c": 20})
    assert hidden == {"a", "b"}  # a alone could be found as the whole minus b and c
    assert stats.hidden_slices({"a": 6, "b": 7}) == set()
    assert stats.hidden_slices({"a": 2, "b": 3, "c": 30}) == {"a", "b"}  # 5 hidden together: enough


def test_pseudonym_is_stable_per_cycle_and_role_and_names_nobody():
    key = scoring.pseudonym(7, 3, "trainee")
    assert key == scoring.pseudonym(7, 3, "trainee")
    assert key != scoring.pseudonym(7, 4, "trainee") != scoring.pseudonym(7, 3, "trainer")
    assert len(key) == 32
