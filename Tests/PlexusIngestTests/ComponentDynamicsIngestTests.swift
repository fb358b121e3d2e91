import Foundation
import PlexusImaging
import PlexusNumerics
import PlexusSimulation
import PlexusStore
import PlexusTestSupport
import XCTest
@testable import PlexusIngest

/// Components that die, are born, split and merge, as stored by ingest.
final class ComponentDynamicsIngestTests: TemporaryDirectoryTestCase {
    /// A simulated LLO cell (fragmenting, shrinking), ingested with the default preset.
    func ingestSimulated(frames: Int = 30, parameters: IngestParameters = IngestParameters()) throws -> SQLiteConnection {
        let experiment = SyntheticExperiment(conditions: [.llo], cellsPerCondition: 1, frameCount: frames, seed: 3)
        let summary = try experiment.write(to: path("experiment"))
        let specs = try SampleSheet.load(path: summary.sampleSheet)
        let database = path("experiment.sqlite")
        let result = try BatchIngest(store: try ExperimentStore(path: database), parameters: parameters)
            .run(specs, commandLine: "plexus ingest (test)")
        XCTAssertEqual(result.failed.map { $0.message ?? "" }, [])
        return try SQLiteConnection.reading(database)
    }

    func testEventsAreConsistentWithTheStoredComponents() throws {
        let db = try ingestSimulated()
        XCTAssertEqual(try db.inconsistencies(), [])
        let deathMass = IngestParameters().deathMass
        // Weights sum to 1 in every frame, after every change.
        XCTAssertEqual(try db.ints("""
            SELECT t FROM (SELECT t, sum(weight) AS total FROM component GROUP BY cell_id, t) WHERE abs(total - 1) > 1e-9
            """), [])
        // No node holds less than the death floor (and so never < 1 unit of intensity).
        XCTAssertEqual(try db.ints("""
            SELECT c.t FROM component AS c JOIN frame AS f USING (cell_id, t) WHERE c.weight * f.intensity_total < ?1
            """, [.real(deathMass)]), [])
        // A k is never reused: it is present on an unbroken run of fitted frames.
        XCTAssertEqual(try db.ints("""
            SELECT c.k FROM component AS c GROUP BY c.cell_id, c.k
            HAVING count(*) <> (SELECT count(*) FROM frame AS f WHERE f.cell_id = c.cell_id AND f.status = 'fitted'
                                AND f.t BETWEEN min(c.t) AND max(c.t))
            """), [])
        let events = try db.rows("SELECT t, k, kind, other_k, bic_change FROM component_event ORDER BY t, k")
        XCTAssertFalse(events.isEmpty, "a fragmenting cell changes its components")
        func present(_ k: Int64, _ t: Int64) throws -> Bool {
            try db.int("SELECT count(*) FROM component WHERE k = ?1 AND t = ?2", [.integer(k), .integer(t)]) == 1
        }
        for row in events {
            guard case .integer(let t) = row[0], case .integer(let k) = row[1], case .text(let kind) = row[2] else {
                return XCTFail("malformed event \(row)")
            }
            let previous = Int64(try db.int("SELECT max(t) FROM frame WHERE t < ?1 AND status = 'fitted'", [.integer(t)]))
            switch kind {
            case "birth", "split":
                XCTAssertTrue(try present(k, t), "born \(k) at \(t)")
                XCTAssertEqual(try db.int("SELECT count(*) FROM component WHERE k = ?1 AND t < ?2", [.integer(k), .integer(t)]), 0,
                               "\(k) is new at \(t)")
                if kind == "split", case .integer(let parent) = row[3] {
                    XCTAssertTrue(try present(parent, previous), "split parent \(parent) alive before \(t)")
                }
            case "death":
                XCTAssertTrue(try present(k, previous), "\(k) was alive before dying at \(t)")
                XCTAssertEqual(try db.int("SELECT count(*) FROM component WHERE k = ?1 AND t >= ?2", [.integer(k), .integer(t)]), 0)
            case "merge":
                guard case .integer(let other) = row[3] else { return XCTFail("merge without other_k") }
                XCTAssertLessThan(k, other, "the older id survives")
                XCTAssertTrue(try present(k, t))
                XCTAssertTrue(try present(other, previous))
                XCTAssertEqual(try db.int("SELECT count(*) FROM component WHERE k = ?1 AND t >= ?2", [.integer(other), .integer(t)]), 0)
            default:
                XCTFail("unknown kind \(kind)")
            }
            if kind != "death" {
                guard case .real(let change) = row[4] else { return XCTFail("no bic_change on \(row)") }
                XCTAssertLessThan(change, 0, "an accepted change lowers the BIC")
            }
        }
        // The frame's counts are its events.
        XCTAssertEqual(try db.ints("""
            SELECT f.t FROM frame AS f
            WHERE f.birth_count + f.death_count + f.split_count + f.merge_count
                  <> (SELECT count(*) FROM component_event AS e WHERE e.cell_id = f.cell_id AND e.t = f.t)
               OR f.split_count <> (SELECT count(*) FROM component_event AS e WHERE e.cell_id = f.cell_id AND e.t = f.t AND e.kind = 'split')
            """), [])
        // Edges and node metrics only name live components.
        XCTAssertEqual(try db.int("""
            SELECT count(*) FROM edge AS e WHERE NOT EXISTS
                (SELECT 1 FROM component AS c WHERE c.cell_id = e.cell_id AND c.t = e.t AND c.k = e.src)
            """), 0)
    }

