import PlexusNumerics
import XCTest
@testable import PlexusImaging

/// Drawn shapes whose morphology is known in advance.
final class MorphologyShapeTests: XCTestCase {
    // MARK: - Drawing

    /// A blank canvas to draw binary shapes on.
    struct Canvas {
        var image: BinaryImage

        init(_ width: Int, _ height: Int) { image = BinaryImage(width: width, height: height) }

        mutating func set(_ row: Int, _ col: Int) {
            if row >= 0 && row < image.height && col >= 0 && col < image.width { image[row, col] = true }
        }

        mutating func disk(row: Int, col: Int, radius: Int) {
            for r in (row - radius)...(row + radius) {
                for c in (col - radius)...(col + radius) where (r - row) * (r - row) + (c - col) * (c - col) <= radius * radius {
                    set(r, c)
                }
            }
        }

        mutating func rectangle(rows: ClosedRange<Int>, cols: ClosedRange<Int>) {
            for r in rows { for c in cols { set(r, c) } }
        }

        /// A Bresenham line, widened by a square brush of `radius` (0: one pixel wide).
        mutating func line(from start: (Int, Int), to end: (Int, Int), radius: Int = 0) {
            var (r, c) = start
            let dr = abs(end.0 - r), dc = abs(end.1 - c)
            let sr = r < end.0 ? 1 : -1, sc = c < end.1 ? 1 : -1
            var error = dc - dr
            while true {
                for br in -radius...radius { for bc in -radius...radius { set(r + br, c + bc) } }
                if (r, c) == end { break }
                let twice = 2 * error
                if twice > -dr { error -= dr; c += sc }
                if twice < dc { error += dc; r += sr }
            }
        }
    }

    private func graph(_ image: BinaryImage) -> SkeletonGraph { SkeletonGraph(skeleton: Thinning.guoHall(image)) }

    // MARK: - Objects

    func testDisk() throws {
        var canvas = Canvas(64, 64)
        canvas.disk(row: 32, col: 31, radius: 20)
        let shapes = ObjectShape.shapes(of: ConnectedComponents(canvas.image))
        XCTAssertEqual(shapes.count, 1)
        let disk = try XCTUnwrap(shapes.first)
        let radius = 20.0
        XCTAssertEqual(Double(disk.areaPx), Double.pi * radius * radius, accuracy: 0.02 * Double.pi * radius * radius)
        // scikit-image's perimeter runs through border pixel centres with
        // 1/√2/(1+√2)/2 steps: about 5% long on digital disks (131.9 for r = 20).
        XCTAssertEqual(disk.perimeterPx, 2 * Double.pi * radius, accuracy: 0.06 * 2 * Double.pi * radius)
        XCTAssertEqual(disk.circularity, 1, accuracy: 0.1)
        XCTAssertGreaterThan(disk.circularity, 0.9)
        XCTAssertLessThan(disk.eccentricity, 0.05)
        XCTAssertEqual(disk.aspectRatio, 1, accuracy: 0.01)
        XCTAssertEqual(disk.centroidRow, 32, accuracy: 1e-12)
        XCTAssertEqual(disk.centroidCol, 31, accuracy: 1e-12)
        // A disk thins to a short unbranched piece: one individual, no network.
        let features = Morphology.measure(foreground: canvas.image)
        XCTAssertEqual(features.objectCount, 1)
        XCTAssertEqual(features.individuals, 1)
        XCTAssertEqual(features.networks, 0)
        XCTAssertEqual(features.junctionCount, 0)
    }

