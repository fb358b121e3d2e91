#!/usr/bin/env python3
"""Reference values for PlexusAnalytics' phenotype space, from scikit-learn.

For seeded data sets (values rounded to 6 decimals before fitting, so that the
JSON text is the exact input here and in the Swift test) it records what

    PCA().fit(X)                                  ("pca-raw")
    make_pipeline(StandardScaler(), PCA()).fit(X) ("pca-standardized")

give: components_, explained_variance_, explained_variance_ratio_, and the
scores (transform(X)). The data sets:

- "correlated": 40 samples, 6 features on different scales, mixed through a
  random matrix so that the components are far from the axes;
- "wide": 7 samples, 10 features (more features than samples: the trailing
  components have zero variance, and only min(n, d) = 7 are kept).

    python3 Benchmarks/phenotype_fixtures.py

writes Tests/PlexusAnalyticsTests/Fixtures/phenotypes.json, read by
PhenotypeAgreementTests.swift.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

SCRIPT = "Benchmarks/phenotype_fixtures.py"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                   "Tests", "PlexusAnalyticsTests", "Fixtures", "phenotypes.json")


def pca_case(name, X):
    X = np.round(X, 6)
    raw = PCA().fit(X)
    pipeline = make_pipeline(StandardScaler(), PCA()).fit(X)
    standardized = pipeline.named_steps["pca"]
    return {
        "name": name,
        "X": X.tolist(),
        "raw": {
            "components": raw.components_.tolist(),
            "explained_variance": raw.explained_variance_.tolist(),
            "explained_variance_ratio": raw.explained_variance_ratio_.tolist(),
            "scores": raw.transform(X).tolist(),
        },
        "standardized": {
            "components": standardized.components_.tolist(),
            "explained_variance": standardized.explained_variance_.tolist(),
            "explained_variance_ratio": standardized.explained_variance_ratio_.tolist(),
            "scores": pipeline.transform(X).tolist(),
        },
    }


def main():
    rng = np.random.default_rng(15)
    latent = rng.normal(size=(40, 6)) * np.array([5.0, 3.0, 2.0, 1.0, 0.5, 0.2])
    mixing = rng.normal(size=(6, 6))
    correlated = latent @ mixing * np.array([1.0, 10.0, 0.1, 3.0, 1.0, 100.0]) + np.arange(6)
    wide = rng.normal(size=(7, 10)) * np.linspace(1, 4, 10)
    reference = {
        "script": SCRIPT,
        "sklearn_version": sklearn.__version__,
        "pca": [pca_case("correlated", correlated), pca_case("wide", wide)],
    }
    with open(OUT, "w") as f:
        json.dump(reference, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
