import CSQLite
import Foundation

/// A thin wrapper over one SQLite connection.
///
/// Plexus talks to the C API directly rather than through a Swift ORM: ingest
/// is a bulk insert of many small rows, done with prepared statements reused
/// inside one transaction, and the query tool needs the raw API anyway
/// (read-only checks, custom functions, loadable extension).
package final class SQLiteConnection {
    package let path: String
    let handle: OpaquePointer
    /// False for a connection borrowed from a host (a loaded extension): never closed here.
    private let owned: Bool

    package enum Mode { case readOnly, readWrite, readWriteCreate }

    /// Wraps a connection that someone else opened and will close (the host of
    /// a loadable extension).
    package init(borrowing handle: OpaquePointer) {
        self.handle = handle
        path = sqlite3_db_filename(handle, "main").map { String(cString: $0) } ?? ""
        owned = false
    }

    package init(path: String, mode: Mode) throws {
        self.path = path
        var flags = SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_URI
        switch mode {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        var db: OpaquePointer?
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            if let db { sqlite3_close_v2(db) }
            throw StoreError("\(path): cannot open the database: \(message)")
        }
        handle = db
        owned = true
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, 30_000)
    }

    deinit { if owned { sqlite3_close_v2(handle) } }

    var errorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    /// Runs one or more statements that return no rows.
    package func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(handle, sql, nil, nil, &error) != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? errorMessage
            sqlite3_free(error)
            throw StoreError("\(path): \(message)")
        }
    }

    /// `INSERT INTO table (columns) VALUES (:column, …)`: one named parameter per
    /// column, so that values are bound by column name (`Statement.run(named:)`,
    /// `Statement.parameter`), and `fixed` columns with literal SQL values.
    package func prepareInsert(into table: String, columns: [String], fixed: KeyValuePairs<String, String> = [:]) throws -> Statement {
        let names = fixed.map(\.key) + columns
        let values = fixed.map(\.value) + columns.map { ":" + $0 }
        return try prepare("INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(values.joined(separator: ", ")))")
    }

    package func prepare(_ sql: String) throws -> Statement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
              let statement else {
            throw StoreError("\(path): \(errorMessage)")
        }
        return Statement(handle: statement, connection: self)
    }

    /// Runs `body` inside BEGIN IMMEDIATE … COMMIT; any error rolls everything back.
    package func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    package var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// The first column of the first row, as an integer (nil when no row or NULL).
    package func scalarInt(_ sql: String, _ values: [SQLValue] = []) throws -> Int64? {
        let statement = try prepare(sql)
        try statement.bind(values)
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : statement.int(0)
    }
}
