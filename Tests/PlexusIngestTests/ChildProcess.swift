import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// A process started by `posix_spawn` in its own process group, with stdin from
/// /dev/null and stdout and stderr appended to one file, reaped by `waitpid`.
/// It starts with an empty signal mask and default dispositions: a test
/// process ignores SIGPIPE and its threads block signals, which a daemon
/// (slurmd waiting for its job steps) must not inherit. Foundation's Process
/// left a finished child unreaped while the test thread polled it.
final class Child {
    let name: String
    let pid: pid_t
    /// The exit status once reaped (128 + the signal when a signal ended it).
    private(set) var status: Int32?

    init(name: String, executable: String, arguments: [String], environment: [String: String],
         folder: String, output: String) throws {
        self.name = name
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        // env(1) changes the folder and then executes the command in place, keeping the PID
        // (Glibc's posix_spawn_file_actions_addchdir_np is not visible to Swift).
        let argv = (["/usr/bin/env", "-C", folder, executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, "/usr/bin/env", &actions, &attributes, argv, envp)
        guard result == 0 else { throw ChildProcessError("posix_spawn \(executable) failed: \(String(cString: strerror(result)))") }
        self.pid = pid
    }

    /// Whether the process has ended (reaping it when it has).
    func hasExited() -> Bool {
        if status != nil { return true }
        var raw: Int32 = 0
        let reaped = waitpid(pid, &raw, WNOHANG)
        if reaped == pid {
            let signal = raw & 0x7f
            status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
            return true
        }
        if reaped < 0 && errno == ECHILD { status = -1; return true }
        return false
    }

    /// SIGTERM to its process group, SIGKILL when it is still there after `grace`, then reaped.
    func stop(grace: Duration) {
        guard !hasExited() else { return }
        kill(-pid, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while !hasExited() && ContinuousClock.now < deadline { usleep(20_000) }
        guard !hasExited() else { return }
        kill(-pid, SIGKILL)
        while !hasExited() { usleep(10_000) }
    }
}

/// Runs a command with its output in a file; its process group is killed when it outlives `timeout`.
func runBounded(_ executable: String, _ arguments: [String], environment: [String: String],
                in folder: String = "/", timeout: Duration) throws -> (status: Int32, output: String) {
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("plexus-command-\(UUID().uuidString).out").path
    defer { try? FileManager.default.removeItem(atPath: output) }
    let child = try Child(name: executable, executable: executable, arguments: arguments, environment: environment,
                          folder: folder, output: output)
    let deadline = ContinuousClock.now + timeout
    while !child.hasExited() && ContinuousClock.now < deadline { usleep(20_000) }
    let killed = !child.hasExited()
    if killed { child.stop(grace: .zero) }
    let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    return killed ? (-1, "\(executable) killed after \(timeout)\n\(text)") : (child.status ?? -1, text)
}

/// A process that could not be started.
struct ChildProcessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
