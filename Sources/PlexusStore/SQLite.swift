import CSQLite
import Foundation

/// A failure talking to SQLite, naming the database and what was being done.
public struct StoreError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

// SQLITE_TRANSIENT tells SQLite to copy bound text; the C macro does not import.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A thin wrapper over one SQLite connection.
///
/// Plexus talks to the C API directly rather than through a Swift ORM: ingest
/// is a bulk insert of many small rows, done with prepared statements reused
/// inside one transaction, and the query tool needs the raw API anyway
/// (read-only checks, custom functions, loadable extension).
public final class SQLiteConnection {
    public let path: String
    let handle: OpaquePointer
    /// False for a connection borrowed from a host (a loaded extension): never closed here.
    private let owned: Bool

    public enum Mode { case readOnly, readWrite, readWriteCreate }

    /// Wraps a connection that someone else opened and will close (the host of
    /// a loadable extension).
    public init(borrowing handle: OpaquePointer) {
        self.handle = handle
        path = sqlite3_db_filename(handle, "main").map { String(cString: $0) } ?? ""
        owned = false
    }

    public init(path: String, mode: Mode) throws {
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
    public func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(handle, sql, nil, nil, &error) != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? errorMessage
            sqlite3_free(error)
            throw StoreError("\(path): \(message)")
        }
    }

    public func prepare(_ sql: String) throws -> Statement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
              let statement else {
            throw StoreError("\(path): \(errorMessage)")
        }
        return Statement(handle: statement, connection: self)
    }

    /// Runs `body` inside BEGIN IMMEDIATE … COMMIT; any error rolls everything back.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
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

    public var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// The first column of the first row, as an integer (nil when no row or NULL).
    public func scalarInt(_ sql: String, _ values: [SQLValue] = []) throws -> Int64? {
        let statement = try prepare(sql)
        try statement.bind(values)
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : statement.int(0)
    }
}

/// Binds `value` to parameter `index` of a prepared statement; the SQLite result code.
func bindValue(_ value: SQLValue, to statement: OpaquePointer, at index: Int32) -> Int32 {
    switch value {
    case .null: sqlite3_bind_null(statement, index)
    case let .integer(v): sqlite3_bind_int64(statement, index, v)
    case let .real(v): sqlite3_bind_double(statement, index, v)
    case let .text(v): sqlite3_bind_text(statement, index, v, -1, sqliteTransient)
    }
}

/// A value bound to a statement parameter.
public enum SQLValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

public final class Statement {
    let handle: OpaquePointer
    let connection: SQLiteConnection

    init(handle: OpaquePointer, connection: SQLiteConnection) {
        self.handle = handle
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds positional parameters ?1, ?2, … in order.
    public func bind(_ values: [SQLValue]) throws {
        for (i, value) in values.enumerated() { try bind(value, at: Int32(i + 1)) }
    }

    public func bind(_ value: SQLValue, at index: Int32) throws {
        let code = bindValue(value, to: handle, at: index)
        guard code == SQLITE_OK else { throw StoreError("\(connection.path): \(connection.errorMessage)") }
    }

    @inline(__always) public func bind(_ value: Double, at index: Int32) {
        sqlite3_bind_double(handle, index, value)
    }

    @inline(__always) public func bind(_ value: Int, at index: Int32) {
        sqlite3_bind_int64(handle, index, Int64(value))
    }

    /// Binds a blob (copied by SQLite).
    public func bind(bytes: [UInt8], at index: Int32) {
        bytes.withUnsafeBytes { buffer in
            // An empty array has no base address, and a NULL pointer would bind NULL.
            if let base = buffer.baseAddress {
                _ = sqlite3_bind_blob(handle, index, base, Int32(buffer.count), sqliteTransient)
            } else {
                _ = sqlite3_bind_zeroblob(handle, index, 0)
            }
        }
    }

    /// Advances; true when a row is available.
    @discardableResult
    public func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw StoreError("\(connection.path): \(connection.errorMessage)")
        }
    }

    /// Runs a statement that returns no rows, then resets it for reuse.
    public func run(_ values: [SQLValue] = []) throws {
        if !values.isEmpty { try bind(values) }
        defer { reset() }
        _ = try step()
    }

    /// Resets for the next step but keeps the bound values.
    public func resetKeepingBindings() { sqlite3_reset(handle) }

    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    public var columnCount: Int { Int(sqlite3_column_count(handle)) }
    public func columnName(_ i: Int) -> String { String(cString: sqlite3_column_name(handle, Int32(i))) }
    public func isNull(_ i: Int) -> Bool { sqlite3_column_type(handle, Int32(i)) == SQLITE_NULL }
    public func int(_ i: Int) -> Int64 { sqlite3_column_int64(handle, Int32(i)) }
    public func double(_ i: Int) -> Double { sqlite3_column_double(handle, Int32(i)) }
    public func text(_ i: Int) -> String {
        guard let text = sqlite3_column_text(handle, Int32(i)) else { return "" }
        return String(cString: text)
    }
    /// The column's bytes (a blob; text as its UTF-8 bytes; empty for NULL).
    public func blob(_ i: Int) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, Int32(i)))
        guard count > 0, let pointer = sqlite3_column_blob(handle, Int32(i)) else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: pointer, count: count))
    }

    public func value(_ i: Int) -> SQLValue {
        switch sqlite3_column_type(handle, Int32(i)) {
        case SQLITE_NULL: .null
        case SQLITE_INTEGER: .integer(int(i))
        case SQLITE_FLOAT: .real(double(i))
        default: .text(text(i))
        }
    }
}
