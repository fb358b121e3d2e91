import Foundation
import PlexusNumerics
import XCTest
@testable import PlexusImaging

/// Drawn cells: discs of dim cytoplasm holding bright organelle spots, on a
/// dark noisy background. Each cell's disc at frame t is its true region.
struct DrawnCells {
    struct Cell {
        var row: Double, col: Double, radius: Double
        /// Per frame: drift (px) and change of radius (px).
        var rowStep = 0.0, colStep = 0.0, radiusStep = 0.0
        var brightness = 1.0

        func centre(at t: Int) -> (row: Double, col: Double, radius: Double) {
            (row + rowStep * Double(t), col + colStep * Double(t), radius + radiusStep * Double(t))
        }
    }

    var width: Int, height: Int
    var cells: [Cell]
    /// Spot positions relative to the centre, as fractions of the radius (the same in every cell).
    let spots: [(Double, Double)]

    init(width: Int, height: Int, cells: [Cell], spotCount: Int = 80, seed: UInt64 = 3) {
        self.width = width
        self.height = height
        self.cells = cells
        var generator = SeededRandom(seed: seed)
        var spots: [(Double, Double)] = []
        while spots.count < spotCount {
            let u = Double.random(in: -0.85...0.85, using: &generator), v = Double.random(in: -0.85...0.85, using: &generator)
            if u * u + v * v <= 0.85 * 0.85 { spots.append((u, v)) }
        }
        self.spots = spots
    }

    /// Frame t on the 8-bit scale, smoothed as the pipeline smooths (σ = 1).
    func frame(_ t: Int, vanished: Set<Int> = []) -> Image {
        var generator = SeededRandom(seed: 100 + UInt64(t))
        var pixels = [Float](repeating: 0, count: width * height)
        for i in pixels.indices { pixels[i] = 3 + Float(Double.random(in: -1...1, using: &generator)) }
        for (index, cell) in cells.enumerated() where !vanished.contains(index) {
            let (row, col, radius) = cell.centre(at: t)
            let reach = Int(radius + 8)
            for r in max(0, Int(row) - reach)..<min(height, Int(row) + reach) {
                for c in max(0, Int(col) - reach)..<min(width, Int(col) + reach) {
                    let dr = Double(r) - row, dc = Double(c) - col
                    var value = dr * dr + dc * dc <= radius * radius ? 10.0 : 0
                    for (u, v) in spots {
                        let sr = Double(r) - (row + u * radius), sc = Double(c) - (col + v * radius)
                        value += 140 * exp(-(sr * sr + sc * sc) / (2 * 2.0 * 2.0))
                    }
                    pixels[r * width + c] += Float(value * cell.brightness)
                }
            }
        }
        return GaussianSmoothing.smooth(Image(width: width, height: height, pixels: pixels), sigma: 1)
    }

    /// The true region of cell `index` at frame t.
    func region(_ index: Int, at t: Int) -> BinaryImage {
        let (row, col, radius) = cells[index].centre(at: t)
        var mask = BinaryImage(width: width, height: height)
        for r in 0..<height {
            for c in 0..<width {
                let dr = Double(r) - row, dc = Double(c) - col
                mask[r, c] = dr * dr + dc * dc <= radius * radius
            }
        }
        return mask
    }
}

func intersection(_ a: BinaryImage, _ b: BinaryImage) -> Int {
    zip(a.pixels, b.pixels).reduce(0) { $0 + ($1.0 && $1.1 ? 1 : 0) }
}

final class CellMaskTrackerTests: XCTestCase {
    // MARK: - Disc operations against brute force

