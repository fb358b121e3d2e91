#!/usr/bin/env python3
"""Reference values for PlexusAnalytics' logistic regression and cross-validation,
from scikit-learn.

Builds small seeded data sets and records, for each, the training data X
(rounded to 6 decimals before fitting, so that the JSON text is the exact
number used here and in the Swift test), the labels y (0 ..< classes), C, and
the class probabilities of

    make_pipeline(StandardScaler(),
                  LogisticRegression(C=C, tol=1e-12, max_iter=10000))

(L2 penalty, lbfgs; a binomial model for 2 classes, a multinomial one above)
on the training points ("train_probabilities") and on a few new points
("new_X", "new_probabilities"). The data sets:

- "binary": 2 classes (10 / 12), 3 features on different scales, overlapping;
- "three-class": 3 classes of unequal size (6 / 6 / 9), 5 features;
- "constant-feature": 3 classes (7 / 8 / 6), 3 features of which the second is
  constant (StandardScaler gives it scale 1; its new points vary it);
- "four-class-c0.1": 4 classes (5 / 7 / 6 / 8), 2 features, C = 0.1.

For "three-class" it also records fold assignments ("folds": the test fold of
each sample, from StratifiedKFold(5, shuffle=True, random_state=0)) and, for
exactly those folds, scikit-learn's `cross_val_predict` labels
("cv_predictions") and probabilities ("cv_probabilities"), so that the Swift
cross-validation can be checked given the same folds.

"max_gradient" is the largest absolute gradient component of scikit-learn's
objective C * sum(log loss) + |W|^2 / 2 at its solution (standardized
features): how far lbfgs is from the exact optimum.

    python3 -m pip install -q scikit-learn   # if missing
    python3 Benchmarks/logistic_fixtures.py

writes Tests/PlexusAnalyticsTests/Fixtures/logistic.json, read by
LogisticRegressionAgreementTests.swift.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

SCRIPT = "Benchmarks/logistic_fixtures.py"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                   "Tests", "PlexusAnalyticsTests", "Fixtures", "logistic.json")


def rounded(values, decimals=6):
    return np.round(np.asarray(values, dtype=float), decimals)


def model(C):
    return make_pipeline(StandardScaler(), LogisticRegression(C=C, tol=1e-12, max_iter=10000))


def max_gradient(pipeline, X, y, C):
    """Largest |component| of the gradient of C * sum(log loss) + |W|^2 / 2."""
    scaler, lr = pipeline[0], pipeline[-1]
    Z = scaler.transform(X)
    P = pipeline.predict_proba(X)
    if len(lr.classes_) == 2:
        residual = (P[:, 1] - (y == 1))[:, None]          # one weight vector
    else:
        residual = P - np.eye(len(lr.classes_))[y]          # one per class
    grad_w = C * residual.T @ Z + lr.coef_
    grad_b = C * residual.sum(axis=0)
    return float(max(np.abs(grad_w).max(), np.abs(grad_b).max()))


def data_set(rng, name, sizes, shifts, scales, offsets, C, new_count=4, constant=None):
    """Class k's features: offsets + scales * (N(0, 1) + shifts[k])."""
    d = len(scales)
    X, y = [], []
    for k, n in enumerate(sizes):
        X.append(offsets + scales * (rng.standard_normal((n, d)) + shifts[k]))
        y += [k] * n
    X, y = np.vstack(X), np.array(y)
    new_X = offsets + scales * 1.5 * rng.standard_normal((new_count, d))
    if constant is not None:
        X[:, constant] = 2.5
        new_X[:, constant] = [2.5, -1.0, 7.0, 0.0][:new_count]
    X, new_X = rounded(X), rounded(new_X)
    fitted = model(C).fit(X, y)
    return {
        "name": name,
        "classes": len(sizes),
        "C": C,
        "X": X.tolist(),
        "y": y.tolist(),
        "train_probabilities": fitted.predict_proba(X).tolist(),
        "new_X": new_X.tolist(),
        "new_probabilities": fitted.predict_proba(new_X).tolist(),
        "max_gradient": max_gradient(fitted, X, y, C),
    }


def main():
    rng = np.random.default_rng(20250611)
    sets = [
        data_set(rng, "binary", [10, 12],
                 shifts=np.array([[0.0, 0.0, 0.0], [0.8, -0.5, 0.3]]),
                 scales=np.array([1.0, 10.0, 0.1]), offsets=np.array([0.0, 50.0, -2.0]), C=1.0),
        data_set(rng, "three-class", [6, 6, 9],
                 shifts=np.array([[0.0] * 5, [1.0, 0.0, -0.5, 0.5, 0.0], [0.0, 1.0, 0.5, -0.5, 0.3]]),
                 scales=np.array([1.0, 2.0, 0.5, 3.0, 1.0]), offsets=np.array([1.0, -4.0, 0.0, 10.0, 0.2]),
                 C=1.0),
        data_set(rng, "constant-feature", [7, 8, 6],
                 shifts=np.array([[0.0, 0.0, 0.0], [1.2, 0.0, 0.0], [0.0, 0.0, 1.2]]),
                 scales=np.array([1.0, 1.0, 4.0]), offsets=np.array([0.0, 0.0, 3.0]), C=1.0,
                 constant=1),
        data_set(rng, "four-class-c0.1", [5, 7, 6, 8],
                 shifts=np.array([[0.0, 0.0], [1.5, 0.0], [0.0, 1.5], [1.5, 1.5]]),
                 scales=np.array([1.0, 0.2]), offsets=np.array([0.0, 1.0]), C=0.1),
    ]
    three = sets[1]
    X, y = np.array(three["X"]), np.array(three["y"])
    folds = np.empty(len(y), dtype=int)
    for f, (_, test) in enumerate(StratifiedKFold(5, shuffle=True, random_state=0).split(X, y)):
        folds[test] = f
    splits = [(np.flatnonzero(folds != f), np.flatnonzero(folds == f)) for f in range(5)]
    three["folds"] = folds.tolist()
    three["cv_predictions"] = cross_val_predict(model(three["C"]), X, y, cv=splits).tolist()
    three["cv_probabilities"] = cross_val_predict(model(three["C"]), X, y, cv=splits,
                                                  method="predict_proba").tolist()
    reference = {"script": SCRIPT, "sklearn_version": sklearn.__version__,
                 "numpy_version": np.__version__, "data_sets": sets}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(reference, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.normpath(OUT)}: " + ", ".join(
        f"{s['name']} (max gradient {s['max_gradient']:.1e})" for s in sets)
        + f"; scikit-learn {sklearn.__version__}")


if __name__ == "__main__":
    main()
