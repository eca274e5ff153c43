import Foundation
import Testing

/// The real daemon against the chaos feed server (`scripts/chaos_feed_server.py`): every kind of
/// misbehaving server beside well-behaved feeds. The good feeds' items must all be archived, once, the
/// misbehaving feeds must end as failures with a reason, and the daemon must still answer signals.
@Suite(.serialized) struct ChaosDaemonTests {
    static let kinds = ["valid", "status500", "status429", "reset", "endless", "drip", "garbage", "truncated_gzip",
                        "gzip_bomb", "wrong_charset", "huge_item", "redirect_loop", "changing", "hang", "entity_bomb"]
    /// Kinds that can only end as a failed poll, and kinds that must be read.
    static let failing: Set = ["status500", "status429", "reset", "endless", "drip", "garbage", "truncated_gzip",
                               "gzip_bomb", "redirect_loop", "hang", "entity_bomb"]
    static let read: Set = ["valid", "changing", "huge_item", "wrong_charset"]
    static let goodFeeds = 0..<4
    static let itemsPerGoodFeed = 3

    func config(_ server: ChaosFeedServer) -> String {
        var text = """
            [daemon]
            allow_private_networks = true
            interval = "10s"
            min_interval = "10s"
            max_backoff = "20s"
            timeout = "3s"
            connect_timeout = "2s"
            max_size = "2MiB"
            concurrency = 32
            per_host = 32

            [[rule]]
            name = "soak-marker"
            query = 'soakmarker'
            severity = "notice"

            """
        for feed in Self.goodFeeds {
            text += "\n[[feed]]\nname = \"good-\(feed)\"\nurl = \"\(server.url("/good/\(feed)"))\"\n"
        }
        for (index, kind) in Self.kinds.enumerated() {
            text += "\n[[feed]]\nname = \"kind-\(kind)\"\nurl = \"\(server.url("/kind/\(kind)/\(index)"))\"\n"
        }
        for feed in 0..<4 {
            text += "\n[[feed]]\nname = \"chaos-\(feed)\"\nurl = \"\(server.url("/chaos/\(feed)"))\"\n"
        }
        return text
    }

    /// guid → how many archived articles carry it, from `newswatch export` (the daemon keeps running).
    func archivedGUIDs(_ daemon: DaemonHarness) throws -> [String: Int] {
        let export = try NewswatchBinary.run(["export", "--archive", daemon.stateDirectory + "/archive.sqlite"])
        var counts: [String: Int] = [:]
        for line in export.stdout.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let guid = object["guid"] as? String else { continue }
            counts[guid, default: 0] += 1
        }
        return counts
    }

    /// Feed name → its line of `newswatch status --json`.
    func feedStatus(_ daemon: DaemonHarness) throws -> [String: [String: Any]] {
        let status = try NewswatchBinary.run(["status", "--config", daemon.configPath, "--json"], environment: daemon.directories)
        let document = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        return Dictionary(((document?["feeds"] as? [[String: Any]]) ?? []).map { ($0["name"] as? String ?? "", $0) },
                          uniquingKeysWith: { first, _ in first })
    }

    @Test func goodFeedsAreArchivedWhileEveryKindOfBadServerFailsAndTheDaemonStaysResponsive() throws {
        // A 150 KB item: a debug build on a loaded machine takes seconds over the 600 KB of the soak.
        let server = try ChaosFeedServer(seed: 7, hugeItemKilobytes: 150)
        let daemon = try DaemonHarness()
        try daemon.writeConfig(config(server))
        try daemon.start()
        #expect(daemon.waitForNotification("READY=1") != nil, "\(daemon.notificationsSoFar)")

        let expected = Self.goodFeeds.flatMap { feed in (0..<Self.itemsPerGoodFeed).map { "good-\(feed)-\($0)" } }
        var archived: [String: Int] = [:]
        let complete = daemon.waitUntil(timeout: 12) {
            archived = (try? archivedGUIDs(daemon)) ?? [:]
            return expected.allSatisfy { archived[$0] != nil }
        }
        #expect(complete, "missing: \(expected.filter { archived[$0] == nil })")
        #expect(expected.allSatisfy { archived[$0] == 1 }, "\(archived.filter { $0.key.hasPrefix("good-") })")
        // good-0-0 is the one good item with the marker word (feed + index divisible by 7).
        #expect(daemon.waitUntil(timeout: 5) { daemon.alertLines.filter { $0.contains("Meldung 0-0") }.count == 1 }, "\(daemon.alertLines)")
        #expect(daemon.alertLines.filter { $0.contains(" soak-marker ") }.count == 1, "\(daemon.alertLines)")

        // Still responsive after the slow and hostile servers: a reload is answered at once.
        #expect(daemon.isRunning)
        let seen = daemon.notificationsSoFar.count
        daemon.signal(SIGHUP)
        #expect(daemon.waitForNotification("RELOADING=1", after: seen, timeout: 5) != nil)
        #expect(daemon.waitForNotification("READY=1", after: seen, timeout: 5) != nil)

        // Every kind that cannot succeed ended as a failure with a reason, in the archive's feed state
        // (the slow ones after the 3 s timeout), and the readable ones were read.
        var feeds: [String: [String: Any]] = [:]
        let allPolled = daemon.waitUntil(timeout: 10) {
            feeds = (try? feedStatus(daemon)) ?? [:]
            return Self.kinds.allSatisfy { feeds["kind-\($0)"]?["lastAttempt"] is String }
        }
        #expect(allPolled, "\(feeds.filter { !($0.value["lastAttempt"] is String) }.keys.sorted())")
        for kind in Self.failing {
            let feed = feeds["kind-\(kind)"]
            #expect(feed?["errorKind"] is String && !(feed?["lastSuccess"] is String), "\(kind): \(feed ?? [:])")
        }
        for kind in Self.read {
            #expect(feeds["kind-\(kind)"]?["lastSuccess"] is String, "\(kind): \(feeds["kind-\(kind)"] ?? [:])")
        }
        #expect(daemon.isRunning)

        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: 8) == 0)
    }
}
