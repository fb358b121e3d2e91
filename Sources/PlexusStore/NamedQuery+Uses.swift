import Foundation

/// `-- uses:`: the queries a query builds on, spliced in as common table expressions.
extension NamedQuery {
    /// Makes each query in `uses` a common table expression named after it, in
    /// front of this query's own (merged into its WITH clause when it has one).
    /// Used queries named in `tables` are left to tables of that name (see
    /// `QueryRunner.materialize`) instead of becoming expressions.
    mutating func resolve(in queries: [String: NamedQuery], visiting: [String] = [],
                          tables: Set<String> = []) throws {
        sql = source
        parameters = ownParameters
        var definitions: [String] = []
        for name in uses where !tables.contains(name) {
            guard var used = queries[name] else {
                throw StoreError("\(path): uses \(name), but there is no query named \(name)")
            }
            guard !visiting.contains(name), name != self.name else {
                throw StoreError("\(path): queries use each other in a circle: \((visiting + [self.name, name]).joined(separator: " → "))")
            }
            try used.resolve(in: queries, visiting: visiting + [self.name], tables: tables)
            for parameter in used.parameters where !parameters.contains(where: { $0.name == parameter.name }) {
                parameters.append(parameter)
            }
            let inner = Self.withoutTerminator(used.body).trimmingCharacters(in: .whitespacesAndNewlines)
            let indented = inner.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n")
            definitions.append("\(name) AS (  -- the query \(name)\n\(indented)\n)")
        }
        guard !definitions.isEmpty else { return }
        let header = sql[..<body.startIndex]
        var own = Self.skippingTrivia(body)
        let trivia = body[..<own.startIndex]
        var keyword = "WITH", ownHasWith = false
        for prefix in ["WITH RECURSIVE", "WITH"] {
            let candidate = own.prefix(prefix.count + 1)
            if candidate.count == prefix.count + 1, candidate.dropLast().uppercased() == prefix, candidate.last!.isWhitespace {
                keyword = prefix
                ownHasWith = true
                own = own.dropFirst(prefix.count).drop(while: { $0.isWhitespace })
                break
            }
        }
        sql = header + trivia + keyword + " " + definitions.joined(separator: ",\n") + (ownHasWith ? ",\n" : "\n") + own
    }

    /// This query with the queries it uses that are in `tables` read from
    /// tables of those names (made by `QueryRunner.materialize`) rather than
    /// computed again as common table expressions.
    package func reading(tables: Set<String>, in catalog: [String: NamedQuery]) throws -> NamedQuery {
        var query = self
        try query.resolve(in: catalog, tables: tables)
        return query
    }
}
