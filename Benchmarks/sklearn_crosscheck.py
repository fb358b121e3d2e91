#!/usr/bin/env python3
"""Cross-check of Plexus's weighted EM against scikit-learn's GaussianMixture.

The published method (`--preset ornet`) repeated every pixel coordinate as many
times as its 8-bit intensity and ran scikit-learn's GaussianMixture on that point
cloud, frame 0 from the image peaks, every later frame warm-started from the
previous fit. This script does exactly that on a small deterministic video and
saves the video and scikit-learn's fits as fixtures of PlexusMixtureTests
(`ScikitLearnCrossCheckTests.swift`), which runs the same video through TIFFVideo,
PeakFinder, PeakInitialization and WeightedEM and compares.

    python3 Benchmarks/sklearn_crosscheck.py

writes
    Tests/PlexusMixtureTests/Fixtures/crosscheck-video.tif
    Tests/PlexusMixtureTests/Fixtures/crosscheck-sklearn.json

Its initial variances are floored at 1 px² (the default preset's floor; no
peak here is below it). sklearn_crosscheck_ornet_floor.py uses the helpers
below with the published floor on a video where it matters.

Needs numpy, scipy, scikit-learn and tifffile. Everything is seeded; rerunning
with the same library versions reproduces the fixtures byte for byte.

Notes on scikit-learn (read from sklearn/mixture/_base.py, _gaussian_mixture.py):
- With warm_start=True, fit() re-initialises only when the estimator has no
  `converged_` yet (`do_init = not (self.warm_start and hasattr(self,
  "converged_"))`); afterwards it starts from the current parameters with
  `lower_bound = self.lower_bound_`, so the convergence test of frame t+1 starts
  from frame t's final lower bound. `_check_parameters` only validates.
- On the first fit, with weights_init, means_init and precisions_init all given,
  `_initialize_parameters` skips k-means and `_initialize` takes them as they
  are (the precision Cholesky factors from precisions_init); `random_state`
  has no effect.
- The lower bound recorded per iteration (`lower_bounds_`) is the mean
  log-likelihood of the E-step, i.e. under the parameters *before* that
  iteration's M-step; the returned parameters are those after it.
- Coordinates are float64: scikit-learn's validation would convert integer
  input anyway, but we make it explicit (the design notes warn about scoring
  functions truncating integer input).
"""

import json
import os
import sys

import numpy as np
import scipy
import scipy.ndimage as ndi
import sklearn
import tifffile
from sklearn.mixture import GaussianMixture

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "PlexusMixtureTests", "Fixtures")
VIDEO = os.path.join(FIXTURES, "crosscheck-video.tif")
RESULT = os.path.join(FIXTURES, "crosscheck-sklearn.json")

# Chosen (among seeds 20180509 + 0…59) so that frame 0 has K = 7 peaks for 5 blobs,
# including two pairs of equal-intensity peaks within min_distance of each other:
# the 0.16 rule keeps both (newer scikit-image would drop one), so two blobs start
# with two coincident-looking components each, the hardest case for agreement.
SEED = 20180514
FRAMES, HEIGHT, WIDTH = 10, 48, 48
MIN_DISTANCE, THRESHOLD_ABS = 3, 6.0
TOL, REG_COVAR, MAX_ITER = 1e-3, 1e-6, 100
MINIMUM_VARIANCE = 1.0  # PeakInitialization.minimumVariance
PUBLISHED = "published"  # PeakInitialization.VarianceFloor.published


def make_video(rng):
    """Five anisotropic Gaussian blobs drifting slowly, Poisson noise, uint8."""
    blobs = [
        # row, col, amplitude, sigma_row, sigma_col, correlation, drift_row, drift_col
        (12.0, 13.0, 150.0, 2.6, 3.4, 0.3, 0.25, 0.10),
        (14.5, 34.0, 110.0, 3.2, 2.2, -0.4, 0.15, -0.20),
        (31.0, 11.5, 90.0, 2.4, 2.4, 0.0, -0.20, 0.15),
        (33.0, 32.0, 130.0, 3.8, 2.6, 0.5, -0.10, -0.25),
        (24.0, 23.0, 70.0, 2.0, 3.0, -0.2, 0.05, 0.30),
    ]
    rows, cols = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float64)
    frames = []
    for t in range(FRAMES):
        signal = np.full((HEIGHT, WIDTH), 0.8)
        for r0, c0, a, sr, sc, rho, dr, dc in blobs:
            mr, mc = r0 + dr * t, c0 + dc * t
            cov = np.array([[sr * sr, rho * sr * sc], [rho * sr * sc, sc * sc]])
            p = np.linalg.inv(cov)
            d0, d1 = rows - mr, cols - mc
            m = p[0, 0] * d0 * d0 + 2 * p[0, 1] * d0 * d1 + p[1, 1] * d1 * d1
            signal += a * np.exp(-0.5 * m)
        frames.append(np.clip(rng.poisson(signal), 0, 255).astype(np.uint8))
    return np.stack(frames)


