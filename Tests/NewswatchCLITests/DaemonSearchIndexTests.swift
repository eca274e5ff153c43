import Foundation
import GRDB
import NewswatchTestSupport
import Testing

/// The running daemon writes the search entries of what it archived at its next group-commit sync,
/// not only once a batch of articles waits: a reader that does not catch the index up itself (this
/// test reads the file with plain SQL, read-only) sees every archived article indexed within seconds.
@Suite(.serialized) struct DaemonSearchIndexTests {
    @Test func whatTheDaemonArchivedIsIndexedWithinSeconds() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/seeds.rss", .text(DaemonTests.seedFeed, headers: [("Content-Type", "application/rss+xml")]))
        let daemon = try DaemonHarness()
        try daemon.writeConfig(DaemonTests().config(server: server))
        try daemon.start()
        defer { daemon.signal(SIGTERM); _ = daemon.waitForExit(timeout: 10) }
        #expect(daemon.waitForNotification("READY=1") != nil, "\(daemon.notificationsSoFar)")

        let path = (daemon.stateDirectory as NSString).appendingPathComponent("archive.sqlite")
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        // (archived, without a search entry), read without writing anything.
        func counts() -> (archived: Int, unindexed: Int)? {
            guard FileManager.default.fileExists(atPath: path),
                  let queue = try? DatabaseQueue(path: path, configuration: configuration) else { return nil }
            return try? queue.read { db in
                let archived = try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0
                let unindexed = try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM article WHERE seq > (SELECT coalesce(max(id), 0) FROM article_search_docsize)
                    """) ?? 0
                return (archived, unindexed)
            }
        }
        // The five seeds are archived, then indexed by the writer's next sync (about a second later)
        // while the daemon keeps running: far fewer than a batch (`searchIndexBatch`, 2,000) wait.
        #expect(daemon.waitUntil(timeout: 20) {
            guard let now = counts() else { return false }
            return now.archived == 5 && now.unindexed == 0
        }, "\(String(describing: counts()))")
    }
}