    func testFixedComponentsKeepTheFirstFramesK() throws {
        let db = try ingestSimulated(frames: 8, parameters: IngestParameters(components: .fixed))
        XCTAssertEqual(Set(try db.ints("SELECT component_count FROM frame")).count, 1)
        XCTAssertEqual(try db.int("SELECT count(*) FROM component_event"), 0)
        XCTAssertEqual(try db.texts("SELECT parameters_json ->> 'components' FROM ingest_run"), ["fixed"])
        XCTAssertEqual(IngestParameters(preset: .ornet).components, .fixed)
    }

    /// The live count follows the frame: against a fresh start from each
    /// frame's own peaks (as many components as the published method would
    /// start from: PeakFinder on the smoothed frame inside the cell's mask)
    /// it stays within ±30 % (median over frames), in a fragmenting, a
    /// fusing and a control cell. Neither runaway births nor deaths alone pass.
    func testLiveCountFollowsAFreshStart() throws {
        let frames = 30
        let experiment = SyntheticExperiment(cellsPerCondition: 1, frameCount: frames, seed: 5)
        let summary = try experiment.write(to: path("experiment"))
        let specs = try SampleSheet.load(path: summary.sampleSheet)
        let parameters = IngestParameters(morphology: false)
        let database = path("fresh.sqlite")
        let result = try BatchIngest(store: try ExperimentStore(path: database), parameters: parameters)
            .run(specs, commandLine: "test")
        XCTAssertEqual(result.failed.count, 0)
        let db = try SQLiteConnection.reading(database)
        for spec in specs {
            let reader = try TIFFVideo(path: spec.path)
            let cell = try db.int("SELECT c.id FROM cell c JOIN video v ON v.id = c.video_id WHERE v.path = ?1", [.text(spec.path)])
            var ratios: [Double] = []
            for t in stride(from: 0, to: frames, by: 3) {
                let live = try db.int("SELECT component_count FROM frame WHERE cell_id = ?1 AND t = ?2",
                                      [.integer(Int64(cell)), .integer(Int64(t))])
                let statement = try db.prepare("SELECT rle FROM cell_mask WHERE cell_id = ?1 AND t = ?2")
                try statement.bind([.integer(Int64(cell)), .integer(Int64(t))])
                XCTAssertTrue(try statement.step())
                let mask = try BinaryImage(runLength: statement.blob(0), width: reader.width, height: reader.height)
                let image = GaussianSmoothing.smooth(try reader.readPage(t).eightBitScaled(), sigma: parameters.smoothSigma)
                let masked = Image(width: image.width, height: image.height,
                                   pixels: zip(image.pixels, mask.pixels).map { $1 ? $0 : 0 })
                let peaks = PeakFinder.peaks(in: masked, minDistance: parameters.minDistance,
                                             thresholdAbs: Float(parameters.thresholdAbs)).count
                ratios.append(Double(live) / Double(max(peaks, 1)))
            }
            let median = ratios.sorted()[ratios.count / 2]
            print("\(spec.condition): live / peak count per sampled frame \(ratios.map { String(format: "%.2f", $0) }), median \(String(format: "%.2f", median))")
            XCTAssertTrue((0.7...1.3).contains(median), "\(spec.condition): \(ratios)")
        }
    }
}

