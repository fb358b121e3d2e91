#!/usr/bin/env python3
"""The published method on a video, timed: scikit-learn's GaussianMixture on the
repeated-pixel point cloud of each frame, frame 0 from the scikit-image-0.16
peaks, later frames warm-started. Used by `make bench` (PlexusBenchmarks) as the
reference that `plexus ingest --preset ornet` is compared with.

    python3 Benchmarks/sklearn_reference.py VIDEO.tif FRAMES OUT.json [MIN_DISTANCE THRESHOLD_ABS]

Writes the per-frame means and the fit time (one core: set OMP_NUM_THREADS=1).
"""
import json
import sys
import time

import numpy as np
import tifffile
from sklearn.mixture import GaussianMixture

from sklearn_crosscheck import PUBLISHED, initial_parameters, peak_local_max_016, point_cloud


def main():
    path, frames, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    min_distance = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    threshold_abs = float(sys.argv[5]) if len(sys.argv) > 5 else 6.0
    video = tifffile.imread(path)[:frames]
    started = time.perf_counter()
    peaks = peak_local_max_016(video[0], min_distance, threshold_abs)
    weights, means, covariances = initial_parameters(peaks, video[0], floor=PUBLISHED)
    gm = GaussianMixture(n_components=len(peaks), covariance_type="full", tol=1e-3, reg_covar=1e-6,
                         max_iter=100, weights_init=weights, means_init=means,
                         precisions_init=np.linalg.inv(covariances), warm_start=True, random_state=0)
    fits = []
    for t in range(len(video)):
        gm.fit(point_cloud(video[t]))
        fits.append({"t": t, "n_iter": int(gm.n_iter_), "means": gm.means_.tolist()})
    seconds = time.perf_counter() - started
    with open(out, "w") as f:
        json.dump({"seconds": seconds, "components": len(peaks), "fits": fits}, f)


if __name__ == "__main__":
    main()
