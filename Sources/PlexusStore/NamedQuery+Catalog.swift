import Foundation

extension NamedQuery {
    /// The queries shipped with Plexus (compiled in from `queries/*.sql`, see
    /// `ShippedQueries`) and those of `folders`, by name: a query of a folder
    /// overrides a shipped one of its name, and a later folder an earlier one.
    package static func catalog(folders: [String]) throws -> [String: NamedQuery] {
        var queries: [String: NamedQuery] = [:]
        for (file, text) in ShippedQueries.files {
            let query = try NamedQuery(text: text, path: "queries/" + file)
            queries[query.name] = query
        }
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
