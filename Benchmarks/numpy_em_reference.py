#!/usr/bin/env python3
"""A numpy reference of Plexus's per-frame method (`plexus ingest --components fixed`,
default preset) on one single-cell video, timed: `make bench` compares Plexus's
speed with it and checks that their fits agree.

    python3 Benchmarks/numpy_em_reference.py VIDEO.tif MASK.tif OUT.json [--frames N]

VIDEO: a multi-page 8-bit TIFF (as `plexus simulate` writes); MASK: its frame-0 cell
mask (nonzero inside). Per frame, as Plexus does it (the Swift sources named):
 1. Gaussian smoothing, sigma 1 px, radius int(4 sigma + 0.5), reflect borders
    (GaussianSmoothing.swift). Plexus smooths in float32, float32 weights, taps added
    in order; so does this (the same float32 operations in the same order).
    (--scipy-smoothing: scipy.ndimage.gaussian_filter in float64 instead, slower
    here and ~1e-7 relative off, which moves the fits by up to ~1e-5 px.)
 2. Samples: the mask's pixels of smoothed intensity > 0, at (row, col), weighted by
    that intensity (WeightedSamples.swift; 8-bit input is used unscaled).
 3. Frame 0: peaks of the masked smoothed frame by scikit-image 0.16's rule
    (PeakFinder.swift: equal to the max of their (2·10+1)² window, zero padding, > 6,
    not within 10 px of the border; brightest first, ties row-major); a component
    per peak: weight ∝ intensity, mean at the peak, the 3×3 intensities' variance
    floored at 1 px² (PeakInitialization.swift, the default preset's floor).
 4. Weighted EM, scikit-learn's loop (WeightedEM.swift): E-step mean weighted
    log-likelihood; M-step with reg_covar 1e-6 on the diagonals, 10·eps added to the
    masses; stop when the mean log-likelihood changes by < 1e-3, at most 100 rounds.
    Later frames warm-start from the previous fit, the test starting from its final
    lower bound (scikit-learn's warm_start=True). K fixed.
 5. The graph (PlexusGraph): W[i][j] = N(mu_i; mu_j, Sigma_j) (affinity pdf), pairs
    with (W + Wᵀ)/2 below 1e-10 × the weaker endpoint's strongest tie dropped; both
    Laplacians' spectra, Fiedler vector, eigenvector centrality, PageRank.
Left out on purpose: the default (adaptive) preset's structure moves (deaths, merges,
births, splits), morphology, and mask tracking: the frame-0 mask serves every frame.
Plexus carries the mask from frame to frame (CellMaskTracker: on the simulated
control cell the area drifts from 19,760 to ~17,500 px, and the fits part by up to
~27 px), so compare with an ingest whose mask stays put:
    plexus ingest DIR/samples.csv --db X.sqlite --components fixed --jobs 1 \
        --mask-search 0 --mask-open 0 --mask-dilate 200
(search region = the mask itself, which the dilated foreground covers whole).

Vectorised over (K × N) in cache-sized blocks of pixels, float64, one BLAS thread (see
weighted_em). Timed (time.perf_counter): smoothing through the graph of every frame;
reading the TIFF and writing the JSON are not.
"""
import os
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"  # one worker; must precede the numpy import
import argparse
import json
import time

import numpy as np
import scipy.ndimage as ndi
import tifffile

SIGMA, MIN_DISTANCE, THRESHOLD_ABS = 1.0, 10, 6.0            # IngestParameters defaults
TOL, REG_COVAR, MAX_ITER = 1e-3, 1e-6, 100                   # EMOptions
VARIANCE_FLOOR = 1.0                                          # PeakInitialization.minimumVariance
MASS_EPS = 10 * np.finfo(np.float64).eps                      # WeightedEM.massEpsilon
EDGE_MIN, DAMPING = 1e-10, 0.85                               # NetworkAnalysis
LOG_2PI = np.log(2 * np.pi)
BLOCK_DOUBLES = 100_000                                       # K × B per block, 800 kB

_x = np.arange(-int(4 * SIGMA + 0.5), int(4 * SIGMA + 0.5) + 1, dtype=np.float64)
KERNEL = np.exp(-_x * _x / (2 * SIGMA * SIGMA))
KERNEL = (KERNEL / KERNEL.sum()).astype(np.float32)           # computed in double, used as Float
RADIUS = len(KERNEL) // 2


