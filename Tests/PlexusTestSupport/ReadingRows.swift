import PlexusStore

extension QueryRunner {
    /// Runs `query` with `given` (values as typed after --param); the rows as
    /// dictionaries by column name.
    package func rows(of query: NamedQuery, _ given: [String: String] = [:]) throws -> [[String: SQLValue]] {
        var names: [String] = []
        var rows: [[String: SQLValue]] = []
        try run(query.sql, parameters: try query.values(given), columns: { names = $0.names },
                row: { rows.append(Dictionary(uniqueKeysWithValues: zip(names, $0))) })
        return rows
    }
}

extension SQLValue {
    /// An integer or a real as a Double; nil for NULL and text.
    package var number: Double? {
        switch self {
        case let .real(v): v
        case let .integer(v): Double(v)
        default: nil
        }
    }
}

extension SQLiteConnection {
    /// Every row of `sql` with `values` bound to ?1, ?2, …, as values.
    package func rows(_ sql: String, _ values: [SQLValue] = []) throws -> [[SQLValue]] {
        let statement = try prepare(sql)
        try statement.bind(values)
        var result: [[SQLValue]] = []
        while try statement.step() {
            result.append((0..<statement.columnCount).map { statement.value($0) })
        }
        return result
    }
}
