import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How a run of an exec sink's program ended.
public enum ChildProcessOutcome: Sendable, Equatable {
    case exited(Int32)
    case signalled(Int32)
    /// Still running at the timeout: its process group was killed.
    case timedOut
    /// It could not be started (no such program, not executable, …).
    case notStarted(String)
}

/// One run of a program with bytes on its standard input, its output (stdout and stderr together)
/// kept up to a bound, and a timeout. posix_spawn, not Foundation's `Process`: the child gets its own
/// process group (so a timeout kills what it started too) and default signal dispositions whatever
/// the daemon ignores, and no signal handler is installed in this process.
public struct ChildProcess: Sendable {
    public var arguments: [String]
    public var environment: [String: String]
    public var timeout: TimeInterval
    /// How much of the output is kept (the end of it).
    public var outputLimit: Int

    public init(arguments: [String], environment: [String: String], timeout: TimeInterval, outputLimit: Int = 4096) {
        self.arguments = arguments
        self.environment = environment
        self.timeout = timeout
        self.outputLimit = outputLimit
    }

    public struct Result: Sendable, Equatable {
        public var outcome: ChildProcessOutcome
        /// The last `outputLimit` bytes the program wrote, as text.
        public var output: String
    }

    /// Runs the program to its end or the timeout. Blocks the calling thread.
    public func run(input: [UInt8]) -> Result {
        guard let program = arguments.first, !program.isEmpty else {
            return Result(outcome: .notStarted("no program given"), output: "")
        }
        // stdin is a socket, not a pipe: `send` with MSG_NOSIGNAL cannot raise SIGPIPE in this
        // process when the program exits without reading, and no SIGPIPE handler is needed.
        var stdinPair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &stdinPair) == 0 else {
            return Result(outcome: .notStarted("socketpair: \(Self.errorText())"), output: "")
        }
        var outputPipe: [Int32] = [-1, -1]
        guard pipe(&outputPipe) == 0 else {
            close(stdinPair[0]); close(stdinPair[1])
            return Result(outcome: .notStarted("pipe: \(Self.errorText())"), output: "")
        }
        // Only the descriptors dup'ed to 0, 1 and 2 reach the program.
        for fd in outputPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var ours = [stdinPair[0], outputPipe[0]]
        defer { for fd in ours where fd >= 0 { close(fd) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPair[1], 0)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGHUP, SIGINT, SIGTERM, SIGQUIT, SIGUSR1, SIGUSR2, SIGCHLD] { sigaddset(&defaults, signal) }
        var noMask = sigset_t()
        sigemptyset(&noMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &noMask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, program, &actions, &attributes, argv, envp)
        close(stdinPair[1])
        close(outputPipe[1])
        guard spawned == 0 else {
            return Result(outcome: .notStarted("\(program): \(String(cString: strerror(spawned)))"), output: "")
        }

        let deadline = Date().addingTimeInterval(timeout)
        var output: [UInt8] = []
        var sent = 0
        var status: Int32 = 0
        var exited = false
        _ = fcntl(ours[1], F_SETFL, fcntl(ours[1], F_GETFL) | O_NONBLOCK)
        if input.isEmpty { shutdown(ours[0], Int32(SHUT_WR)) }
        while true {
            if !exited, waitpid(pid, &status, WNOHANG) == pid { exited = true }
            // Drain what is there; after the exit, a grandchild holding the pipe open does not
            // keep us waiting.
            var buffer = [UInt8](repeating: 0, count: 4096)
            while ours[1] >= 0 {
                let count = read(ours[1], &buffer, buffer.count)
                guard count > 0 else {
                    if count == 0 { close(ours[1]); ours[1] = -1 }
                    break
                }
                output += buffer[..<count]
                if output.count > outputLimit { output.removeFirst(output.count - outputLimit) }
            }
            if exited { break }
            if Date() >= deadline {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                return Result(outcome: .timedOut, output: String(decoding: output, as: UTF8.self))
            }
            if ours[0] >= 0, sent < input.count {
                let count = input[sent...].withUnsafeBytes { send(ours[0], $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)) }
                if count > 0 {
                    sent += count
                    if sent == input.count { shutdown(ours[0], Int32(SHUT_WR)) }
                } else if count < 0, errno != EAGAIN, errno != EINTR {
                    // The program closed its input (or exited): what it did not read is its choice.
                    close(ours[0]); ours[0] = -1
                }
            }
            var fds: [pollfd] = []
            if ours[1] >= 0 { fds.append(pollfd(fd: ours[1], events: Int16(POLLIN), revents: 0)) }
            if ours[0] >= 0, sent < input.count { fds.append(pollfd(fd: ours[0], events: Int16(POLLOUT), revents: 0)) }
            // Short waits: the exit of the child is noticed by polling waitpid, not by SIGCHLD.
            _ = poll(&fds, nfds_t(fds.count), 20)
        }
        let text = String(decoding: output, as: UTF8.self)
        if (status & 0x7f) == 0 {
            return Result(outcome: .exited((status >> 8) & 0xff), output: text)
        }
        return Result(outcome: .signalled(status & 0x7f), output: text)
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