def smooth_float32(frame):
    """GaussianSmoothing.smooth: rows then columns, float32, taps added in order."""
    for axis in (1, 0):
        n = frame.shape[axis]
        padded = np.pad(frame, [(RADIUS, RADIUS) if a == axis else (0, 0) for a in (0, 1)],
                        mode="symmetric")                     # d c b a | a b c d | d c b a
        out = np.zeros_like(frame)
        for k, weight in enumerate(KERNEL):
            out += weight * (padded[:, k:k + n] if axis == 1 else padded[k:k + n, :])
        frame = out
    return frame


def smooth_scipy(frame):
    return ndi.gaussian_filter(frame.astype(np.float64), SIGMA, mode="reflect", truncate=4.0)


def initial_model(masked):
    """PeakFinder.peaks + PeakInitialization.model on the masked smoothed frame."""
    if masked.min() == masked.max():
        return None
    window = ndi.maximum_filter(masked, size=2 * MIN_DISTANCE + 1, mode="constant", cval=0.0)
    keep = np.zeros(masked.shape, bool)                      # nothing within MIN_DISTANCE of the border
    inner = (slice(MIN_DISTANCE, -MIN_DISTANCE),) * 2
    keep[inner] = (masked[inner] > np.float32(THRESHOLD_ABS)) & (masked[inner] == window[inner])
    r, c = np.nonzero(keep)                                   # row-major
    order = np.argsort(-masked[r, c], kind="stable")          # brightest first, ties row-major
    r, c = r[order], c[order]
    intensity = masked[r, c].astype(np.float64)
    d = np.array([-1, 0, 1])                                  # peaks are ≥ 10 px inside: full 3×3
    patch = masked[r[:, None, None] + d[None, :, None], c[:, None, None] + d[None, None, :]]
    variance = np.maximum(patch.reshape(len(r), 9).astype(np.float64).var(axis=1), VARIANCE_FLOOR)
    cov = np.zeros((len(r), 3))
    cov[:, 0] = cov[:, 2] = variance                          # [rr, rc, cc]
    return intensity / intensity.sum(), np.stack([r, c], axis=1).astype(np.float64), cov


def coefficients(weights, means, cov, centre):
    """(K × 6) coefficients of log(w_k N(x; mu_k, Sigma_k)) in [1, r, c, r², rc, c²] (centred).
    The Cholesky factor U of the precision (scikit-learn's precisions_cholesky_) gives
    the log-determinant, as ComponentState does; a covariance that is not positive
    definite gets ComponentState's extra regularisation."""
    a, b, d = cov[:, 0].copy(), cov[:, 1], cov[:, 2].copy()
    for k in np.nonzero(~((a > 0) & (d - b * b / np.where(a > 0, a, 1) > 0)))[0]:
        extra = 1e-6 * max(1, abs(cov[k, 0]), abs(cov[k, 2]))
        while not (a[k] > 0 and d[k] - b[k] ** 2 / a[k] > 0):
            a[k], d[k] = cov[k, 0] + extra, cov[k, 2] + extra
            extra *= 10
    l00 = np.sqrt(a)
    l11 = np.sqrt(d - (b / l00) ** 2)
    u00, u01, u11 = 1 / l00, -(b / l00) / (l00 * l11), 1 / l11
    p_rr, p_rc, p_cc = u00 * u00 + u01 * u01, u01 * u11, u11 * u11
    log_norm = np.log(weights) + np.log(u00) + np.log(u11) - LOG_2PI
    mr, mc = means[:, 0] - centre[0], means[:, 1] - centre[1]
    gr, gc = p_rr * mr + p_rc * mc, p_rc * mr + p_cc * mc      # P mu
    theta = np.stack([log_norm - 0.5 * (mr * gr + mc * gc), gr, gc, -0.5 * p_rr, -p_rc, -0.5 * p_cc], axis=1)
    return theta, log_norm.max()                              # no log-density exceeds this


