import Foundation
import PlexusNumerics

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
package struct NamedQuery: Sendable {
    package struct Parameter: Sendable, Equatable {
        package let name: String
        /// The default as written (parsed like a --param value); nil: required.
        package let defaultValue: String?
        /// The accepted values, when the header lists them.
        package let choices: [String]
        package let help: String
    }

    package let name: String
    package let path: String
    package let title: String
    package let description: String
    package internal(set) var parameters: [Parameter]
    /// The SQL that runs: the file's text, with the queries it uses prepended as
    /// common table expressions once `catalog(folders:)` has resolved them.
    package internal(set) var sql: String
    /// The named queries this one builds on (`-- uses:`), in order.
    package let uses: [String]
    /// The file's text and its own parameters, before `-- uses:` is resolved.
    let source: String
    let ownParameters: [Parameter]

    /// The query in the file at `path`, named after the file.
    package init(path: String) throws {
        guard let text = FileManager.default.contents(atPath: path).flatMap({ String(data: $0, encoding: .utf8) }) else {
            throw StoreError("\(path): cannot read the query")
        }
        try self.init(text: text, path: path)
    }

    /// The query whose file text is `text`; `path` names it (its file name
    /// without `.sql` is the query's name) and the errors.
    package init(text: String, path: String) throws {
        self.path = path
        name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
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
}
