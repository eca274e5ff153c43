import Foundation
import NewswatchTestSupport
import Testing

/// The daemon with more feeds than the archive takes in at once: the real binary against a loopback
/// server with many feeds of many items (ETags on), stopped with SIGTERM in the middle of the
/// backlog, then restarted.
@Suite(.serialized) struct DaemonBacklogTests {
    static let feeds = 120
    static let items = 25
    /// Every fifth item matches the rule.
    static let matchEvery = 5

    /// A feed of `items` items, each a story of its own: the texts are drawn from a vocabulary large
    /// enough that no two are near-duplicates.
    static func feed(_ index: Int) -> String {
        var generator = SeededRandom(seed: UInt64(index) &* 7919 &+ 1)
        let syllables = ["ka", "lo", "mi", "ne", "ru", "sta", "ber", "gen", "tor", "wal", "fel", "dor", "hun", "pra", "sel",
                         "vin", "zu", "ach", "ost", "ler"]
        func word() -> String { (0..<3).map { _ in syllables[Int(generator.next() % UInt64(syllables.count))] }.joined() }
        let entries = (0..<items).map { item in
            let marker = item % matchEvery == 0 ? " backlogalert" : ""
            return (guid: "f\(index)-i\(item)", title: "Meldung \(index)-\(item)\(marker) " + (0..<6).map { _ in word() }.joined(separator: " "),
                    body: (0..<50).map { _ in word() }.joined(separator: " ") + ".")
        }
        return rssFeed(title: "Feed \(index)", items: entries)
    }

    func config(server: TestHTTPServer) -> String {
        var text = """
            [daemon]
            allow_private_networks = true
            interval = "10m"
            per_host = 8
            concurrency = 16

            [[rule]]
            name = "backlog"
            query = 'backlogalert'

            """
        for index in 0..<Self.feeds {
            text += "\n[[feed]]\nname = \"feed-\(index)\"\nurl = \"\(server.url("/feed-\(index).xml"))\"\n"
        }
        return text
    }

    /// Serves every feed with an ETag and answers a matching If-None-Match with 304, as nginx does.
    func server() throws -> TestHTTPServer {
        let server = try TestHTTPServer()
        for index in 0..<Self.feeds {
            let body = Self.feed(index)
            let etag = "\"feed-\(index)-v1\""
            server.route("/feed-\(index).xml") { request in
                if request.header("If-None-Match") == etag { return ScriptedResponse(status: 304, headers: [("ETag", etag)]) }
                return .text(body, headers: [("Content-Type", "application/rss+xml"), ("ETag", etag)])
            }
        }
        return server
    }

    func backlogAlertKeys(_ daemon: DaemonHarness) -> [String] {
        daemon.alertLines.filter { $0.contains(" backlog \"") }.compactMap { line in
            line.range(of: " key=").map { String(line[$0.upperBound...]) }
        }
    }

    @Test func sigtermInTheBacklogStopsAtOnceAndARestartArchivesEverythingOnce() throws {
        let server = try server()
        defer { server.stop() }
        let daemon = try DaemonHarness()
        try daemon.writeConfig(config(server: server))
        try daemon.start(environment: ["WATCHDOG_USEC": "400000"])
        #expect(daemon.waitForNotification("READY=1") != nil, "\(daemon.notificationsSoFar)")

        // The backlog is being archived: the first alerts are out.
        #expect(daemon.waitUntil(timeout: 60) { !backlogAlertKeys(daemon).isEmpty }, "\(daemon.alertLines)")

        // While the archive is busy the daemon answers: the watchdog keeps coming, and `status`
        // reads the archive.
        let pingsBefore = daemon.notificationsSoFar.filter { $0.contains("WATCHDOG=1") }.count
        let status = try NewswatchBinary.run(["status", "--config", daemon.configPath, "--json"], environment: daemon.directories)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(daemon.waitUntil(timeout: 5) {
            daemon.notificationsSoFar.filter { $0.contains("WATCHDOG=1") }.count >= pingsBefore + 2
        })

        // SIGTERM in the middle of it: STOPPING=1 and exit 0 within 5 seconds.
        let alertsAtStop = backlogAlertKeys(daemon).count
        let stopped = Date()
        daemon.signal(SIGTERM)
        let exit = daemon.waitForExit(timeout: 5)
        let took = Date().timeIntervalSince(stopped)
        #expect(exit == 0, "still running or failed \(took) s after SIGTERM")
        #expect(daemon.notificationsSoFar.contains { $0.contains("STOPPING=1") })
        #expect(alertsAtStop < Self.feeds * Self.items / Self.matchEvery,
                "the backlog was done before SIGTERM; nothing here tested a stop under load")

        // The restart polls every feed once: the feeds archived before the stop answer 304 (their
        // validators were stored with their articles); the rest are fetched and archived now.
        let again = try daemon.runOnce()
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        let lines = again.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasSuffix(": not modified") }, "no feed was archived before the stop:\n\(again.stdout)")
        #expect(lines.contains { $0.hasSuffix(" \(Self.items) new, 0 updated") }, "no feed was left for the restart:\n\(again.stdout)")

        // Everything archived exactly once, every matching item alerted exactly once.
        let stats = try NewswatchBinary.run(["archive", "stats", "--json", "--archive", daemon.stateDirectory + "/archive.sqlite"])
        let document = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any]
        #expect(document?["articles"] as? Int == Self.feeds * Self.items, "\(stats.stdout)\(stats.stderr)")
        #expect(document?["sightings"] as? Int == Self.feeds * Self.items)
        #expect(document?["nearDuplicates"] as? Int == 0)
        let keys = backlogAlertKeys(daemon)
        #expect(keys.count == Self.feeds * Self.items / Self.matchEvery)
        #expect(Set(keys).count == keys.count)
    }
}