def weighted_em(features, w, centre, model, lower_bound):
    """WeightedEM.fit. features: (6 × N) [1, r, c, r², rc, c²] of coordinates centred on the
    mask's centroid (|r|, |c| ≲ 100 px: little cancellation); w: (N,) intensities. Each
    component's log-density is a quadratic polynomial in (r, c), so all K × N of them are
    one matrix product (coefficients × features), and all components' moments another."""
    weights, means, cov = model
    k, n = len(weights), len(w)
    total, ones = w.sum(), np.ones(k)
    # Pixels in blocks whose K × B log-densities stay in a core's cache (~1 MB), one pass each.
    count = -(-n // max(512, BLOCK_DOUBLES // k))
    width = -(-n // count)
    blocks = [(features[:, i:i + width], w[i:i + width]) for i in range(0, n, width)]
    buffer = np.empty(k * width)
    for iteration in range(1, MAX_ITER + 1):
        previous = lower_bound
        # E-step: log w_k N(x_i) shifted by their upper bound `shift`, not by each pixel's
        # maximum (two passes over K × N fewer).
        theta, shift = coefficients(weights, means, cov, centre)
        theta[:, 0] -= shift
        log_likelihood, m = 0.0, np.zeros((6, k))
        for f, wb in blocks:
            logp = buffer[:k * len(wb)].reshape(k, len(wb))
            np.matmul(theta, f, out=logp)
            # exp is several times slower on arguments whose result underflows; clamped, such
            # a term is ≤ 1e-304, nil beside its pixel's sum (≥ 1e-250, else `far` below).
            np.maximum(logp, -700.0, out=logp)
            np.exp(logp, out=logp)
            sums = ones @ logp
            lse = shift + np.log(sums)
            far = np.nonzero(sums < 1e-250)[0]
            if far.size:  # near underflow: shift by the pixel's own maximum (terms below 1e-250 of it are nil)
                v = theta @ f[:, far]
                top = v.max(axis=0)
                logp[:, far] = np.exp(v - top)
                sums[far] = logp[:, far].sum(axis=0)
                lse[far] = shift + top + np.log(sums[far])
            log_likelihood += wb @ lse
            # M-step sums: the moments [mass, Σr, Σc, Σr², Σrc, Σc²] of all components in one
            # product, Σ_i intensity_i × responsibility_ik × feature_i (responsibility = logp / sums).
            m += ((wb / sums) * f) @ logp.T
        lower_bound = log_likelihood / total
        if not np.isfinite(lower_bound):
            raise RuntimeError(f"the log-likelihood is not finite at iteration {iteration}")
        m = m.T
        mass = m[:, 0] + MASS_EPS
        mr, mc = m[:, 1] / mass, m[:, 2] / mass                # centred means
        cov = np.stack([(m[:, 3] - 2 * m[:, 1] * mr + m[:, 0] * mr * mr) / mass + REG_COVAR,
                        (m[:, 4] - m[:, 1] * mc - mr * m[:, 2] + m[:, 0] * mr * mc) / mass,
                        (m[:, 5] - 2 * m[:, 2] * mc + m[:, 0] * mc * mc) / mass + REG_COVAR], axis=1)
        means = np.stack([mr + centre[0], mc + centre[1]], axis=1)
        weights = mass / mass.sum()
        if abs(lower_bound - previous) < TOL:
            break
    return (weights, means, cov), lower_bound, iteration


def network(means, cov):
    """NetworkAnalysis.network(of:affinity: .pdf, edgeMinimum: 1e-10)."""
    k = len(means)
    a, b, d = cov.T
    det = a * d - b * b
    dr = means[:, None, 0] - means[None, :, 0]                # [i, j]: mu_i − mu_j
    dc = means[:, None, 1] - means[None, :, 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        maha = (d * dr * dr - 2 * b * dr * dc + a * dc * dc) / det      # Sigma_j broadcast on j
        W = np.where(det > 0, np.exp(-0.5 * maha) / (2 * np.pi * np.sqrt(det)), 0.0)
    np.fill_diagonal(W, 0.0)
    S = 0.5 * (W + W.T)
    strongest = S.max(axis=1)
    W = np.where((W > 0) & (S >= EDGE_MIN * np.minimum(strongest[:, None], strongest[None, :])), W, 0.0)
    S = 0.5 * (W + W.T)
    degree = S.sum(axis=1)
    L = np.diag(degree) - S
    root = np.sqrt(degree)
    live = degree > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        Ln = np.where(live[:, None] & live[None, :], np.eye(k) - S / (root[:, None] * root[None, :]), 0.0)
    values, vectors = np.linalg.eigh(L)
    normalized = np.linalg.eigvalsh(Ln)
    fiedler = vectors[:, 1] * np.sign(vectors[np.argmax(np.abs(vectors[:, 1])), 1]) if k >= 2 else None
    centrality = np.linalg.eigh(S)[1][:, -1] if W.any() else None   # leading, summing positive, unit norm
    if centrality is not None:
        centrality = (-centrality if centrality.sum() < 0 else centrality) / np.linalg.norm(centrality)
    # PageRank: Plexus iterates x <- d(xP + x·dangling/k) + (1 - d)/k to an L1 change < 1e-14;
    # its fixed point x(I - dP - (d/k) dangling 1ᵀ) = (1 - d)/k 1ᵀ is one solve.
    out_strength = W.sum(axis=1)
    P = W / np.where(out_strength > 0, out_strength, 1)[:, None]
    A = np.eye(k) - DAMPING * P - (DAMPING / k) * (out_strength == 0)[:, None]
    pagerank = np.linalg.solve(A.T, np.full(k, (1 - DAMPING) / k))
    return {"combinatorial": values, "normalized": normalized, "fiedler": fiedler,
            "centrality": centrality, "pagerank": pagerank, "edges": int((W > 0).sum())}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for name in ("video", "mask", "out"):
        parser.add_argument(name)
    parser.add_argument("--frames", type=int, default=None)
    parser.add_argument("--scipy-smoothing", action="store_true",
                        help="scipy.ndimage.gaussian_filter in float64 instead of Plexus's float32 arithmetic")
    args = parser.parse_args()
    video = tifffile.imread(args.video)
    video = video.reshape((-1,) + video.shape[-2:])
    if video.dtype != np.uint8:
        raise SystemExit("an 8-bit video is expected")
    video = video[:args.frames]
    inside = tifffile.imread(args.mask) > 0
    smooth = smooth_scipy if args.scipy_smoothing else smooth_float32

    seconds = 0.0
    model, lower_bound, fits, iterations = None, -np.inf, [], []
    rows, cols = np.nonzero(inside)                           # the frame-0 mask, every frame
    centre = np.array([rows.mean(), cols.mean()])
    r, c = rows - centre[0], cols - centre[1]
    all_features = np.stack([np.ones_like(r), r, c, r * r, r * c, c * c])
    for t, frame in enumerate(video):
        start = time.perf_counter()
        image = smooth(frame.astype(np.float32))              # 8-bit: scale 255/255 = 1
        w = image[rows, cols].astype(np.float64)
        positive = w > 0
        features = all_features if positive.all() else np.ascontiguousarray(all_features[:, positive])
        w = w[positive]
        if not w.size:
            raise SystemExit(f"frame {t}: nothing above zero in the mask")  # Plexus skips such a frame
        if model is None:
            model = initial_model(np.where(inside, image, np.float32(0)))
            if model is None:
                raise SystemExit("frame 0 has no peaks")
        model, lower_bound, n_iter = weighted_em(features, w, centre, model, lower_bound)
        graph = network(model[1], model[2])
        seconds += time.perf_counter() - start
        iterations.append(n_iter)
        fits.append({"t": t, "lower_bound": lower_bound, "means": model[1].tolist(), "weights": model[0].tolist(),
                     "covariances": model[2].tolist(),
                     "algebraic_connectivity": graph["combinatorial"][1] if len(model[0]) > 1 else None,
                     "spectral_gap": graph["normalized"][1] if len(model[0]) > 1 else None})
    with open(args.out, "w") as f:
        json.dump({"frames": len(video), "seconds": seconds, "frames_per_second": len(video) / seconds,
                   "components": len(model[0]), "iterations": iterations, "fits": fits}, f)
    print(f"{len(video)} frames, K = {len(model[0])}, {sum(iterations)} EM iterations: "
          f"{seconds:.3f} s, {len(video) / seconds:.1f} frames/s")


if __name__ == "__main__":
    main()
