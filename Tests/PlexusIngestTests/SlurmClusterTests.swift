import Foundation
import PlexusNumerics
import PlexusStore
import PlexusTestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The job script of `plexus slurm` submitted to a real Slurm: a one-node
/// cluster on this machine (munged, slurmctld and slurmd started by the test,
/// on their own socket, ports and folders, stopped by their PIDs), Debian's
/// `slurm-wlm` and `munge` installed first when they are missing.
final class SlurmClusterTests: TemporaryDirectoryTestCase {
    func testTheJobScriptRunsOnSlurmAndMergesWhatOneIngestGives() throws {
        try LocalSlurm.install()
        let cluster = try LocalSlurm.start()
        defer { cluster.stop() }

        // 8 simulated videos, 4 tasks (2 videos each).
        let simulated = try runPlexus(["simulate", "--out", "videos", "--cells", "4", "--conditions", "control,llo",
                                       "--frames", "4", "--size", "96", "--seed", "7"])
        XCTAssertEqual(simulated.status, 0, simulated.stderr)
        let merged = path("merged.sqlite")
        let written = try runPlexus(["slurm", "videos/samples.csv", "--db", merged, "--tasks", "4", "--out", "job.sh"])
        XCTAssertEqual(written.status, 0, written.stderr)

        let started = ContinuousClock.now
        let submitted = try cluster.run("sbatch", ["--parsable", path("job.sh")], in: directory.path)
        XCTAssertEqual(submitted.status, 0, submitted.output)
        let arrayJob = try XCTUnwrap(Int(submitted.output.trimmingCharacters(in: .whitespacesAndNewlines)), submitted.output)
        let finished = try cluster.waitUntilIdle(timeout: .seconds(240))
        let seconds = (ContinuousClock.now - started).seconds
        let logs = path("merged.slurm/logs")
        let logNames = (try? FileManager.default.contentsOfDirectory(atPath: logs).sorted()) ?? []
        func log(_ name: String) -> String { (try? String(contentsOfFile: logs + "/" + name, encoding: .utf8)) ?? "" }
        let allLogs = logNames.map { "--- \($0)\n\(log($0))" }.joined(separator: "\n")
        XCTAssertTrue(finished, "the jobs did not finish in 240 s:\n\(cluster.diagnostics())\n\(allLogs)")
        print("SlurmClusterTests: array job \(arrayJob) and its merge finished \(String(format: "%.1f", seconds)) s after sbatch")

        // Four tasks and one merge job, each completed with exit code 0, each with its logs.
        let jobs = try cluster.run("scontrol", ["-o", "show", "job"], in: directory.path)
        XCTAssertEqual(jobs.status, 0, jobs.output)
        let lines = jobs.output.split(separator: "\n").map(String.init)
        let tasks = lines.filter { $0.contains("ArrayJobId=\(arrayJob) ") }
        let merges = lines.filter { $0.contains("JobName=plexus-merged-merge ") }
        XCTAssertEqual(tasks.count, 4, jobs.output)
        XCTAssertEqual(merges.count, 1, jobs.output)
        for job in tasks + merges {
            XCTAssertTrue(job.contains(" JobState=COMPLETED ") && job.contains(" ExitCode=0:0 "), job)
        }
        let mergeJob = try XCTUnwrap(merges.first.flatMap { $0.split(separator: " ").first { $0.hasPrefix("JobId=") } }
            .flatMap { Int($0.dropFirst(6)) })
        for task in 0..<4 {
            XCTAssertTrue(logNames.contains("plexus-merged-\(arrayJob)_\(task).out"), "\(logNames)")
            XCTAssertTrue(log("plexus-merged-\(arrayJob)_\(task).out").contains("shard \(task)/4: 2 of 8 videos"), allLogs)
        }
        XCTAssertTrue(log("plexus-merged-\(arrayJob)_0.out").contains("merge: job \(mergeJob), after every task of job \(arrayJob) succeeds"), allLogs)
        XCTAssertTrue(log("plexus-merged-merge-\(mergeJob).out").contains("8 videos merged, 0 skipped from 4 databases"), allLogs)
        XCTAssertEqual(log("plexus-merged-merge-\(mergeJob).err"), "", "the merge warned: every shard is there")

        // The merged database holds what one ingest on one machine gives, table by table.
        let plain = try runPlexus(["ingest", "videos/samples.csv", "--db", path("plain.sqlite"), "--quiet"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        let expected = try databaseContent(path("plain.sqlite")), actual = try databaseContent(merged)
        XCTAssertEqual(Set(actual.keys), Set(expected.keys))
        for (table, rows) in expected where table != "ingest_run" {
            XCTAssertEqual(actual[table]?.count, rows.count, "rows of \(table)")
            XCTAssertTrue(actual[table] == rows, "table \(table) differs")
        }
        for table in ["video", "cell", "frame", "component", "edge", "spectrum", "morphology", "cell_mask"] {
            XCTAssertGreaterThan(expected[table]?.count ?? 0, 0, table)
        }
        XCTAssertEqual(expected["video"]?.count, 8)
        let connection = try SQLiteConnection.reading(merged)
        XCTAssertEqual(try connection.texts("SELECT shard_index || '/' || shard_count || ' ' || status FROM ingest_run ORDER BY shard_index"),
                       ["0/4 finished", "1/4 finished", "2/4 finished", "3/4 finished"])
        XCTAssertEqual(try connection.inconsistencies(), [])
    }
}

/// A one-node Slurm cluster for one test: its own munge key and socket, its own
/// ports, state and spool folders, all under a short temporary folder (a Unix
/// socket's path is limited to 107 bytes).
///
/// Daemons and commands are started with `posix_spawn` and reaped with
/// `waitpid` by this class alone, each in its own process group with the
/// default signal dispositions and an empty signal mask (a test process
/// ignores SIGPIPE and its threads block signals, which children would inherit).
final class LocalSlurm {
    let folder: String
    private var daemons: [Child] = []

    private init(folder: String) { self.folder = folder }

    var configuration: String { folder + "/slurm.conf" }

    /// The commands the test uses, with the folders Debian puts them in.
    static let commands = ["munged", "munge", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "sinfo", "scancel"]
    static let searchPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    static func which(_ command: String) -> String? {
        for folder in searchPath.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/\(command)") {
            return "\(folder)/\(command)"
        }
        return nil
    }

    /// Installs Debian's slurm-wlm and munge when a command is missing (as root, or with sudo without a password).
    static func install() throws {
        let missing = commands.filter { which($0) == nil }
        guard !missing.isEmpty else { return }
        let sudo = getuid() == 0 ? "" : "sudo -n "
        let script = "\(sudo)apt-get update -qq && DEBIAN_FRONTEND=noninteractive \(sudo)apt-get install -y -qq slurm-wlm munge"
        let result = try runBounded("/bin/sh", ["-c", script], environment: ["PATH": searchPath], timeout: .seconds(900))
        let still = commands.filter { which($0) == nil }
        if !still.isEmpty {
            throw LocalSlurmError("\(still.joined(separator: ", ")) missing, and installing slurm-wlm and munge failed (status \(result.status)):\n\(result.output.suffix(2000))")
        }
    }

    /// Starts munged, slurmctld and slurmd, and waits (at most 60 s) until the node is idle.
    static func start() throws -> LocalSlurm {
        var template = Array("/tmp/plexus-slurm-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw LocalSlurmError("mkdtemp failed: errno \(errno)") }
        let cluster = LocalSlurm(folder: String(cString: made))
        do {
            try cluster.configureAndStart()
        } catch {
            cluster.stop()
            throw error
        }
        return cluster
    }

    private func configureAndStart() throws {
        let fm = FileManager.default
        for sub in ["munge", "state", "spool", "log"] {
            try fm.createDirectory(atPath: "\(folder)/\(sub)", withIntermediateDirectories: true)
        }
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder)
        try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder + "/munge")
        var key = [UInt8](repeating: 0, count: 1024)
        var generator = SystemRandomNumberGenerator()
        for i in key.indices { key[i] = generator.next() }
        try Data(key).write(to: URL(fileURLWithPath: folder + "/munge/munge.key"))
        try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: folder + "/munge/munge.key")

