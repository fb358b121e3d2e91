import ArgumentParser
import Foundation
import PlexusIngest
import PlexusStore

extension Plexus {
    struct MergeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Combine Plexus databases (the shards of `plexus ingest --shard`, or any experiments) into one.",
            discussion: """
                Copies every run, video, cell and per-frame row of each DATABASE into --db (created when \
                it does not exist), giving them new ids so that ids stay unique; every ingest run is kept \
                with its parameters, command line and provenance (query ingest_runs shows where each came \
                from). A video already in --db with the same file content and parameters (the rule by \
                which ingest skips a video) is skipped, so merging the same database twice changes \
                nothing. Each database is merged in one transaction: a kill leaves none half-merged; on a terminal, a \
                status line shows its progress (rows copied, MB/s, ETA). A \
                database of an older schema is migrated on a temporary copy beside --db; the databases \
                given are only read. Another application's SQLite file, a database of a newer plexus, or \
                one whose ingest is still running (or was killed; --force merges it anyway) is refused \
                before anything is merged; one whose rows refer to frames, cells or components it does \
                not hold (damaged, or edited by hand) is rolled back and named. A video stored in --db with other parameters is merged beside \
                it (both analyses are kept, as ingest keeps them) and named in a note. When the runs of a sharded batch in --db lack some of its \
                shards, they are named in a warning and the exit status is 2 (1 when a database was \
                refused or failed, 0 otherwise). Example:
                  plexus ingest samples.csv --db shard-0.sqlite --shard 0/3   (1/3, 2/3 alike)
                  plexus merge --db experiment.sqlite shard-*.sqlite
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The Plexus databases to merge into --db.", valueName: "database"))
        var databases: [String]

        @Flag(help: "Merge databases whose ingest run is still marked running (killed, or still writing) as they are.")
        var force = false

        func validate() throws {
            if databases.isEmpty { throw ValidationError("give the databases to merge into --db") }
        }

        /// A status line redrawn on stderr while `path` is merged (rows copied, MB/s of the file, ETA).
        static func progressLine(for path: String) -> (Int64, Int64) -> Void {
            let bytes = Double(((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0)
            let started = ContinuousClock.now
            var drawn = started
            let name = URL(fileURLWithPath: path).lastPathComponent
            return { done, total in
                let now = ContinuousClock.now
                guard now - drawn > .milliseconds(200) || done == total else { return }
                drawn = now
                let fraction = total > 0 ? Double(done) / Double(total) : 1
                let elapsed = (now - started).seconds
                let rate = elapsed > 0 ? fraction * bytes / 1e6 / elapsed : 0
                let eta = fraction > 0 ? ProgressReporter.clock(elapsed * (1 - fraction) / fraction) : "--:--"
                let text = String(format: "merging %@: %3.0f%%, %lld of %lld rows, %.1f MB/s, ETA %@",
                                  name, fraction * 100, done, total, rate, eta)
                FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
            }
        }

        func run() throws {
            let clock = ContinuousClock.now
            // Every database is checked before --db is opened, so a bad one changes nothing.
            var problems: [String] = []
            for path in databases {
                do { try ExperimentStore.checkMergeSource(path, into: database.db, force: force) } catch { problems.append("\(error)") }
            }
            if !problems.isEmpty {
                for problem in problems { FileHandle.standardError.write(Data("error: \(problem)\n".utf8)) }
                print("nothing merged: \(problems.count) of \(databases.count) database(s) refused; \(database.db) is unchanged")
                throw ExitCode(1)
            }
            let store = try ExperimentStore(path: database.db)
            store.removeAbandonedStagingFiles()
            var merged = 0, skipped = 0, failed = 0
            let terminal = isatty(STDERR_FILENO) == 1
            func clearStatusLine() { if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) } }
            for path in databases {
                do {
                    let outcome = try store.merge(from: path, force: force, progress: terminal ? Self.progressLine(for: path) : nil)
                    clearStatusLine()
                    merged += outcome.videosMerged
                    skipped += outcome.videosSkipped
                    var notes: [String] = []
                    let new = outcome.runsMerged, old = outcome.runsAlreadyPresent
                    switch (new, old) {
                    case (_, 0): notes.append("\(new) run\(new == 1 ? "" : "s")")
                    case (0, _): notes.append("\(old) run\(old == 1 ? "" : "s") already merged")
                    default: notes.append("\(new) run\(new == 1 ? "" : "s"), \(old) already merged")
                    }
                    for shard in outcome.shards {
                        notes.append("\(shard) of batch \(shard.batchSHA256.prefix(12))")
                    }
                    if let version = outcome.migratedFrom { notes.append("migrated from schema \(version)") }
                    if !outcome.videosWithOtherParameters.isEmpty {
                        let names = outcome.videosWithOtherParameters
                        FileHandle.standardError.write(Data("note: \(path): \(names.count) video\(names.count == 1 ? " was" : "s were") already stored with other parameters; both analyses are kept (query ingest_runs shows each run's parameters): \(names.prefix(5).joined(separator: ", "))\(names.count > 5 ? ", …" : "")\n".utf8))
                    }
                    print("\(path): \(outcome.videosMerged) video\(outcome.videosMerged == 1 ? "" : "s") merged, \(outcome.videosSkipped) skipped (\(notes.joined(separator: ", ")); \(String(format: "%.2f", outcome.seconds)) s)")
                } catch {
                    failed += 1
                    clearStatusLine()
                    FileHandle.standardError.write(Data("error: \(error) (nothing of it was merged)\n".utf8))
                }
            }
            let seconds = (ContinuousClock.now - clock).seconds
            print("\(merged) video\(merged == 1 ? "" : "s") merged, \(skipped) skipped from \(databases.count - failed) database\(databases.count - failed == 1 ? "" : "s")\(failed > 0 ? ", \(failed) failed" : "") → \(database.db) (\(String(format: "%.2f", seconds)) s)")
            let missing = try store.missingShards()
            for batch in missing {
                let names = batch.missing.map { "\($0)/\(batch.count)" }.joined(separator: ", ")
                FileHandle.standardError.write(Data("warning: batch \(batch.batchSHA256.prefix(12)) of \(batch.count) shards: shard\(batch.missing.count == 1 ? "" : "s") \(names) missing (present: \(batch.present.map { "\($0)/\(batch.count)" }.joined(separator: ", ")))\n".utf8))
            }
            if failed > 0 { throw ExitCode(1) }
            if !missing.isEmpty { throw ExitCode(2) }
        }
    }
}
