import Foundation
import NewswatchTestSupport
import Testing

/// The daemon as systemd runs it: the real binary, a real loopback HTTP server, real signals, a
/// notify socket of our own.
@Suite(.serialized) struct DaemonTests {
    static let seedFeed = try! String(contentsOf: NewswatchBinary.repository.appendingPathComponent("seeds/news.de.rss"), encoding: .utf8)

    func config(server: TestHTTPServer, extra: String = "") -> String {
        """
        include = ["feeds.d/*.toml"]

        [daemon]
        allow_private_networks = true
        interval = "10m"
        log_level = "debug"

        [[feed]]
        name = "seeds"
        url = "\(server.url("/seeds.rss"))"

        [[rule]]
        name = "desertion"
        query = 'desert* OR *desertion* OR *fahnenflucht*'
        severity = "warning"
        \(extra)
        """
    }

    func desertionLines(_ daemon: DaemonHarness) -> [String] {
        daemon.alertLines.filter { $0.contains(" desertion \"") }
    }

    @Test func runsReloadsAndStopsLikeAServiceShould() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/seeds.rss", .text(Self.seedFeed, headers: [("Content-Type", "application/rss+xml")]))
        server.route("/extra.rss", .text(rssFeed(title: "Extra", items: [
            ("x-1", "Soldaten desertieren an der Nordfront", "Immer mehr Soldaten begehen Fahnenflucht, berichten Beobachter aus der Region."),
        ])))
        server.route("/third.rss", .text(rssFeed(title: "Third", items: [
            ("t-1", "Desertion im Süden gemeldet", "Eine ganze Einheit soll desertiert sein, meldet ein Sprecher."),
        ])))

        let daemon = try DaemonHarness()
        try daemon.writeConfig(config(server: server))
        try daemon.start(environment: ["WATCHDOG_USEC": "500000"])

        // READY once the archive is open and the scheduler runs; the two desertion seeds alert.
        #expect(daemon.waitForNotification("READY=1") != nil, "\(daemon.notificationsSoFar)")
        #expect(daemon.waitUntil(timeout: 15) { desertionLines(daemon).count == 2 }, "\(daemon.alertLines)")
        #expect(daemon.waitForNotification("WATCHDOG=1") != nil)
        #expect(daemon.notificationsSoFar.contains { $0.contains("STATUS=") })

        // A plain edit of the config file adds a feed: it is polled within seconds.
        try daemon.writeConfig(config(server: server, extra: """

            [[feed]]
            name = "extra"
            url = "\(server.url("/extra.rss"))"
            """))
        #expect(daemon.waitUntil(timeout: 15) { desertionLines(daemon).count == 3 }, "\(daemon.alertLines)")

