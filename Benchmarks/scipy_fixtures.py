#!/usr/bin/env python3
"""Reference values for the statistics SQL functions, from numpy and scipy.

Builds seeded data sets and records, for each:
- one column x (and a second column y paired with it): numpy `median`,
  `percentile` (default 'linear' method) at several p, `std(ddof=1)`, and
  scipy `linregress(x, y).slope`, `pearsonr`, `spearmanr`;
- two groups (value, group 0 or 1): scipy `mannwhitneyu(x1, x0,
  alternative='two-sided', method='auto')` statistic and p-value,
  `ttest_ind(x1, x0, equal_var=False)` p-value, and, in numpy directly,
  Cohen's d = (mean1 - mean0) / pooled SD (n - 1 weights) and Cliff's delta =
  mean of sign(x1_i - x0_j) over all pairs;
- Student t two-sided tails 2 * `t.sf(|t|, df)` for fractional and large df
  (Welch's df is fractional) down to tiny p-values: the building block of the
  t-test p-value, tested on its own.

The group data sets cover both of mannwhitneyu's 'auto' paths: exact (a group
of at most 8 values, no ties: 1 against 6, 3 against 20, 5 against 7, 8 against
8, 8 against 30) and asymptotic (ties in small groups; both groups above 8,
with and without ties, up to 300 against 250). A statistic that numpy or scipy
leaves undefined (a group below 2 values for the t-test and Cohen's d) is
written as null: the SQL function must return NULL there.

    python3 Benchmarks/scipy_fixtures.py

writes Tests/PlexusStoreTests/Fixtures/statistics.json, read by
StatisticsFunctionTests.swift. Values are rounded to 6 decimals (ties are made
by rounding to fewer), so that their JSON text is the exact number used here
and in the Swift test.
"""
import json
import os

import numpy as np
import scipy
from scipy import stats

SCRIPT = "Benchmarks/scipy_fixtures.py"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                   "Tests", "PlexusStoreTests", "Fixtures", "statistics.json")
PERCENTS = [0.0, 5.0, 25.0, 50.0, 62.5, 90.0, 99.9, 100.0]


def rounded(values, decimals=6):
    return [float(v) for v in np.round(np.asarray(values, dtype=float), decimals)]


def number_or_none(value):
    value = float(value)
    return value if np.isfinite(value) else None


def column_sets(rng):
    """(name, x, y) with y paired to x; x and y of equal length."""
    out = []
    # Integers with ties and negatives, odd count.
    x = [3, -1, 4, 1, -5, 9, 2, 6, -5, 3, 5]
    y = [2, 0, 3, 1, -4, 7, 2, 5, -3, 2, 4]
    out.append(("small-ties", rounded(x), rounded(y)))
    # Even count: the median averages the two middle values.
    x = rng.normal(0.0, 2.0, 10)
    out.append(("even-10", rounded(x), rounded(0.5 * x + rng.normal(0.0, 1.0, 10))))
    # Two points: every statistic is defined, r = ±1.
    out.append(("two-points", [1.5, -2.25], [0.75, 3.0]))
    # Moderate, negative-heavy, y rounded to create ties for spearman.
    x = rng.normal(-3.0, 1.5, 40)
    out.append(("normal-40", rounded(x), rounded(-1.2 * x + rng.normal(0.0, 2.0, 40), 1)))
    # Time-like x with a weak trend (a slope of centrality over time).
    t = np.arange(60) * 2.5
    out.append(("trend-60", rounded(t), rounded(0.01 + 1e-4 * t + rng.normal(0.0, 0.005, 60))))
    # Larger, skewed, with a large offset (two-pass variance matters).
    x = 1000.0 + rng.lognormal(0.0, 1.0, 500)
    out.append(("lognormal-500", rounded(x), rounded(np.sqrt(x - 999.0) + rng.normal(0.0, 0.3, 500))))
    return out


