import PlexusNumerics

/// Morphology of organelles inside a mask: the one entry point.
package enum Morphology {
    /// Thresholds `image` inside `mask` (nil: the whole image) with `method`, and
    /// measures the objects, their skeleton and the intensities. Pure and
    /// deterministic; about a millisecond for a 256 × 256 frame.
    /// With `splitDynamic` (a fraction), touching objects whose intensity peaks
    /// rise at least that fraction of the threshold above the pass between them
    /// are split (`WatershedSplit`): relative to the threshold, so that a
    /// brighter or dimmer copy of an image splits alike. `maskExtent`: a
    /// rectangle known to hold the whole mask (`BinaryImage.extent`), if any.
    package static func measure(image: Image, mask: [Bool]?, method: ThresholdMethod,
                               splitDynamic: Double? = nil, maskExtent: BinaryImage.Rectangle? = nil) -> MorphologyFeatures {
        guard let mask, let box = boundingBox(of: mask, width: image.width, height: image.height, margin: 1,
                                              within: maskExtent),
              box.rows.count < image.height || box.cols.count < image.width else {
            return measureWhole(image: image, mask: mask, method: method, splitDynamic: splitDynamic)
        }
        // Only the mask's bounding box (and a pixel around it) can hold
        // foreground: measured there, everything is the same, and a cell of a
        // large frame costs what its own area does.
        let width = box.cols.count, height = box.rows.count
        var pixels = [Float](repeating: 0, count: width * height)
        var inside = [Bool](repeating: false, count: width * height)
        let top = box.rows.lowerBound, left = box.cols.lowerBound
        image.pixels.withUnsafeBufferPointer { source in
            mask.withUnsafeBufferPointer { mask in
                for r in 0..<height {
                    let from = (top + r) * image.width + left, to = r * width
                    for c in 0..<width {
                        pixels[to + c] = source[from + c]
                        inside[to + c] = mask[from + c]
                    }
                }
            }
        }
        return measureWhole(image: Image(width: width, height: height, pixels: pixels), mask: inside, method: method,
                            splitDynamic: splitDynamic)
    }

    /// The rows and columns holding a true pixel (`BinaryImage.bounds`), widened
    /// by `margin` within the image; nil when none is true.
    static func boundingBox(of mask: [Bool], width: Int, height: Int, margin: Int,
                            within extent: BinaryImage.Rectangle? = nil)
        -> (rows: ClosedRange<Int>, cols: ClosedRange<Int>)? {
        guard let box = BinaryImage.bounds(of: mask, width: width, height: height, within: extent) else { return nil }
        return (max(0, box.top - margin)...min(height - 1, box.bottom - 1 + margin),
                max(0, box.left - margin)...min(width - 1, box.right - 1 + margin))
    }

    /// `measure` over the whole image, without cropping to the mask's bounds
    /// (the same result, slower on large frames: for checks and benchmarks).
    package static func measureWhole(image: Image, mask: [Bool]?, method: ThresholdMethod,
                                    splitDynamic: Double? = nil) -> MorphologyFeatures {
        let values = image.intensities(inside: mask)
        let threshold = method.threshold(of: values)
        var foreground = threshold.map { image.foreground(above: $0, mask: mask) }
            ?? BinaryImage(width: image.width, height: image.height)
        if let splitDynamic, let threshold {
            foreground = WatershedSplit.split(foreground, intensities: image, dynamic: splitDynamic * threshold)
        }
        var features = measure(foreground: foreground, method: method, threshold: threshold)
        features.maskAreaPx = mask.map { $0.count(where: { $0 }) } ?? image.width * image.height
        if let statistics = IntensityStatistics(values) {
            features.intensityMean = statistics.mean
            features.intensityMedian = statistics.median
            features.intensityStd = statistics.standardDeviation
            features.intensityEntropy = statistics.entropyBits
        }
        return features
    }

    /// The object and skeleton measures of a foreground already thresholded;
    /// the intensity fields are nil.
    package static func measure(foreground: BinaryImage, method: ThresholdMethod = .otsu,
                               threshold: Double? = nil) -> MorphologyFeatures {
        let grid = PaddedGrid<UInt8>(foreground)
        let objects = ConnectedComponents(grid)
        let shapes = ObjectShape.shapes(of: objects)
        let skeleton = SkeletonGraph(Thinning.guoHall(grid), objects: objects)
        let area = shapes.reduce(0) { $0 + $1.areaPx }
        let branches = skeleton.branches.count
        let totalLength = skeleton.totalBranchLengthPx
        func mean(_ measure: (ObjectShape) -> Double) -> Double? {
            shapes.isEmpty ? nil : shapes.reduce(0) { $0 + measure($1) } / Double(shapes.count)
        }
        var features = MorphologyFeatures(
            method: method, threshold: threshold,
            objectCount: objects.count, areaPx: area,
            meanObjectAreaPx: mean { Double($0.areaPx) }, meanPerimeterPx: mean(\.perimeterPx),
            meanCircularity: mean(\.circularity), meanAspectRatio: mean(\.aspectRatio),
            meanEccentricity: mean(\.eccentricity),
            branchCount: branches, junctionCount: skeleton.junctionCount, endpointCount: skeleton.endpointCount,
            totalBranchLengthPx: totalLength, meanBranchLengthPx: branches == 0 ? nil : totalLength / Double(branches),
            individuals: skeleton.individuals, networks: skeleton.networks,
            meanNetworkSizeBranches: skeleton.meanNetworkSizeBranches,
            skeletonEfficiency: skeleton.globalEfficiency,
            intensityMean: nil, intensityMedian: nil, intensityStd: nil, intensityEntropy: nil)
        features.medianBranchLengthPx = skeleton.medianBranchLengthPx
        features.branchLengthStdPx = skeleton.branchLengthStdPx
        features.maskAreaPx = foreground.width * foreground.height
        return features
    }
}
