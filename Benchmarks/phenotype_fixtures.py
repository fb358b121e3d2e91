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

For classifiers side by side ("classifiers"), on seeded data sets with given
folds (StratifiedKFold(5, shuffle=True, random_state=0), recorded as each
sample's test fold), cross_val_predict of

    make_pipeline(StandardScaler(), LogisticRegression(C=1, tol=1e-12, max_iter=10000))
    make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=5))
    make_pipeline(StandardScaler(), LinearSVC(C=1, tol=1e-12, max_iter=1000000))

their predictions, probabilities (decision values for the SVM), accuracy,
balanced accuracy and confusion matrix.

For clustering ("clustering"): three Gaussian blobs in 3 dimensions (36
points), KMeans(k, n_init=10, random_state=0) for k = 2…5 (labels, inertia)
and silhouette_score of each labelling.

For Horn's parallel analysis ("parallel_analysis"): the 95th percentile of
the explained variances of standardised standard-normal data, 20,000 draws
for each shape (18 × 17, 40 × 6), and how many components of the
standardised "correlated" data stand above them.

    python3 Benchmarks/phenotype_fixtures.py

writes Tests/PlexusAnalyticsTests/Fixtures/phenotypes.json, read by
PhenotypeAgreementTests.swift.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, balanced_accuracy_score, confusion_matrix, silhouette_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import LinearSVC
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


def classifier_case(name, X, y):
    X = np.round(X, 6)
    folds = np.empty(len(y), dtype=int)
    for f, (_, test) in enumerate(StratifiedKFold(5, shuffle=True, random_state=0).split(X, y)):
        folds[test] = f
    splits = [(np.flatnonzero(folds != f), np.flatnonzero(folds == f)) for f in range(5)]
    models = {
        "logistic_regression": (make_pipeline(StandardScaler(), LogisticRegression(C=1, tol=1e-12, max_iter=10000)),
                                "predict_proba"),
        "k_nearest_neighbours": (make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=5)), "predict_proba"),
        "linear_svm": (make_pipeline(StandardScaler(), LinearSVC(C=1, tol=1e-12, max_iter=1000000)),
                       "decision_function"),
    }
    results = {}
    for key, (model, method) in models.items():
        predictions = cross_val_predict(model, X, y, cv=splits)
        scores = cross_val_predict(model, X, y, cv=splits, method=method)
        if scores.ndim == 1:
            scores = np.stack([-scores, scores], axis=1)
        results[key] = {
            "predictions": predictions.tolist(),
            "scores": scores.tolist(),
            "accuracy": accuracy_score(y, predictions),
            "balanced_accuracy": balanced_accuracy_score(y, predictions),
            "confusion": confusion_matrix(y, predictions).tolist(),
        }
    return {"name": name, "classes": int(y.max()) + 1, "X": X.tolist(), "y": y.tolist(),
            "folds": folds.tolist(), "results": results}


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
    classifier_sets = []
    for name, sizes, d, shift in [("binary", [12, 15], 4, 1.0), ("three-class", [10, 8, 12], 5, 1.2)]:
        X = np.vstack([rng.normal(size=(n, d)) * np.linspace(0.5, 3, d) + k * shift * np.eye(d)[k % d] * 2
                       for k, n in enumerate(sizes)]) + np.arange(d)
        y = np.concatenate([[k] * n for k, n in enumerate(sizes)])
        classifier_sets.append(classifier_case(name, X, y))
    reference["classifiers"] = classifier_sets
    blobs = np.round(np.vstack([rng.normal(size=(12, 3)) * 0.6 + centre
                                for centre in ([0, 0, 0], [4, 0, 1], [0, 5, -1])]), 6)
    reference["clustering"] = {"X": blobs.tolist(), "runs": []}
    for k in range(2, 6):
        fitted = KMeans(n_clusters=k, n_init=10, random_state=0).fit(blobs)
        reference["clustering"]["runs"].append({
            "k": k, "labels": fitted.labels_.tolist(), "inertia": float(fitted.inertia_),
            "silhouette": float(silhouette_score(blobs, fitted.labels_)),
        })
    # Parallel analysis: 95th percentiles of the explained variances of
    # standardised standard-normal data (20,000 draws per shape, its own
    # generator so that the cases above stay as they were), and the number of
    # components of the standardised "correlated" data above them.
    noise = np.random.default_rng(1965)
    reference["parallel_analysis"] = []
    for n, d in [(18, 17), (40, 6)]:
        variances = np.array([PCA().fit(StandardScaler().fit_transform(noise.normal(size=(n, d)))).explained_variance_
                              for _ in range(20000)])
        thresholds = np.percentile(variances, 95, axis=0)
        case = {"rows": n, "features": d, "simulations": 20000, "thresholds": thresholds.tolist()}
        if (n, d) == (40, 6):
            data = np.round(correlated, 6)
            observed = make_pipeline(StandardScaler(), PCA()).fit(data).named_steps["pca"].explained_variance_
            above = observed > thresholds
            case["correlated_retained"] = int(np.argmin(above)) if not above.all() else d
            case["correlated_margins"] = (observed / thresholds).tolist()
        reference["parallel_analysis"].append(case)
    with open(OUT, "w") as f:
        json.dump(reference, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
