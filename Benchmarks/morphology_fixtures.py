#!/usr/bin/env python3
"""Reference values for PlexusImaging's morphology, from scikit-image, scipy,
scikit-learn and ImageJ's definition of its "Default" threshold.

Builds five 96 x 96 images and, for each, a whole-image case and a case inside
an elliptical mask, and records:
- thresholds of the intensities in the mask: scikit-image `threshold_otsu`,
  `threshold_li` and `threshold_triangle` (on float64 values, so the 256-bin
  histograms span the data range); the ImageJ "Default" level (ImageJ's
  `AutoThresholder.IJDefault`, transcribed below from its Java source, on the
  histogram of the values rounded half up to 0..255); scikit-learn `KMeans`
  (2 clusters, Lloyd, starting from the minimum and maximum, tol 0) and the
  midpoint of its centres;
- for the whole-image case of three images, the foreground `image > otsu`,
  scikit-image `label` (8-connectivity), `regionprops` area, perimeter and
  eccentricity per object, `thin` (Guo-Hall) pixels, and for context the pixel
  count of `skeletonize` (a different thinning: Plexus uses Guo-Hall);
- for one image, `exposure.equalize_hist` inside the mask, times 255, sampled
  at 300 seeded pixels.

Intensities are multiples of 1/64 on the 8-bit scale (exact in float32 and in
JSON), stored as integers times 64. The "hela" image is a crop of frame 0 of
../shared/data/real/hela-llo-3cells.tif (OrNet project, quinngroup/ornet,
samples/llo, MIT licence); the others are seeded synthetic images.

    python3 Benchmarks/morphology_fixtures.py

writes Tests/PlexusImagingTests/Fixtures/morphology.json, read by
MorphologyAgreementTests.swift. Needs numpy, scipy, scikit-image, scikit-learn
and tifffile.
"""
import json
import os

import numpy as np
import scipy
import skimage
import sklearn
import tifffile
from scipy import ndimage as ndi
from skimage import draw, exposure, filters, measure, morphology
from sklearn.cluster import KMeans

SCRIPT = "Benchmarks/morphology_fixtures.py"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "PlexusImagingTests", "Fixtures", "morphology.json")
REAL = os.path.join(HERE, "..", "..", "shared", "data", "real", "hela-llo-3cells.tif")
SIZE = 96
SCALE = 64


def quantise(image):
    """Clip to 0..255 and round to multiples of 1/SCALE."""
    return np.round(np.clip(image, 0, 255) * SCALE) / SCALE


def blobs(rng):
    y, x = np.mgrid[0:SIZE, 0:SIZE]
    image = 15 + 10 * np.sin(x / 17.0) + rng.normal(0, 4, (SIZE, SIZE))
    for _ in range(14):
        cy, cx = rng.uniform(5, SIZE - 5, 2)
        radius = rng.uniform(2, 6)
        image += rng.uniform(80, 160) * np.exp(-((y - cy) ** 2 + (x - cx) ** 2) / (2 * radius ** 2))
    return quantise(ndi.gaussian_filter(image, 1.0))


def tubules(rng):
    """Branched and unbranched tubules and puncta, smoothed: skeleton material."""
    canvas = np.zeros((SIZE, SIZE))
    for _ in range(12):
        r0, c0 = rng.integers(4, SIZE - 4, 2)
        for _ in range(rng.integers(1, 4)):
            angle = rng.uniform(0, 2 * np.pi)
            length = rng.uniform(8, 28)
            r1 = int(np.clip(r0 + length * np.sin(angle), 2, SIZE - 3))
            c1 = int(np.clip(c0 + length * np.cos(angle), 2, SIZE - 3))
            rr, cc, val = draw.line_aa(r0, c0, r1, c1)
            canvas[rr, cc] = np.maximum(canvas[rr, cc], val)
    for _ in range(10):
        r, c = rng.integers(3, SIZE - 3, 2)
        canvas[r, c] = 1.0
    image = 12 + 900 * ndi.gaussian_filter(canvas, 1.2) + rng.normal(0, 3, (SIZE, SIZE))
    return quantise(image)


def integers(rng):
    """8-bit integers with saturated and zero pixels (ImageJ ignores bins 0 and 255)."""
    image = np.round(tubules(rng) * 1.4 - 10)
    return np.clip(image, 0, 255)


def skewed(rng):
    """Mostly dim background with a long bright tail (the triangle method's case)."""
    image = rng.exponential(6, (SIZE, SIZE)) + 3
    for _ in range(6):
        r, c = rng.integers(5, SIZE - 5, 2)
        rr, cc = draw.disk((r, c), rng.uniform(1.5, 3.5), shape=(SIZE, SIZE))
        image[rr, cc] += rng.uniform(60, 200)
    return quantise(ndi.gaussian_filter(image, 0.7))