        let socket = folder + "/munge/munge.socket"
        try launch("munged", ["--foreground", "--force", "--socket=\(socket)", "--key-file=\(folder)/munge/munge.key",
                              "--log-file=\(folder)/log/munged.log", "--pid-file=\(folder)/munge/munged.pid",
                              "--seed-file=\(folder)/munge/munged.seed"])
        guard try waitFor(.seconds(20), { fm.fileExists(atPath: socket) }) else {
            throw LocalSlurmError("munged did not create its socket in 20 s:\n\(diagnostics())")
        }

        let host = Self.shortHostName()
        let ports = try Self.freePorts(2)
        let user = getuid() == 0 ? "root" : (getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) } ?? "root")
        let text = """
            # A one-node cluster written by SlurmClusterTests.
            ClusterName=plexustest
            SlurmctldHost=\(host)(127.0.0.1)
            SlurmUser=\(user)
            SlurmctldPort=\(ports[0])
            SlurmdPort=\(ports[1])
            AuthType=auth/munge
            AuthInfo=socket=\(socket)
            CredType=cred/munge
            StateSaveLocation=\(folder)/state
            SlurmdSpoolDir=\(folder)/spool
            SlurmctldPidFile=\(folder)/slurmctld.pid
            SlurmdPidFile=\(folder)/slurmd.pid
            SlurmctldLogFile=\(folder)/log/slurmctld.log
            SlurmdLogFile=\(folder)/log/slurmd.log
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            JobAcctGatherType=jobacct_gather/none
            AccountingStorageType=accounting_storage/none
            JobCompType=jobcomp/none
            SchedulerType=sched/builtin
            SelectType=select/cons_tres
            SelectTypeParameters=CR_CPU
            MpiDefault=none
            ReturnToService=2
            MinJobAge=600
            NodeName=\(host) NodeAddr=127.0.0.1 CPUs=\(ProcessInfo.processInfo.activeProcessorCount) State=UNKNOWN
            PartitionName=plexus Nodes=\(host) Default=YES MaxTime=INFINITE State=UP

            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: configuration))
        try launch("slurmctld", ["-D", "-f", configuration])
        try launch("slurmd", ["-D", "-f", configuration])
        let idle = try waitFor(.seconds(60)) {
            let state = try? self.run("sinfo", ["-h", "-o", "%T"], in: self.folder)
            return state?.status == 0 && state?.output.trimmingCharacters(in: .whitespacesAndNewlines) == "idle"
        }
        guard idle else { throw LocalSlurmError("the node did not become idle in 60 s:\n\(diagnostics())") }
    }

    /// Starts a daemon in the foreground, its output in log/NAME.out.
    private func launch(_ name: String, _ arguments: [String]) throws {
        guard let executable = Self.which(name) else { throw LocalSlurmError("\(name) not found in \(Self.searchPath)") }
        daemons.append(try Child(name: name, executable: executable, arguments: arguments, environment: environment,
                                 folder: folder, output: "\(folder)/log/\(name).out"))
    }

    var environment: [String: String] { ["PATH": Self.searchPath, "SLURM_CONF": configuration, "HOME": folder] }

    /// Runs a Slurm command against this cluster.
    func run(_ command: String, _ arguments: [String], in folder: String) throws -> (status: Int32, output: String) {
        guard let executable = Self.which(command) else { throw LocalSlurmError("\(command) not found") }
        return try runBounded(executable, arguments, environment: environment, in: folder, timeout: .seconds(30))
    }

    /// Waits until no job is pending or running; false when `timeout` passed first (the jobs are then cancelled).
    func waitUntilIdle(timeout: Duration) throws -> Bool {
        // sbatch has returned, so the array job is queued; the merge job is queued by task 0 before it ends.
        let idle = try waitFor(timeout) {
            let queue = try? self.run("squeue", ["-h", "-o", "%i %T"], in: self.folder)
            return queue?.status == 0 && queue?.output.trimmingCharacters(in: .whitespacesAndNewlines) == ""
        }
        if !idle { _ = try? run("scancel", ["--user", getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) } ?? "root"], in: folder) }
        return idle
    }

    /// The daemons' logs and the queue, for a failure message.
    func diagnostics() -> String {
        var parts: [String] = []
        if let queue = try? run("squeue", ["-o", "%i %j %T %r"], in: folder) { parts.append("squeue:\n\(queue.output)") }
        for name in ["munged.out", "munged.log", "slurmctld.out", "slurmctld.log", "slurmd.out", "slurmd.log"] {
            if let text = try? String(contentsOfFile: "\(folder)/log/\(name)", encoding: .utf8) {
                parts.append("\(name):\n\(text.suffix(3000))")
            }
        }
        return parts.joined(separator: "\n")
    }

    /// Stops the daemons by their PIDs (SIGTERM, then SIGKILL after 15 s), last started first, and removes the folder.
    func stop() {
        for daemon in daemons.reversed() { daemon.stop(grace: .seconds(15)) }
        daemons.removeAll()
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func waitFor(_ timeout: Duration, _ condition: () throws -> Bool) throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            if let dead = daemons.first(where: { $0.hasExited() }) {
                throw LocalSlurmError("\(dead.name) has exited (status \(dead.status ?? -1)):\n\(diagnostics())")
            }
            usleep(250_000)
        }
        return try condition()
    }

    /// This host's name up to its first dot: the name slurmd and slurmctld know themselves by.
    static func shortHostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count - 1)
        let name = String(nulTerminated: buffer)
        return String(name.split(separator: ".").first ?? "localhost")
    }

    /// `count` TCP ports free on the loopback now (bound to port 0, read back, released).
    static func freePorts(_ count: Int) throws -> [Int] {
        var sockets: [Int32] = [], ports: [Int] = []
        defer { for s in sockets { close(s) } }
        for _ in 0..<count {
            let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard s >= 0 else { throw LocalSlurmError("socket failed: errno \(errno)") }
            sockets.append(s)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else { throw LocalSlurmError("bind failed: errno \(errno)") }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &length) }
            }
            ports.append(Int(UInt16(bigEndian: address.sin_port)))
        }
        return ports
    }
}

/// A failure to install, start or use the local cluster: the test fails with the daemons' logs.
struct LocalSlurmError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