def peak_local_max_016(image, min_distance, threshold_abs):
    """scikit-image 0.16's peak_local_max (indices=True, no labels, exclude_border
    = min_distance), the rule PeakFinder implements: every plateau pixel counts."""
    image = image.astype(np.float64)
    if np.all(image == image.flat[0]):
        return []
    size = 2 * min_distance + 1
    image_max = ndi.maximum_filter(image, size=size, mode="constant", cval=0.0)
    mask = image == image_max
    if min_distance > 0:
        mask[:min_distance] = False
        mask[-min_distance:] = False
        mask[:, :min_distance] = False
        mask[:, -min_distance:] = False
    mask &= image > threshold_abs
    coords = np.transpose(np.nonzero(mask))  # row-major order
    intensities = image[tuple(coords.T)]
    order = np.argsort(-intensities, kind="stable")  # ties keep row-major order
    return [(int(r), int(c), float(image[r, c])) for r, c in coords[order]]


def floored_variance(variance, floor):
    """PeakInitialization.VarianceFloor: under PUBLISHED (`--preset ornet`) only a
    zero variance, a flat 3×3 plateau, becomes MINIMUM_VARIANCE, as the published
    method did; a number raises every variance below it to it (the default)."""
    if floor == PUBLISHED:
        return MINIMUM_VARIANCE if variance == 0 else variance
    return max(variance, floor)


def initial_parameters(peaks, image, floor=MINIMUM_VARIANCE):
    """PeakInitialization.model: weight ∝ intensity, mean at the peak, isotropic
    covariance = variance of the 3×3 intensities (clipped at edges), floored by
    `floor` (floored_variance)."""
    image = image.astype(np.float64)
    total = sum(p[2] for p in peaks)
    weights, means, covariances = [], [], []
    for r, c, v in peaks:
        window = image[max(r - 1, 0):min(r + 2, image.shape[0]),
                       max(c - 1, 0):min(c + 2, image.shape[1])]
        var = floored_variance(float(np.var(window)), floor)
        weights.append(v / total)
        means.append([float(r), float(c)])
        covariances.append([[var, 0.0], [0.0, var]])
    return np.array(weights), np.array(means), np.array(covariances)


def point_cloud(frame):
    """Each pixel's float (row, col) repeated as many times as its intensity."""
    rows, cols = np.nonzero(frame)
    coords = np.column_stack([rows, cols]).astype(np.float64)
    return np.repeat(coords, frame[rows, cols].astype(np.int64), axis=0)


def fit_frames(video, weights, means, covariances, verbose=True):
    """The published fit of every frame: one GaussianMixture started from the
    given initial mixture at frame 0 and warm-started from there on."""
    gm = GaussianMixture(
        n_components=len(weights), covariance_type="full", tol=TOL, reg_covar=REG_COVAR,
        max_iter=MAX_ITER, n_init=1, weights_init=weights, means_init=means,
        precisions_init=np.linalg.inv(covariances), warm_start=True, random_state=0,
    )
    fits = []
    for t in range(len(video)):
        X = point_cloud(video[t])
        gm.fit(X)
        fits.append({
            "t": t,
            "samples": int(X.shape[0]),
            "n_iter": int(gm.n_iter_),
            "converged": bool(gm.converged_),
            "lower_bound": float(gm.lower_bound_),
            "lower_bounds": [float(v) for v in gm.lower_bounds_],
            "weights": gm.weights_.tolist(),
            "means": gm.means_.tolist(),
            "covariances": gm.covariances_.tolist(),
        })
        if verbose:
            print(f"frame {t}: {X.shape[0]} samples, {gm.n_iter_} iterations, "
                  f"converged {gm.converged_}, lower bound {gm.lower_bound_:.9f}")
    return fits


def fixture_record(script, video_path, seed, shape, peaks, initial, fits, extra_parameters=None):
    """The fixture JSON both cross-check scripts write: versions, video,
    parameters of the published method, peaks, initial mixture and fits."""
    weights, means, covariances = initial
    frames, height, width = shape
    parameters = {
        "min_distance": MIN_DISTANCE, "threshold_abs": THRESHOLD_ABS, "smoothing": None,
        "tol": TOL, "reg_covar": REG_COVAR, "max_iter": MAX_ITER,
        "covariance_type": "full", "warm_start": True,
    }
    parameters.update(extra_parameters or {})
    return {
        "script": script,
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "scipy_version": scipy.__version__,
        "video": os.path.basename(video_path),
        "seed": seed,
        "frames": frames,
        "height": height,
        "width": width,
        "parameters": parameters,
        "peaks": [{"row": r, "col": c, "intensity": v} for r, c, v in peaks],
        "initial": {
            "weights": weights.tolist(), "means": means.tolist(),
            "covariances": covariances.tolist(),
        },
        "fits": fits,
    }


def main():
    rng = np.random.default_rng(SEED)
    video = make_video(rng)
    os.makedirs(FIXTURES, exist_ok=True)
    # Plain multi-page greyscale TIFF, one page per frame, uncompressed.
    tifffile.imwrite(VIDEO, video, photometric="minisblack", metadata=None)

    peaks = peak_local_max_016(video[0], MIN_DISTANCE, THRESHOLD_ABS)
    if not peaks:
        sys.exit("no peaks in frame 0")
    weights, means, covariances = initial_parameters(peaks, video[0])
    fits = fit_frames(video, weights, means, covariances)

    result = fixture_record("Benchmarks/sklearn_crosscheck.py", VIDEO, SEED, video.shape, peaks,
                            (weights, means, covariances), fits)
    with open(RESULT, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    print(f"{len(peaks)} components; wrote {os.path.relpath(VIDEO, ROOT)} "
          f"and {os.path.relpath(RESULT, ROOT)}")


if __name__ == "__main__":
    main()
