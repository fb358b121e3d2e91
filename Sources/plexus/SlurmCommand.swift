import ArgumentParser
import Foundation
import PlexusIngest

extension Plexus {
    struct SlurmCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "slurm",
            abstract: "Write a Slurm batch script that ingests a sheet as an array job of shards and merges them.",
            discussion: """
                The script is an array job of --tasks tasks: task I runs `plexus ingest SHEET --shard I/N \
                --jobs <its CPUs>` into WORK/shard-I.sqlite, with its own log files in WORK/logs. Task 0 \
                also submits the merge, a job that waits for every task to succeed (--dependency=afterok) \
                and then runs `plexus merge --db MERGED WORK/shard-*.sqlite`; so one `sbatch job.sh` does \
                both (sbatch must work on the compute nodes, as it does on most clusters). The sheet, \
                the databases and this plexus (or --plexus) are written as absolute paths, so the script \
                runs from any folder; WORK and its logs folder are created now, since Slurm opens the \
                log files before the script runs. The script's header says how to submit and follow it. \
                Example:
                  plexus slurm videos/samples.csv --db experiment.sqlite --tasks 8 --cpus-per-task 4 \\
                    --mem 8G --time 2:00:00 --out job.sh
                  sbatch job.sh
                """
        )

        @Argument(help: "The sample sheet (CSV) to ingest.")
        var sheet: String

        @OptionGroup var database: DatabaseOptions

        @Option(parsing: .unconditional, help: "Tasks of the array job: shards of the batch (each ingests every Nth video).")
        var tasks: Int

        @Option(name: .customLong("cpus-per-task"), parsing: .unconditional, help: "CPUs of each task, and its ingest's --jobs.")
        var cpusPerTask: Int = 1

        @Option(help: ArgumentHelp("Memory of each task, as sbatch --mem takes it (e.g. 4G, 4000M).", valueName: "size"))
        var mem: String?

        @Option(help: ArgumentHelp("Time limit of each task, as sbatch --time takes it (e.g. 30, 1:00:00, 2-00:00:00).", valueName: "time"))
        var time: String?

        @Option(help: "The Slurm partition (default: the cluster's).")
        var partition: String?

        @Option(help: ArgumentHelp("Folder of the shards and of the logs (default: MERGED's name with .slurm, beside it).", valueName: "folder"))
        var work: String?

        @Option(help: ArgumentHelp("The plexus the jobs run (default: this one).", valueName: "path"))
        var plexus: String?

        @Option(help: "The script to write.")
        var out: String

        func validate() throws {
            if tasks < 1 { throw ValidationError("--tasks must be at least 1 (got \(tasks))") }
            if cpusPerTask < 1 { throw ValidationError("--cpus-per-task must be at least 1 (got \(cpusPerTask))") }
            if let mem, !SlurmScript.isMemory(mem) {
                throw ValidationError("--mem \(mem): not a Slurm memory size; give a whole number with an optional unit K, M, G or T (e.g. 4G, 4000M)")
            }
            if let time, !SlurmScript.isTime(time) {
                throw ValidationError("--time \(time): not a Slurm time limit; give minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (e.g. 1:00:00, 2-00:00:00)")
            }
            if let partition, partition.isEmpty || partition.contains(where: { !($0.isLetter || $0.isNumber || "_-.,".contains($0)) }) {
                throw ValidationError("--partition \(partition): not a partition name (letters, digits, _ - . and commas between names)")
            }
        }

        func run() throws {
            let fm = FileManager.default
            let sheetPath = SlurmScript.absolute(sheet)
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: sheetPath, isDirectory: &isFolder), !isFolder.boolValue else {
                throw ValidationError("sheet \(sheet): no such file")
            }
            let videos = try SampleSheet.load(path: sheetPath).count
            let merged = SlurmScript.absolute(database.db)
            let workPath = SlurmScript.absolute(work ?? (merged.hasSuffix(".sqlite") ? String(merged.dropLast(7)) : merged) + ".slurm")
            let plexusPath = SlurmScript.absolute(plexus ?? Bundle.main.executablePath ?? CommandLine.arguments[0])
            guard fm.isExecutableFile(atPath: plexusPath) else {
                throw ValidationError("--plexus \(plexusPath): not an executable file")
            }
            for (option, path) in [("sheet", sheetPath), ("--db", merged), ("--work", workPath), ("--plexus", plexusPath)] where path.contains("\n") {
                throw ValidationError("\(option) \(path.debugDescription): a path with a line break cannot go in a job script")
            }
            let logs = workPath + "/logs"
            if let problem = SlurmScript.directivePathProblem(logs) {
                throw ValidationError("--work \(workPath): the log folder \(problem), and cannot be written in an #SBATCH line; choose another folder with --work")
            }
            let script = SlurmScript(sheet: sheetPath, merged: merged, work: workPath, plexus: plexusPath,
                                     script: SlurmScript.absolute(out),
                                     tasks: tasks, cpusPerTask: cpusPerTask, mem: mem, time: time, partition: partition)
            try fm.createDirectory(atPath: logs, withIntermediateDirectories: true)
            try AtomicOutput.write(out, what: "the job script") { temporary in
                try Data(script.text.utf8).write(to: temporary)
                try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: temporary.path)
            }
            if tasks > videos {
                let empty = tasks - videos
                FileHandle.standardError.write(Data("warning: --tasks \(tasks) for \(videos) video\(videos == 1 ? "" : "s"): \(empty) task\(empty == 1 ? "" : "s") will have no video (each records an empty run); --tasks \(max(videos, 1)) is enough\n".utf8))
            }
            let perTask = (videos + tasks - 1) / tasks
            print("wrote \(out): \(tasks) task\(tasks == 1 ? "" : "s") × \(cpusPerTask) CPU\(cpusPerTask == 1 ? "" : "s") for \(videos) video\(videos == 1 ? "" : "s") (at most \(perTask) per task), shards and logs in \(workPath), merged into \(merged)")
            print("submit it with: sbatch \(SlurmScript.quoted(SlurmScript.absolute(out)))")
        }
    }
}

