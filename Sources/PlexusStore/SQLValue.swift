import CSQLite
import Foundation
import PlexusNumerics

// SQLITE_TRANSIENT tells SQLite to copy bound text; the C macro does not import.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

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
package enum SQLValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// The value as a JSON scalar, the form result writers take.
    package var json: JSONText {
        switch self {
        case .null: .null
        case let .integer(v): .integer(v)
        case let .real(v): .real(v)
        case let .text(v): .string(v)
        }
    }
}