def hela():
    frame = tifffile.imread(REAL, key=0).astype(np.float64)
    # The 96 x 96 window with most bright pixels on a 16-pixel grid.
    best, corner = -1, (0, 0)
    for r in range(0, frame.shape[0] - SIZE, 16):
        for c in range(0, frame.shape[1] - SIZE, 16):
            score = np.sum(frame[r:r + SIZE, c:c + SIZE] > 40)
            if score > best:
                best, corner = score, (r, c)
    r, c = corner
    return frame[r:r + SIZE, c:c + SIZE], corner


def ellipse_mask():
    mask = np.zeros((SIZE, SIZE), dtype=bool)
    rr, cc = draw.ellipse(SIZE / 2, SIZE / 2 + 6, 34, 42, shape=(SIZE, SIZE), rotation=0.5)
    mask[rr, cc] = True
    return mask


def imagej_default(values):
    """ImageJ's AutoThresholder "Default" (IJDefault -> IJIsoData), transcribed
    from ij/process/AutoThresholder.java, on the 8-bit histogram of `values`."""
    bins = np.clip(np.floor(np.asarray(values, dtype=np.float64) + 0.5), 0, 255).astype(int)
    data = [int(v) for v in np.bincount(bins, minlength=256)]
    n = len(data)
    mode, max_count = 0, 0
    for i in range(n):
        if data[i] > max_count:
            max_count, mode = data[i], i
    max_count2 = 0
    for i in range(n):
        if data[i] > max_count2 and i != mode:
            max_count2 = data[i]
    if max_count > max_count2 * 2 and max_count2 != 0:
        data[mode] = int(max_count2 * 1.5)
    # IJIsoData
    max_value = n - 1
    data[0] = 0
    data[max_value] = 0
    lo = 0
    while data[lo] == 0 and lo < max_value:
        lo += 1
    hi = max_value
    while data[hi] == 0 and hi > 0:
        hi -= 1
    if lo >= hi:
        return n // 2
    moving = lo
    while True:
        sum1 = sum2 = sum3 = sum4 = 0.0
        for i in range(lo, moving + 1):
            sum1 += i * data[i]
            sum2 += data[i]
        for i in range(moving + 1, hi + 1):
            sum3 += i * data[i]
            sum4 += data[i]
        result = (sum1 / sum2 + sum3 / sum4) / 2.0
        moving += 1
        if not ((moving + 1) <= result and moving < hi - 1):
            break
    return int(np.floor(result + 0.5))  # Java Math.round


def kmeans_threshold(values):
    v = np.asarray(values, dtype=np.float64).reshape(-1, 1)
    init = np.array([[v.min()], [v.max()]])
    model = KMeans(n_clusters=2, init=init, n_init=1, algorithm="lloyd", tol=0.0, max_iter=300).fit(v)
    centres = sorted(model.cluster_centers_.ravel())
    return (centres[0] + centres[1]) / 2


def bits(mask):
    return "".join("1" if b else "0" for b in mask.ravel())


def thresholds(values):
    return {
        "otsu": float(filters.threshold_otsu(values)),
        "li": float(filters.threshold_li(values)),
        "triangle": float(filters.threshold_triangle(values)),
        "imagej_default_level": imagej_default(values),
        "kmeans": float(kmeans_threshold(values)),
    }


def shapes(image):
    foreground = image > filters.threshold_otsu(image)
    labels = measure.label(foreground, connectivity=2)
    props = measure.regionprops(labels)
    thinned = morphology.thin(foreground)
    return {
        "foreground": bits(foreground),
        "objects": [{"area": int(p.area), "perimeter": float(p.perimeter),
                     "eccentricity": float(p.eccentricity)} for p in props],
        "thin": bits(thinned),
        "thin_count": int(thinned.sum()),
        "skeletonize_count": int(morphology.skeletonize(foreground).sum()),
    }


def main():
    rng = np.random.default_rng(20250611)
    real, corner = hela()
    images = [
        ("blobs", blobs(rng), True),
        ("tubules", tubules(rng), True),
        ("integers", integers(rng), False),
        ("skewed", skewed(rng), False),
        ("hela", real, True),
    ]
    mask = ellipse_mask()
    out = {
        "generator": SCRIPT,
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__,
                     "scikit-image": skimage.__version__, "scikit-learn": sklearn.__version__},
        "hela_crop_corner_row_col": list(corner),
        "width": SIZE, "height": SIZE, "scale": SCALE,
        "mask": bits(mask),
        "images": [],
    }
    for name, image, with_shapes in images:
        assert np.all(image * SCALE == np.round(image * SCALE))
        entry = {
            "name": name,
            "pixels": [int(v) for v in np.round(image * SCALE).ravel()],
            "whole": thresholds(image.ravel()),
            "masked": thresholds(image[mask]),
        }
        if with_shapes:
            entry["shapes"] = shapes(image)
        if name == "blobs":
            equalized = exposure.equalize_hist(image, mask=mask) * 255
            index = np.sort(rng.choice(SIZE * SIZE, 300, replace=False))
            entry["equalized_samples"] = {"index": [int(i) for i in index],
                                          "value": [float(v) for v in equalized.ravel()[index]]}
        out["images"].append(entry)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
