import ArgumentParser
import Foundation
import PlexusNumerics
import PlexusStore

extension Plexus {
    struct QueryCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "query",
            abstract: "Run a named query from queries/ (temporal network metrics, condition comparisons).",
            discussion: """
                Named queries are SQL files with a header (title, description, :parameters with \
                defaults). The queries of the repository's queries/ folder are compiled into plexus; \
                a folder given with --queries adds more, or overrides a shipped query of the same \
                name. Examples:
                  plexus query --list
                  plexus query --db experiment.sqlite centrality_drift --param cell_id=3
                """
        )

        // Not DatabaseOptions: --list and --show need no database, so --db is optional here.
        @Option(name: .long, help: "The experiment database (SQLite file); needed to run a query.")
        var db: String?

        @OptionGroup var parameters: ParameterOptions
        @OptionGroup var output: FormatOptions
        @OptionGroup var queryFolders: QueryFolderOptions

        @Flag(help: "List the named queries with their parameters.")
        var list = false

        @Option(help: "Print the SQL of a named query.")
        var show: String?

        @Argument(help: "The query to run.")
        var name: String?

        func validate() throws {
            if !list && show == nil {
                guard name != nil else { throw ValidationError("name a query to run (plexus query --list shows them)") }
                guard db != nil else { throw ValidationError("--db is required to run a query") }
            }
        }

        func lookup(_ name: String, in queries: [String: NamedQuery]) throws -> NamedQuery {
            guard let query = queries[name] else {
                throw ValidationError("no query named \(name); known: \(queries.keys.sorted().joined(separator: ", "))")
            }
            return query
        }

        func run() throws {
            let queries = try queryFolders.catalog()
            if list {
                for query in queries.values.sorted(by: { $0.name < $1.name }) {
                    print("\(query.name) — \(query.title)")
                    if !query.description.isEmpty { print("    \(query.description)") }
                    for parameter in query.parameters {
                        var value = parameter.defaultValue.map { "default \($0)" } ?? "required"
                        if !parameter.choices.isEmpty { value += "; one of \(parameter.choices.joined(separator: ", "))" }
                        print("    :\(parameter.name) (\(value))\(parameter.help.isEmpty ? "" : ": \(parameter.help)")")
                    }
                }
                return
            }
            if let show {
                print(try lookup(show, in: queries).sql, terminator: "")
                return
            }
            let query = try lookup(name!, in: queries)
            try QueryOutput.run(query.sql, database: db!, parameters: try query.values(parameters.given), format: output.format)
        }
    }
}
