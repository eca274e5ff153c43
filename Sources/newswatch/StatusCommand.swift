import ArgumentParser
import Foundation
import NewswatchArchive
import NewswatchConfig
import NewswatchNormalize

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show every feed's health: last success, last error, next poll, articles in 24 h.",
        discussion: """
            Reads the feed list from the config and what the daemon recorded from the archive (it may \
            be running). States: ok, failing, gone (410), moved (a permanent redirect: update the \
            config), disabled, never polled, and removed (in the archive, no longer in the config). \
            Exit status 1 when the config is invalid or there is no archive yet.
            """
    )

    @OptionGroup var config: ConfigLocation

    @Option(name: .customLong("archive"), help: ArgumentHelp(
        "The archive file.", discussion: "Default: the config's [daemon] archive.", valueName: "path"))
    var archivePath: String?

    @Flag(help: "Print the status as JSON (stable keys; null when unknown).")
    var json = false

    func run() throws {
        try reportingFailures {
            let configuration = try config.load()
            let path = archivePath ?? configuration.daemon.archivePath
            guard FileManager.default.fileExists(atPath: path) else {
                throw CommandFailure("no archive yet at \(path): the daemon has not run")
            }
            let now = Date()
            let since = now.addingTimeInterval(-FeedHealthReport.window)
            let (records, alertsByFeed, alerts) = try archiveFailures {
                let archive = try Archive(path: path, access: .reading)
                return (try archive.feedHealth(since: since), try archive.alertCountByFeed(since: since), try archive.alertCount(since: since))
            }
            var report = FeedHealthReport(feeds: configuration.feeds, records: records)
            for index in report.lines.indices { report.lines[index].recentAlerts = alertsByFeed[report.lines[index].name] ?? 0 }
            report.recentAlerts = alerts.total
            if json {
                let document = StatusDocument(time: now, config: config.resolvedPath, archive: path, report: report)
                let data = try OrderedJSONEncoder(pretty: true).encode(document)
                FileHandleOutput.standardOutput.write(String(decoding: data, as: UTF8.self) + "\n")
            } else {
                FileHandleOutput.standardOutput.write(StatusTable(report: report, now: now).render())
            }
        }
    }
}
