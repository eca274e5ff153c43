import ArgumentParser
import Foundation
import Logging
import NewswatchConfig
import NewswatchDaemon

/// A command whose work is asynchronous; `main.swift` awaits `execute()`.
protocol AsyncCommand {
    func execute() async throws
}

struct RunCommand: AsyncParsableCommand, AsyncCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon: poll the feeds, archive their articles, write alerts.",
        discussion: """
            Runs in the foreground until SIGTERM or SIGINT, as systemd runs it (Type=notify: READY=1 \
            once the archive is open and the scheduler runs, STATUS= with a one-line summary, \
            WATCHDOG=1 when WatchdogSec is set). SIGHUP, or any change to the config file or a file \
            it includes, reloads the config; an invalid config is refused and the daemon keeps \
            running on the old one. SIGUSR1 reopens the alert log (logrotate does it by itself too).

            --once polls every enabled feed once, waits for all of them, prints a line per feed and \
            exits: status 0 when every feed was read, 1 when any failed. For cron and scripts.
            """
    )

    @Option(name: .customLong("config"), help: "The config file (default: $CONFIGURATION_DIRECTORY/newswatch.toml, else /etc/newswatch/newswatch.toml).")
    var configPath: String?

    @Flag(help: "Poll every feed once and exit.")
    var once = false

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (default: the config's log_level).")
    var logLevel: String?

    func validate() throws {
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
    }

    func run() async throws {
        try await execute()
    }

    func execute() async throws {
        let path = configPath ?? ConfigurationLoader().defaultPath
        // Signals are taken over first, so a SIGTERM during start-up is a clean stop, not a kill.
        let signals = once ? nil : SignalEvents()
        let configured: Configuration
        do {
            configured = try ConfigurationLoader().load(path: path)
        } catch {
            for problem in error.problems { FileHandleOutput.standardError.write("newswatch: \(problem)\n") }
            FileHandleOutput.standardError.write("newswatch: \(path): config is not valid; not starting\n")
            throw ExitCode(1)
        }
        let level = logLevel.flatMap(Logger.Level.init(rawValue:)) ?? Logger.Level(rawValue: configured.daemon.logLevel.rawValue) ?? .info
        DaemonLogHandler.bootstrap(level: level)
        let logger = Logger(label: "newswatch")

        let daemon: Daemon
        do {
            daemon = try Daemon(options: Daemon.Options(configPath: path), configuration: configured, logger: logger)
        } catch {
            FileHandleOutput.standardError.write("newswatch: \(error.description.replacingOccurrences(of: "\n", with: "\nnewswatch: "))\n")
            throw ExitCode(1)
        }
        if let signals {
            await daemon.run(signals: signals)
            return
        }
        let reports = await daemon.pollOnce()
        for report in reports { FileHandleOutput.standardOutput.write(report.line + "\n") }
        let failed = reports.filter(\.failed).count
        FileHandleOutput.standardOutput.write("\(reports.count) feeds polled, \(failed) failed\n")
        if failed > 0 { throw ExitCode(1) }
    }
}
