import PlexusStore

/// The rows of one named query, by column name. The report reads the database
/// only through named queries (`queries/*.sql`): what it shows is what
/// `plexus query` prints.
package struct QueryTable: Sendable {
    /// The query's name.
    package let name: String
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
        self.name = name
        self.columns = columns
        self.rows = rows
    }

    /// Every row as a `T`, decoded by column name (`RowDecoder`): a column the
    /// query lacks, or a value of the wrong type, is an error naming the query
    /// and the column.
    package func records<T: Decodable>(_ type: T.Type) throws -> [T] {
        let decoder = RowDecoder(columns: columns, source: "the query \(name)")
        do {
            return try rows.map { try decoder.decode(T.self, from: $0) }
        } catch let error as DecodingError {
            throw StoreError(error.rowMessage)
        }
    }
}
