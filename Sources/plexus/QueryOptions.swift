import ArgumentParser
import Foundation
import PlexusGraph
import PlexusStore

extension ResultFormat: ExpressibleByArgument {}

/// Options shared by `plexus sql` and `plexus query`.
struct QueryOptions: ParsableArguments {
    @Option(name: .long, help: "The experiment database (SQLite file), opened read-only.")
    var db: String

    @Option(name: .customLong("param"), help: "A value for a :name parameter, as name=value (repeatable).")
    var parameters: [String] = []

    @Option(help: "Output format: table, csv or json.")
    var format: ResultFormat = .table

    func validate() throws {
        for parameter in parameters where !parameter.contains("=") || parameter.hasPrefix("=") {
            throw ValidationError("--param '\(parameter)' must be name=value, e.g. --param cell_id=3")
        }
    }

    /// The --param values by name, as typed.
    var given: [String: String] {
        var values: [String: String] = [:]
        for parameter in parameters {
            let parts = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            values[String(parts[0]).trimmingCharacters(in: CharacterSet(charactersIn: ":"))] = parts.count > 1 ? String(parts[1]) : ""
        }
        return values
    }

    /// Runs `sql` and prints its result sets to standard output.
    func run(_ sql: String, parameters: [String: SQLValue]) throws {
        BLASThreads.useOneThreadUnlessConfigured()
        let runner = try QueryRunner(path: db)
        let output = FileHandle.standardOutput
        let writer = ResultWriter(format: format) { output.write(Data($0.utf8)) }
        try runner.run(sql, parameters: parameters, columns: writer.begin, row: writer.row)
        writer.finish()
    }
}
