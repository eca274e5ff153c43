import Foundation
import NewswatchTestSupport
import Testing

/// The real `newswatch run` as a subprocess, with its own config folder, state, alert log and a
/// datagram socket standing in for systemd's notify socket.
final class DaemonHarness: @unchecked Sendable {
    let folder: URL
    let configPath: String
    let alertLogPath: String
    let stateDirectory: String
    private let notifySocket: NotifySocket
    let notifyPath: String
    private(set) var process: Process?
    private var output = Pipe()
    private let received = ReceivedNotifications()
    private var reader: Thread?

    init() throws {
        folder = URL(fileURLWithPath: "/tmp").appendingPathComponent("nw-daemon-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("feeds.d"), withIntermediateDirectories: true)
        configPath = folder.appendingPathComponent("newswatch.toml").path
        stateDirectory = folder.appendingPathComponent("state").path
        alertLogPath = folder.appendingPathComponent("logs/alerts.log").path
        notifyPath = folder.appendingPathComponent("notify").path
        let socket = try NotifySocket(path: notifyPath, receiveTimeout: .milliseconds(200))
        notifySocket = socket
        // The thread holds what it writes to, not the harness: holding the harness, it was the one to
        // drop the last reference, ran `deinit` itself and waited there for itself to finish, forever
        // (the folder stayed behind in /tmp).
        let received = received
        let thread = Thread {
            while true {
                if let message = socket.receive() {
                    received.append(message)
                } else if received.isStopped {
                    return
                }
            }
        }
        reader = thread
        thread.start()
    }

    func writeConfig(_ text: String) throws {
        try text.write(toFile: configPath, atomically: false, encoding: .utf8)
    }

    /// A config of one feed and no rules; private networks allowed, as a feed on the tests' loopback
    /// server needs. `feedSettings` are more lines of the feed's table.
    func writeConfig(feed name: String, url: String, logLevel: String? = nil, feedSettings: String = "") throws {
        var lines = ["[daemon]", "allow_private_networks = true"]
        if let logLevel { lines.append("log_level = \"\(logLevel)\"") }
        lines += ["", "[[feed]]", "name = \"\(name)\"", "url = \"\(url)\""]
        if !feedSettings.isEmpty { lines.append(feedSettings) }
        try writeConfig(lines.joined(separator: "\n"))
    }

    /// STATE_DIRECTORY and LOGS_DIRECTORY as systemd sets them, pointing into this harness's folder:
    /// the environment of every `newswatch` command run against this daemon's config.
    var directories: [String: String] {
        ["STATE_DIRECTORY": stateDirectory, "LOGS_DIRECTORY": (alertLogPath as NSString).deletingLastPathComponent]
    }

    /// `newswatch run --once` on this config and directories.
    func runOnce(environment extra: [String: String] = [:]) throws -> NewswatchBinary.Outcome {
        try NewswatchBinary.run(["run", "--once", "--config", configPath], environment: directories.merging(extra) { $1 })
    }

    /// `runOnce()`, which must succeed.
    @discardableResult
    func runOnceSucceeding() throws -> NewswatchBinary.Outcome {
        let outcome = try runOnce()
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return outcome
    }

    func start(environment extra: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = NewswatchBinary.url
        process.arguments = ["run", "--config", configPath]
        var environment = ProcessInfo.processInfo.environment.merging(directories) { $1 }
        environment["NOTIFY_SOCKET"] = notifyPath
        environment["WATCHDOG_USEC"] = nil
        extra.forEach { environment[$0.key] = $0.value }
        process.environment = environment
        output = Pipe()
        process.standardOutput = output
        process.standardError = output
        // Drain the daemon's log so it never blocks on a full pipe.
        let handle = output.fileHandleForReading
        handle.readabilityHandler = { handle in _ = handle.availableData }
        received.removeAll()
        try process.run()
        self.process = process
    }

    var notificationsSoFar: [String] { received.all }

    /// Waits until a notify message starting with `prefix` arrives (after `skipping` earlier ones).
    func waitForNotification(_ prefix: String, after skipping: Int = 0, timeout: TimeInterval = 15) -> String? {
        var found: String?
        _ = waitUntil(timeout: timeout) {
            found = self.notificationsSoFar.dropFirst(skipping).first { $0.hasPrefix(prefix) || $0.contains("\n" + prefix) }
            return found != nil
        }
        return found
    }

    func waitUntil(timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    var alertLines: [String] {
        ((try? String(contentsOfFile: alertLogPath, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func signal(_ number: Int32) {
        if let process, process.isRunning { kill(process.processIdentifier, number) }
    }

    var isRunning: Bool { process?.isRunning ?? false }

    /// The exit status, or nil when the daemon is still running after `timeout`.
    func waitForExit(timeout: TimeInterval) -> Int32? {
        guard let process else { return nil }
        guard waitUntil(timeout: timeout, { !process.isRunning }) else { return nil }
        return process.terminationStatus
    }

    deinit {
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        received.stop()
        while reader?.isFinished == false { usleep(10_000) }
        try? FileManager.default.removeItem(at: folder)
    }
}

/// A small RSS 2.0 feed with the given items (title, description).
func rssFeed(title: String, items: [(guid: String, title: String, body: String)]) -> String {
    let entries = items.map { item in
        """
        <item><guid isPermaLink="false">\(item.guid)</guid><title>\(item.title)</title>
        <link>https://example.org/\(item.guid)</link><pubDate>Mon, 09 Dec 2024 14:05:00 +0100</pubDate>
        <description><![CDATA[<p>\(item.body)</p>]]></description></item>
        """
    }.joined(separator: "\n")
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>\(title)</title><link>https://example.org/</link>
        \(entries)
        </channel></rss>
        """
}

/// What the notify socket received, shared by the harness and its reader thread.
private final class ReceivedNotifications: @unchecked Sendable {
    // @unchecked: every property is guarded by `lock`.
    private let lock = NSLock()
    private var messages: [String] = []
    private var stopped = false

    var all: [String] { lock.withLock { messages } }
    var isStopped: Bool { lock.withLock { stopped } }
    func append(_ message: String) { lock.withLock { messages.append(message) } }
    func removeAll() { lock.withLock { messages.removeAll() } }
    func stop() { lock.withLock { stopped = true } }
}