        // A file dropped into feeds.d and SIGHUP: RELOADING=1, READY=1 again, the feed is polled.
        let seen = daemon.notificationsSoFar.count
        try """
            [[feed]]
            name = "third"
            url = "\(server.url("/third.rss"))"
            """.write(toFile: daemon.folder.appendingPathComponent("feeds.d/third.toml").path, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(daemon.waitForNotification("RELOADING=1", after: seen) != nil)
        #expect(daemon.waitUntil(timeout: 15) { desertionLines(daemon).count == 4 }, "\(daemon.alertLines)")

        // An invalid edit: the daemon keeps running on the old config and raises a config alert.
        try daemon.writeConfig(config(server: server) + "\nintervall = \"5m\"\n")
        #expect(daemon.waitUntil(timeout: 15) { daemon.alertLines.contains { $0.contains("config-reload-refused") } }, "\(daemon.alertLines)")
        // SIGHUP on the invalid config: refused, but still RELOADING=1 then READY=1, which
        // `systemctl reload` waits for.
        let beforeRefusal = daemon.notificationsSoFar.count
        daemon.signal(SIGHUP)
        #expect(daemon.waitForNotification("RELOADING=1", after: beforeRefusal) != nil)
        #expect(daemon.waitForNotification("READY=1", after: beforeRefusal) != nil)
        #expect(daemon.isRunning)

        // SIGTERM: STOPPING=1 and exit status 0 within 5 seconds.
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: 5) == 0)
        #expect(daemon.notificationsSoFar.contains { $0.contains("STOPPING=1") })

        // Restarted and killed, then every feed polled again: every alert is still in the log exactly
        // once. (A restarted daemon keeps each feed's schedule, so `--once` forces the second poll.)
        let before = daemon.alertLines
        try daemon.writeConfig(config(server: server))
        try daemon.start()
        #expect(daemon.waitForNotification("READY=1") != nil)
        daemon.signal(SIGKILL)
        _ = daemon.waitForExit(timeout: 5)
        let requestsBefore = server.requests(to: "/seeds.rss").count
        let again = try daemon.runOnce()
        #expect(again.stdout.contains("seeds: not modified") || again.stdout.contains("seeds: 5 items, 0 new, 0 updated"), "\(again.stdout)")
        #expect(server.requests(to: "/seeds.rss").count > requestsBefore)
        #expect(daemon.alertLines == before)
        let keys = daemon.alertLines.compactMap { line -> String? in
            guard let range = line.range(of: " key=") else { return nil }
            return String(line[range.upperBound...])
        }
        #expect(Set(keys).count == keys.count)
    }

    @Test func onceExitsWithASummaryAndFailsWhenAFeedFails() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/seeds.rss", .text(Self.seedFeed))
        server.route("/broken.rss", .text("<rss><channel><title>x</title><item><title>unclosed", status: 500))
        let daemon = try DaemonHarness()
        try daemon.writeConfig(config(server: server, extra: """

            [[feed]]
            name = "broken"
            url = "\(server.url("/broken.rss"))"
            """))
        let outcome = try daemon.runOnce()
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("seeds: 5 items, 5 new, 0 updated"))
        #expect(outcome.stdout.contains("broken: FAILED:"))
        #expect(outcome.stdout.contains("2 feeds polled, 1 failed"))
        #expect(desertionLines(daemon).count == 2)
    }

    @Test func anInvalidConfigDoesNotStart() throws {
        let daemon = try DaemonHarness()
        try daemon.writeConfig("[daemon]\nper_host = \"two\"\n")
        let outcome = try NewswatchBinary.run(["run", "--config", daemon.configPath])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("newswatch.toml:2:12: daemon.per_host: expected a whole number, found a string"))
    }
}

@Suite(.serialized) struct DaemonDeliveryTests {
    @Test func aCrashBetweenOutboxAndLogLosesNoAlertAndRepeatsNone() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/seeds.rss", .text(DaemonTests.seedFeed))
        let daemon = try DaemonHarness()
        try daemon.writeConfig(DaemonTests().config(server: server))

        // Killed right after the alerts are committed to the outbox, before the log is written.
        let crashed = try daemon.runOnce(environment: ["NEWSWATCH_TEST_CRASH_AFTER_OUTBOX": "1"])
        #expect(crashed.status == SIGKILL, "\(crashed.stdout)\(crashed.stderr)")
        #expect(daemon.alertLines.isEmpty)

