import Foundation
import PlexusStore
import PlexusTestSupport
import XCTest

/// `plexus slurm`: the job script it writes, checked with bash and run task by
/// task with a stub `sbatch` (records its arguments and the merge job it is given).
final class SlurmScriptTests: TemporaryDirectoryTestCase {
    /// Runs `bash arguments…` in `folder` with exactly `environment`.
    private func bash(_ arguments: [String], in folder: String, environment: [String: String]) throws -> (status: Int32, output: String) {
        try runLogged("/bin/bash", arguments, in: folder, environment: environment)
    }

    private func simulate(into folder: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let result = try runPlexus(["simulate", "--out", folder, "--cells", "2", "--conditions", "control",
                                    "--frames", "4", "--size", "96", "--seed", "5"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return folder + "/samples.csv"
    }

    func testDirectivesAreExactlyTheGivenOptionsAndTheScriptParses() throws {
        let sheet = try simulate(into: path("videos"))
        let result = try runPlexus(["slurm", sheet, "--db", "experiment.sqlite", "--tasks", "2", "--cpus-per-task", "4",
                                    "--mem", "4000M", "--time", "2-00:00:00", "--partition", "short", "--out", "job.sh"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("submit it with: sbatch "), result.stdout)
        XCTAssertEqual(result.stderr, "", "2 tasks for 2 videos: no warning")
        let script = try String(contentsOfFile: path("job.sh"), encoding: .utf8)
        let work = directory.standardizedFileURL.path + "/experiment.slurm"
        XCTAssertEqual(script.split(separator: "\n").filter { $0.hasPrefix("#SBATCH") }, [
            "#SBATCH --job-name=plexus-experiment",
            "#SBATCH --array=0-1",
            "#SBATCH --cpus-per-task=4",
            "#SBATCH --mem=4000M",
            "#SBATCH --time=2-00:00:00",
            "#SBATCH --partition=short",
            "#SBATCH --output=\(work)/logs/%x-%A_%a.out",
            "#SBATCH --error=\(work)/logs/%x-%A_%a.err",
        ])
        XCTAssertTrue(script.hasPrefix("#!/bin/bash\n"))
        for word in ["sbatch ", "squeue", "sacct", "logs"] { XCTAssertTrue(script.contains(word), "the header names \(word)") }
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: path("job.sh")))
        var isFolder: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: work + "/logs", isDirectory: &isFolder) && isFolder.boolValue,
                      "the log folder exists before sbatch opens the logs")
        let check = try bash(["-n", path("job.sh")], in: directory.path, environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertEqual(check.status, 0, check.output)

        // Without Slurm's variables the script refuses to run and says how to submit it.
        let outside = try bash([path("job.sh")], in: directory.path, environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertEqual(outside.status, 2)
        XCTAssertTrue(outside.output.contains("sbatch"), outside.output)
    }

    /// Paths with spaces and quotes; every task run as Slurm would run it, then the merge job
    /// that task 0 submitted; the merged database holds what one ingest gives.
    func testTasksAndTheirMergeGiveWhatOneIngestGives() throws {
        let odd = path("a folder with 'single' and \"double\" quotes $HOME")
        let sheet = try simulate(into: odd + "/videos")
        let base = path("db folder with spaces & 'quotes'")
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        let executable = try XCTUnwrap(CommandLineTests.executable).path
        let linked = odd + "/plexus bin"
        try FileManager.default.createSymbolicLink(atPath: linked, withDestinationPath: executable)
        let merged = base + "/merged.sqlite"

        let result = try runPlexus(["slurm", sheet, "--db", merged, "--tasks", "3", "--plexus", linked, "--out", base + "/job.sh"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("warning: --tasks 3 for 2 videos: 1 task will have no video"), result.stderr)
        let script = try String(contentsOfFile: base + "/job.sh", encoding: .utf8)
        XCTAssertTrue(script.contains("\n#SBATCH --output=\"\(base)/merged.slurm/logs/%x-%A_%a.out\"\n"), script)
        XCTAssertEqual(try bash(["-n", base + "/job.sh"], in: directory.path, environment: ["PATH": "/usr/bin:/bin"]).status, 0)

        // sbatch, as a stub on PATH: records its arguments and the job script it reads.
        let stubs = path("stubs")
        try FileManager.default.createDirectory(atPath: stubs, withIntermediateDirectories: true)
        let stub = """
            #!/bin/bash
            printf '%s\\n' "$@" > "$(dirname "$0")/sbatch.args"
            cat > "$(dirname "$0")/merge-job.sh"
            echo 78
            """
        try Data(stub.utf8).write(to: URL(fileURLWithPath: stubs + "/sbatch"))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stubs + "/sbatch")

        let elsewhere = path("elsewhere")
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        for task in 0..<3 {
            let run = try bash([base + "/job.sh"], in: elsewhere, environment: [
                "PATH": "\(stubs):/usr/bin:/bin", "SLURM_ARRAY_TASK_ID": "\(task)", "SLURM_ARRAY_JOB_ID": "77",
                "SLURM_JOB_ID": "\(77 + task)", "SLURM_CPUS_PER_TASK": "1",
            ])
            XCTAssertEqual(run.status, 0, "task \(task): \(run.output)")
            XCTAssertTrue(run.output.contains("shard \(task)/3"), run.output)
            if task == 0 { XCTAssertTrue(run.output.contains("merge: job 78, after every task of job 77 succeeds"), run.output) }
        }
        let work = base + "/merged.slurm"
        for task in 0..<3 { XCTAssertTrue(FileManager.default.fileExists(atPath: "\(work)/shard-\(task).sqlite")) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: merged), "the tasks do not merge")

        // The merge job was submitted once, by task 0, to wait for the whole array.
        let arguments = try String(contentsOfFile: stubs + "/sbatch.args", encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(arguments, ["--parsable", "--job-name=plexus-merged-merge", "--cpus-per-task=1",
                                   "--dependency=afterok:77", "--kill-on-invalid-dep=yes",
                                   "--output=\(work)/logs/%x-%j.out", "--error=\(work)/logs/%x-%j.err"])
        let mergeJob = try bash([stubs + "/merge-job.sh"], in: elsewhere, environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertEqual(mergeJob.status, 0, mergeJob.output)
        XCTAssertTrue(mergeJob.output.contains("2 videos merged, 0 skipped from 3 databases"), mergeJob.output)

        let plain = try runPlexus(["ingest", sheet, "--db", path("plain.sqlite"), "--quiet"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        func counts(_ database: String) throws -> [String: Int] {
            let connection = try SQLiteConnection.reading(database)
            var counts: [String: Int] = [:]
            for table in try connection.texts("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") {
                counts[table] = try connection.int("SELECT count(*) FROM \"\(table)\"")
            }
            return counts
        }
        var expected = try counts(path("plain.sqlite"))
        expected["ingest_run"] = 3  // one run per shard, the empty one included
        XCTAssertEqual(try counts(merged), expected)
        XCTAssertGreaterThan(expected["frame"] ?? 0, 0)
    }

    func testBadOptionsAreNamed() throws {
        let sheet = try simulate(into: path("videos"))
        let cases: [([String], String)] = [
            (["--tasks", "0"], "--tasks must be at least 1"),
            (["--tasks", "2", "--cpus-per-task", "0"], "--cpus-per-task must be at least 1"),
            (["--tasks", "2", "--mem", "4GB"], "--mem 4GB: not a Slurm memory size"),
            (["--tasks", "2", "--mem", "lots"], "--mem lots"),
            (["--tasks", "2", "--time", "1:75:00"], "--time 1:75:00: not a Slurm time limit"),
            (["--tasks", "2", "--time", "2 days"], "--time 2 days"),
            (["--tasks", "2", "--partition", "a b"], "--partition a b"),
            (["--tasks", "2", "--plexus", path("nothing")], "--plexus \(path("nothing")): not an executable file"),
            (["--tasks", "2", "--work", path("say \"hi\"")], "contains a double quote"),
        ]
        for (options, message) in cases {
            let result = try runPlexus(["slurm", sheet, "--db", "x.sqlite", "--out", "job.sh"] + options)
            XCTAssertNotEqual(result.status, 0, "\(options)")
            XCTAssertTrue(result.stderr.contains(message), "\(options): \(result.stderr)")
        }
        let missing = try runPlexus(["slurm", path("none.csv"), "--db", "x.sqlite", "--tasks", "2", "--out", "job.sh"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("none.csv: no such file"), missing.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("job.sh")), "nothing written")
        for ok in ["4G", "4000M", "512", "1T"] { XCTAssertEqual(try runPlexus(["slurm", sheet, "--db", "x.sqlite", "--tasks", "1", "--mem", ok, "--out", "job.sh"]).status, 0, ok) }
        for ok in ["30", "30:00", "1:00:00", "2-00:00:00", "1-12", "1-12:30", "UNLIMITED"] {
            XCTAssertEqual(try runPlexus(["slurm", sheet, "--db", "x.sqlite", "--tasks", "1", "--time", ok, "--out", "job.sh"]).status, 0, ok)
        }
    }
}
