import CSQLite
import Foundation

/// A prepared statement of a connection: bind, step, read columns.
package final class Statement {
    let handle: OpaquePointer
    let connection: SQLiteConnection

    init(handle: OpaquePointer, connection: SQLiteConnection) {
        self.handle = handle
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds positional parameters ?1, ?2, … in order.
    package func bind(_ values: [SQLValue]) throws {
        for (i, value) in values.enumerated() { try bind(value, at: Int32(i + 1)) }
    }

    package func bind(_ value: SQLValue, at index: Int32) throws {
        let code = bindValue(value, to: handle, at: index)
        guard code == SQLITE_OK else { throw StoreError("\(connection.path): \(connection.errorMessage)") }
    }

    @inline(__always) package func bind(_ value: Double, at index: Int32) {
        sqlite3_bind_double(handle, index, value)
    }

    @inline(__always) package func bind(_ value: Int, at index: Int32) {
        sqlite3_bind_int64(handle, index, Int64(value))
    }

    /// Binds a blob (copied by SQLite).
    package func bind(bytes: [UInt8], at index: Int32) {
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
    package func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw StoreError("\(connection.path): \(connection.errorMessage)")
        }
    }

    /// Runs a statement that returns no rows, then resets it for reuse.
    package func run(_ values: [SQLValue] = []) throws {
        if !values.isEmpty { try bind(values) }
        defer { reset() }
        _ = try step()
    }

    /// The position of the named parameter `name` (":weight"), resolved once so
    /// that a loop binds by name at the cost of an index; an error naming the
    /// statement when it has no such parameter.
    package func parameter(_ name: String) throws -> Int32 {
        let index = sqlite3_bind_parameter_index(handle, name)
        guard index > 0 else {
            let sql = sqlite3_sql(handle).map { String(cString: $0) } ?? ""
            throw StoreError("\(connection.path): no parameter \(name) in \(sql.prefix(80))")
        }
        return index
    }

    /// Binds each value to the parameter of its name, every parameter of the
    /// statement exactly once, runs the statement and resets it for reuse; a
    /// name the statement lacks, a repeated name or a parameter left without a
    /// value is an error.
    package func run(named values: KeyValuePairs<String, SQLValue>) throws {
        defer { reset() }
        var bound = Set<Int32>()
        for (name, value) in values {
            let index = try parameter(name)
            guard bound.insert(index).inserted else { throw StoreError("\(connection.path): \(name) given twice") }
            try bind(value, at: index)
        }
        let count = sqlite3_bind_parameter_count(handle)
        guard bound.count == Int(count) else {
            let missing = (1...count).filter { !bound.contains($0) }
                .map { sqlite3_bind_parameter_name(handle, $0).map { String(cString: $0) } ?? "?\($0)" }
            throw StoreError("\(connection.path): no value for \(missing.joined(separator: ", "))")
        }
        _ = try step()
    }

    /// Resets for the next step but keeps the bound values.
    package func resetKeepingBindings() { sqlite3_reset(handle) }

    package func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    package var columnCount: Int { Int(sqlite3_column_count(handle)) }
    package func columnName(_ i: Int) -> String { String(cString: sqlite3_column_name(handle, Int32(i))) }
    package func isNull(_ i: Int) -> Bool { sqlite3_column_type(handle, Int32(i)) == SQLITE_NULL }
    package func int(_ i: Int) -> Int64 { sqlite3_column_int64(handle, Int32(i)) }
    package func double(_ i: Int) -> Double { sqlite3_column_double(handle, Int32(i)) }
    package func text(_ i: Int) -> String {
        guard let text = sqlite3_column_text(handle, Int32(i)) else { return "" }
        return String(cString: text)
    }
    /// The column's bytes (a blob; text as its UTF-8 bytes; empty for NULL).
    package func blob(_ i: Int) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, Int32(i)))
        guard count > 0, let pointer = sqlite3_column_blob(handle, Int32(i)) else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: pointer, count: count))
    }

    package func value(_ i: Int) -> SQLValue {
        switch sqlite3_column_type(handle, Int32(i)) {
        case SQLITE_NULL: .null
        case SQLITE_INTEGER: .integer(int(i))
        case SQLITE_FLOAT: .real(double(i))
        default: .text(text(i))
        }
    }
}
