import Foundation
import PlexusMixture
import PlexusTestSupport
import XCTest
@testable import PlexusStore

extension SQLiteConnection {
    /// The first column of the first row.
    func scalar(_ sql: String, _ values: [SQLValue] = []) throws -> SQLValue? {
        try rows(sql, values).first?.first
    }

    func count(_ table: String, where condition: String = "1") throws -> Int {
        Int(try scalarInt("SELECT count(*) FROM \(table) WHERE \(condition)") ?? -1)
    }
}

/// Builders for staged videos with known rows.
enum Fixture {
    static func video(sha256: String = String(repeating: "ab", count: 32), parameters: String = "p1",
                      path: String = "/data/cell-1.tif", condition: String = "control") -> VideoRecord {
        VideoRecord(path: path, sha256: sha256, parametersSHA256: parameters, condition: condition,
                    replicate: "r2", frameCount: 12, processedFrameCount: 3, height: 48, width: 64,
                    bitDepth: 16, channel: 0, pixelSizeMicrometres: 0.108, frameIntervalSeconds: 2.5,
                    treatmentFrame: 4, metadataJSON: #"{"operator":"ann"}"#)
    }

    /// Components with awkward values, so that a lossy copy shows.
    static func components(_ count: Int, seed: Double) -> [GaussianComponent] {
        (0..<count).map { k in
            let x = seed + Double(k)
            return GaussianComponent(weight: 1.0 / (3.0 + x), meanRow: 10.0 / 7.0 + x, meanCol: .pi * x + 1e-9,
                                     covRR: 2.0 + 1.0 / 3.0 * x, covRC: -0.1 / (x + 1.5), covCC: 1e-300 + x)
        }
    }

    static let flags: [ComponentFlags] = [[], .collapsed, .regularized, [.collapsed, .regularized]]

    static func fittedFrame(t: Int, components: Int) -> FrameRecord {
        FrameRecord(t: t, timeSeconds: Double(t) * 2.5, status: .fitted, maskAreaPixels: 3072,
                    intensityTotal: 12345.678 + Double(t), initializedFrom: t == 0 ? .peaks : .previousFrame,
                    peakCount: t == 0 ? components : nil, logLikelihood: -7.123456789 - Double(t) / 1000,
                    iterations: 5 + t, converged: t % 2 == 0, bic: 1.75e5 + Double(t), componentCount: components)
    }

    static func emptyFrame(t: Int) -> FrameRecord {
        FrameRecord(t: t, timeSeconds: nil, status: .empty, maskAreaPixels: 3072, intensityTotal: 0,
                    initializedFrom: nil, peakCount: nil, logLikelihood: nil, iterations: nil, converged: nil,
                    bic: nil, componentCount: 0)
    }

    /// A staged video with `cells` cells of three frames each (t = 0, 4, 8; t = 4 empty)
    /// and `components` components per fitted frame.
    static func stage(at path: String, video: VideoRecord, cells: [Int] = [1, 2], components: Int = 4) throws
        -> StagedVideo {
        let staged = try StagedVideo(path: path, video: video)
        for label in cells {
            try staged.addCell(label: label)
            for t in [0, 4, 8] {
                if t == 4 {
                    try staged.addFrame(cell: label, emptyFrame(t: t))
                } else {
                    try staged.addFrame(cell: label, fittedFrame(t: t, components: components),
                                        components: self.components(components, seed: Double(label * 100 + t)),
                                        flags: flags)
                }
            }
        }
        return staged
    }
}

/// The script that wrote a fixture.
private struct FixtureOrigin: Decodable { let script: String }

/// Fixtures/statistics.json, written by `Benchmarks/scipy_fixtures.py`, decoded as `T`
/// (each test decodes the part it checks).
func statisticsFixture<T: Decodable>(_ type: T.Type, file: StaticString = #filePath, line: UInt = #line) throws -> T {
    let url = try XCTUnwrap(Bundle.module.url(forResource: "statistics", withExtension: "json", subdirectory: "Fixtures"),
                            "missing Fixtures/statistics.json: run Benchmarks/scipy_fixtures.py", file: file, line: line)
    let data = try Data(contentsOf: url)
    XCTAssertEqual(try JSONDecoder().decode(FixtureOrigin.self, from: data).script, "Benchmarks/scipy_fixtures.py", file: file, line: line)
    return try JSONDecoder().decode(T.self, from: data)
}

extension SQLiteConnection {
    /// The message of the error `sql` raises, or nil when it runs.
    func errorMessage(_ sql: String, _ values: [SQLValue] = []) -> String? {
        do {
            _ = try rows(sql, values)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Asserts that `sql` fails with a message that contains `expected`.
    func assertError(_ sql: String, _ values: [SQLValue] = [], contains expected: String,
                     file: StaticString = #filePath, line: UInt = #line) {
        guard let message = errorMessage(sql, values) else {
            return XCTFail("\(sql): no error, expected “\(expected)”", file: file, line: line)
        }
        XCTAssertTrue(message.contains(expected), "\(sql): “\(message)” does not say “\(expected)”", file: file, line: line)
    }

    /// Rows (name, value, 1) for `group1` and (name, value, 0) for `group0` in
    /// table observation(name, value, grp), interleaved (then reversed on
    /// request), so that nothing depends on the groups arriving in blocks.
    func insertGroups(_ group1: [Double], _ group0: [Double], name: String = "", reversed: Bool = false) throws {
        let statement = try prepare("INSERT INTO observation VALUES (?1, ?2, ?3)")
        var rows = group1.map { ($0, 1) } + group0.map { ($0, 0) }
        rows = rows.enumerated().sorted { ($0.offset * 7919) % rows.count < ($1.offset * 7919) % rows.count }.map(\.element)
        if reversed { rows.reverse() }
        for (value, group) in rows { try statement.run([.text(name), .real(value), .integer(Int64(group))]) }
    }
}
