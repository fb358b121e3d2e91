import CSQLite
import Foundation

/// Runs SQL against an experiment database opened read-only, with every
/// Plexus SQL function installed. A statement that would write is refused
/// before it runs, and the file is never modified.
package final class QueryRunner {
    package let path: String
    let connection: SQLiteConnection

    /// One statement's result: column names, then rows streamed to the caller.
    package struct Columns {
        package let names: [String]

        package init(names: [String]) { self.names = names }
    }

    package init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError("\(path): no such database (create it with plexus ingest)")
        }
        self.path = path
        connection = try SQLiteConnection(path: path, mode: .readOnly)
        try connection.execute("PRAGMA query_only = ON")
        try connection.installFunctions()
    }

    /// The `:name` parameters of `sql`, in order of first appearance, without the colon.
    package func parameterNames(_ sql: String) throws -> [String] {
        var names: [String] = []
        try forEachStatement(sql) { statement, _ in
            let count = sqlite3_bind_parameter_count(statement)
            guard count > 0 else { return }
            for i in 1...count {
                if let name = sqlite3_bind_parameter_name(statement, i) {
                    let text = String(cString: name).dropFirst()
                    if !names.contains(String(text)) { names.append(String(text)) }
                }
            }
        }
        return names
    }

    /// Runs every statement of `sql`. For each statement that returns columns,
    /// `columns` is called once, then `row` for each row.
    package func run(_ sql: String, parameters: [String: SQLValue] = [:],
                    columns: (Columns) throws -> Void, row: ([SQLValue]) throws -> Void) throws {
        try forEachStatement(sql) { statement, number in
            guard sqlite3_stmt_readonly(statement) != 0 else {
                let text = sqlite3_sql(statement).map { String(cString: $0) } ?? ""
                throw StoreError("statement \(number) would modify the database, and plexus sql and plexus query only read it: \(text.prefix(60).replacingOccurrences(of: "\n", with: " "))")
            }
            let count = sqlite3_bind_parameter_count(statement)
            if count > 0 {
                for i in 1...count {
                    guard let raw = sqlite3_bind_parameter_name(statement, i) else {
                        throw StoreError("statement \(number) uses a positional parameter (?); name it (:name) and give --param name=value")
                    }
                    let name = String(String(cString: raw).dropFirst())
                    guard let value = parameters[name] else {
                        throw StoreError("missing parameter :\(name) (give --param \(name)=VALUE)")
                    }
                    guard bindValue(value, to: statement, at: i) == SQLITE_OK else { throw StoreError("parameter :\(name): \(connection.errorMessage)") }
                }
            }
            let columnCount = sqlite3_column_count(statement)
            if columnCount > 0 {
                try columns(Columns(names: (0..<columnCount).map { String(cString: sqlite3_column_name(statement, $0)) }))
            }
            while true {
                let code = sqlite3_step(statement)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else { throw StoreError(connection.errorMessage) }
                try row((0..<columnCount).map { i in
                    switch sqlite3_column_type(statement, i) {
                    case SQLITE_NULL: return .null
                    case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, i))
                    case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, i))
                    case SQLITE_BLOB: return .text("<blob \(sqlite3_column_bytes(statement, i)) bytes>")
                    default: return .text(String(cString: sqlite3_column_text(statement, i)))
                    }
                })
            }
        }
    }

    /// Stores the rows of `query` (one SELECT) in a TEMP table named `table`,
    /// for later statements on this connection to read instead of computing
    /// them again (see `NamedQuery.reading(tables:in:)`). The database file is
    /// not touched: TEMP tables live in the connection's temporary schema, and
    /// `query_only` is back on when this returns.
    package func materialize(_ table: String, query: String, parameters: [String: SQLValue] = [:]) throws {
        let select = NamedQuery.withoutTerminator(query[...])
        try connection.execute("PRAGMA query_only = OFF")
        defer { try? connection.execute("PRAGMA query_only = ON") }
        let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        try connection.execute("DROP TABLE IF EXISTS temp.\(quoted)")
        let statement = try connection.prepare("CREATE TEMP TABLE \(quoted) AS\n" + select)
        let count = sqlite3_bind_parameter_count(statement.handle)
        if count > 0 {
            for i in 1...count {
                guard let raw = sqlite3_bind_parameter_name(statement.handle, i) else {
                    throw StoreError("\(table): a positional parameter (?) cannot be bound; name it")
                }
                let name = String(String(cString: raw).dropFirst())
                guard let value = parameters[name] else { throw StoreError("\(table): missing parameter :\(name)") }
                try statement.bind(value, at: i)
            }
        }
        while try statement.step() {}
    }

    /// Prepares the statements of `sql` one after another.
    private func forEachStatement(_ sql: String, _ body: (OpaquePointer, Int) throws -> Void) throws {
        try sql.withCString { start in
            var cursor: UnsafePointer<CChar>? = start
            var number = 0
            while let current = cursor, current.pointee != 0 {
                var statement: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                guard sqlite3_prepare_v2(connection.handle, current, -1, &statement, &tail) == SQLITE_OK else {
                    throw StoreError(connection.errorMessage)
                }
                cursor = tail
                guard let statement else { continue } // whitespace or a comment
                number += 1
                defer { sqlite3_finalize(statement) }
                try body(statement, number)
            }
        }
    }

    /// A command-line value as SQL: integers and reals as numbers, NULL as NULL,
    /// anything else (quotes optional) as text.
    package static func value(parsing text: String) -> SQLValue {
        if text.uppercased() == "NULL" { return .null }
        if let integer = Int64(text) { return .integer(integer) }
        if let real = Double(text), real.isFinite { return .real(real) }
        if text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") { return .text(String(text.dropFirst().dropLast())) }
        return .text(text)
    }
}
