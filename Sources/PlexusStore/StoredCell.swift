import Foundation
import PlexusImaging
import PlexusNumerics

/// One cell of an experiment database, read frame by frame for drawing: its
/// video as ingest read it, its processed frames, and per frame the stored
/// components, edges, events and mask (`overlay(at:)`). Opened read-only; one
/// frame's rows are read at a time, so memory does not grow with the video.
package final class StoredCell {
    /// The source video as stored in the `video` row.
    package struct Video: Sendable {
        package let id: Int64
        package let path: String
        package let sha256: String
        package let condition: String
        package let width: Int
        package let height: Int
        package let frameCount: Int
        /// The channel read (a C index of a hyperstack, or a sample of RGB pages).
        package let channel: Int
        package let zProjection: ZProjection?
        package let significantBits: Int?
        package let pixelSizeMicrometres: Double?
        package let frameIntervalSeconds: Double?
        package let treatmentFrame: Int?

        /// How to open the file so that its frames are the ones ingest analysed.
        package var readerOptions: MicroscopyVideo.Options {
            MicroscopyVideo.Options(channel: .index(channel), zProjection: zProjection, significantBits: significantBits,
                                    significantBitsSource: "database")
        }
    }

    package struct Frame: Sendable {
        package let t: Int
        package let status: String
        package let componentCount: Int
    }

    package let cellID: Int64
    package let label: Int64
    package let video: Video
    /// The processed frames, in order.
    package let frames: [Frame]
    /// The frame at which the cell was lost (its mask became empty), if it was.
    package let lostAt: Int?
    /// Whether masks are stored (a whole-frame cell has none).
    package let hasMasks: Bool

    private let connection: SQLiteConnection
    private let components: Statement
    private let edges: Statement
    private let events: Statement?
    private let lastMean: Statement
    private let mask: Statement?

    package init(database path: String, cellID: Int64) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError("\(path): no such database (create it with plexus ingest)")
        }
        connection = try SQLiteConnection(path: path, mode: .readOnly)
        let version = try connection.scalarInt("PRAGMA user_version") ?? 0
        guard version >= 2 else {
            throw StoreError("\(path): not a Plexus experiment database with networks (schema version \(version))")
        }
        let cell = try connection.prepare("""
            SELECT c.label, c.lost_t, v.id, v.path, v.sha256, v.condition, v.width, v.height, v.frame_count, v.channel,
                   \(version >= 6 ? "v.stack_json, v.significant_bits" : "'{}', NULL"),
                   v.pixel_size_um, v.frame_interval_s, v.treatment_frame
            FROM cell AS c JOIN video AS v ON v.id = c.video_id WHERE c.id = ?1
            """.replacingOccurrences(of: "c.lost_t", with: version >= 3 ? "c.lost_t" : "NULL"))
        try cell.bind([.integer(cellID)])
        guard try cell.step() else {
            let ids = try connection.prepare("SELECT id FROM cell ORDER BY id")
            var list: [Int64] = []
            while try ids.step() { list.append(ids.int(0)) }
            let shown = list.prefix(50).map(String.init).joined(separator: ", ") + (list.count > 50 ? ", …" : "")
            throw StoreError("\(path): there is no cell \(cellID); the database's cells are \(list.isEmpty ? "none" : shown) (plexus sql \"SELECT id, video_id, label FROM cell\" lists them with their videos)")
        }
        self.cellID = cellID
        label = cell.int(0)
        lostAt = cell.isNull(1) ? nil : Int(cell.int(1))
        let stack = (try? JSONSerialization.jsonObject(with: Data(cell.text(10).utf8))) as? [String: Any] ?? [:]
        video = Video(id: cell.int(2), path: cell.text(3), sha256: cell.text(4), condition: cell.text(5),
                      width: Int(cell.int(6)), height: Int(cell.int(7)), frameCount: Int(cell.int(8)),
                      channel: Int(cell.int(9)),
                      zProjection: (stack["z_projection"] as? String).flatMap(ZProjection.init(rawValue:)),
                      significantBits: cell.isNull(11) ? nil : Int(cell.int(11)),
                      pixelSizeMicrometres: cell.isNull(12) ? nil : cell.double(12),
                      frameIntervalSeconds: cell.isNull(13) ? nil : cell.double(13),
                      treatmentFrame: cell.isNull(14) ? nil : Int(cell.int(14)))

        let frameRows = try connection.prepare("SELECT t, status, component_count FROM frame WHERE cell_id = ?1 ORDER BY t")
        try frameRows.bind([.integer(cellID)])
        var frames: [Frame] = []
        while try frameRows.step() {
            frames.append(Frame(t: Int(frameRows.int(0)), status: frameRows.text(1), componentCount: Int(frameRows.int(2))))
        }
        self.frames = frames

        components = try connection.prepare("""
            SELECT k, weight, mean_row, mean_col, cov_rr, cov_rc, cov_cc, collapsed FROM component
            WHERE cell_id = ?1 AND t = ?2 ORDER BY k
            """)
        edges = try connection.prepare("SELECT src, dst, weight FROM edge WHERE cell_id = ?1 AND t = ?2")
        events = version >= 5
            ? try connection.prepare("SELECT k, kind, other_k FROM component_event WHERE cell_id = ?1 AND t = ?2 ORDER BY k, kind")
            : nil
        lastMean = try connection.prepare("""
            SELECT mean_row, mean_col FROM component WHERE cell_id = ?1 AND k = ?2 AND t < ?3 ORDER BY t DESC LIMIT 1
            """)
        if version >= 3 {
            mask = try connection.prepare("SELECT rle FROM cell_mask WHERE cell_id = ?1 AND t = ?2")
            hasMasks = (try connection.scalarInt("SELECT EXISTS (SELECT 1 FROM cell_mask WHERE cell_id = ?1)", [.integer(cellID)]) ?? 0) == 1
        } else {
            mask = nil
            hasMasks = false
        }
    }

    /// The stored mask of frame `t` (nil for a whole-frame cell or a frame without one).
    package func mask(at t: Int) throws -> BinaryImage? {
        guard hasMasks, let mask else { return nil }
        mask.reset()
        try mask.bind([.integer(cellID), .integer(Int64(t))])
        guard try mask.step() else { return nil }
        do {
            return try BinaryImage(runLength: mask.blob(0), width: video.width, height: video.height)
        } catch {
            throw StoreError("cell \(cellID), frame \(t): the stored mask cannot be decoded: \(error)")
        }
    }

    /// What frame `t` holds: components, edges, events and mask.
    package func overlay(at t: Int) throws -> FrameOverlay {
        let frame = [SQLValue.integer(cellID), .integer(Int64(t))]
        components.reset()
        try components.bind(frame)
        var list: [FrameOverlay.Component] = []
        while try components.step() {
            let s = components
            list.append(.init(k: Int(s.int(0)), weight: s.double(1), meanRow: s.double(2), meanCol: s.double(3),
                              covRR: s.double(4), covRC: s.double(5), covCC: s.double(6), collapsed: s.int(7) != 0))
        }
        edges.reset()
        try edges.bind(frame)
        var directed: [(src: Int, dst: Int, weight: Double)] = []
        while try edges.step() { directed.append((Int(edges.int(0)), Int(edges.int(1)), edges.double(2))) }
        var happened: [FrameOverlay.Event] = []
        if let events {
            events.reset()
            try events.bind(frame)
            while try events.step() {
                guard let kind = FrameOverlay.Event.Kind(rawValue: events.text(1)) else { continue }
                let k = Int(events.int(0))
                let other = events.isNull(2) ? nil : Int(events.int(2))
                var position = list.first { $0.k == k }.map { ($0.meanRow, $0.meanCol) }
                if position == nil {
                    lastMean.reset()
                    try lastMean.bind([.integer(cellID), .integer(Int64(k)), .integer(Int64(t))])
                    if try lastMean.step() { position = (lastMean.double(0), lastMean.double(1)) }
                }
                guard let (row, col) = position else { continue }
                happened.append(.init(k: k, kind: kind, otherK: other, row: row, col: col))
            }
        }
        return FrameOverlay(t: t, components: list, directed: directed, events: happened, mask: try mask(at: t))
    }
}
