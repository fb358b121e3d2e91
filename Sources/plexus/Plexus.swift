import ArgumentParser
import PlexusIngest

@main
struct Plexus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plexus",
        abstract: "Organelle networks from cell videos: Gaussian-mixture graphs over time, in SQLite.",
        discussion: """
            Typical use:
              plexus ingest samples.csv --db experiment.sqlite
              sqlite3 experiment.sqlite "SELECT * FROM frame LIMIT 5"
            """,
        version: PlexusVersion.current,
        subcommands: [IngestCommand.self, SQLCommand.self, QueryCommand.self, FunctionsCommand.self, SimulateCommand.self]
    )
}

/// Options shared by the commands that open an experiment database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The experiment database (SQLite file).")
    var db: String
}
