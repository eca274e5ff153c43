import ArgumentParser
import Foundation
import NewswatchAlerts
import NewswatchArchive
import NewswatchNormalize
import NewswatchRules

/// `newswatch alerts`: the alert outbox in the archive, seen from outside the daemon.
struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Count recorded alerts, send a test alert, write alerts the log is missing.",
        subcommands: [Count.self, Send.self, Redeliver.self]
    )

    /// `--log PATH --format text|json`: the alert log to write to.
    struct LogLocation: ParsableArguments {
        @Option(name: .customLong("log"), help: ArgumentHelp("The alert log file.", valueName: "path"))
        var path: String

        @Option(help: ArgumentHelp("The alert log's format: text or json.", valueName: "format"))
        var format: String = "text"

        func open() throws -> AlertLog {
            guard let format = AlertLogFormat(rawValue: format) else {
                throw CommandFailure("--format \(format)", "is not an alert log format (text or json)")
            }
            do {
                return try AlertLog(path: path, format: format)
            } catch {
                throw CommandFailure(error.description)
            }
        }
    }

    struct Count: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "count", abstract: "How many alerts were recorded since a time, per rule.")

        @Option(help: ArgumentHelp("Count from then.", valueName: "age|time"))
        var since: SinceArgument = SinceArgument(argument: "24h")!

        @OptionGroup var archive: ArchiveLocation

        func run() throws {
            try reportingFailures {
                let opened = try archive.openForReading()
                let count = try archiveFailures { try opened.alertCount(since: since.date) }
                var text = "\(count.total) alert\(count.total == 1 ? "" : "s") since \(RFC3339.string(from: since.date))\n"
                for (rule, n) in count.byRule.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
                    text += "  \(rule) \(n)\n"
                }
                FileHandleOutput.standardOutput.write(text)
            }
        }
    }

    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send-test",
            abstract: "Send a test alert through the outbox to the alert log.",
            discussion: "The alert goes the way the daemon's do: recorded in the archive's outbox first, then written to the log.")

        @Argument(help: "The rule name the test alert carries.")
        var rule: String = "newswatch-test"

        @Option(help: "The alert's title.")
        var title: String = "newswatch test alert"

        @OptionGroup var log: LogLocation
        @OptionGroup var archive: ArchiveLocation

        func run() throws {
            try reportingFailures {
                let now = Date()
                let alert = Alert(
                    key: AlertKey("\(rule)/test/\(Int64(now.timeIntervalSince1970 * 1000))"), time: now, severity: .info,
                    rule: rule, kind: .match, title: title)
                let dispatcher = AlertDispatcher(archive: try archive.open(), log: try log.open())
                try dispatchFailures { try dispatcher.dispatch([alert]) }
                FileHandleOutput.standardOutput.write("sent \(alert.key)\n")
            }
        }
    }

    struct Redeliver: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "redeliver",
            abstract: "Write the outbox's alerts that are not in the alert log yet (what the daemon does at start-up).")

        @OptionGroup var log: LogLocation
        @OptionGroup var archive: ArchiveLocation

        func run() throws {
            try reportingFailures {
                let dispatcher = AlertDispatcher(archive: try archive.openExisting(), log: try log.open())
                let lines = try dispatchFailures { try dispatcher.redeliverPending() }
                FileHandleOutput.standardOutput.write("wrote \(lines) alert line\(lines == 1 ? "" : "s") to \(log.path)\n")
            }
        }
    }
}

/// Runs a dispatcher operation, turning its errors into `CommandFailure`s.
private func dispatchFailures<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ArchiveError {
        throw CommandFailure(error.description)
    } catch let error as AlertLogError {
        throw CommandFailure(error.description)
    } catch let error as AlertDispatchError {
        throw CommandFailure(error.description)
    }
}