    func testRectangle() throws {
        var canvas = Canvas(60, 30)
        canvas.rectangle(rows: 10...19, cols: 5...44)  // 10 × 40
        let rectangle = try XCTUnwrap(ObjectShape.shapes(of: ConnectedComponents(canvas.image)).first)
        XCTAssertEqual(rectangle.areaPx, 400)
        XCTAssertEqual(rectangle.aspectRatio, 4, accuracy: 1e-12)
        // Pixel-centre variances (n² − 1)/12 along each side.
        XCTAssertEqual(rectangle.eccentricity, (1 - 99.0 / 1599.0).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(rectangle.majorAxisLengthPx, 4 * (1599.0 / 12).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(rectangle.perimeterPx, 2 * (39 + 9), accuracy: 1e-12)
        XCTAssertEqual(rectangle.circularity, 4 * Double.pi * 400 / (96 * 96), accuracy: 1e-12)
    }

    func testTinyObjects() throws {
        var canvas = Canvas(20, 20)
        canvas.set(2, 2)                                  // one pixel
        canvas.rectangle(rows: 5...6, cols: 5...6)        // 2 × 2
        canvas.line(from: (12, 2), to: (12, 15))          // one pixel wide
        let shapes = ObjectShape.shapes(of: ConnectedComponents(canvas.image))
        XCTAssertEqual(shapes.map(\.areaPx), [1, 4, 14])
        XCTAssertEqual(shapes[0].perimeterPx, 0)
        XCTAssertEqual(shapes[0].circularity, 1)
        XCTAssertEqual(shapes[0].eccentricity, 0)
        XCTAssertEqual(shapes[0].aspectRatio, 1)
        XCTAssertEqual(shapes[1].perimeterPx, 4)
        XCTAssertEqual(shapes[1].circularity, 1, "4π·4/16 = π, capped at 1")
        XCTAssertEqual(shapes[2].perimeterPx, 12, "a one-pixel line of n pixels measures n − 2")
        XCTAssertEqual(shapes[2].eccentricity, 1, accuracy: 1e-12)
        XCTAssertEqual(shapes[2].minorAxisLengthPx, 0)
        XCTAssertEqual(shapes[2].aspectRatio, 14, accuracy: 1e-12, "unit squares: 14 × 1")
    }

    func testComponentsAreEightConnectedAndNumberedInRowMajorOrder() {
        var canvas = Canvas(8, 6)
        canvas.set(4, 1)
        canvas.set(0, 5); canvas.set(1, 6); canvas.set(2, 5)  // joined diagonally
        canvas.set(3, 3)
        let components = ConnectedComponents(canvas.image)
        XCTAssertEqual(components.count, 3)
        XCTAssertEqual(components.labels[0 * 8 + 5], 1)
        XCTAssertEqual(components.labels[1 * 8 + 6], 1)
        XCTAssertEqual(components.labels[2 * 8 + 5], 1)
        XCTAssertEqual(components.labels[3 * 8 + 3], 2)
        XCTAssertEqual(components.labels[4 * 8 + 1], 3)
        XCTAssertEqual(components.labels.filter { $0 == 0 }.count, 48 - 5)
    }

    // MARK: - Skeletons

    func testLine() throws {
        var canvas = Canvas(50, 40)
        canvas.line(from: (10, 5), to: (10, 45))
        let straight = graph(canvas.image)
        XCTAssertEqual(straight.branches.count, 1)
        XCTAssertEqual(straight.endpointCount, 2)
        XCTAssertEqual(straight.junctionCount, 0)
        XCTAssertEqual(straight.totalBranchLengthPx, 40, accuracy: 1e-12)
        XCTAssertEqual(straight.individuals, 1)
        XCTAssertEqual(straight.networks, 0)
        XCTAssertNil(straight.meanNetworkSizeBranches)

        var diagonal = Canvas(50, 40)
        diagonal.line(from: (5, 5), to: (25, 25))
        XCTAssertEqual(graph(diagonal.image).totalBranchLengthPx, 20 * 2.0.squareRoot(), accuracy: 1e-12)

        // A thick line thins to its middle, shortened by about half its width at each end.
        var thick = Canvas(80, 30)
        thick.line(from: (15, 10), to: (15, 70), radius: 2)  // 5 × 65 pixels
        let thinned = graph(thick.image)
        XCTAssertEqual(thinned.branches.count, 1)
        XCTAssertEqual(thinned.endpointCount, 2)
        XCTAssertEqual(thinned.junctionCount, 0)
        XCTAssertEqual(thinned.totalBranchLengthPx, 60, accuracy: 2)
    }

    /// A one-pixel Y: stem of 15 steps down, arms of 10 diagonal steps up.
    private func drawnY() -> Canvas {
        var canvas = Canvas(60, 60)
        canvas.line(from: (20, 30), to: (35, 30))
        canvas.line(from: (19, 29), to: (10, 20))
        canvas.line(from: (19, 31), to: (10, 40))
        return canvas
    }

    func testY() throws {
        let y = graph(drawnY().image)
        XCTAssertEqual(y.branches.count, 3)
        XCTAssertEqual(y.junctionCount, 1)
        XCTAssertEqual(y.endpointCount, 3)
        XCTAssertEqual(y.networks, 1)
        XCTAssertEqual(y.individuals, 0)
        XCTAssertEqual(y.meanNetworkSizeBranches, 3)
        let arm = 10 * 2.0.squareRoot()
        let lengths = y.branches.map(\.lengthPx).sorted()
        for (length, expected) in zip(lengths, [arm, arm, 15]) { XCTAssertEqual(length, expected, accuracy: 1e-12) }

        // The same Y drawn three pixels thick thins to the same graph.
        var thick = Canvas(60, 60)
        thick.line(from: (20, 30), to: (45, 30), radius: 1)
        thick.line(from: (20, 30), to: (5, 15), radius: 1)
        thick.line(from: (20, 30), to: (5, 45), radius: 1)
        let features = Morphology.measure(foreground: thick.image)
        XCTAssertEqual(features.branchCount, 3)
        XCTAssertEqual(features.junctionCount, 1)
        XCTAssertEqual(features.endpointCount, 3)
        XCTAssertEqual(features.networks, 1)
        XCTAssertEqual(features.individuals, 0)
        XCTAssertEqual(features.meanNetworkSizeBranches, 3)
    }

    /// MiNA's kind of example: a round blob, an elongated one and a Y-shaped
    /// tubule, at 0.1 µm per pixel. AnalyzeSkeleton's values by hand: the blob
    /// thins to one pixel (an individual with one branch of length 0), the rod
    /// to a straight skeleton (one branch of its length), the Y to a junction
    /// with three branches measured from the junction pixel along the path.
    func testMiNALikeImageCountsEveryIndividualAndBranch() throws {
        var canvas = drawnY()                          // 15 and 2 × 10√2 px
        canvas.rectangle(rows: 50...51, cols: 5...6)   // blob: thins to one pixel
        canvas.line(from: (50, 20), to: (50, 32))      // rod: 12 px
        let features = Morphology.measure(foreground: canvas.image)
        XCTAssertEqual(features.objectCount, 3)
        XCTAssertEqual(features.individuals, 2)
        XCTAssertEqual(features.networks, 1)
        XCTAssertEqual(features.branchCount, 5)
        let arm = 10 * 2.0.squareRoot()
        let lengths = [0, 12, 15, arm, arm]
        XCTAssertEqual(features.totalBranchLengthPx, lengths.reduce(0, +), accuracy: 1e-12)
        XCTAssertEqual(features.meanBranchLengthPx!, lengths.reduce(0, +) / 5, accuracy: 1e-12)
        XCTAssertEqual(features.medianBranchLengthPx!, arm, accuracy: 1e-12)
        let mean = lengths.reduce(0, +) / 5
        let std = (lengths.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 5).squareRoot()
        XCTAssertEqual(features.branchLengthStdPx!, std, accuracy: 1e-12)
        XCTAssertEqual(features.meanNetworkSizeBranches, 3)
        // In µm at 0.1 µm/px: MiNA's mean branch length of this image.
        XCTAssertEqual(features.meanBranchLengthPx! * 0.1, 0.1 * (27 + 2 * arm) / 5, accuracy: 1e-12)
    }

    /// A three-pixel-wide line and L (round caps) thin to their centre lines:
    /// the branch length is the Euclidean length of the drawn centre line
    /// within a pixel (the L's thinned corner is a diagonal step).
    func testBranchLengthFollowsThePath() throws {
        var straight = Canvas(60, 30)
        straight.line(from: (15, 9), to: (15, 51), radius: 1)
        XCTAssertEqual(Morphology.measure(foreground: straight.image).totalBranchLengthPx, 42, accuracy: 1)

        var l = Canvas(60, 60)
        l.line(from: (9, 10), to: (40, 10), radius: 1)
        l.line(from: (40, 10), to: (40, 51), radius: 1)
        let corner = Morphology.measure(foreground: l.image)
        XCTAssertEqual(corner.branchCount, 1)
        XCTAssertEqual(corner.junctionCount, 0)
        // The centre line: 31 px down, then 41 across.
        XCTAssertEqual(corner.totalBranchLengthPx, 31 + 41, accuracy: 1)
    }

    /// Measuring inside a mask's bounding box (what `measure` does) gives
    /// exactly what measuring the whole frame gives.
    func testMaskBoundsDoNotChangeTheMeasures() throws {
        var generator = SeededRandom(seed: 5)
        let width = 120, height = 90
        var pixels = [Float](repeating: 0, count: width * height)
        for i in pixels.indices { pixels[i] = Float.random(in: 0...40, using: &generator) }
        for _ in 0..<25 {
            let row = Int.random(in: 0..<height, using: &generator), col = Int.random(in: 0..<width, using: &generator)
            for r in max(0, row - 3)..<min(height, row + 4) {
                for c in max(0, col - 6)..<min(width, col + 7) { pixels[r * width + c] += 120 }
            }
        }
        let image = Image(width: width, height: height, pixels: pixels)
        var mask = [Bool](repeating: false, count: width * height)
        for r in 0..<height { for c in 0..<width where hypot(Double(r - 40), Double(c - 70) / 1.5) < 30 { mask[r * width + c] = true } }
        for method in ThresholdMethod.allCases {
            let bounded = Morphology.measure(image: image, mask: mask, method: method)
            XCTAssertEqual(bounded, Morphology.measureWhole(image: image, mask: mask, method: method), "\(method)")
            XCTAssertGreaterThan(bounded.objectCount, 3)
            XCTAssertEqual(bounded.maskAreaPx, mask.count(where: { $0 }))
        }
        // A mask touching the frame's edge, and an empty one.
        var edge = [Bool](repeating: false, count: width * height)
        for r in 0..<20 { for c in 100..<width { edge[r * width + c] = true } }
        XCTAssertEqual(Morphology.measure(image: image, mask: edge, method: .otsu),
                       Morphology.measureWhole(image: image, mask: edge, method: .otsu))
        let empty = Morphology.measure(image: image, mask: [Bool](repeating: false, count: width * height), method: .otsu)
        XCTAssertEqual(empty.objectCount, 0)
        XCTAssertNil(empty.meanBranchLengthPx)
        XCTAssertEqual(empty.maskAreaPx, 0)
    }

    func testCross() throws {
        var canvas = Canvas(50, 50)
        canvas.line(from: (25, 13), to: (25, 37))
        canvas.line(from: (13, 25), to: (37, 25))
        let cross = graph(canvas.image)
        // The centre and its four neighbours each touch three or more pixels: one
        // junction of five pixels, and four arms measured from its edge.
        XCTAssertEqual(cross.junctionCount, 1)
        XCTAssertEqual(cross.nodes.first { $0.kind == .junction }?.pixelCount, 5)
        XCTAssertEqual(cross.branches.count, 4)
        XCTAssertEqual(cross.endpointCount, 4)
        for branch in cross.branches { XCTAssertEqual(branch.lengthPx, 11, accuracy: 1e-12) }
        XCTAssertEqual(cross.networks, 1)

        var thick = Canvas(50, 50)
        thick.rectangle(rows: 23...27, cols: 5...44)
        thick.rectangle(rows: 5...44, cols: 23...27)
        let features = Morphology.measure(foreground: thick.image)
        XCTAssertEqual(features.branchCount, 4)
        XCTAssertEqual(features.junctionCount, 1)
        XCTAssertEqual(features.endpointCount, 4)
        XCTAssertEqual(features.networks, 1)
    }

    func testSeparateDotsAreIndividuals() {
        var canvas = Canvas(40, 40)
        canvas.set(3, 3)
        canvas.set(3, 30)
        canvas.rectangle(rows: 10...11, cols: 10...11)
        canvas.rectangle(rows: 20...22, cols: 5...7)
        canvas.disk(row: 30, col: 30, radius: 2)
        let features = Morphology.measure(foreground: canvas.image)
        XCTAssertEqual(features.objectCount, 5)
        XCTAssertEqual(features.individuals, 5)
        XCTAssertEqual(features.networks, 0)
        XCTAssertEqual(features.junctionCount, 0)
        XCTAssertNil(features.meanNetworkSizeBranches)
        // Pixels and 2 × 2 and 3 × 3 squares thin to one pixel (an end point and,
        // as AnalyzeSkeleton counts it, one branch of length 0); the disk of
        // radius 2 to a rod of three pixels (one branch of 2).
        XCTAssertEqual(features.branchCount, 5)
        XCTAssertEqual(features.endpointCount, 6)
        XCTAssertEqual(features.meanBranchLengthPx, 2.0 / 5)
        XCTAssertEqual(features.medianBranchLengthPx, 0)
        XCTAssertEqual(features.branchLengthStdPx!, ((4 * 0.4 * 0.4 + 1.6 * 1.6) / 5).squareRoot(), accuracy: 1e-12)
        // Six nodes, one pair joined at distance 2: (1/2) / 15 pairs.
        XCTAssertEqual(features.skeletonEfficiency, 0.5 / 15, accuracy: 1e-15)

        var dots = Canvas(20, 20)
        dots.set(2, 2)
        dots.set(2, 9)
        dots.rectangle(rows: 12...13, cols: 12...13)
        let puncta = Morphology.measure(foreground: dots.image)
        XCTAssertEqual(puncta.individuals, 3)
        XCTAssertEqual(puncta.branchCount, 3)
        XCTAssertEqual(puncta.meanBranchLengthPx, 0)
        XCTAssertEqual(puncta.skeletonEfficiency, 0)
    }

    func testRingIsOneLoopWithoutNodes() {
        var canvas = Canvas(30, 30)
        for r in -8...8 {
            let c = 8 - abs(r)
            canvas.set(15 + r, 15 + c)
            canvas.set(15 + r, 15 - c)
        }
        let ring = graph(canvas.image)
        XCTAssertEqual(Thinning.guoHall(canvas.image), canvas.image, "a one-pixel ring is already thin")
        XCTAssertEqual(ring.branches.count, 1)
        XCTAssertNil(ring.branches.first?.start)
        XCTAssertEqual(ring.totalBranchLengthPx, 32 * 2.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(ring.junctionCount, 0)
        XCTAssertEqual(ring.endpointCount, 0)
        XCTAssertEqual(ring.individuals, 1)
    }

    // MARK: - Global efficiency

    func testGlobalEfficiencyByHand() {
        typealias Edge = GlobalEfficiency.Edge
        // A path 0 –1– 1 –2– 2: distances 1, 2, 3 over three pairs.
        XCTAssertEqual(GlobalEfficiency.of(nodeCount: 3, edges: [Edge(0, 1, length: 1), Edge(1, 2, length: 2)]),
                       (1 + 1.0 / 2 + 1.0 / 3) / 3, accuracy: 1e-15)
        // Pairs in different components count 0; the shorter of parallel edges
        // counts; self-loops do not.
        XCTAssertEqual(GlobalEfficiency.of(nodeCount: 4, edges: [Edge(0, 1, length: 2), Edge(1, 0, length: 4),
                                                                 Edge(2, 2, length: 1)]),
                       0.5 / 6, accuracy: 1e-15)
        XCTAssertEqual(GlobalEfficiency.of(nodeCount: 1, edges: []), 0)
        XCTAssertEqual(GlobalEfficiency.of(nodeCount: 0, edges: []), 0)

        // A straight skeleton: two end points 40 apart.
        var line = Canvas(50, 20)
        line.line(from: (10, 5), to: (10, 45))
        XCTAssertEqual(graph(line.image).globalEfficiency, 1.0 / 40, accuracy: 1e-15)

        // The Y: junction J, stem end S (15 from J), arm ends A and B (10√2 from J).
        let arm = 10 * 2.0.squareRoot()
        let pairs = [15, arm, arm, 15 + arm, 15 + arm, 2 * arm]
        XCTAssertEqual(graph(drawnY().image).globalEfficiency,
                       pairs.map { 1 / $0 }.reduce(0, +) / 6, accuracy: 1e-15)
    }

    // MARK: - Thresholds and intensities

    func testThresholdEdgeCases() {
        for method in ThresholdMethod.allCases {
            XCTAssertNil(method.threshold(of: []), method.rawValue)
        }
        for method in [ThresholdMethod.otsu, .li, .triangle, .kmeans] {
            XCTAssertEqual(method.threshold(of: [7, 7, 7]), 7, method.rawValue)
        }
        // ImageJ's level for a histogram with one non-empty bin is the middle one.
        XCTAssertEqual(ThresholdMethod.isodata.threshold(of: [7, 7, 7]), 128.5)
        XCTAssertEqual(ThresholdMethod.allCases.map(\.rawValue), ["otsu", "isodata", "li", "triangle", "kmeans"])

        // Two groups: every method splits them.
        let values = [Float](repeating: 10, count: 60) + [Float](repeating: 200, count: 40)
        for method in [ThresholdMethod.otsu, .isodata, .li, .kmeans] {
            let threshold = method.threshold(of: values)!
            XCTAssertTrue(threshold >= 10 && threshold < 200, "\(method.rawValue): \(threshold)")
        }
        XCTAssertEqual(ThresholdMethod.isodata.threshold(of: values), 105.5)
        XCTAssertEqual(ThresholdMethod.kmeans.threshold(of: values), 105)
    }

    func testIntensityStatistics() throws {
        let four = try XCTUnwrap(IntensityStatistics([4, 1, 3, 2]))
        XCTAssertEqual(four.mean, 2.5)
        XCTAssertEqual(four.median, 2.5)
        XCTAssertEqual(four.standardDeviation, 1.25.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(four.entropyBits, 2, accuracy: 1e-15)
        XCTAssertEqual(IntensityStatistics([5, 1, 3])?.median, 3)
        XCTAssertEqual(IntensityStatistics([9, 9, 9, 9])?.entropyBits, 0)
        XCTAssertNil(IntensityStatistics([]))
        // The median by selection equals the sorted middle, with ties and both parities.
        var generator = SeededRandom(seed: 5)
        for count in [1, 2, 999, 1000] {
            let values = (0..<count).map { _ in Float(Int.random(in: 0...40, using: &generator)) }
            let sorted = values.sorted()
            let expected = count % 2 == 1 ? Double(sorted[count / 2])
                : (Double(sorted[count / 2 - 1]) + Double(sorted[count / 2])) / 2
            XCTAssertEqual(IntensityStatistics.median(values), expected, "\(count) values")
        }
    }

    func testMeasureInsideMask() throws {
        // Two bright squares on a dim background; the mask holds only the left one.
        var pixels = [Float](repeating: 10, count: 40 * 20)
        for r in 5...9 {
            for c in 5...9 { pixels[r * 40 + c] = 200 }
            for c in 25...29 { pixels[r * 40 + c] = 150 }
        }
        let image = Image(width: 40, height: 20, pixels: pixels)
        let mask = (0..<(40 * 20)).map { $0 % 40 < 20 }
        let inside = Morphology.measure(image: image, mask: mask, method: .otsu)
        XCTAssertEqual(inside.objectCount, 1)
        XCTAssertEqual(inside.areaPx, 25)
        XCTAssertEqual(inside.meanObjectAreaPx, 25)
        XCTAssertEqual(inside.intensityMean!, (25 * 200 + 375 * 10) / 400.0, accuracy: 1e-12)
        XCTAssertEqual(inside.intensityMedian, 10)
        XCTAssertEqual(inside.method, .otsu)
        let whole = Morphology.measure(image: image, mask: nil, method: .otsu)
        XCTAssertEqual(whole.objectCount, 2)
        XCTAssertEqual(whole.areaPx, 50)
        XCTAssertEqual(whole.individuals, 2)

        let empty = Morphology.measure(image: image, mask: [Bool](repeating: false, count: 800), method: .li)
        XCTAssertNil(empty.threshold)
        XCTAssertEqual(empty.objectCount, 0)
        XCTAssertEqual(empty.areaPx, 0)
        XCTAssertNil(empty.meanObjectAreaPx)
        XCTAssertNil(empty.meanCircularity)
        XCTAssertNil(empty.intensityMean)
        XCTAssertNil(empty.intensityEntropy)
        XCTAssertEqual(empty.skeletonEfficiency, 0)

        // Deterministic: the same input gives the same features.
        XCTAssertEqual(Morphology.measure(image: image, mask: mask, method: .otsu), inside)
    }

    func testEqualizationSpreadsIntensities() {
        // A ramp squeezed into 100…110 spreads over the 8-bit range.
        let image = Image(width: 100, height: 1, pixels: (0..<100).map { 100 + Float($0) / 10 })
        let equalized = image.equalized()
        XCTAssertEqual(Double(equalized.pixels.max()!), 255, accuracy: 1e-3)
        XCTAssertLessThan(equalized.pixels.min()!, 5)
        XCTAssertEqual(zip(equalized.pixels, equalized.pixels.dropFirst()).allSatisfy { $0 <= $1 }, true)
        XCTAssertEqual(image.equalized(mask: [Bool](repeating: false, count: 100)), image)
    }

    // MARK: - Segmentation scores

    func testJaccardAndDice() throws {
        let predicted = BinaryImage(width: 3, height: 2, pixels: [true, true, true, false, false, false])
        let truth = BinaryImage(width: 3, height: 2, pixels: [true, true, false, true, false, false])
        let score = SegmentationScore(predicted: predicted, truth: truth)
        // One object each, IoU 2/4 = 0.5: matched.
        XCTAssertEqual(score, SegmentationScore(truePositives: 2, falsePositives: 1, falseNegatives: 1,
                                                predictedObjects: 1, truthObjects: 1, matchedObjects: 1))
        XCTAssertEqual(score.jaccard, 0.5)
        XCTAssertEqual(try XCTUnwrap(score.dice), 2.0 / 3, accuracy: 1e-15)
        XCTAssertEqual(SegmentationScore(predicted: truth, truth: truth).jaccard, 1)
        let empty = BinaryImage(width: 3, height: 2)
        XCTAssertNil(SegmentationScore(predicted: empty, truth: empty).jaccard)
        XCTAssertNil(SegmentationScore(predicted: empty, truth: empty).dice)
        XCTAssertEqual(SegmentationScore(predicted: empty, truth: truth).jaccard, 0)
        // Pooled over images: counts add, so a perfect large image outweighs a poor small one.
        let pooled = score + SegmentationScore(truePositives: 96, falsePositives: 0, falseNegatives: 0)
        XCTAssertEqual(pooled.objectPrecision, 1)
        XCTAssertEqual(pooled.jaccard, 98.0 / 100)
        XCTAssertEqual(try XCTUnwrap(pooled.dice), 196.0 / 198, accuracy: 1e-15)
    }
}

extension MorphologyShapeTests {
    /// Objects matched one to one at IoU ≥ 0.5: two true pieces that the
    /// prediction joins are one object matching neither (count error −1);
    /// a piece found whole matches; a spurious speck lowers the precision.
    func testObjectMatching() throws {
        var truth = Canvas(40, 20), predicted = Canvas(40, 20)
        truth.rectangle(rows: 2...6, cols: 2...9)
        truth.rectangle(rows: 2...6, cols: 11...18)      // a one-pixel gap from the first
        predicted.rectangle(rows: 2...6, cols: 2...18)   // the gap filled: one object
        truth.rectangle(rows: 10...15, cols: 25...34)
        predicted.rectangle(rows: 11...15, cols: 25...34) // IoU 50/60
        predicted.set(18, 38)                             // a speck
        let score = SegmentationScore(predicted: predicted.image, truth: truth.image)
        XCTAssertEqual(score.truthObjects, 3)
        XCTAssertEqual(score.predictedObjects, 3)
        XCTAssertEqual(score.matchedObjects, 1)
        XCTAssertEqual(score.objectCountError, 0)
        XCTAssertEqual(try XCTUnwrap(score.objectPrecision), 1.0 / 3, accuracy: 1e-15)
        XCTAssertEqual(try XCTUnwrap(score.objectRecall), 1.0 / 3, accuracy: 1e-15)
        let merged = SegmentationScore(predicted: Canvas(40, 20).image, truth: truth.image)
        XCTAssertEqual(merged.objectCountError, -3)
        XCTAssertNil(merged.objectPrecision)
        XCTAssertEqual(merged.objectRecall, 0)
    }
}

final class RadixSortTests: XCTestCase {
    func testSortsLikeSorted() {
        var generator = SeededRandom(seed: 11)
        let special: [Float] = [0, -0.0, 1, -1, 255, .leastNonzeroMagnitude, -.greatestFiniteMagnitude, .infinity]
        for count in [0, 1, 2, 100, 5000] {
            let values = special + (0..<count).map { _ in Float(Double.random(in: -300...300, using: &generator)) }
            XCTAssertEqual(RadixSort.sorted(values), values.sorted(), "\(count) values")
        }
    }

    /// The flooding order of the watershed: brightest first, ties by index,
    /// only the included pixels; against a comparison sort, with many ties.
    func testIndicesByDescendingValue() {
        var generator = SeededRandom(seed: 12)
        for count in [0, 1, 7, 3000] {
            let values = (0..<count).map { _ in Float(Int(Double.random(in: -20...20, using: &generator))) / 4 }
            let include = (0..<count).map { _ in Double.random(in: 0..<1, using: &generator) < 0.7 }
            let expected = values.indices.filter { include[$0] }.sorted {
                values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1
            }
            XCTAssertEqual(RadixSort.indicesByDescendingValue(values, where: include), expected, "\(count) values")
        }
    }
}

/// Touching blobs split where the intensity dips by at least the dynamic.
final class WatershedSplitTests: XCTestCase {
    /// Two Gaussian blobs `gap` px apart with peak 100 on a flat 0.
    func blobs(gap: Double) -> Image {
        let width = 60, height = 30
        var pixels = [Float](repeating: 0, count: width * height)
        for r in 0..<height {
            for c in 0..<width {
                let a = exp(-(pow(Double(r) - 15, 2) + pow(Double(c) - 30 + gap / 2, 2)) / (2 * 9))
                let b = exp(-(pow(Double(r) - 15, 2) + pow(Double(c) - 30 - gap / 2, 2)) / (2 * 9))
                pixels[r * width + c] = Float(100 * (a + b))
            }
        }
        return Image(width: width, height: height, pixels: pixels)
    }

    func objects(_ image: Image, threshold: Double, dynamic: Double?) -> Int {
        var foreground = image.foreground(above: threshold)
        XCTAssertEqual(ConnectedComponents(foreground).count, 1, "the threshold joins them")
        if let dynamic { foreground = WatershedSplit.split(foreground, intensities: image, dynamic: dynamic) }
        return ConnectedComponents(foreground).count
    }

    func testTouchingBlobsSplitOnlyWhereTheDipIsDeepEnough() throws {
        // 10 px apart, σ 3: the pass between them is 2·100·e^(−25/18) ≈ 49.9 below peaks ≈ 100.
        let apart = blobs(gap: 10)
        XCTAssertEqual(objects(apart, threshold: 20, dynamic: nil), 1)
        XCTAssertEqual(objects(apart, threshold: 20, dynamic: 40), 2)
        XCTAssertEqual(objects(apart, threshold: 20, dynamic: 60), 1, "a dip of 50 is not one of 60")
        // 4 px apart: one bump (no saddle) — never split.
        XCTAssertEqual(objects(blobs(gap: 4), threshold: 20, dynamic: 1), 1)
        // The cut removes only a line between them.
        let foreground = apart.foreground(above: 20)
        let split = WatershedSplit.split(foreground, intensities: apart, dynamic: 40)
        let removed = zip(foreground.pixels, split.pixels).filter { $0 && !$1 }.count
        XCTAssertTrue((1...20).contains(removed), "\(removed)")
        XCTAssertFalse(zip(foreground.pixels, split.pixels).contains { !$0 && $1 }, "nothing is added")
    }

    func testNoiseBumpsBelowTheDynamicDoNotSplit() {
        // A flat-topped object (100 inside a 10 × 30 rectangle) with noise of up to 4.
        var generator = SeededRandom(seed: 3)
        let width = 60, height = 30
        var pixels = [Float](repeating: 0, count: width * height)
        for r in 10..<20 { for c in 15..<45 { pixels[r * width + c] = 100 } }
        let noisy = Image(width: width, height: height,
                          pixels: pixels.map { $0 + Float.random(in: 0...4, using: &generator) })
        let foreground = noisy.foreground(above: 30)
        XCTAssertEqual(ConnectedComponents(WatershedSplit.split(foreground, intensities: noisy, dynamic: 10)).count, 1)
        XCTAssertGreaterThan(ConnectedComponents(WatershedSplit.split(foreground, intensities: noisy, dynamic: 0.5)).count, 1,
                             "a dynamic below the noise splits it: the test can tell")
    }
}