    /// Dilation by a disc of radius r, pixel by pixel.
    private func bruteDilation(_ bits: [UInt8], width: Int, height: Int, radius: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: bits.count)
        for r in 0..<height {
            for c in 0..<width {
                search: for dr in -radius...radius {
                    for dc in -radius...radius where dr * dr + dc * dc <= radius * radius {
                        let rr = r + dr, cc = c + dc
                        if rr >= 0 && rr < height && cc >= 0 && cc < width && bits[rr * width + cc] != 0 {
                            out[r * width + c] = 1
                            break search
                        }
                    }
                }
            }
        }
        return out
    }

    func testDilationAndErosionMatchBruteForceDiscs() {
        var generator = SeededRandom(seed: 11)
        let width = 37, height = 23
        let rectangle = BinaryImage.Rectangle(top: 0, left: 0, bottom: height, right: width)
        for density in [0.01, 0.05, 0.3, 0.7] {
            let bits: [UInt8] = (0..<(width * height)).map { _ in Double.random(in: 0..<1, using: &generator) < density ? 1 : 0 }
            let raster = BinaryImage.Raster(rectangle: rectangle, bits: bits)
            for radius in [0, 1, 2, 3, 5, 8] {
                XCTAssertEqual(raster.dilated(by: radius).bits, bruteDilation(bits, width: width, height: height, radius: radius),
                               "dilation, density \(density), radius \(radius)")
                // Erosion is the complement's dilation: the frame border does not erode.
                let expected = bruteDilation(bits.map { 1 - $0 }, width: width, height: height, radius: radius).map { 1 - $0 }
                XCTAssertEqual(raster.eroded(by: radius).bits, expected, "erosion, density \(density), radius \(radius)")
            }
        }
        XCTAssertEqual(BinaryImage.Raster.halfWidths(radius: 3), [3, 2, 2, 0])
        XCTAssertEqual(BinaryImage.Raster.halfWidths(radius: 5), [5, 4, 4, 4, 3, 0])
    }

    /// Hole filling against a breadth-first fill of the unset pixels from the
    /// rectangle's edge, 4-connected: mazes of every density, thin rasters too.
    func testFilledHolesEqualsAFloodFillFromTheEdge() {
        func bruteFill(_ bits: [UInt8], width: Int, height: Int) -> [UInt8] {
            var reached = [Bool](repeating: false, count: bits.count)
            var queue: [(Int, Int)] = []
            for r in 0..<height { for c in 0..<width where (r == 0 || c == 0 || r == height - 1 || c == width - 1)
                && bits[r * width + c] == 0 { reached[r * width + c] = true; queue.append((r, c)) } }
            var head = 0
            while head < queue.count {
                let (r, c) = queue[head]
                head += 1
                for (nr, nc) in [(r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)]
                where nr >= 0 && nc >= 0 && nr < height && nc < width && bits[nr * width + nc] == 0 && !reached[nr * width + nc] {
                    reached[nr * width + nc] = true
                    queue.append((nr, nc))
                }
            }
            return reached.map { $0 ? 0 : 1 }
        }
        var generator = SeededRandom(seed: 5)
        for (width, height) in [(3, 3), (37, 23), (64, 9), (5, 40)] {
            let rectangle = BinaryImage.Rectangle(top: 2, left: 1, bottom: 2 + height, right: 1 + width)
            for density in [0.0, 0.2, 0.45, 0.6, 0.9] {
                let bits: [UInt8] = (0..<(width * height)).map { _ in Double.random(in: 0..<1, using: &generator) < density ? 1 : 0 }
                let filled = BinaryImage.Raster(rectangle: rectangle, bits: bits).filledHoles()
                XCTAssertEqual(filled.bits, bruteFill(bits, width: width, height: height), "\(width)×\(height), density \(density)")
                XCTAssertEqual(filled.rectangle, rectangle)
            }
        }
        // A ring holds its inside.
        let ring: [UInt8] = [0, 0, 0, 0, 0,
                             0, 1, 1, 1, 0,
                             0, 1, 0, 1, 0,
                             0, 1, 1, 1, 0,
                             0, 0, 0, 0, 0]
        let rectangle = BinaryImage.Rectangle(top: 0, left: 0, bottom: 5, right: 5)
        XCTAssertEqual(BinaryImage.Raster(rectangle: rectangle, bits: ring).filledHoles().bits,
                       ring.enumerated().map { $0.offset == 12 ? 1 : $0.element })
    }

    func testLogOtsuSplitsSignalFromBackground() {
        // Dim background (1–5) and a bright cell (60–109): on logarithms the split falls
        // at the top of the background (the centre of the bin holding 5, which counts
        // as foreground, as in scikit-image), far below the cell; returned on the
        // intensity scale.
        var values: [Float] = []
        for i in 0..<200 { values.append(Float(1 + i % 5)) }
        for i in 0..<50 { values.append(Float(60 + i)) }
        let threshold = try! XCTUnwrap(BinaryImage.otsuThresholdOfLogarithms(values))
        XCTAssertGreaterThan(threshold, 4)
        XCTAssertLessThan(threshold, 5)
        XCTAssertNil(BinaryImage.otsuThresholdOfLogarithms([Float](repeating: 4, count: 10)))
    }

    // MARK: - Propagation

    private func propagate(_ cells: DrawnCells, frames: Int, settings: CellMaskTracker.Settings = .init(),
                           vanishing: [Int: Set<Int>] = [:], check: (Int, [BinaryImage]) -> Void) {
        var masks = cells.cells.indices.map { cells.region($0, at: 0) }
        for t in 1..<frames {
            masks = CellMaskTracker.propagate(masks, into: cells.frame(t, vanished: vanishing[t] ?? []), settings: settings)
            check(t, masks)
        }
    }

    /// The mask covers the cell, and reaches beyond it by no more than the
    /// dilation (the margin propagated masks keep around the organelles).
    func testPropagationFollowsADriftingShrinkingCell() {
        let cells = DrawnCells(width: 160, height: 150, cells: [
            .init(row: 60, col: 55, radius: 40, rowStep: 0.6, colStep: 1.2, radiusStep: -0.4),
        ])
        let settings = CellMaskTracker.Settings()
        var worst = (recall: 1.0, withinMargin: 1.0)
        propagate(cells, frames: 30, settings: settings) { t, masks in
            let truth = cells.region(0, at: t)
            var grown = cells
            grown.cells[0].radius += Double(settings.dilationRadius + 2)
            let margin = grown.region(0, at: t)
            let recall = Double(intersection(masks[0], truth)) / Double(truth.area)
            let withinMargin = Double(intersection(masks[0], margin)) / Double(masks[0].area)
            worst = (min(worst.recall, recall), min(worst.withinMargin, withinMargin))
            XCTAssertGreaterThan(recall, 0.95, "frame \(t): the mask lost the cell (recall \(recall))")
            XCTAssertGreaterThan(withinMargin, 0.98, "frame \(t): the mask spread beyond the cell and its margin (\(withinMargin))")
        }
        print("drifting, shrinking cell over 30 frames: worst recall \(worst.recall), worst fraction within the margin \(worst.withinMargin)")
    }

    func testTouchingCellsNeverShareAPixelAndKeepTheirOrder() {
        // Two cells whose discs touch and that drift into each other.
        let cells = DrawnCells(width: 170, height: 100, cells: [
            .init(row: 50, col: 45, radius: 35, colStep: 0.5),
            .init(row: 50, col: 116, radius: 35, colStep: -0.5),
        ])
        propagate(cells, frames: 12) { t, masks in
            XCTAssertEqual(masks.count, 2)
            XCTAssertEqual(intersection(masks[0], masks[1]), 0, "frame \(t): a pixel belongs to both cells")
            for index in 0..<2 {
                let truth = cells.region(index, at: t)
                let shared = Double(intersection(masks[index], truth))
                XCTAssertGreaterThan(shared / Double(truth.area), 0.85, "frame \(t), cell \(index + 1)")
                // Order is preserved: mask 0 stays on the left cell.
                let other = cells.region(1 - index, at: t)
                XCTAssertLessThan(Double(intersection(masks[index], other)) / Double(other.area), 0.1, "frame \(t), cell \(index + 1)")
            }
        }
    }

    func testAVanishedCellComesBackEmptyAndTheOtherGoesOn() {
        let cells = DrawnCells(width: 200, height: 100, cells: [
            .init(row: 50, col: 50, radius: 30), .init(row: 50, col: 145, radius: 30),
        ])
        // Cell 2 is gone from frame 3 on: its neighbourhood is flat background.
        let gone: [Int: Set<Int>] = Dictionary(uniqueKeysWithValues: (3..<6).map { ($0, [1]) })
        var emptyFrom: Int?
        propagate(cells, frames: 6, vanishing: gone) { t, masks in
            XCTAssertGreaterThan(masks[0].area, 2000, "frame \(t): cell 1")
            if masks[1].isEmpty, emptyFrom == nil { emptyFrom = t }
        }
        XCTAssertNotNil(emptyFrom, "the vanished cell's mask never became empty")
        // An empty mask stays empty.
        let next = CellMaskTracker.propagate([BinaryImage(width: 200, height: 100)], into: cells.frame(1), settings: .init())
        XCTAssertTrue(next[0].isEmpty)
    }

    func testMaskGrowsAtMostTheSearchRadiusPerFrame() {
        // A cell far larger than its frame-0 mask: the mask grows toward it, searchRadius px at a time.
        let cells = DrawnCells(width: 120, height: 120, cells: [.init(row: 60, col: 60, radius: 45)])
        var mask = BinaryImage(width: 120, height: 120)
        for r in 55..<65 { for c in 55..<65 { mask[r, c] = true } }
        let settings = CellMaskTracker.Settings(searchRadius: 3, openingRadius: 1, dilationRadius: 6)
        let next = CellMaskTracker.propagate([mask], into: cells.frame(1), settings: settings)[0]
        let bounds = try! XCTUnwrap(next.bounds)
        XCTAssertGreaterThanOrEqual(bounds.top, 52)
        XCTAssertLessThanOrEqual(bounds.bottom, 68)
        XCTAssertGreaterThan(next.area, mask.area)
    }

    // MARK: - Detection without a mask

    func testAutoDetectionFindsSeparatedCells() {
        let cells = DrawnCells(width: 220, height: 160, cells: [
            .init(row: 45, col: 50, radius: 32), .init(row: 110, col: 160, radius: 38),
            .init(row: 120, col: 55, radius: 28, brightness: 0.6),
        ])
        var frame = cells.frame(0)
        // A bright speck: smaller than a cell, not one.
        for r in 10..<14 { for c in 150..<154 { frame[r, c] = 200 } }
        let found = CellDetection.cells(in: frame, sigma: 4, minimumArea: 500)
        XCTAssertEqual(found.count, 3)
        // Dilated like propagated masks, each covers its cell, with at most the dilation (and
        // the blur of the heavy smoothing) as margin, and nothing of the others.
        // Raster order of the first pixel: the top-left cell, then the right one, then the bottom-left one.
        let settled = CellMaskTracker.settle(found, dilationRadius: 10)
        for (index, (before, after)) in zip(found, settled).enumerated() {
            XCTAssertGreaterThan(after.area, before.area)
            let truth = cells.region(index, at: 0)
            var grown = cells
            grown.cells[index].radius += 10 + 4
            let margin = grown.region(index, at: 0)
            let recall = Double(intersection(after, truth)) / Double(truth.area)
            let within = Double(intersection(after, margin)) / Double(after.area)
            print("auto cell \(index + 1): detected \(before.area) px, settled \(after.area) px, true \(truth.area) px, recall \(recall), within the margin \(within)")
            XCTAssertGreaterThan(recall, 0.95, "cell \(index + 1)")
            XCTAssertGreaterThan(within, 0.98, "cell \(index + 1)")
            for other in 0..<3 where other != index {
                XCTAssertEqual(intersection(after, cells.region(other, at: 0)), 0, "cell \(index + 1) reaches cell \(other + 1)")
            }
        }
        XCTAssertEqual(CellDetection.cells(in: Image(width: 20, height: 20, repeating: 5), sigma: 4, minimumArea: 10).count, 0)
    }
}
