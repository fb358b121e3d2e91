import Foundation

/// A query shipped as `queries/<name>.sql`, Datasette-style: a header of `--`
/// comment lines gives the title, a description and the `:parameters` with
/// their defaults; the rest is SQL.
///
///     -- title: Laplacian gradient
///     -- description: ‖L(t′) − L(t)‖_F / Δt between consecutive processed frames.
///     -- param: cell_id = NULL  (one cell, or every cell when NULL)
///     -- param: laplacian = combinatorial [combinatorial, normalized]  (which Laplacian)
///
/// A parameter with a bracketed list accepts only those values. A query may
/// build on others: `-- uses: cell_features` makes the query `cell_features`
/// a common table expression of this one (its parameters become this query's
/// too), so that a definition such as the per-cell features lives in one file.
/// `catalog(folders:)` resolves these; `sql` is then the text that runs.
public struct NamedQuery: Sendable {
    public struct Parameter: Sendable, Equatable {
        public let name: String
        /// The default as written (parsed like a --param value); nil: required.
        public let defaultValue: String?
        /// The accepted values, when the header lists them.
        public let choices: [String]
        public let help: String
    }

    public let name: String
    public let path: String
    public let title: String
    public let description: String
    public private(set) var parameters: [Parameter]
    /// The SQL that runs: the file's text, with the queries it uses prepended as
    /// common table expressions once `catalog(folders:)` has resolved them.
    public private(set) var sql: String
    /// The named queries this one builds on (`-- uses:`), in order.
    public let uses: [String]
    /// The file's text and its own parameters, before `-- uses:` is resolved.
    let source: String
    let ownParameters: [Parameter]