/// The real LLO movie (one cell of it, `Fixtures/README.md`): the mitochondria
/// fragment, dim and crowd as the cell shrinks. Under fixed K components
/// starve; adaptive components die instead.
final class RealCellComponentTests: TemporaryDirectoryTestCase {
    func fixture(_ name: String) throws -> String {
        try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: "tif", subdirectory: "Fixtures")).path
    }

    func ingest(_ parameters: IngestParameters) throws -> SQLiteConnection {
        let database = path("llo-\(parameters.sha256.prefix(8)).sqlite")
        let spec = VideoSpec(path: try fixture("hela-llo-cell1"), condition: "llo",
                             maskPath: try fixture("hela-llo-cell1-mask"))
        let result = try BatchIngest(store: try ExperimentStore(path: database), parameters: parameters)
            .run([spec], commandLine: "plexus ingest (test)")
        XCTAssertEqual(result.failed.map { $0.message ?? "" }, [])
        return try SQLiteConnection.reading(database)
    }

    /// Rows of node_metric, edge and spectrum from frames holding a component
    /// with less than `mass` units of intensity.
    func rowsFromStarvedComponents(_ db: SQLiteConnection, below mass: Double) throws -> [Int] {
        let starved = """
            SELECT c.cell_id, c.t, c.k FROM component AS c JOIN frame AS f USING (cell_id, t)
            WHERE c.weight * f.intensity_total < \(mass)
            """
        return [
            try db.int("SELECT count(*) FROM node_metric AS n JOIN (\(starved)) AS s USING (cell_id, t, k)"),
            try db.int("SELECT count(*) FROM edge AS e JOIN (\(starved)) AS s ON s.cell_id = e.cell_id AND s.t = e.t AND s.k IN (e.src, e.dst)"),
            try db.int("SELECT count(*) FROM spectrum AS x JOIN (SELECT DISTINCT cell_id, t FROM (\(starved))) AS s USING (cell_id, t)"),
        ]
    }

    func testNoStoredRowComesFromAStarvedComponent() throws {
        for threshold in [6.0, 12.0] {
            let adaptive = try ingest(IngestParameters(thresholdAbs: threshold))
            XCTAssertEqual(try adaptive.inconsistencies(), [])
            XCTAssertEqual(try rowsFromStarvedComponents(adaptive, below: 1), [0, 0, 0], "threshold \(threshold)")
            XCTAssertEqual(try rowsFromStarvedComponents(adaptive, below: IngestParameters(thresholdAbs: threshold).deathMass),
                           [0, 0, 0])
            XCTAssertGreaterThan(try adaptive.int("SELECT count(*) FROM component_event WHERE kind = 'death'"), 0)
            // The count follows the dimming, fragmenting cell down.
            let counts = try adaptive.ints("SELECT component_count FROM frame ORDER BY t")
            XCTAssertLessThan(counts.last!, counts.first! / 2, "\(counts)")
            // The published fixed K keeps nodes that hold (almost) nothing.
            let fixed = try ingest(IngestParameters(thresholdAbs: threshold, components: .fixed))
            XCTAssertGreaterThan(try rowsFromStarvedComponents(fixed, below: 1)[0], 0, "threshold \(threshold)")
        }
    }
}

