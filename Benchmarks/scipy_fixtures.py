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
  t-test p-value, tested on its own;
- Student t quantiles `t.ppf(p, df)` on a grid of p from 1e-12 to 1 - 1e-12
  (p near 1/2 included) and df from 0.5 to 1e6, fractional df included
  (student_t_quantile());
- percentile bootstrap intervals (bootstrap_ci()) on five two-group data sets
  (6 against 6, 4 against 8, 12 against 10 with ties, 3 against 3, 20 against
  20): `scipy.stats.bootstrap((x1, x0), statistic, method='percentile',
  n_resamples=100_000, confidence_level=0.95, vectorized=True, rng=fixed)` for
  Cohen's d, Cliff's delta, the difference of means and the difference of
  medians, group 1 minus group 0, defined in numpy below as the two-group
  statistics above. scipy resamples each group on its own (stratified), as
  bootstrap_ci() does. Where a resample leaves the statistic undefined (Cohen's
  d with both resampled groups constant: NaN here) scipy's interval is NaN, so
  the interval is the numpy 'linear' percentile of the defined resamples, which
  is what bootstrap_ci() returns; with none undefined it is scipy's own. Each
  bound comes with a Monte-Carlo tolerance: an estimate of the q-quantile from
  B resamples sits at a position within q +- 4.5 sqrt(q (1 - q) / B) of the
  ideal bootstrap distribution (4.5 standard errors of the empirical CDF; a
  chance of about 7e-6 to fall outside), so two independent estimates (scipy's
  and a differently seeded generator's) differ by at most the width of that
  band in the statistic's units, read off scipy's bootstrap distribution. For
  a statistic with few possible values (Cliff's delta, medians, anything on 3
  against 3) it is 0 when the band stays on one value and a whole step when it
  straddles two: with 3 against 3, 720 of the 729 equally likely resamples
  define Cohen's d and 2.5% of 720 is 18 exactly, so either side of that step
  is as right as the other;
- Benjamini-Hochberg adjusted p-values, `false_discovery_control(p,
  method='bh')`, for four vectors of p-values (lengths 1, 5, 10 and 13, with
  ties and values near 1), stored as {"p", "adjusted"} under
  "benjamini_hochberg" (for the Benjamini-Hochberg SQL test).

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
import warnings

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


def student_t_quantile_reference():
    out = []
    ps = [1e-12, 1e-9, 1e-6, 1e-4, 1e-3, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.45, 0.49,
          0.4999999, 0.5, 0.5000001, 0.51, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95, 0.975, 0.99, 0.999,
          1 - 1e-6, 1 - 1e-9, 1 - 1e-12]
    for df in [0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.7, 5.0, 9.0, 17.25, 30.0, 118.6, 1000.5, 1e4, 1e5, 1e6]:
        for p in ps:
            out.append({"p": p, "df": df, "t": float(stats.t.ppf(p, df))})
    return out


# The two-group statistics of bootstrap_ci(), group 1 (x1) minus group 0 (x0),
# over the last axis (scipy's vectorized form). Cohen's d is NaN when both
# groups are constant (the pooled SD is 0), as Statistics.cohensD is nil.
def boot_cohens_d(x1, x0, axis=-1):
    n1, n0 = x1.shape[axis], x0.shape[axis]
    pooled = ((n1 - 1) * np.var(x1, ddof=1, axis=axis) + (n0 - 1) * np.var(x0, ddof=1, axis=axis)) / (n1 + n0 - 2)
    constant = (np.ptp(x1, axis=axis) == 0) & (np.ptp(x0, axis=axis) == 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        d = (np.mean(x1, axis=axis) - np.mean(x0, axis=axis)) / np.sqrt(pooled)
    return np.where(constant, np.nan, d)


def boot_cliffs_delta(x1, x0, axis=-1):
    x1, x0 = np.moveaxis(x1, axis, -1), np.moveaxis(x0, axis, -1)
    return np.sign(x1[..., :, None] - x0[..., None, :]).mean(axis=(-2, -1))


def boot_mean_difference(x1, x0, axis=-1):
    return np.mean(x1, axis=axis) - np.mean(x0, axis=axis)


def boot_median_difference(x1, x0, axis=-1):
    return np.median(x1, axis=axis) - np.median(x0, axis=axis)


BOOTSTRAP_STATISTICS = [("cohens_d", boot_cohens_d), ("cliffs_delta", boot_cliffs_delta),
                        ("mean_difference", boot_mean_difference), ("median_difference", boot_median_difference)]
BOOTSTRAP_RESAMPLES = 100_000
BOOTSTRAP_LEVEL = 0.95


def bootstrap_sets(rng):
    """(name, x1, x0) for the bootstrap intervals; one set with ties."""
    return [
        ("boot-6-6", rounded(rng.normal(1.0, 1.0, 6)), rounded(rng.normal(0.0, 1.0, 6))),
        ("boot-4-8", rounded(rng.normal(0.8, 2.0, 4)), rounded(rng.normal(-0.5, 1.0, 8))),
        ("boot-ties-12-10", rounded(rng.normal(3.0, 1.5, 12), 0), rounded(rng.normal(2.0, 1.5, 10), 0)),
        ("boot-3-3", rounded(rng.normal(1.5, 1.0, 3)), rounded(rng.normal(0.0, 1.0, 3))),
        ("boot-20-20", rounded(rng.normal(0.6, 1.0, 20)), rounded(rng.normal(0.0, 1.2, 20))),
    ]


def bootstrap_reference(index, name, x1, x0):
    a1, a0 = np.asarray(x1), np.asarray(x0)
    alpha = (1 - BOOTSTRAP_LEVEL) / 2
    intervals = []
    for k, (statistic, function) in enumerate(BOOTSTRAP_STATISTICS):
        with warnings.catch_warnings():
            # NaN resamples make scipy's interval NaN, with this warning; handled below.
            warnings.simplefilter("ignore", stats.DegenerateDataWarning)
            res = stats.bootstrap((a1, a0), function, method="percentile", n_resamples=BOOTSTRAP_RESAMPLES,
                                  confidence_level=BOOTSTRAP_LEVEL, vectorized=True, batch=10_000,
                                  rng=np.random.default_rng(1000 + 10 * index + k))
        distribution = res.bootstrap_distribution
        defined = distribution[np.isfinite(distribution)]
        low, high = (float(v) for v in np.percentile(defined, [100 * alpha, 100 * (1 - alpha)]))
        if len(defined) == len(distribution):
            assert np.allclose([low, high], [res.confidence_interval.low, res.confidence_interval.high],
                               rtol=1e-12, atol=1e-14), (name, statistic)
        tolerances = []
        for q in (alpha, 1 - alpha):
            band = 4.5 * np.sqrt(q * (1 - q) / len(defined))
            edges = np.percentile(defined, [100 * (q - band), 100 * (q + band)])
            tolerances.append(float(edges[1] - edges[0]))
        intervals.append({
            "statistic": statistic,
            "estimate": float(function(a1, a0)),
            "low": low,
            "high": high,
            "tolerance_low": tolerances[0],
            "tolerance_high": tolerances[1],
            "undefined_resamples": int(len(distribution) - len(defined)),
        })
    return {"name": name, "group1": x1, "group0": x0, "level": BOOTSTRAP_LEVEL,
            "resamples": BOOTSTRAP_RESAMPLES, "intervals": intervals}


def benjamini_hochberg_reference():
    vectors = [
        [0.03],
        [0.01, 0.04, 0.03, 0.04, 0.2],
        [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.999, 1.0],
        [0.5, 1e-8, 0.02, 0.02, 0.02, 0.97, 0.0003, 0.041, 0.999999, 0.3, 0.041, 0.8, 0.0049],
    ]
    return [{"p": p, "adjusted": [float(v) for v in stats.false_discovery_control(p, method="bh")]}
            for p in vectors]


def main():
    rng = np.random.default_rng(20240917)
    reference = {
        "script": SCRIPT,
        "numpy_version": np.__version__,
        "scipy_version": scipy.__version__,
        "columns": [column_reference(*s) for s in column_sets(rng)],
        "groups": [group_reference(*s) for s in group_sets(rng)],
        "student_t": student_t_reference(),
        "student_t_quantile": student_t_quantile_reference(),
        # Its own generator, so that the data sets above stay as they were.
        "bootstrap": [bootstrap_reference(i, *s) for i, s in enumerate(bootstrap_sets(np.random.default_rng(20250311)))],
        "benjamini_hochberg": benjamini_hochberg_reference(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(reference, f, indent=1)
        f.write("\n")
    methods = [g["mann_whitney_method"] for g in reference["groups"]]
    print(f"wrote {os.path.normpath(OUT)}: {len(reference['columns'])} column sets, "
          f"{len(reference['groups'])} group sets ({methods.count('exact')} exact Mann-Whitney, "
          f"{methods.count('asymptotic')} asymptotic), {len(reference['student_t_quantile'])} t quantiles, "
          f"{len(reference['bootstrap'])} bootstrap sets, {len(reference['benjamini_hochberg'])} BH vectors; "
          f"numpy {np.__version__}, scipy {scipy.__version__}")
    for entry in reference["bootstrap"]:
        for interval in entry["intervals"]:
            print(f"  {entry['name']:16} {interval['statistic']:17} estimate {interval['estimate']:+.4f} "
                  f"[{interval['low']:+.4f}, {interval['high']:+.4f}] tolerance "
                  f"{interval['tolerance_low']:.4f}, {interval['tolerance_high']:.4f}; "
                  f"{interval['undefined_resamples']} undefined")


if __name__ == "__main__":
    main()
