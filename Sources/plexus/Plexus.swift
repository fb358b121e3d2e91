import ArgumentParser
import PlexusGraph
import PlexusIngest

@main
struct Plexus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plexus",
        abstract: "Organelle networks from cell videos: Gaussian-mixture graphs over time, in SQLite.",
        discussion: """
            Typical use:
              plexus simulate --out videos                      (or use your own videos and sheet)
              plexus ingest videos/samples.csv --db experiment.sqlite
              plexus query --db experiment.sqlite centrality_drift
              plexus sql --db experiment.sqlite "SELECT t, spectral_gap FROM frame WHERE cell_id = 1"
              plexus report --db experiment.sqlite --baseline control --out report.html
              plexus render --db experiment.sqlite --cell 1 --out cell1.tif     (see the fit on the frames)
            """,
        version: PlexusVersion.current,
        subcommands: [IngestCommand.self, SQLCommand.self, QueryCommand.self, ReportCommand.self, PhenotypesCommand.self, FunctionsCommand.self, SimulateCommand.self,
                      MergeCommand.self, SlurmCommand.self, MasksCommand.self, SegmentCommand.self, RenderCommand.self]
    )

    /// Parses the command line and runs the command, with OpenBLAS held to one
    /// thread unless OPENBLAS_NUM_THREADS says otherwise (the matrices are small,
    /// and ingest runs its own --jobs).
    static func main() {
        BLASThreads.useOneThreadUnlessConfigured()
        main(nil)
    }
}
