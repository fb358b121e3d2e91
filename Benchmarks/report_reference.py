#!/usr/bin/env python3
"""The statistics of `plexus report`, recomputed with scipy and scikit-learn.

Reads a report written with `plexus report --format json` (its per-cell
features are the query cell_features) and computes, from those same per-cell
values, what the report states, the way a notebook would:

- per feature and condition against the baseline, cells and replicate means:
  scipy.stats.mannwhitneyu (two-sided, method 'auto'), ttest_ind
  (equal_var=False), Benjamini–Hochberg by scipy.stats.false_discovery_control,
  Cohen's d (pooled SD) and Cliff's delta in numpy, and percentile bootstrap
  intervals by scipy.stats.bootstrap (2,000 resamples, as the report's default);
- cross-validated accuracy of make_pipeline(StandardScaler(),
  LogisticRegression()) with StratifiedKFold(5, shuffle=True).

It times that work (not the reading) and writes the largest differences from
the report's numbers: p-values and effect sizes must agree to rounding; the
bootstrap bounds and the accuracy differ by resampling and fold assignment
only (different random streams), so those differences are reported, not
required to vanish.

    python3 Benchmarks/report_reference.py report.json out.json
"""
import json
import sys
import time

import numpy as np
from scipy import stats
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def cohens_d(x, y):
    nx, ny = len(x), len(y)
    pooled = ((nx - 1) * np.var(x, ddof=1) + (ny - 1) * np.var(y, ddof=1)) / (nx + ny - 2)
    return (np.mean(x) - np.mean(y)) / np.sqrt(pooled)


def cliffs_delta(x, y):
    return float(np.mean(np.sign(np.subtract.outer(x, y))))


def main():
    report = json.load(open(sys.argv[1]))
    baseline, compared, features = report["baseline"], report["compared"], report["features"]
    cells = report["cells"]

    start = time.perf_counter()
    ours = {}
    for level in ["cell", "replicate"]:
        def units(name, feature):
            chosen = [c for c in cells if c["condition"] == name and c["features"].get(feature) is not None]
            if level == "cell":
                return np.array([c["features"][feature] for c in chosen])
            groups = {}
            for c in chosen:
                if c.get("replicate") is not None:
                    groups.setdefault(c["replicate"], []).append(c["features"][feature])
            return np.array([np.mean(v) for _, v in sorted(groups.items())])
        baseline_units = {feature: units(baseline, feature) for feature in features}
        for condition in compared:
            rows = []
            for feature in features:
                x, y = units(condition, feature), baseline_units[feature]
                if len(x) < 2 or len(y) < 2:
                    continue
                mw = stats.mannwhitneyu(x, y, alternative="two-sided", method="auto").pvalue
                welch = stats.ttest_ind(x, y, equal_var=False).pvalue
                d = cohens_d(x, y) if np.var(x, ddof=1) + np.var(y, ddof=1) > 0 else None
                delta = cliffs_delta(x, y)
                boot = stats.bootstrap((x, y), cliffs_delta,
                                       vectorized=False, n_resamples=2000, method="percentile",
                                       rng=np.random.default_rng(1))
                rows.append([feature, mw, welch, d, delta, boot.confidence_interval.low, boot.confidence_interval.high])
            if rows:
                mw_bh = stats.false_discovery_control([r[1] for r in rows], method="bh")
                welch_bh = stats.false_discovery_control([r[2] for r in rows], method="bh")
                for r, a, b in zip(rows, mw_bh, welch_bh):
                    ours[(level, condition, r[0])] = r[1:] + [a, b]
    labels = np.array([c["condition"] for c in cells])
    usable = [f for f in features if all(c["features"].get(f) is not None for c in cells)]
    matrix = np.array([[c["features"][f] for f in usable] for c in cells])
    folds = min(5, min(np.unique(labels, return_counts=True)[1]))
    accuracy = float(np.mean(cross_val_score(make_pipeline(StandardScaler(), LogisticRegression()), matrix, labels,
                                             cv=StratifiedKFold(folds, shuffle=True, random_state=1))))
    seconds = time.perf_counter() - start

    worst = {"p": 0.0, "p_bh": 0.0, "effect": 0.0, "bootstrap": 0.0}
    compared_rows = 0
    for row in report["comparisons"] + report["replicate_comparisons"]:
        key = (row["level"], row["condition"], row["feature"])
        if key not in ours or row.get("mann_whitney_p") is None:
            continue
        mw, welch, d, delta, low, high, mw_bh, welch_bh = ours[key]
        compared_rows += 1
        worst["p"] = max(worst["p"], abs(row["mann_whitney_p"] - mw), abs(row["welch_t_p"] - welch))
        worst["p_bh"] = max(worst["p_bh"], abs(row["mann_whitney_p_bh"] - mw_bh), abs(row["welch_t_p_bh"] - welch_bh))
        worst["effect"] = max(worst["effect"], abs(row["cliffs_delta"] - delta),
                              abs(row["cohens_d"] - d) if d is not None and row.get("cohens_d") is not None else 0)
        if row.get("cliffs_delta_low") is not None:
            worst["bootstrap"] = max(worst["bootstrap"], abs(row["cliffs_delta_low"] - low), abs(row["cliffs_delta_high"] - high))
    json.dump({"seconds": seconds, "rows": compared_rows, "worst": worst, "accuracy": accuracy,
               "report_accuracy": report["classification"].get("accuracy")}, open(sys.argv[2], "w"))


if __name__ == "__main__":
    main()
