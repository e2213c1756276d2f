"""The statistics of the impact reports, as pure functions (tested against hand-computed examples).

- Scores are kept as mean levels 1..6; pages show them as a percentage of the scale (A1 = 0%, C2 = 100%).
- Paired change: the mean of (after − before) over the teachers who answered both, with a 95% confidence
  interval from Student's t distribution (mean ± t(0.975, n−1) · s / √n).
- Anonymity: nothing about fewer than ``MIN_SHOWN`` people is shown, neither directly nor as the difference
  of two figures shown (``safe``), nor as the rest of a breakdown once its shown parts are subtracted from the
  whole (``hidden_slices``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import NormalDist

MIN_SHOWN = 5

# Student's t, two-sided 95% (the 0.975 quantile), for 1..30 degrees of freedom.
_T975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip


def t975(df: int) -> float:
    """The 0.975 quantile of Student's t with ``df`` degrees of freedom: the table up to 30, beyond it the
    Cornish–Fisher expansion around the normal quantile (error below 1e-4 there)."""
    if df < 1:
        raise ValueError("at least one degree of freedom")
    if df <= len(_T975):
        return _T975[df - 1]
    z = NormalDist().inv_cdf(0.975)
    return (
        z
        + (z**3 + z) / (4 * df)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3)
    )


def to_percent(mean_level: float) -> float:
    return (mean_level - 1) / 5 * 100


@dataclass(frozen=True)
class Change:
    pairs: int
    mean: float  # in percentage points of the scale
    low: float | None  # the 95% interval (None with a single pair)
    high: float | None
    sd: float | None


def paired_change(n: int, sum_diff: float, sum_sq: float) -> Change | None:
    """From the sums SQL gives (n, Σd, Σd² of the differences in mean level), the mean change in percentage
    points with its 95% interval."""
    if n < 1:
        return None
    mean = sum_diff / n
    if n == 1:
        return Change(1, to_points(mean), None, None, None)
    variance = max(0.0, (sum_sq - n * mean * mean) / (n - 1))
    sd = math.sqrt(variance)
    half = t975(n - 1) * sd / math.sqrt(n)
    return Change(n, to_points(mean), to_points(mean - half), to_points(mean + half), to_points(sd))


def to_points(level_difference: float) -> float:
    """A difference of mean levels as percentage points of the scale (5 levels = 100 points)."""
    return level_difference / 5 * 100


def share_at_least(distribution: Iterable[int], threshold: int) -> float | None:
    """The % of people whose level is ``threshold`` or higher; ``distribution`` counts levels 1..6."""
    counts = list(distribution)
    total = sum(counts)
    if not total:
        return None
    return sum(counts[threshold - 1 :]) / total * 100


def safe(count: int, containing: Iterable[int]) -> bool:
    """A figure about ``count`` people may be shown: they are at least ``MIN_SHOWN``, and no figure shown about
    a larger set containing them (``containing``: those sets' sizes) differs from it by 1 to 4 people."""
    if count < MIN_SHOWN:
        return False
    return all(other == count or other - count >= MIN_SHOWN for other in containing)


def hidden_slices(counts: Mapping[object, int], hidden: set | None = None) -> set:
    """The slices of a breakdown (``counts``: slice → people) that cannot be shown: those under the threshold
    (or already ``hidden`` for another reason), then the next smallest, until the people hidden are none or at
    least ``MIN_SHOWN`` (otherwise the whole minus the shown slices would reveal them)."""
    hidden = set(hidden or ()) | {key for key, n in counts.items() if 0 < n < MIN_SHOWN}
    shown = sorted(((n, str(key), key) for key, n in counts.items() if key not in hidden and n > 0))
    total = sum(counts[key] for key in hidden)
    while shown and 0 < total < MIN_SHOWN:
        n, _name, key = shown.pop(0)
        hidden.add(key)
        total += n
    return hidden
