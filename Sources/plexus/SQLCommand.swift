import ArgumentParser
import Foundation
import PlexusStore

extension Plexus {
    struct SQLCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sql",
            abstract: "Run SQL over an experiment database, read-only, with the Plexus SQL functions.",
            discussion: """
                The SQL comes from the argument, from --file, or from standard input. Statements \
                that would modify the database are refused. `plexus functions` lists the Swift \
                functions available (spectra, centralities, statistics). Example:
                  plexus sql --db experiment.sqlite "SELECT t, algebraic_connectivity FROM frame WHERE cell_id = :cell" --param cell=1
                """
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var parameters: ParameterOptions
        @OptionGroup var output: FormatOptions

        @Argument(help: "The SQL to run (omit to use --file or standard input).")
        var sql: String?

        @Option(help: "Read the SQL from this file.")
        var file: String?

        func validate() throws {
            if sql != nil && file != nil { throw ValidationError("give the SQL as an argument or with --file, not both") }
            if let file, !FileManager.default.fileExists(atPath: file) {
                throw ValidationError("--file \(file): no such file")
            }
        }

        func run() throws {
            let text: String
            if let sql {
                text = sql
            } else if let file {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } else {
                text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            }
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ValidationError("no SQL given: pass it as an argument, with --file, or on standard input")
            }
            try QueryOutput.run(text, database: database.db, parameters: parameters.given.mapValues(QueryRunner.value(parsing:)),
                                format: output.format)
        }
    }
}