/// Cells that go dark, and births that run past the limit.
final class ComponentDynamicsBadInputTests: TemporaryDirectoryTestCase {
    func ingest(_ specs: [VideoSpec], parameters: IngestParameters = IngestParameters()) throws -> (BatchSummary, SQLiteConnection) {
        let database = path("dynamics.sqlite")
        let summary = try BatchIngest(store: try ExperimentStore(path: database), parameters: parameters)
            .run(specs, commandLine: "plexus ingest (test)")
        return (summary, try SQLiteConnection.reading(database))
    }

    /// Frames 2 and 3 hold a single faint pixel: every component dies, the
    /// frames say so, and when the spots return they are born with new ids.
    func testADarkCellRecoversByBirths() throws {
        var faint = [UInt16](repeating: 0, count: 64 * 64)
        faint[32 * 64 + 32] = 1
        let video = try SyntheticVideo.write(to: path("dark.tif"), frames: 6, override: [2: faint, 3: faint])
        let (summary, db) = try ingest([VideoSpec(path: video, condition: "c")])
        XCTAssertEqual(summary.failed.map { $0.message ?? "" }, [])
        XCTAssertEqual(try db.inconsistencies(), [])
        XCTAssertEqual(try db.texts("SELECT status FROM frame ORDER BY t"),
                       ["fitted", "fitted", "no_peaks", "no_peaks", "fitted", "fitted"])
        let counts = try db.ints("SELECT component_count FROM frame ORDER BY t")
        XCTAssertEqual(counts[2], 0)
        XCTAssertEqual(counts[3], 0)
        XCTAssertGreaterThan(counts[4], 0)
        // Every component of frame 1 dies at frame 2; none is left to die at frame 3.
        XCTAssertEqual(try db.ints("SELECT k FROM component_event WHERE t = 2 AND kind = 'death' ORDER BY k"),
                       try db.ints("SELECT k FROM component WHERE t = 1 ORDER BY k"))
        XCTAssertEqual(try db.int("SELECT count(*) FROM component_event WHERE t = 3"), 0)
        // The returning spots are births, with ids never used before.
        let born = try db.ints("SELECT k FROM component_event WHERE t = 4 AND kind = 'birth' ORDER BY k")
        XCTAssertEqual(born, try db.ints("SELECT k FROM component WHERE t = 4 ORDER BY k"))
        XCTAssertGreaterThan(born.min() ?? -1, try db.int("SELECT max(k) FROM component WHERE t < 2"))
        XCTAssertEqual(try db.int("SELECT birth_count FROM frame WHERE t = 4"), born.count)
        XCTAssertEqual(try db.int("SELECT death_count FROM frame WHERE t = 2"), counts[1])
    }

    /// Spots that appear after frame 0 are born one by one; past
    /// --max-components the video fails with the page and the cell named,
    /// nothing of it is stored, and the other video of the batch goes in.
    func testBirthsBeyondTheLimitFailTheVideoOnly() throws {
        let first = [Spot(row: 20, col: 20)]
        let later = SyntheticVideo.spots + [Spot(row: 44, col: 20, sigma: 2.5, amplitude: 180)]
        var override: [Int: [UInt16]] = [0: SyntheticVideo.frame(spots: first, index: 0, noiseSeed: nil)]
        for t in 1..<8 { override[t] = SyntheticVideo.frame(spots: later, index: t, noiseSeed: nil) }
        let crowded = try SyntheticVideo.write(to: path("crowded.tif"), frames: 8, override: override)
        let good = try SyntheticVideo.write(to: path("good.tif"), frames: 3, spots: first)
        let parameters = IngestParameters(maxComponents: 2)
        let (summary, db) = try ingest([VideoSpec(path: crowded, condition: "c"), VideoSpec(path: good, condition: "c")],
                                       parameters: parameters)
        XCTAssertEqual(summary.failed.count, 1)
        let message = try XCTUnwrap(summary.failed.first?.message)
        XCTAssertTrue(message.contains("crowded.tif") && message.contains("page ") && message.contains("cell 1")
                      && message.contains("after births") && message.contains("--max-components 2"), message)
        XCTAssertEqual(try db.texts("SELECT path FROM video"), [good])
        XCTAssertEqual(try db.int("SELECT count(*) FROM frame"), 3)
    }
}
