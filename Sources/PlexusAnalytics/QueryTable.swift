import PlexusStore

/// The rows of one named query, by column name. The report reads the database
/// only through named queries (`queries/*.sql`): what it shows is what
/// `plexus query` prints.
package struct QueryTable: Sendable {
    package let columns: [String]
    package let rows: [[SQLValue]]

    /// Runs the named query `name` of `catalog` against `runner`, its parameters
    /// given as on the command line (`parameters`, parsed like --param values) or
    /// as values (`typed`, bound as they are: a condition named "007" stays text);
    /// defaults for the rest. Queries it uses that are in `tables` are read from
    /// the TEMP tables `runner.materialize` made of them.
    package init(_ name: String, in catalog: [String: NamedQuery], runner: QueryRunner,
                parameters: [String: String] = [:], typed: [String: SQLValue] = [:], tables: Set<String> = []) throws {
        guard let query = try catalog[name]?.reading(tables: tables, in: catalog) else {
            throw StoreError("the report needs the named query \(name), which is not among the queries found (\(catalog.keys.sorted().joined(separator: ", ")))")
        }
        let values = try query.values(parameters, typed: typed)
        var columns: [String] = [], rows: [[SQLValue]] = []
        try runner.run(query.sql, parameters: values,
                       columns: { columns = $0.names }, row: { rows.append($0) })
        self.columns = columns
        self.rows = rows
    }

    /// Row `row`'s value in `column`; `.null` for a column the query lacks.
    package func value(_ row: Int, _ column: String) -> SQLValue {
        guard let index = columns.firstIndex(of: column) else { return .null }
        return rows[row][index]
    }

    package func double(_ row: Int, _ column: String) -> Double? {
        switch value(row, column) {
        case .integer(let v): return Double(v)
        case .real(let v): return v
        case .text(let text): return Double(text)
        case .null: return nil
        }
    }

    package func int(_ row: Int, _ column: String) -> Int? {
        switch value(row, column) {
        case .integer(let v): return Int(v)
        case .real(let v): return Int(exactly: v)
        case .text(let text): return Int(text)
        case .null: return nil
        }
    }

    package func string(_ row: Int, _ column: String) -> String? {
        switch value(row, column) {
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .text(let text): return text
        case .null: return nil
        }
    }
}
