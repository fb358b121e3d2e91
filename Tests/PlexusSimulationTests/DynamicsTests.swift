import PlexusNumerics
import XCTest
@testable import PlexusSimulation

/// The geometry of the events and the confinement, one step at a time.
final class DynamicsTests: XCTestCase {
    private func straightTubule(from start: PlanePoint, length: Int) -> Mitochondrion {
        Mitochondrion(centreline: (0...length).map { PlanePoint(row: start.row, col: start.col + Double($0)) },
                      radius: 1.25, brightness: 200)
    }

    private func spacings(_ m: Mitochondrion) -> [Double] {
        zip(m.centreline, m.centreline.dropFirst()).map { $0.distance(to: $1) }
    }

    func testObjectsStayInsideTheShrinkingCell() {
        for seed: UInt64 in [1, 2, 3] {
            let simulation = CellSimulation(condition: .llo, cell: 1, seed: seed)
            var network = simulation.initialNetwork
            var generator = SeededRandom(seed: seed)
            for t in 1..<simulation.frameCount {
                let rates = simulation.condition.rates(atFrame: t - 1, treatmentFrame: simulation.treatmentFrame)
                _ = network.step(rates: rates, newScale: simulation.scale(atFrame: t), using: &generator)
                for object in network.objects {
                    for p in object.centreline {
                        XCTAssertGreaterThanOrEqual(network.outline.depth(row: p.row, col: p.col, scale: network.scale), 0,
                                                    "seed \(seed) t \(t)")
                    }
                }
            }
            XCTAssertEqual(network.scale * network.scale, 0.7, accuracy: 1e-9)
        }
    }

    func testFissionSplitsATubuleInTwo() {
        let outline = CellOutline(centreRow: 50, centreCol: 50, semiMajor: 40, semiMinor: 40, orientation: 0, modes: [])
        var network = MitochondrialNetwork(outline: outline, objects: [straightTubule(from: PlanePoint(row: 50, col: 30), length: 30)])
        var generator = SeededRandom(seed: 1)
        XCTAssertEqual(network.fission(probabilityPer20Pixels: 100, using: &generator), 1)
        XCTAssertEqual(network.objects.count, 2)
        XCTAssertEqual(network.objects.map(\.length).reduce(0, +), 29, accuracy: 1e-9, "one 1 px step becomes the gap")
        let gap = network.objects[0].centreline.last.map { a in network.objects[1].centreline[0].distance(to: a) } ?? 0
        XCTAssertEqual(gap, 3, accuracy: 1e-9)
    }

    func testFusionJoinsEndsIntoOneTubule() {
        let outline = CellOutline(centreRow: 50, centreCol: 50, semiMajor: 40, semiMinor: 40, orientation: 0, modes: [])
        let left = straightTubule(from: PlanePoint(row: 50, col: 20), length: 10)   // ends at col 30
        let right = straightTubule(from: PlanePoint(row: 50, col: 32.5), length: 8)  // 2.5 px further
        let punctum = Mitochondrion(centreline: [PlanePoint(row: 20, col: 50)], radius: 2, brightness: 180)
        var network = MitochondrialNetwork(outline: outline, objects: [left, punctum, right])
        var generator = SeededRandom(seed: 1)
        XCTAssertEqual(network.fusion(probability: 1, using: &generator), 1)
        XCTAssertEqual(network.objects.count, 2)
        let joined = network.objects[0]
        XCTAssertEqual(joined.kind, .tubule)
        XCTAssertEqual(joined.length, 20.5, accuracy: 0.5)
        XCTAssertEqual(spacings(joined).max() ?? 0, 1, accuracy: 1e-9)
        XCTAssertEqual(network.objects[1], punctum)

        // Two puncta that touch become one larger punctum.
        let a = Mitochondrion(centreline: [PlanePoint(row: 10, col: 10)], radius: 1.5, brightness: 200)
        let b = Mitochondrion(centreline: [PlanePoint(row: 10, col: 12)], radius: 1.5, brightness: 200)
        let merged = MitochondrialNetwork.join(a, end: 0, b, end: 0)
        XCTAssertEqual(merged.kind, .punctum)
        XCTAssertEqual(merged.centreline[0].col, 11, accuracy: 1e-9)
        XCTAssertGreaterThan(merged.radius, 1.5)
    }

    func testResampledPolylineHasUnitSteps() {
        let corner = [PlanePoint(row: 0, col: 0), PlanePoint(row: 0, col: 5.5), PlanePoint(row: 4.2, col: 5.5)]
        let points = Polyline.resampled(corner)
        XCTAssertEqual(points.count, 11)
        for (a, b) in zip(points, points.dropFirst()).dropLast() {
            XCTAssertLessThanOrEqual(a.distance(to: b), 1 + 1e-9)
            XCTAssertGreaterThan(a.distance(to: b), 0.7)
        }
        XCTAssertEqual(points.last, corner.last)
    }

    func testStableJSON() {
        let document = JSONText.object(["b": .number(0.1), "a": .array([.object(["y": .integer(2), "x": .number(-1e-9)])]),
                                        "c": .number(2), "d": .string("q\"\n"), "e": .number(.nan), "f": .unsigned(.max)])
        XCTAssertEqual(document.rendered, """
            {
              "a": [
                {"x": 0, "y": 2}
              ],
              "b": 0.1,
              "c": 2,
              "d": "q\\"\\n",
              "e": null,
              "f": 18446744073709551615
            }

            """)
    }
}
