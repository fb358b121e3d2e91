import Foundation
import PlexusImaging
import PlexusIngest
import PlexusNumerics
import PlexusStore
import PlexusTestSupport
import XCTest

extension TemporaryDirectoryTestCase {
    /// Runs the built `plexus` in the test's folder, without standard input;
    /// skips the test when the executable was not built.
    func runPlexus(_ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        try Self.runPlexus(arguments, in: directory, environment: environment)
    }

    /// Runs the built `plexus` in `directory` (its output captured in files there),
    /// with `environment` instead of the tests' own when given.
    static func runPlexus(_ arguments: [String], in directory: URL,
                          environment: [String: String]? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        guard let executable = CommandLineTests.executable else {
            throw XCTSkip("the plexus executable was not found beside the tests or in .build/debug: build it first")
        }
        let out = directory.appendingPathComponent("stdout").path, err = directory.appendingPathComponent("stderr").path
        for file in [out, err] { _ = FileManager.default.createFile(atPath: file, contents: nil) }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }

    /// Runs `executable` in `folder` with exactly `environment`, without standard
    /// input; its standard output and error together, as one log.
    func runLogged(_ executable: String, _ arguments: [String], in folder: String,
                   environment: [String: String]) throws -> (status: Int32, output: String) {
        let log = path("run.log")
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    /// Files in the test's directory whose name contains ".staging-".
    func stagingFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".staging-") }
    }
}

/// Plexus's tables, each as sorted rows with ids replaced by what they stand
/// for (a video by its path, a cell by its video's path and its label, a run
/// by its parameters), so that two databases with different ids compare equal.
func databaseContent(_ database: String) throws -> [String: [String]] {
    let connection = try SQLiteConnection.reading(database)
    var result: [String: [String]] = [:]
    let tables = try connection.texts("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    for table in tables {
        let columns = try connection.texts("SELECT name FROM pragma_table_info('\(table)') ORDER BY cid")
        let sql: String
        switch table {
        case "ingest_run":
            sql = "SELECT parameters_json, status, tool_version FROM ingest_run"
        case "video":
            let kept = columns.filter { $0 != "id" && $0 != "ingest_run_id" }
            sql = "SELECT \(kept.joined(separator: ", ")) FROM video"
        case "cell":
            let kept = columns.filter { $0 != "id" && $0 != "video_id" }
            sql = "SELECT v.path, \(kept.map { "c.\($0)" }.joined(separator: ", ")) FROM cell c JOIN video v ON v.id = c.video_id"
        default:
            XCTAssertTrue(columns.contains("cell_id"), "table \(table) is neither a run, a video, a cell nor per cell")
            let kept = columns.filter { $0 != "cell_id" }
            sql = """
                SELECT v.path, c.label, \(kept.map { "s.\($0)" }.joined(separator: ", "))
                FROM \(table) s JOIN cell c ON c.id = s.cell_id JOIN video v ON v.id = c.video_id
                """
        }
        result[table] = try connection.rows(sql).map { "\($0)" }.sorted()
    }
    return result
}

// MARK: - Synthetic videos

/// A round Gaussian spot: `amplitude` at its centre on the 8-bit scale.
struct Spot {
    var row: Double, col: Double
    var sigma: Double = 2.5
    var amplitude: Double = 200
}

/// Makes multi-page TIFF videos of spots drifting slowly, so that peaks exist
/// with the default parameters (min_distance 10, threshold_abs 6, smoothing 1).
enum SyntheticVideo {
    /// Three spots at least 20 px apart and 12 px from the border of a 64×64 frame.
    static let spots = [Spot(row: 20, col: 20), Spot(row: 42, col: 44, sigma: 3, amplitude: 160),
                        Spot(row: 22, col: 46, sigma: 2, amplitude: 120)]

