import Foundation
import PlexusNumerics
import PlexusStore

/// Runs SQL read-only and prints its result sets: `plexus sql` and `plexus query`.
enum QueryOutput {
    /// Runs `sql` against `database` and writes every result set to standard output in `format`.
    static func run(_ sql: String, database: String, parameters: [String: SQLValue], format: ResultFormat) throws {
        let runner = try QueryRunner(path: database)
        let output = FileHandle.standardOutput
        let writer = ResultWriter(format: format) { output.write(Data($0.utf8)) }
        try runner.run(sql, parameters: parameters, columns: { writer.begin($0.names) }, row: { writer.row($0.map(\.json)) })
        writer.finish()
    }
}