    public init(path: String) throws {
        self.path = path
        name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        guard let text = FileManager.default.contents(atPath: path).flatMap({ String(data: $0, encoding: .utf8) }) else {
            throw StoreError("\(path): cannot read the query")
        }
        sql = text
        var title = "", description: [String] = [], parameters: [Parameter] = [], uses: [String] = []
        var inDescription = false
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard line.hasPrefix("--") else { break }
            let body = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
            let continuesDescription = inDescription && !body.isEmpty
                && !["title:", "description:", "param:", "uses:"].contains(where: body.hasPrefix)
            inDescription = body.hasPrefix("description:") || continuesDescription
            if continuesDescription {
                description.append(body)
            } else if body.hasPrefix("title:") {
                title = body.dropFirst("title:".count).trimmingCharacters(in: .whitespaces)
            } else if body.hasPrefix("description:") {
                description.append(body.dropFirst("description:".count).trimmingCharacters(in: .whitespaces))
            } else if body.hasPrefix("uses:") {
                uses += body.dropFirst("uses:".count).split(separator: ",")
                    .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            } else if body.hasPrefix("param:") {
                let spec = body.dropFirst("param:".count).trimmingCharacters(in: .whitespaces)
                var help = ""
                var head = spec
                if let open = spec.firstIndex(of: "(") , spec.hasSuffix(")") {
                    help = String(spec[spec.index(after: open)..<spec.index(before: spec.endIndex)])
                    head = spec[..<open].trimmingCharacters(in: .whitespaces)
                }
                var choices: [String] = []
                if let open = head.firstIndex(of: "["), head.hasSuffix("]") {
                    choices = head[head.index(after: open)..<head.index(before: head.endIndex)]
                        .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    head = head[..<open].trimmingCharacters(in: .whitespaces)
                }
                let parts = head.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard let parameterName = parts.first, !parameterName.isEmpty,
                      parameterName.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                    throw StoreError("\(path): line \(number + 1): a param line reads 'param: name = default  (help)'")
                }
                parameters.append(Parameter(name: parameterName, defaultValue: parts.count > 1 ? parts[1] : nil,
                                            choices: choices, help: help))
            }
        }
        guard !title.isEmpty else { throw StoreError("\(path): the header has no '-- title:' line") }
        self.title = title
        self.description = description.joined(separator: " ")
        self.parameters = parameters
        self.ownParameters = parameters
        self.source = text
        self.uses = uses
    }

    /// The SQL after the header comment.
    var body: Substring {
        var rest = sql[...]
        while rest.hasPrefix("--") {
            guard let end = rest.firstIndex(of: "\n") else { return "" }
            rest = rest[rest.index(after: end)...]
        }
        return rest
    }

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
    public func reading(tables: Set<String>, in catalog: [String: NamedQuery]) throws -> NamedQuery {
        var query = self
        try query.resolve(in: catalog, tables: tables)
        return query
    }

    /// `text` after its leading white space and comments (-- … and /* … */).
    static func skippingTrivia(_ text: Substring) -> Substring {
        var rest = text
        while true {
            rest = rest.drop(while: { $0.isWhitespace })
            if rest.hasPrefix("--") {
                rest = rest.drop(while: { $0 != "\n" })
            } else if rest.hasPrefix("/*") {
                guard let end = rest.range(of: "*/") else { return rest[rest.endIndex...] }
                rest = rest[end.upperBound...]
            } else {
                return rest
            }
        }
    }

    /// `text` without its final `;` when only white space and comments follow it
    /// (a statement that is to become a common table expression). Quotes and
    /// comments are skipped, so a ';' inside them is not taken for the end.
    static func withoutTerminator(_ text: Substring) -> Substring {
        var index = text.startIndex
        var semicolon: Substring.Index?, lastCode: Substring.Index?
        while index < text.endIndex {
            let character = text[index]
            let rest = text[index...]
            if rest.hasPrefix("--") {
                index = rest.firstIndex(of: "\n") ?? text.endIndex
                continue
            }
            if rest.hasPrefix("/*") {
                index = rest.range(of: "*/")?.upperBound ?? text.endIndex
                continue
            }
            if let close: Character = ["'": "'", "\"": "\"", "`": "`", "[": "]"][character] {
                lastCode = index
                let after = text.index(after: index)
                index = text[after...].firstIndex(of: close).map { text.index(after: $0) } ?? text.endIndex
                continue
            }
            if character == ";" {
                semicolon = index
            } else if !character.isWhitespace {
                lastCode = index
            }
            index = text.index(after: index)
        }
        if let semicolon, lastCode.map({ $0 < semicolon }) ?? true { return text[..<semicolon] }
        return text
    }

    /// The values to bind: defaults, overridden by `given` (text as typed after
    /// --param, parsed into a number, NULL or text) and by `typed` (values bound
    /// as they are: a condition named "007" stays text); an unknown or a missing
    /// required parameter, or a value outside the listed choices, is an error
    /// naming it.
    public func values(_ given: [String: String], typed: [String: SQLValue] = [:]) throws -> [String: SQLValue] {
        for name in Set(given.keys).union(typed.keys) where !parameters.contains(where: { $0.name == name }) {
            let known = parameters.map(\.name).joined(separator: ", ")
            throw StoreError("query \(self.name) has no parameter \(name) (it takes: \(known.isEmpty ? "none" : known))")
        }
        var values: [String: SQLValue] = [:]
        for parameter in parameters {
            let value: SQLValue, text: String
            if let bound = typed[parameter.name] {
                (value, text) = (bound, ResultWriter.plain(bound))
            } else if let written = given[parameter.name] ?? parameter.defaultValue {
                (value, text) = (QueryRunner.value(parsing: written), written)
            } else {
                throw StoreError("query \(name) needs --param \(parameter.name)=VALUE (\(parameter.help))")
            }
            if !parameter.choices.isEmpty && !parameter.choices.contains(text) {
                throw StoreError("query \(name): --param \(parameter.name) must be one of \(parameter.choices.joined(separator: ", ")), not '\(text)'")
            }
            values[parameter.name] = value
        }
        return values
    }

    /// The queries of `folders`, by name; a later folder overrides an earlier one.
    public static func catalog(folders: [String]) throws -> [String: NamedQuery] {
        var queries: [String: NamedQuery] = [:]
        for folder in folders {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for file in names.sorted() where file.hasSuffix(".sql") {
                let query = try NamedQuery(path: (folder as NSString).appendingPathComponent(file))
                queries[query.name] = query
            }
        }
        var resolved = queries
        for (name, query) in queries {
            var query = query
            try query.resolve(in: queries)
            resolved[name] = query
        }
        return resolved
    }
}