    /// The samples of one frame: spots moved by `drift` px per frame along both axes.
    static func frame(width: Int = 64, height: Int = 64, spots: [Spot] = spots, index: Int,
                      drift: Double = 0.3, bitDepth: Int = 8, noiseSeed: UInt64? = nil) -> [UInt16] {
        var generator = SeededRandom(seed: noiseSeed ?? 0)
        let scale = bitDepth == 16 ? 257.0 : 1.0
        var samples = [UInt16](repeating: 0, count: width * height)
        for r in 0..<height {
            for c in 0..<width {
                var value = 0.0
                for spot in spots {
                    let dr = Double(r) - (spot.row + drift * Double(index))
                    let dc = Double(c) - (spot.col + drift * 0.5 * Double(index))
                    value += spot.amplitude * exp(-(dr * dr + dc * dc) / (2 * spot.sigma * spot.sigma))
                }
                // Sparse shot noise: one pixel in 16 gets one more count.
                if noiseSeed != nil && generator.next() % 16 == 0 { value += 1 }
                samples[r * width + c] = UInt16(min(value * scale, scale * 255).rounded())
            }
        }
        return samples
    }

    /// Writes a video; `override` replaces the samples of chosen frames.
    @discardableResult
    static func write(to path: String, frames: Int, width: Int = 64, height: Int = 64, spots: [Spot] = spots,
                      bitDepth: Int = 8, seed: UInt64 = 1, compression: TIFFWriter.Compression = .none,
                      override: [Int: [UInt16]] = [:]) throws -> String {
        let writer = try TIFFWriter(path: path)
        for i in 0..<frames {
            let samples = override[i] ?? frame(width: width, height: height, spots: spots, index: i,
                                               bitDepth: bitDepth, noiseSeed: seed &+ UInt64(i))
            try writer.writePage(width: width, height: height, bitDepth: bitDepth, samples: samples,
                                 compression: compression)
        }
        writer.close()
        return path
    }
}

extension MinimalTIFF {
    /// A 64×64 float32 page of spots.
    static func floatVideo() -> MinimalTIFF {
        let samples = SyntheticVideo.frame(index: 0)
        let data = samples.flatMap { withUnsafeBytes(of: Float($0).bitPattern.littleEndian, Array.init) }
        return MinimalTIFF(width: 64, height: 64, bitsPerSample: 32, sampleFormat: 3, data: data)
    }
}

// MARK: - Reading the database

extension SQLiteConnection {
    static func reading(_ path: String) throws -> SQLiteConnection {
        try SQLiteConnection(path: path, mode: .readOnly)
    }

    func int(_ sql: String, _ values: [SQLValue] = []) throws -> Int {
        Int(try scalarInt(sql, values) ?? -1)
    }

    func ints(_ sql: String, _ values: [SQLValue] = []) throws -> [Int] {
        try rows(sql, values).map { row in
            if case let .integer(v) = row[0] { return Int(v) }
            return -1
        }
    }

    func texts(_ sql: String, _ values: [SQLValue] = []) throws -> [String] {
        try rows(sql, values).map { row in
            if case let .text(v) = row[0] { return v }
            return "<\(row[0])>"
        }
    }

    /// Row counts and largest ids: equal snapshots mean nothing was added or removed.
    func snapshot() throws -> [String: Int] {
        [
            "videos": try int("SELECT count(*) FROM video"),
            "max video id": try int("SELECT coalesce(max(id), 0) FROM video"),
            "cells": try int("SELECT count(*) FROM cell"),
            "max cell id": try int("SELECT coalesce(max(id), 0) FROM cell"),
            "frames": try int("SELECT count(*) FROM frame"),
            "components": try int("SELECT count(*) FROM component"),
        ]
    }

