import Foundation

/// The masks stored for one cell (table `cell_mask`), read from an experiment
/// database opened read-only: what `plexus masks` writes out for checking.
package struct StoredCellMasks: Sendable {
    package struct Mask: Sendable {
        package let t: Int
        /// `BinaryImage.runLengthEncoded()` bytes.
        package let runLength: [UInt8]
    }

    package let cellID: Int64
    package let label: Int64
    package let videoPath: String
    package let width: Int
    package let height: Int
    /// The frame at which the mask became empty, if it did.
    package let lostAt: Int?
    /// In frame order.
    package let masks: [Mask]

    package static func load(database path: String, cellID: Int64) throws -> StoredCellMasks {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError("\(path): no such database (create it with plexus ingest)")
        }
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        let version = try connection.scalarInt("PRAGMA user_version") ?? 0
        guard version >= 3 else {
            throw StoreError("\(path): the database has schema version \(version), from a plexus without cell masks; ingest again with this plexus to store them")
        }
        let cell = try connection.prepare("""
            SELECT c.label, c.lost_t, v.path, v.width, v.height FROM cell AS c JOIN video AS v ON v.id = c.video_id
            WHERE c.id = ?1
            """)
        try cell.bind([.integer(cellID)])
        guard try cell.step() else {
            let count = try connection.scalarInt("SELECT count(*) FROM cell") ?? 0
            throw StoreError("\(path): there is no cell \(cellID) (the database has \(count) cells; list them with plexus sql \"SELECT id, video_id, label FROM cell\")")
        }
        let label = cell.int(0)
        let lostAt = cell.isNull(1) ? nil : Int(cell.int(1))
        let videoPath = cell.text(2)
        let width = Int(cell.int(3)), height = Int(cell.int(4))
        let rows = try connection.prepare("SELECT t, rle FROM cell_mask WHERE cell_id = ?1 ORDER BY t")
        try rows.bind([.integer(cellID)])
        var masks: [Mask] = []
        while try rows.step() { masks.append(Mask(t: Int(rows.int(0)), runLength: rows.blob(1))) }
        guard !masks.isEmpty else {
            throw StoreError("\(path): cell \(cellID) (label \(label) of \(videoPath)) has no stored masks: its video was analysed as one whole-frame cell (ingested without --mask or --auto-cells)")
        }
        return StoredCellMasks(cellID: cellID, label: label, videoPath: videoPath, width: width, height: height,
                               lostAt: lostAt, masks: masks)
    }
}
