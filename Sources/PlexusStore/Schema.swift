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

    /// The tables the migrations create (including a rebuild's temporary names).
    static let tableNames: Set<String> = {
        let create = /CREATE TABLE (?:IF NOT EXISTS )?"?(\w+)/
        return Set(migrations.flatMap { $0.sql.matches(of: create).map { String($0.output.1) } })
    }()

    /// The statements that create Plexus's tables as `connection`'s database,
    /// at the current version, holds them: each in its final form, whatever
    /// migrations made it. A staging file needs the tables alone (rows are
    /// copied from it into the experiment); anything a user added is left out.
    package static func definitions(in connection: SQLiteConnection) throws -> [String] {
        let statement = try connection.prepare("""
            SELECT tbl_name, sql FROM sqlite_schema
            WHERE type = 'table' AND sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            ORDER BY rowid
            """)
        var result: [String] = []
        while try statement.step() {
            guard tableNames.contains(statement.text(0)) else { continue }
            result.append(statement.text(1))
        }
        return result
    }

    /// Creates a new, empty database at the current version from `definitions`
    /// (what `definitions(in:)` read from a migrated one), in one transaction:
    /// a fraction of the cost of running every migration.
    package static func create(_ connection: SQLiteConnection, from definitions: [String]) throws {
        try connection.transaction {
            guard try connection.scalarInt("PRAGMA user_version") ?? 0 == 0,
                  try connection.scalarInt("SELECT count(*) FROM sqlite_schema") ?? 0 == 0 else {
                throw StoreError("\(connection.path): not an empty database")
            }
            for statement in definitions { try connection.execute(statement) }
            try connection.execute("PRAGMA user_version = \(currentVersion)")
        }
    }

    /// Refuses a database whose schema version is newer than this program's.
    static func refuseNewer(_ version: Int, path: String) throws {
        guard version <= currentVersion else {
            throw StoreError("\(path): the database has schema version \(version), newer than this plexus (\(currentVersion)); use a newer plexus")
        }
    }

    /// Brings `connection` to the current version: the migrations it lacks, all
    /// in one transaction together with the version bump.
    package static func migrate(_ connection: SQLiteConnection) throws {
        let version = Int(try connection.scalarInt("PRAGMA user_version") ?? 0)
        try refuseNewer(version, path: connection.path)
        guard version < currentVersion else { return }
        // Foreign keys are off while tables are rebuilt (SQLite's procedure for changing a
        // table's definition; the pragma cannot change inside a transaction), and they
        // are checked before the migrations commit.
        let enforced = (try connection.scalarInt("PRAGMA foreign_keys") ?? 0) == 1
        if enforced { try connection.execute("PRAGMA foreign_keys = OFF") }
        defer { if enforced { try? connection.execute("PRAGMA foreign_keys = ON") } }
        // Every pending migration in one transaction: the database moves to the
        // current version whole or not at all, and a new one (a fresh experiment,
        // each video's staging file) costs one commit, not one per migration.
        try connection.transaction {
            // Another connection (a second ingest started at the same time) may have
            // migrated it since the version was read; the write lock is held now.
            let now = Int(try connection.scalarInt("PRAGMA user_version") ?? 0)
            let pending = migrations.filter { $0.version > now }
            guard let last = pending.last else { return }
            for migration in pending { try connection.execute(migration.sql) }
            if let broken = try connection.scalarInt("SELECT count(*) FROM pragma_foreign_key_check"), broken > 0 {
                let range = pending.count == 1 ? "migration \(last.version)" : "migrations \(pending[0].version)–\(last.version)"
                throw StoreError("\(connection.path): \(range) would leave \(broken) rows whose foreign keys point nowhere; the database is unchanged")
            }
            try connection.execute("PRAGMA user_version = \(last.version)")
        }
    }
}