/// The text of the job script `plexus slurm` writes.
struct SlurmScript {
    let sheet: String, merged: String, work: String, plexus: String, script: String
    let tasks: Int, cpusPerTask: Int
    let mem: String?, time: String?, partition: String?

    /// The job's name: `plexus-` and the merged database's name, in the characters Slurm shows plainly.
    var jobName: String {
        var stem = URL(fileURLWithPath: merged).lastPathComponent
        if stem.hasSuffix(".sqlite") { stem = String(stem.dropLast(7)) }
        let safe = String(stem.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
        return "plexus-" + (safe.isEmpty ? "ingest" : safe)
    }

    /// The log folder as it goes in a file name of --output: `%` doubled (Slurm's escape for its patterns).
    private var logPattern: String { (work + "/logs").replacingOccurrences(of: "%", with: "%%") }

    /// The #SBATCH lines of the array job, in order.
    var directives: [String] {
        var lines = ["--job-name=\(jobName)", "--array=0-\(tasks - 1)", "--cpus-per-task=\(cpusPerTask)"]
        if let mem { lines.append("--mem=\(mem)") }
        if let time { lines.append("--time=\(time)") }
        if let partition { lines.append("--partition=\(partition)") }
        lines.append("--output=\(Self.directiveQuoted(logPattern + "/%x-%A_%a.out"))")
        lines.append("--error=\(Self.directiveQuoted(logPattern + "/%x-%A_%a.err"))")
        return lines.map { "#SBATCH " + $0 }
    }

    /// The sbatch options of the merge job, shell-quoted.
    private var mergeOptions: [String] {
        var options = ["--parsable", "--job-name=\(jobName)-merge", "--cpus-per-task=1",
                       "--dependency=afterok:\"$SLURM_ARRAY_JOB_ID\"", "--kill-on-invalid-dep=yes"]
        if let mem { options.append("--mem=\(mem)") }
        if let time { options.append("--time=\(time)") }
        if let partition { options.append("--partition=\(partition)") }
        options.append("--output=" + Self.quoted(logPattern + "/%x-%j.out"))
        options.append("--error=" + Self.quoted(logPattern + "/%x-%j.err"))
        return options
    }

    var text: String {
        let q = Self.quoted
        let logs = work + "/logs"
        return """
            #!/bin/bash
            # Written by `plexus slurm` (plexus \(PlexusVersion.current)): \(sheet)
            # ingested as \(tasks) shard\(tasks == 1 ? "" : "s") by a Slurm array job, then merged into \(merged).
            #
            # Submit (from any folder; sbatch must also work on the compute nodes):
            #   sbatch \(q(script))
            # Task I runs `plexus ingest --shard I/\(tasks)` into \(work)/shard-I.sqlite; task 0 also
            # submits the merge job (\(jobName)-merge), which starts once every task has succeeded
            # (--dependency=afterok) and runs `plexus merge` into \(merged).
            # If a task fails the merge never starts (squeue shows it with DependencyNeverSatisfied,
            # and --kill-on-invalid-dep cancels it): fix the cause, run that task again with
            # `sbatch --array=I job.sh`, and merge by hand with the `merge` line of the merge job below.
            #
            # Follow it:
            #   squeue --me                                   (pending and running jobs)
            #   sacct -j JOBID --format=JobID,JobName,State,Elapsed,MaxRSS,ExitCode
            #   ls \(q(logs))
            #     (\(jobName)-JOBID_I.out and .err per task, \(jobName)-merge-JOBID.out and .err of the merge)
            #
            \(directives.joined(separator: "\n"))
            set -euo pipefail
            export OPENBLAS_NUM_THREADS=1

            if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then
                echo "this is a Slurm array job: submit it with  sbatch $0" >&2
                exit 2
            fi
            task=$SLURM_ARRAY_TASK_ID

            # Task 0 submits the merge, once (not again when the task is requeued).
            if [ "$task" = 0 ] && [ "${SLURM_RESTART_COUNT:-0}" = 0 ]; then
                merge_job=$(sbatch \(mergeOptions.joined(separator: " ")) <<'PLEXUS_MERGE_JOB'
            #!/bin/bash
            set -euo pipefail
            export OPENBLAS_NUM_THREADS=1
            exec \(q(plexus)) merge --db \(q(merged)) \(q(work))/shard-*.sqlite
            PLEXUS_MERGE_JOB
                )
                echo "merge: job $merge_job, after every task of job $SLURM_ARRAY_JOB_ID succeeds"
            fi

            exec \(q(plexus)) ingest \(q(sheet)) --db \(q(work))/shard-"$task".sqlite --shard "$task"/\(tasks) --jobs "${SLURM_CPUS_PER_TASK:-\(cpusPerTask)}"
            """ + "\n"
    }

    // MARK: - Checks and quoting

    /// sbatch --mem: a whole number with an optional unit (K, M, G, T).
    static func isMemory(_ text: String) -> Bool {
        text.range(of: #"^[0-9]+[KMGTkmgt]?$"#, options: .regularExpression) != nil && text.first != "0"
    }

    /// sbatch --time: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (or UNLIMITED).
    static func isTime(_ text: String) -> Bool {
        if ["UNLIMITED", "INFINITE"].contains(text.uppercased()) { return true }
        let patterns = [#"^[0-9]+$"#, #"^[0-9]+:[0-5]?[0-9]$"#, #"^[0-9]+:[0-5]?[0-9]:[0-5]?[0-9]$"#,
                        #"^[0-9]+-[0-9]{1,2}$"#, #"^[0-9]+-[0-9]{1,2}:[0-5]?[0-9]$"#, #"^[0-9]+-[0-9]{1,2}:[0-5]?[0-9]:[0-5]?[0-9]$"#]
        return patterns.contains { text.range(of: $0, options: .regularExpression) != nil }
    }

    /// An absolute, standardized path (relative ones against the current folder).
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
            .standardizedFileURL.path
    }

    /// The text in single quotes for bash: `'` becomes `'\''`.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// Why a path cannot go in an #SBATCH line (sbatch reads a double-quoted argument there,
    /// without escapes), or nil.
    static func directivePathProblem(_ path: String) -> String? {
        if path.contains("\"") { return "contains a double quote" }
        if path.contains("\\") { return "contains a backslash" }
        if path.contains("\n") { return "contains a line break" }
        return nil
    }

    /// An #SBATCH argument: as it is, or in double quotes when it has spaces or a `#`
    /// (which would start a comment).
    static func directiveQuoted(_ text: String) -> String {
        text.contains(where: { $0 == " " || $0 == "\t" || $0 == "#" }) ? "\"\(text)\"" : text
    }
}
