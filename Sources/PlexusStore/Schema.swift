/// Applies `schema.sql` as versioned migrations.
package enum Schema {
    package struct Migration: Sendable {
        package let version: Int
        package let sql: String
    }

    /// The "-- migration N" sections of schema.sql, in order (parsed once).
    package static let migrations: [Migration] = {
        var result: [Migration] = []
        var version: Int?
        var lines: [Substring] = []
        func flush() {
            if let version { result.append(Migration(version: version, sql: lines.joined(separator: "\n"))) }
            lines.removeAll()
        }
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-- migration "),
               let number = Int(line.dropFirst("-- migration ".count).prefix { $0.isNumber }) {
                flush()
                version = number
            } else if version != nil {
                lines.append(line)
            }
        }
        flush()
        return result
    }()

    package static var currentVersion: Int { migrations.last?.version ?? 0 }

    /// Refuses a database whose schema version is newer than this program's.
    static func refuseNewer(_ version: Int, path: String) throws {
        guard version <= currentVersion else {
            throw StoreError("\(path): the database has schema version \(version), newer than this plexus (\(currentVersion)); use a newer plexus")
        }
    }

    /// Brings `connection` to the current version. Each migration runs in its
    /// own transaction together with the version bump.
    package static func migrate(_ connection: SQLiteConnection) throws {
        let version = Int(try connection.scalarInt("PRAGMA user_version") ?? 0)
        try refuseNewer(version, path: connection.path)
        guard version < currentVersion else { return }
        // Foreign keys are off while tables are rebuilt (SQLite's procedure for changing a
        // table's definition; the pragma cannot change inside a transaction), and each
        // migration checks them before it commits.
        let enforced = (try connection.scalarInt("PRAGMA foreign_keys") ?? 0) == 1
        if enforced { try connection.execute("PRAGMA foreign_keys = OFF") }
        defer { if enforced { try? connection.execute("PRAGMA foreign_keys = ON") } }
        for migration in migrations where migration.version > version {
            try connection.transaction {
                // Another connection (a second ingest started at the same time) may have
                // applied it since the version was read; the write lock is held now.
                guard try connection.scalarInt("PRAGMA user_version") ?? 0 < migration.version else { return }
                try connection.execute(migration.sql)
                if let broken = try connection.scalarInt("SELECT count(*) FROM pragma_foreign_key_check"), broken > 0 {
                    throw StoreError("\(connection.path): migration \(migration.version) would leave \(broken) rows whose foreign keys point nowhere; the database is unchanged")
                }
                try connection.execute("PRAGMA user_version = \(migration.version)")
            }
        }
    }
}
