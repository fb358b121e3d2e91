#!/usr/bin/env python3
"""Tiny TIFFs in the layouts microscopes and Fiji write, made by tifffile (an
implementation Plexus did not write), for StackLayoutFixtureTests.swift.

Every plane is 12 x 16 px, uint16, and encodes where it belongs:
    value(t, c, z, y, x) = 1 + 1000 t + 100 c + 10 z + (y * 16 + x) % 10
so a test can check that each (t, c, z) plane was read from the right page.
T = 3, C = 2, Z = 2 unless a file leaves an axis out.

    python3 Benchmarks/tifffile_layout_fixtures.py

writes Tests/PlexusImagingTests/Fixtures/layouts/:
- imagej-tzcyx.tif   ImageJ hyperstack, axes TZCYX, 0.065 µm px, finterval 2.5 s
- imagej-tcyx.tif    ImageJ hyperstack, axes TCYX (Z = 1), unit nm (65 nm px)
- ome-tczyx.ome.tif  OME-TIFF, axes TCZYX (DimensionOrder XYZCT), 65 nm px,
                     TimeIncrement 0.5 min, channels "mito" and "nucleus",
                     SignificantBits 12 (values stay below 4096)
- ome-ztcyx.ome.tif  OME-TIFF, axes ZTCYX (DimensionOrder XYCTZ)
- ome-ctyx.ome.tif   OME-TIFF, axes CTYX (DimensionOrder XYTCZ, Z = 1)
and layouts.json with each file's expected sizes, calibration and names.
Needs numpy and tifffile.
"""
import json
import pathlib

import numpy as np
import tifffile

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/PlexusImagingTests/Fixtures/layouts"
T, C, Z, H, W = 3, 2, 2, 12, 16


def planes(t=T, c=C, z=Z):
    """Array of shape (T, C, Z, H, W) with the encoded values."""
    yx = (np.arange(H)[:, None] * W + np.arange(W)[None, :]) % 10
    data = np.empty((t, c, z, H, W), dtype=np.uint16)
    for ti in range(t):
        for ci in range(c):
            for zi in range(z):
                data[ti, ci, zi] = 1 + 1000 * ti + 100 * ci + 10 * zi + yx
    return data


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    expected = {}
    full = planes()

    # ImageJ stores TZCYX; tifffile takes the array in that axis order.
    tifffile.imwrite(OUT / "imagej-tzcyx.tif", np.transpose(full, (0, 2, 1, 3, 4)), imagej=True,
                     resolution=(1 / 0.065, 1 / 0.065),
                     metadata={"axes": "TZCYX", "unit": "micron", "finterval": 2.5})
    expected["imagej-tzcyx.tif"] = dict(source="ImageJ", T=T, C=C, Z=Z, pixel_um=0.065, interval_s=2.5,
                                        names=[], bits=None)

    tifffile.imwrite(OUT / "imagej-tcyx.tif", full[:, :, 0], imagej=True, resolution=(1 / 65, 1 / 65),
                     metadata={"axes": "TCYX", "unit": "nm"})
    expected["imagej-tcyx.tif"] = dict(source="ImageJ", T=T, C=C, Z=1, pixel_um=0.065, interval_s=None,
                                       names=[], bits=None)

    tifffile.imwrite(OUT / "ome-tczyx.ome.tif", full, ome=True,
                     metadata={"axes": "TCZYX", "PhysicalSizeX": 65, "PhysicalSizeXUnit": "nm",
                               "PhysicalSizeY": 65, "PhysicalSizeYUnit": "nm",
                               "TimeIncrement": 0.5, "TimeIncrementUnit": "min",
                               "SignificantBits": 12, "Channel": {"Name": ["mito", "nucleus"]}})
    expected["ome-tczyx.ome.tif"] = dict(source="OME", T=T, C=C, Z=Z, pixel_um=0.065, interval_s=30.0,
                                         names=["mito", "nucleus"], bits=12)

    tifffile.imwrite(OUT / "ome-ztcyx.ome.tif", np.transpose(full, (2, 0, 1, 3, 4)), ome=True,
                     metadata={"axes": "ZTCYX"})
    expected["ome-ztcyx.ome.tif"] = dict(source="OME", T=T, C=C, Z=Z, pixel_um=None, interval_s=None,
                                         names=[], bits=None)

    tifffile.imwrite(OUT / "ome-ctyx.ome.tif", np.transpose(full[:, :, 0], (1, 0, 2, 3)), ome=True,
                     metadata={"axes": "CTYX"})
    expected["ome-ctyx.ome.tif"] = dict(source="OME", T=T, C=C, Z=1, pixel_um=None, interval_s=None,
                                        names=[], bits=None)

    # What tifffile itself reads back: the dimension order it wrote.
    for name, entry in expected.items():
        with tifffile.TiffFile(OUT / name) as tif:
            entry["series_axes"] = tif.series[0].axes
            entry["pages"] = len(tif.pages)
            if tif.is_ome:
                import xml.etree.ElementTree as ET
                pixels = ET.fromstring(tif.ome_metadata).find(".//{*}Pixels")
                entry["dimension_order"] = pixels.get("DimensionOrder")
    (OUT / "layouts.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    for name, entry in sorted(expected.items()):
        print(name, entry["series_axes"], entry.get("dimension_order", ""), entry["pages"], "pages")


if __name__ == "__main__":
    main()
