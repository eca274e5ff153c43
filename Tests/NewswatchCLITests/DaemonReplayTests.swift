import Foundation
import NewswatchTestSupport
import Testing

/// The start-up replay of recent articles through the rules: after a crash it runs (and repeats no
/// alert), after a clean exit with the same rules there is nothing to replay, and after the rules
/// were edited the recent articles go through the new rules.
@Suite(.serialized) struct DaemonReplayTests {
    @Test func aCleanExitLeavesNothingToReplayACrashOrARuleEditDoes() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/seeds.rss", .text(DaemonTests.seedFeed))
        let daemon = try DaemonHarness()
        try daemon.writeConfig(DaemonTests().config(server: server))
        let checkpoint = daemon.stateDirectory + "/archive.sqlite.rules-checkpoint"

        _ = try daemon.runOnceSucceeding()
        #expect(DaemonTests().desertionLines(daemon).count == 2)
        #expect(FileManager.default.fileExists(atPath: checkpoint))
        // The same rules after a clean exit: the rules saw every archived article already.
        let clean = try daemon.runOnceSucceeding()
        #expect(!clean.stderr.contains("replayed recent articles"), "\(clean.stderr)")
        #expect(FileManager.default.fileExists(atPath: checkpoint))

        // Killed: the next start finds no checkpoint and replays the window, repeating no alert.
        try daemon.start()
        #expect(daemon.waitForNotification("READY=1") != nil)
        #expect(!FileManager.default.fileExists(atPath: checkpoint))
        daemon.signal(SIGKILL)
        _ = daemon.waitForExit(timeout: 5)
        let afterCrash = try daemon.runOnceSucceeding()
        #expect(afterCrash.stderr.contains("replayed recent articles"), "\(afterCrash.stderr)")
        #expect(DaemonTests().desertionLines(daemon).count == 2, "\(daemon.alertLines)")

        // A rule added while stopped: the recent articles go through it, as before the checkpoint.
        try daemon.writeConfig(DaemonTests().config(server: server, extra: """

            [[rule]]
            name = "assad"
            query = 'assad*'
            """))
        let edited = try daemon.runOnceSucceeding()
        #expect(edited.stderr.contains("replayed recent articles"), "\(edited.stderr)")
        #expect(daemon.alertLines.contains { $0.contains(" assad \"") }, "\(daemon.alertLines)")
        #expect(DaemonTests().desertionLines(daemon).count == 2, "\(daemon.alertLines)")
    }

    @Test func withoutRulesNothingIsReplayedAndNoCheckpointIsLeft() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/seeds.rss", .text(DaemonTests.seedFeed))
        let daemon = try DaemonHarness()
        try daemon.writeConfig(feed: "seeds", url: server.url("/seeds.rss"), logLevel: "debug")
        let first = try daemon.runOnceSucceeding()
        #expect(first.stdout.contains("seeds: 5 items, 5 new, 0 updated"), "\(first.stdout)")
        let second = try daemon.runOnceSucceeding()
        #expect(!second.stderr.contains("replayed recent articles"), "\(second.stderr)")
        #expect(!FileManager.default.fileExists(atPath: daemon.stateDirectory + "/archive.sqlite.rules-checkpoint"))
        #expect(daemon.alertLines.isEmpty)
    }
}
