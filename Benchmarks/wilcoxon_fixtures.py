#!/usr/bin/env python3
"""Reference values for the Wilcoxon signed-rank test (Statistics.wilcoxonSignedRank,
wilcoxon_p(), wilcoxon_rank_biserial()), from scipy.stats.wilcoxon with its defaults
(zero_method='wilcox', correction=False, alternative='two-sided', method='auto').

Seeded sets of paired differences cover each of scipy's 'auto' paths:
- exact: N <= 50 pairs, no ties and no zeros (N = 1, 5, 9, 20, 50);
- the permutation test over all 2^N sign flips, which scipy uses with ties or
  zeros when N <= 13, and which is exact there (2^13 < its 9999 resamples);
- the normal approximation with tie correction: N > 50, or ties or zeros with
  N > 13 (zeros and ties at N = 14 and 30; N = 51, 80, 400).
Ties are made by rounding to one decimal. For each set: the differences, scipy's
statistic min(W+, W-) and p-value, W+ and W- from scipy's own ranking
(rankdata of |d| after dropping zeros), and the matched-pairs rank-biserial
correlation (W+ - W-) / (W+ + W-).

    python3 Benchmarks/wilcoxon_fixtures.py

writes Tests/PlexusStoreTests/Fixtures/wilcoxon.json, read by
WilcoxonSignedRankTests.swift. Values are rounded to 6 decimals before the test
runs on them, so the JSON text is the exact number used here and in Swift.
"""
import json
import os

import numpy as np
import scipy
from scipy import stats

SCRIPT = "Benchmarks/wilcoxon_fixtures.py"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                   "Tests", "PlexusStoreTests", "Fixtures", "wilcoxon.json")


def sets(rng):
    def shifted(n, shift, decimals=6):
        return np.round(rng.normal(shift, 1.0, n), decimals)

    yield "one pair", np.array([0.75])
    yield "five positive", np.array([0.3, 1.2, 2.5, 0.8, 4.1])
    yield "exact 9", shifted(9, 0.4)
    yield "exact 20", shifted(20, 0.5)
    yield "exact 50", shifted(50, 0.2)
    yield "ties 8", shifted(8, 0.5, decimals=1)
    yield "zeros and ties 12", np.concatenate([[0.0, 0.0], shifted(10, 0.6, decimals=1)])
    yield "zero 6", np.array([0.0, 1.5, -0.5, 2.0, 3.0, 0.7])
    yield "ties 14", np.concatenate([[0.0], shifted(13, 0.5, decimals=1)])
    yield "zeros and ties 30", np.concatenate([[0.0, 0.0, 0.0], shifted(27, 0.3, decimals=1)])
    yield "asymptotic 51", shifted(51, 0.3)
    yield "asymptotic 80 ties", shifted(80, -0.2, decimals=1)
    yield "asymptotic 400", shifted(400, 0.05)
    yield "all negative 7", -np.abs(shifted(7, 1.0))


def reference(name, d):
    d = np.asarray(d, dtype=float)
    result = stats.wilcoxon(d)
    nonzero = d[d != 0]
    ranks = stats.rankdata(np.abs(nonzero))
    w_plus = float(ranks[nonzero > 0].sum())
    w_minus = float(ranks[nonzero < 0].sum())
    assert np.isclose(min(w_plus, w_minus), result.statistic)
    ties = len(np.unique(np.abs(nonzero))) < len(nonzero)
    if len(d) > 50:
        method = "asymptotic"
    elif not ties and len(nonzero) == len(d):
        method = "exact"
    elif len(d) <= 13:
        method = "permutation"
    else:
        method = "asymptotic"
    return {
        "name": name, "differences": [float(v) for v in d], "method": method,
        "statistic": float(result.statistic), "p": float(result.pvalue),
        "w_plus": w_plus, "w_minus": w_minus,
        "rank_biserial": (w_plus - w_minus) / (w_plus + w_minus),
    }


def main():
    rng = np.random.default_rng(20240614)
    cases = [reference(name, d) for name, d in sets(rng)]
    out = {"script": SCRIPT, "numpy_version": np.__version__, "scipy_version": scipy.__version__,
           "cases": cases}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.normpath(OUT)}: {len(cases)} cases")


if __name__ == "__main__":
    main()
