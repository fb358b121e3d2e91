import PlexusNumerics

/// Carries cell masks from one processed frame to the next, as DESIGN.md
/// describes: each cell may only move into its previous mask dilated by a few
/// pixels (the search region); inside that region the frame is thresholded,
/// the foreground opened, and dilated generously; pixels two cells claim are
/// removed from both.
///
/// The threshold is Otsu's method on log(1 + intensity), computed on the frame
/// the mixture sees (smoothed with the run's σ, intensities on the 8-bit
/// scale) over the search region only. Within one cell's neighbourhood it
/// separates the cell's signal from the background around it whatever the
/// overall brightness, so it follows photobleaching; on logarithms rather than
/// raw intensities because fluorescence is skewed: on the real LLO movie, raw
/// Otsu split dim from bright mitochondria once the cells faded, and the masks
/// shrank onto the brightest fragments (a third of the cell area by the end;
/// logarithms keep twice that and follow the cells). The threshold is never
/// below `minimumIntensity` (the run's peak threshold, `--threshold-abs`):
/// where nothing rises above the level the run counts as signal, Otsu would
/// split noise in two, and a cell that has gone would keep a mask of noise
/// instead of coming back empty.
///
/// The foreground is the organelles, so the generous dilation is what turns it
/// back into a region that holds the whole network with a margin; holes (a
/// nucleus) are filled. The result is kept inside the search region, so a mask
/// grows by at most `searchRadius` per frame.
///
/// All work happens in each cell's bounding rectangle grown by the search and
/// opening radii, so the cost follows the cells' size, not the frame's.
package enum CellMaskTracker {
    package struct Settings: Equatable, Sendable {
        /// How far (px) a cell's edge may move between processed frames.
        package var searchRadius: Int
        /// Radius (px) of the opening that removes specks of the thresholded foreground.
        package var openingRadius: Int
        /// Radius (px) of the dilation from the foreground back to a cell region.
        package var dilationRadius: Int
        /// Pixels at or below this intensity (8-bit scale) are never foreground.
        package var minimumIntensity: Float

        package init(searchRadius: Int = 5, openingRadius: Int = 2, dilationRadius: Int = 10, minimumIntensity: Float = 6) {
            self.searchRadius = searchRadius
            self.openingRadius = openingRadius
            self.dilationRadius = dilationRadius
            self.minimumIntensity = minimumIntensity
        }
    }

    /// The masks of the same cells in `frame`, in the same order. A mask comes
    /// back empty when nothing of its cell is left (an empty mask stays empty).
    package static func propagate(_ masks: [BinaryImage], into frame: Image, settings: Settings) -> [BinaryImage] {
        let width = frame.width, height = frame.height
        let candidates: [BinaryImage.Raster?] = masks.map { mask in
            precondition(mask.width == width && mask.height == height, "mask and frame sizes differ")
            guard let rectangle = workingArea(of: mask, settings: settings) else { return nil }
            let region = BinaryImage.Raster(mask, in: rectangle).dilated(by: settings.searchRadius)
            let count = region.bits.count
            var values = [Float](repeating: 0, count: count)
            var foreground = BinaryImage.Raster(rectangle: rectangle, bits: [UInt8](repeating: 0, count: count))
            let otsu = frame.pixels.withUnsafeBufferPointer { pixels in
                region.bits.withUnsafeBufferPointer { inRegion in
                    values.withUnsafeMutableBufferPointer { gathered -> Float? in
                        var n = 0
                        for r in 0..<rectangle.height {
                            let from = (rectangle.top + r) * width + rectangle.left, to = r * rectangle.width
                            for c in 0..<rectangle.width where inRegion[to &+ c] != 0 {
                                gathered[n] = pixels[from &+ c]
                                n &+= 1
                            }
                        }
                        return BinaryImage.otsuThresholdOfLogarithms(UnsafeBufferPointer(rebasing: gathered[0..<n]))
                    }
                }
            }
            if let otsu {
                let threshold = max(otsu, settings.minimumIntensity)
                frame.pixels.withUnsafeBufferPointer { pixels in
                    region.bits.withUnsafeBufferPointer { inRegion in
                        foreground.bits.withUnsafeMutableBufferPointer { bits in
                            for r in 0..<rectangle.height {
                                let from = (rectangle.top + r) * width + rectangle.left, to = r * rectangle.width
                                for c in 0..<rectangle.width {
                                    bits[to &+ c] = inRegion[to &+ c] != 0 && pixels[from &+ c] > threshold ? 1 : 0
                                }
                            }
                        }
                    }
                }
            }
            let cell = foreground.opened(by: settings.openingRadius).dilated(by: settings.dilationRadius) & region
            return cell.filledHoles()
        }
        return BinaryImage.withoutSharedPixels(candidates, width: width, height: height)
    }

    /// The rectangle of the frame that `propagate` reads for `mask` (nil when
    /// the mask is empty): its bounds grown by the search and opening radii and
    /// a pixel. It holds the next mask, and a pixel around it.
    package static func workingArea(of mask: BinaryImage, settings: Settings) -> BinaryImage.Rectangle? {
        mask.bounds?.expanded(by: settings.searchRadius + settings.openingRadius + 1, within: mask.width, mask.height)
    }

    /// Masks found by a detector (`CellDetection`), dilated like propagated
    /// masks and with shared pixels removed, so that frame 0 and later frames
    /// mean the same thing.
    package static func settle(_ masks: [BinaryImage], dilationRadius: Int) -> [BinaryImage] {
        guard let first = masks.first else { return [] }
        let width = first.width, height = first.height
        let rasters: [BinaryImage.Raster?] = masks.map { mask in
            guard let bounds = mask.bounds else { return nil }
            let rectangle = bounds.expanded(by: dilationRadius, within: width, height)
            return BinaryImage.Raster(mask, in: rectangle).dilated(by: dilationRadius)
        }
        return BinaryImage.withoutSharedPixels(rasters, width: width, height: height)
    }
}