        // The next start writes them, once; the one after writes nothing more.
        for _ in 0..<2 {
            let outcome = try daemon.runOnce()
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(DaemonTests().desertionLines(daemon).count == 2, "\(daemon.alertLines)")
        }
    }

    @Test func aFeedThatCouldNotBeArchivedIsNotAskedForWithItsNewETag() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/login.rss", .text("<html><body><form>Bitte anmelden</form></body></html>",
                                         headers: [("Content-Type", "text/html"), ("ETag", "\"v1\"")]))
        let daemon = try DaemonHarness()
        try daemon.writeConfig(feed: "login", url: server.url("/login.rss"))
        for _ in 0..<2 {
            let outcome = try daemon.runOnce()
            #expect(outcome.status == 1)
            #expect(outcome.stdout.contains("login: FAILED:"))
        }
        // Had the ETag of the page that could not be read been kept, the second poll would be a 304
        // and whatever the feed carried then would never be archived.
        let requests = server.requests(to: "/login.rss")
        #expect(requests.count == 2)
        #expect(requests.allSatisfy { $0.header("If-None-Match") == nil })
    }

    @Test func rulesTestReplaysTheArchive() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/seeds.rss", .text(DaemonTests.seedFeed))
        let daemon = try DaemonHarness()
        try daemon.writeConfig(DaemonTests().config(server: server, extra: """

            [[rule]]
            name = "syria"
            query = 'putin* AND (syrien OR assad*)'
            enabled = false
            """))
        _ = try daemon.runOnce()
        let archive = daemon.stateDirectory + "/archive.sqlite"
        let all = try NewswatchBinary.run(["rules", "test", daemon.configPath, "--archive", archive], environment: daemon.directories)
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.hasSuffix("2 alerts from 5 archived articles since \(all.stdout.split(separator: " ").last ?? "")"))
        // A disabled rule can be tried by name before it is switched on.
        let syria = try NewswatchBinary.run(["rules", "test", daemon.configPath, "syria", "--archive", archive], environment: daemon.directories)
        #expect(syria.stdout.contains("syria \"Wladimir Putin: Kremlchef gewährt Assad Asyl"))
        #expect(syria.stdout.contains("1 alerts from 5 archived articles"))
        // `status` counts the run's articles and alerts per feed.
        let status = try NewswatchBinary.run(["status", "--config", daemon.configPath, "--json"], environment: daemon.directories)
        let document = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let seeds = (document?["feeds"] as? [[String: Any]])?.first { $0["name"] as? String == "seeds" }
        #expect(seeds?["articles24h"] as? Int == 5)
        #expect(seeds?["alerts24h"] as? Int == 2)
        let unknown = try NewswatchBinary.run(["rules", "test", daemon.configPath, "nope", "--archive", archive], environment: daemon.directories)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no rule named nope"))
    }

    @Test func fullTextFeedsArchiveTheArticleFromThePage() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let page = try String(contentsOf: NewswatchBinary.repository.appendingPathComponent(
            "Tests/NewswatchParseTests/Pages/004-jsonld.html"), encoding: .utf8)
        server.route("/artikel/004.html", .text(page, headers: [("Content-Type", "text/html; charset=utf-8")]))
        server.route("/teaser.rss", .text(rssFeed(title: "Teaser", items: [
            ("t-004", "Pleite für Wladimir Putin: Nordkoreaner offenbar von Ukraine-Front geflüchtet", "Nur ein Teaser."),
        ]).replacingOccurrences(of: "https://example.org/t-004", with: server.url("/artikel/004.html"))))
        let daemon = try DaemonHarness()
        try daemon.writeConfig(feed: "teaser", url: server.url("/teaser.rss"), feedSettings: "fulltext = true")
        let outcome = try daemon.runOnce()
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(server.requests(to: "/artikel/004.html").count == 1)
        // The archive holds the seed's own article, found by the seed's id.
        let archive = daemon.stateDirectory + "/archive.sqlite"
        let shown = try NewswatchBinary.run(["show", "--archive", archive, "a52d281376681bc4"])
        let seedID = try NewswatchBinary.run(["parse", "seeds/004_a52d281376681bc4.txt"]).stdout
            .split(separator: "\"").dropFirst().first { $0.count == 64 }.map(String.init) ?? ""
        let byID = try NewswatchBinary.run(["show", "--archive", archive, String(seedID.prefix(12))])
        #expect(byID.status == 0, "\(byID.stderr) \(shown.stderr)")
        #expect(byID.stdout.contains("Kim Jong Un und Wladimir Putin bauen Partnerschaft aus"))

        // Polled again, the known item's page is not fetched again.
        _ = try daemon.runOnce()
        #expect(server.requests(to: "/artikel/004.html").count == 1)
    }
}
