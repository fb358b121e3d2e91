#!/usr/bin/env python3
"""Cross-check of `--preset ornet`'s initial covariances against scikit-learn.

The published method started each component with an isotropic covariance equal
to the variance of the 3×3 intensities around its peak, and replaced only a zero
variance (a flat plateau) by 1 px². A peak on a dim, flat-topped blob has a
3×3 variance far below 1 px² (0.247 px² on a real HeLa cell), and flooring it
at 1 px², as the default preset does, moves that fit and, through the warm
starts, every later one. This script builds a small deterministic video in
which four frame-0 peaks have a 3×3 variance of 20/81 ≈ 0.247 px², runs
scikit-learn's GaussianMixture on it exactly as the published method did (see
sklearn_crosscheck.py, whose helpers it uses) with the unfloored variances,
and saves the video and the fits as fixtures of PlexusMixtureTests
(`ScikitLearnPublishedFloorTests.swift`).

    python3 Benchmarks/sklearn_crosscheck_ornet_floor.py

writes
    Tests/PlexusMixtureTests/Fixtures/crosscheck-ornet-floor-video.tif
    Tests/PlexusMixtureTests/Fixtures/crosscheck-ornet-floor-sklearn.json

The video: four bright anisotropic blobs with Poisson noise, and one dim, broad
blob rendered without noise (rounded), centred at frame 0 on the corner between
four pixels. Its top is then a 2×2 plateau one level above the ring around it,
so each of the four plateau pixels is a peak (the 0.16 rule keeps every plateau
pixel) whose 3×3 window holds four pixels at level m and five at m − 1:
variance 4·5/81 = 20/81, the value of the real cell (an 8-bit window cannot
come closer to 0.25). Noise on that blob would make the window's variance
about its intensity (Poisson), which is why it has none. The script asserts
the design, fits twice (the published variances, and floored at 1 px² for the
printed effect size only) and saves the published fits.

Needs numpy, scipy, scikit-learn and tifffile. Everything is seeded; rerunning
with the same library versions reproduces the video byte for byte and the
fits up to the last bits of BLAS rounding.
"""

import json
import os
import sys

import numpy as np
import tifffile

from sklearn_crosscheck import (MIN_DISTANCE, MINIMUM_VARIANCE, PUBLISHED, THRESHOLD_ABS, fit_frames,
                                fixture_record, initial_parameters, peak_local_max_016)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "PlexusMixtureTests", "Fixtures")
VIDEO = os.path.join(FIXTURES, "crosscheck-ornet-floor-video.tif")
RESULT = os.path.join(FIXTURES, "crosscheck-ornet-floor-sklearn.json")

SEED = 20190311
FRAMES, HEIGHT, WIDTH = 50, 48, 48
PLATEAU_VARIANCE = 20 / 81  # 3×3 window with four pixels at m and five at m − 1

# The dim blob: at t = 0 centred on the corner between pixels (34, 34), (34, 35),
# (35, 34) and (35, 35). Amplitude 10.25 and σ 3.5 px round to 10 on the 2×2
# plateau (d² = 0.5), 9 at d² = 2.5 and 9 at d² = 4.5: each plateau pixel's window
# is four 10s and five 9s.
DIM_BLOB = (34.5, 34.5, 10.25, 3.5, 0.04, -0.05)  # row, col, amplitude, sigma, drift_row, drift_col


def bright_blobs():
    return [
        # row, col, amplitude, sigma_row, sigma_col, correlation, drift_row, drift_col
        (11.0, 12.0, 140.0, 2.6, 3.2, 0.3, 0.06, 0.03),
        (12.5, 34.0, 100.0, 3.0, 2.2, -0.4, 0.04, -0.05),
        (32.0, 12.5, 120.0, 2.4, 2.8, 0.2, -0.05, 0.04),
        (22.0, 23.0, 60.0, 2.0, 2.6, -0.2, 0.03, 0.05),
    ]


def gaussian(rows, cols, r0, c0, cov):
    p = np.linalg.inv(cov)
    d0, d1 = rows - r0, cols - c0
    return np.exp(-0.5 * (p[0, 0] * d0 * d0 + 2 * p[0, 1] * d0 * d1 + p[1, 1] * d1 * d1))


def make_video(rng):
    """Bright blobs with Poisson noise plus the noise-free dim blob, uint8."""
    rows, cols = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float64)
    frames = []
    for t in range(FRAMES):
        bright = np.zeros((HEIGHT, WIDTH))
        for r0, c0, a, sr, sc, rho, dr, dc in bright_blobs():
            cov = np.array([[sr * sr, rho * sr * sc], [rho * sr * sc, sc * sc]])
            bright += a * gaussian(rows, cols, r0 + dr * t, c0 + dc * t, cov)
        r0, c0, a, s, dr, dc = DIM_BLOB
        dim = a * gaussian(rows, cols, r0 + dr * t, c0 + dc * t, np.eye(2) * s * s)
        frame = rng.poisson(bright) + np.floor(dim + 0.5)
        frames.append(np.clip(frame, 0, 255).astype(np.uint8))
    return np.stack(frames)


def window_variance(image, r, c):
    return float(np.var(image[r - 1:r + 2, c - 1:c + 2].astype(np.float64)))


def max_mean_difference(fits_a, fits_b):
    return [float(np.max(np.abs(np.array(a["means"]) - np.array(b["means"]))))
            for a, b in zip(fits_a, fits_b)]


def main():
    rng = np.random.default_rng(SEED)
    video = make_video(rng)
    os.makedirs(FIXTURES, exist_ok=True)
    tifffile.imwrite(VIDEO, video, photometric="minisblack", metadata=None)

    peaks = peak_local_max_016(video[0], MIN_DISTANCE, THRESHOLD_ABS)
    plateau = [(r, c) for r, c, _ in peaks if r in (34, 35) and c in (34, 35)]
    if len(plateau) != 4:
        sys.exit(f"expected the four plateau pixels of the dim blob among the peaks, got {peaks}")
    for r, c in plateau:
        variance = window_variance(video[0], r, c)
        if abs(variance - PLATEAU_VARIANCE) > 1e-12:
            sys.exit(f"peak ({r}, {c}): 3×3 variance {variance}, expected 20/81")
    small = [(r, c) for r, c, _ in peaks if window_variance(video[0], r, c) < MINIMUM_VARIANCE]
    if sorted(small) != sorted(plateau):
        sys.exit(f"peaks below 1 px² should be the plateau only, got {small}")

    weights, means, covariances = initial_parameters(peaks, video[0], floor=PUBLISHED)
    fits = fit_frames(video, weights, means, covariances)
    floored = fit_frames(video, *initial_parameters(peaks, video[0]), verbose=False)
    effect = max_mean_difference(fits, floored)
    print(f"flooring at 1 px² moves the means by {effect[0]:.3g} px at frame 0 and by up to "
          f"{max(effect):.3g} px over {FRAMES} frames")

    result = fixture_record("Benchmarks/sklearn_crosscheck_ornet_floor.py", VIDEO, SEED, video.shape, peaks,
                            (weights, means, covariances), fits, {"variance_floor": PUBLISHED})
    # Key order as before: the floor's effect just before the fits.
    result = {**{k: v for k, v in result.items() if k != "fits"}, "floored_mean_difference": effect, "fits": fits}
    with open(RESULT, "w") as f:
        json.dump(result, f, separators=(",", ":"))
        f.write("\n")
    print(f"{len(peaks)} components; wrote {os.path.relpath(VIDEO, ROOT)} "
          f"and {os.path.relpath(RESULT, ROOT)}")


if __name__ == "__main__":
    main()