def group_sets(rng):
    """(name, x1, x0): group 1 and group 0 values."""
    out = []
    out.append(("exact-1-6", rounded([2.5]), rounded(rng.normal(0.0, 1.0, 6))))
    out.append(("exact-3-20", rounded(rng.normal(1.0, 1.0, 3)), rounded(rng.normal(0.0, 1.0, 20))))
    out.append(("exact-5-7", rounded(rng.normal(-1.0, 2.0, 5)), rounded(rng.normal(-2.5, 1.0, 7))))
    out.append(("exact-8-8", rounded(rng.normal(0.5, 1.0, 8)), rounded(rng.normal(0.0, 1.0, 8))))
    out.append(("exact-8-30", rounded(rng.normal(-0.3, 1.0, 8)), rounded(rng.normal(0.0, 1.0, 30))))
    # Ties in small groups: 'auto' goes asymptotic with the tie correction.
    out.append(("ties-small-6-5", rounded(rng.integers(2, 8, 6)), rounded(rng.integers(0, 5, 5))))
    # Exactly 9 a side, no ties: the smallest sizes 'auto' sends to the normal approximation.
    out.append(("asymptotic-9-9", rounded(rng.normal(0.8, 1.0, 9)), rounded(rng.normal(0.0, 1.0, 9))))
    out.append(("asymptotic-25-30", rounded(rng.normal(0.4, 1.5, 25)), rounded(rng.normal(0.0, 1.0, 30))))
    out.append(("ties-40-35", rounded(rng.normal(-2.0, 1.0, 40), 0), rounded(rng.normal(-2.4, 1.0, 35), 0)))
    out.append(("large-300-250", rounded(rng.normal(0.1, 1.0, 300)), rounded(rng.normal(0.0, 1.3, 250))))
    # Far apart: a tiny p-value, tested in relative terms.
    out.append(("separated-30-30", rounded(rng.normal(5.0, 1.0, 30)), rounded(rng.normal(0.0, 1.0, 30))))
    return out


def column_reference(name, x, y):
    xa, ya = np.asarray(x), np.asarray(y)
    n = len(x)
    constant = np.all(xa == xa[0]) or np.all(ya == ya[0])
    return {
        "name": name,
        "x": x,
        "y": y,
        "median": float(np.median(xa)),
        "percentiles": [{"p": p, "value": float(np.percentile(xa, p))} for p in PERCENTS],
        "stddev": float(np.std(xa, ddof=1)) if n >= 2 else None,
        "slope": float(stats.linregress(xa, ya).slope) if n >= 2 and not np.all(xa == xa[0]) else None,
        "pearson": float(stats.pearsonr(xa, ya).statistic) if n >= 2 and not constant else None,
        "spearman": float(stats.spearmanr(xa, ya).statistic) if n >= 2 and not constant else None,
    }


def group_reference(name, x1, x0):
    a1, a0 = np.asarray(x1), np.asarray(x0)
    n1, n0 = len(a1), len(a0)
    pooled = np.concatenate([a1, a0])
    ties = len(np.unique(pooled)) < len(pooled)
    method = "exact" if min(n1, n0) <= 8 and not ties else "asymptotic"
    mwu = stats.mannwhitneyu(a1, a0, alternative="two-sided", method="auto")
    assert mwu.pvalue == stats.mannwhitneyu(a1, a0, alternative="two-sided", method=method).pvalue
    welch = None
    cohen = None
    if n1 >= 2 and n0 >= 2:
        welch = number_or_none(stats.ttest_ind(a1, a0, equal_var=False).pvalue)
        s = np.sqrt(((n1 - 1) * np.var(a1, ddof=1) + (n0 - 1) * np.var(a0, ddof=1)) / (n1 + n0 - 2))
        cohen = float((a1.mean() - a0.mean()) / s)
    return {
        "name": name,
        "group1": x1,
        "group0": x0,
        "mann_whitney_method": method,
        "mann_whitney_u": float(mwu.statistic),
        "mann_whitney_p": float(mwu.pvalue),
        "welch_t_p": welch,
        "cohens_d": cohen,
        "cliffs_delta": float(np.sign(a1[:, None] - a0[None, :]).mean()),
    }


def student_t_reference():
    out = []
    for df in [1.0, 2.5, 3.7, 9.0, 25.3, 118.6, 1000.5, 1e5, 1e7]:
        for t in [0.0, 0.25, 1.3, 2.9, 7.5, 40.0]:
            p = float(2 * stats.t.sf(t, df))
            if p > 0:
                out.append({"t": t, "df": df, "p": p})
    return out


def main():
    rng = np.random.default_rng(20240917)
    reference = {
        "script": SCRIPT,
        "numpy_version": np.__version__,
        "scipy_version": scipy.__version__,
        "columns": [column_reference(*s) for s in column_sets(rng)],
        "groups": [group_reference(*s) for s in group_sets(rng)],
        "student_t": student_t_reference(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(reference, f, indent=1)
        f.write("\n")
    methods = [g["mann_whitney_method"] for g in reference["groups"]]
    print(f"wrote {os.path.normpath(OUT)}: {len(reference['columns'])} column sets, "
          f"{len(reference['groups'])} group sets ({methods.count('exact')} exact Mann-Whitney, "
          f"{methods.count('asymptotic')} asymptotic); numpy {np.__version__}, scipy {scipy.__version__}")


if __name__ == "__main__":
    main()