    /// Problems with the stored videos: any video not stored whole. Empty when consistent.
    func inconsistencies() throws -> [String] {
        var problems: [String] = []
        let integrity = try rows("PRAGMA integrity_check").map { "\($0[0])" }
        if integrity != ["text(\"ok\")"] { problems.append("integrity_check: \(integrity)") }
        let foreignKeys = try rows("PRAGMA foreign_key_check")
        if !foreignKeys.isEmpty { problems.append("foreign_key_check: \(foreignKeys)") }
        for row in try rows("""
            SELECT v.id, v.processed_frame_count, c.id, (SELECT count(*) FROM frame f WHERE f.cell_id = c.id), c.lost_t,
                   (SELECT max(t) FROM frame f WHERE f.cell_id = c.id),
                   (SELECT status || ' ' || mask_area_px FROM frame f WHERE f.cell_id = c.id AND f.t = c.lost_t)
            FROM video v LEFT JOIN cell c ON c.video_id = v.id
            """) {
            if row[2] == .null { problems.append("video \(row[0]) has no cell"); continue }
            if row[4] == .null {
                if row[1] != row[3] { problems.append("video \(row[0]) cell \(row[2]): \(row[3]) frames, expected \(row[1])") }
            } else if row[5] != row[4] || row[6] != .text("empty 0") {
                // A lost cell ends with an empty frame row at lost_t.
                problems.append("video \(row[0]) cell \(row[2]): lost at t \(row[4]) but its last frame is t \(row[5]) (\(row[6]))")
            }
        }
        for row in try rows("""
            SELECT m.cell_id, m.t, f.mask_area_px FROM cell_mask m LEFT JOIN frame f ON f.cell_id = m.cell_id AND f.t = m.t
            """) where row[2] == .null {
            problems.append("cell \(row[0]) t \(row[1]): a mask without a frame row")
        }
        for row in try rows("""
            SELECT f.cell_id, f.t, f.component_count, (SELECT count(*) FROM component k WHERE k.cell_id = f.cell_id AND k.t = f.t)
            FROM frame f
            """) where row[2] != row[3] {
            problems.append("cell \(row[0]) t \(row[1]): component_count \(row[2]) but \(row[3]) component rows")
        }
        for row in try rows("""
            SELECT f.cell_id, f.t, f.edge_count, (SELECT count(*) FROM edge e WHERE e.cell_id = f.cell_id AND e.t = f.t),
                   f.component_count, (SELECT count(*) FROM node_metric n WHERE n.cell_id = f.cell_id AND n.t = f.t),
                   (SELECT count(*) FROM spectrum s WHERE s.cell_id = f.cell_id AND s.t = f.t)
            FROM frame f WHERE f.status = 'fitted'
            """) where row[2] != row[3] || row[4] != row[5] || row[6] != .integer(2 * (Int64("\(row[4])".dropFirst(8).dropLast()) ?? -1)) {
            problems.append("cell \(row[0]) t \(row[1]): edges \(row[2]) vs \(row[3]) rows, nodes \(row[4]) vs \(row[5]) metric rows, \(row[6]) eigenvalues")
        }
        // Every analysed frame (not a lost cell's last) has its morphology row.
        let withoutMorphology = try int("""
            SELECT count(*) FROM frame f JOIN cell c ON c.id = f.cell_id
            JOIN video v ON v.id = c.video_id JOIN ingest_run r ON r.id = v.ingest_run_id
            WHERE (c.lost_t IS NULL OR f.t <> c.lost_t) AND r.parameters_json NOT LIKE '%"morphology":false%'
              AND NOT EXISTS (SELECT 1 FROM morphology m WHERE m.cell_id = f.cell_id AND m.t = f.t)
            """)
        if withoutMorphology != 0 { problems.append("\(withoutMorphology) frames without a morphology row") }
        let orphans = try int("SELECT count(*) FROM cell WHERE video_id NOT IN (SELECT id FROM video)")
            + int("SELECT count(*) FROM frame WHERE cell_id NOT IN (SELECT id FROM cell)")
            + int("SELECT count(*) FROM component WHERE cell_id NOT IN (SELECT id FROM cell)")
        if orphans != 0 { problems.append("\(orphans) orphan rows") }
        return problems
    }
}

extension BatchSummary {
    var failedPaths: [String] { failed.map(\.spec.path) }
    var ingestedPaths: [String] { ingested.map(\.spec.path) }
    var skippedPaths: [String] { skipped.map(\.spec.path) }
}
