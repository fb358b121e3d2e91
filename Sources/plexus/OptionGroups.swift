import ArgumentParser
import Foundation
import PlexusNumerics
import PlexusStore

extension ResultFormat: ExpressibleByArgument {}

/// --db: the experiment database of the commands that open one.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The experiment database (SQLite file).")
    var db: String

    /// Refuses a database that does not exist (for the commands that only read one).
    func validateExisting() throws {
        guard FileManager.default.fileExists(atPath: db) else {
            throw ValidationError("--db \(db): no such database (create it with plexus ingest)")
        }
    }
}

/// --format: how result rows are printed.
struct FormatOptions: ParsableArguments {
    @Option(help: "Output format: table, csv or json.")
    var format: ResultFormat = .table
}

/// --param name=value: values for the :name parameters of SQL.
struct ParameterOptions: ParsableArguments {
    @Option(name: .customLong("param"), help: "A value for a :name parameter, as name=value (repeatable).")
    var parameters: [String] = []

    func validate() throws {
        for parameter in parameters where !parameter.contains("=") || parameter.hasPrefix("=") {
            throw ValidationError("--param '\(parameter)' must be name=value, e.g. --param cell_id=3")
        }
    }

    /// The values by name (a leading colon dropped), as typed.
    var given: [String: String] {
        var values: [String: String] = [:]
        for parameter in parameters {
            let parts = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            values[String(parts[0]).trimmingCharacters(in: CharacterSet(charactersIn: ":"))] = parts.count > 1 ? String(parts[1]) : ""
        }
        return values
    }
}

/// --queries: folders of named queries added to the shipped ones.
struct QueryFolderOptions: ParsableArguments {
    @Option(name: .customLong("queries"), help: "A folder of your own named queries (repeatable; they override shipped ones).")
    var folders: [String] = []

    func validate() throws {
        for folder in folders where !FileManager.default.fileExists(atPath: folder) {
            throw ValidationError("--queries \(folder): no such folder")
        }
    }

    /// The shipped queries (compiled into plexus) and those of the folders given, by name.
    func catalog() throws -> [String: NamedQuery] {
        try NamedQuery.catalog(folders: folders)
    }
}

/// What `plexus report` and `plexus phenotypes` both compare: the baseline, the
/// features, and the seeded resampling behind their intervals and tests.
struct ComparisonOptions: ParsableArguments {
    @Option(help: "The reference condition the others are compared with (default: control, or the only condition).")
    var baseline: String?

    @Option(help: "Comma-separated features (default: all; plexus query --show cell_features lists them).")
    var features: String?

    @Option(parsing: .unconditional, help: "Confidence level of the bootstrap intervals (and the report's time-course bands), between 0 and 1.")
    var confidence = 0.95

    @Option(parsing: .unconditional, help: "Bootstrap resamples per interval (100 to 1,000,000).")
    var resamples = 2000

    @Option(parsing: .unconditional, help: "Seed of the bootstrap, the permutation tests and the cross-validation folds.")
    var seed = 1

    func validate() throws {
        guard confidence > 0 && confidence < 1 else {
            throw ValidationError("--confidence must be between 0 and 1 (e.g. 0.95), not \(confidence)")
        }
        guard (100...1_000_000).contains(resamples) else {
            throw ValidationError("--resamples must be from 100 to 1000000, not \(resamples)")
        }
        if let features, Self.list(features)!.isEmpty { throw ValidationError("--features lists no feature") }
    }

    /// The features asked for, or nil for all.
    var featureList: [String]? { Self.list(features) }

    /// A comma-separated list, spaces around the commas and empty names dropped.
    static func list(_ text: String?) -> [String]? {
        text.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }
}
