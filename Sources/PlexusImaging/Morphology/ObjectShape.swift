import Foundation

/// Size and shape of one object, measured as scikit-image's `regionprops` does
/// where it has the measure.
package struct ObjectShape: Equatable, Sendable {
    package let areaPx: Int
    /// scikit-image's `perimeter` (regionprops' default, neighbourhood 4): the
    /// object's border pixels (those with a 4-neighbour outside it) are joined
    /// into a contour whose steps weigh 1 (straight), √2 (diagonal) or
    /// (1 + √2)/2 (a corner), decided by each border pixel's 3×3 pattern of
    /// border pixels. It runs through pixel centres, so a one-pixel-wide line of
    /// n pixels measures n − 2, and a digital disk about 5% more than 2πr.
    package let perimeterPx: Double
    package let centroidRow: Double
    package let centroidCol: Double
    /// 4√λ₁ and 4√λ₂, λ₁ ≥ λ₂ the eigenvalues of the covariance of the pixel
    /// centres (regionprops' `axis_major_length`, `axis_minor_length`).
    package let majorAxisLengthPx: Double
    package let minorAxisLengthPx: Double
    /// √(1 − λ₂/λ₁), 0 for a single pixel (regionprops' `eccentricity`).
    package let eccentricity: Double
    /// √((λ₁ + 1/12) / (λ₂ + 1/12)): the axis ratio of the object taken as a
    /// union of unit squares (each pixel adds 1/12 to the variance in every
    /// direction), so an n × m rectangle has ratio n/m exactly and a one-pixel-wide
    /// line a finite one. regionprops' minor axis of such a line is 0.
    package let aspectRatio: Double

    /// 4π·area/perimeter², at most 1; 1 for a single pixel (perimeter 0). Small
    /// objects measure above 1 with this perimeter (a 2 × 2 square: π), hence the
    /// cap, as ImageJ caps its circularity.
    package var circularity: Double {
        guard perimeterPx > 0 else { return 1 }
        return min(1, 4 * Double.pi * Double(areaPx) / (perimeterPx * perimeterPx))
    }

    package init(areaPx: Int, perimeterPx: Double, centroidRow: Double, centroidCol: Double,
                majorAxisLengthPx: Double, minorAxisLengthPx: Double, eccentricity: Double, aspectRatio: Double) {
        self.areaPx = areaPx
        self.perimeterPx = perimeterPx
        self.centroidRow = centroidRow
        self.centroidCol = centroidCol
        self.majorAxisLengthPx = majorAxisLengthPx
        self.minorAxisLengthPx = minorAxisLengthPx
        self.eccentricity = eccentricity
        self.aspectRatio = aspectRatio
    }

    /// The shape of every object, in label order (element k − 1 is object k).
    package static func shapes(of objects: ConnectedComponents) -> [ObjectShape] {
        let count = objects.count
        guard count > 0 else { return [] }
        let labels = objects.padded
        // Moments about each object's first pixel, in integers (exact).
        var area = [Int](repeating: 0, count: count)
        var originRow = area, originCol = area
        var sumRow = area, sumCol = area, sumRowRow = area, sumColCol = area, sumRowCol = area
        labels.cells.withUnsafeBufferPointer { cells in
            for row in 0..<labels.height {
                let base = labels.index(row: row, col: 0)
                for col in 0..<labels.width {
                    let label = Int(cells[base + col])
                    guard label > 0 else { continue }
                    let k = label - 1
                    if area[k] == 0 {
                        originRow[k] = row
                        originCol[k] = col
                    }
                    let r = row - originRow[k], c = col - originCol[k]
                    area[k] += 1
                    sumRow[k] += r
                    sumCol[k] += c
                    sumRowRow[k] += r * r
                    sumColCol[k] += c * c
                    sumRowCol[k] += r * c
                }
            }
        }
        let perimeters = perimeters(labels, count: count)
        return (0..<count).map { k in
            let n = Double(area[k])
            let meanRow = Double(sumRow[k]) / n, meanCol = Double(sumCol[k]) / n
            let varianceRow = Double(sumRowRow[k]) / n - meanRow * meanRow
            let varianceCol = Double(sumColCol[k]) / n - meanCol * meanCol
            let covariance = Double(sumRowCol[k]) / n - meanRow * meanCol
            let (major, minor) = eigenvalues(varianceRow, covariance, varianceCol)
            return ObjectShape(
                areaPx: area[k], perimeterPx: perimeters[k],
                centroidRow: Double(originRow[k]) + meanRow, centroidCol: Double(originCol[k]) + meanCol,
                majorAxisLengthPx: 4 * major.squareRoot(), minorAxisLengthPx: 4 * minor.squareRoot(),
                eccentricity: major == 0 ? 0 : (1 - minor / major).squareRoot(),
                aspectRatio: ((major + 1.0 / 12) / (minor + 1.0 / 12)).squareRoot())
        }
    }

    /// Eigenvalues λ₁ ≥ λ₂ ≥ 0 of the symmetric matrix [[a, b], [b, c]], negative
    /// rounding clipped to 0 (as regionprops clips). λ₂ comes from the
    /// determinant, which keeps it exact for thin objects.
    static func eigenvalues(_ a: Double, _ b: Double, _ c: Double) -> (Double, Double) {
        let mean = (a + c) / 2, half = (a - c) / 2
        let major = max(0, mean + (half * half + b * b).squareRoot())
        guard major > 0 else { return (0, 0) }
        let minor = max(0, (a * c - b * b) / major)
        return (major, min(minor, major))
    }

    /// scikit-image's perimeter weights, indexed by the code
    /// 1·(pixel is border) + 2·(border 4-neighbours) + 10·(border diagonal neighbours).
    private static let perimeterWeights: [Double] = {
        var weights = [Double](repeating: 0, count: 50)
        for code in [5, 7, 15, 17, 25, 27] { weights[code] = 1 }
        for code in [21, 33] { weights[code] = 2.0.squareRoot() }
        for code in [13, 23] { weights[code] = (1 + 2.0.squareRoot()) / 2 }
        return weights
    }()

    private static func perimeters(_ labels: PaddedGrid<Int32>, count: Int) -> [Double] {
        let stride = labels.stride
        var border = PaddedGrid<UInt8>(width: labels.width, height: labels.height)
        var borderPixels: [Int] = []
        labels.cells.withUnsafeBufferPointer { cells in
            border.cells.withUnsafeMutableBufferPointer { flags in
                for row in 0..<labels.height {
                    let base = labels.index(row: row, col: 0)
                    for i in base..<(base + labels.width) where cells[i] != 0 {
                        let label = cells[i]
                        if cells[i - 1] != label || cells[i + 1] != label
                            || cells[i - stride] != label || cells[i + stride] != label {
                            flags[i] = 1
                            borderPixels.append(i)
                        }
                    }
                }
            }
        }
        var perimeters = [Double](repeating: 0, count: count)
        labels.cells.withUnsafeBufferPointer { cells in
            border.cells.withUnsafeBufferPointer { flags in
                perimeterWeights.withUnsafeBufferPointer { weights in
                    for i in borderPixels {
                        let orthogonal = Int(flags[i - 1]) + Int(flags[i + 1]) + Int(flags[i - stride]) + Int(flags[i + stride])
                        let diagonal = Int(flags[i - stride - 1]) + Int(flags[i - stride + 1])
                            + Int(flags[i + stride - 1]) + Int(flags[i + stride + 1])
                        perimeters[Int(cells[i]) - 1] += weights[1 + 2 * orthogonal + 10 * diagonal]
                    }
                }
            }
        }
        return perimeters
    }
}
