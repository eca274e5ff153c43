import Foundation
import Testing

/// The outbox's promise end to end: the real binary killed with SIGKILL right after the outbox
/// commit (the dispatcher's test hook), then restarted: the alert is in the log exactly once.
@Suite struct AlertsCommandTests {
    func logLines(_ path: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func aKillBetweenOutboxAndLogLeavesExactlyOneLineAfterTheRestart() throws {
        let dir = try ScratchDirectory()
        let archive = dir.url.appendingPathComponent("archive.sqlite").path
        let log = dir.url.appendingPathComponent("alerts.log").path

        let crashed = try NewswatchBinary.run(["alerts", "send-test", "desertion", "--log", log, "--archive", archive],
                                              environment: ["NEWSWATCH_TEST_CRASH_AFTER_OUTBOX": "1"])
        #expect(crashed.status == SIGKILL, "\(crashed.stderr)")
        #expect(logLines(log).isEmpty)

        let restarted = try NewswatchBinary.run(["alerts", "redeliver", "--log", log, "--archive", archive])
        #expect(restarted.status == 0, "\(restarted.stderr)")
        #expect(restarted.stdout.contains("wrote 1 alert line"))
        #expect(logLines(log).count == 1)
        #expect(logLines(log).first?.contains(" INFO desertion \"newswatch test alert\"") == true)

        let again = try NewswatchBinary.run(["alerts", "redeliver", "--log", log, "--archive", archive])
        #expect(again.stdout.contains("wrote 0 alert lines"))
        #expect(logLines(log).count == 1)

        let sent = try NewswatchBinary.run(["alerts", "send-test", "--log", log, "--archive", archive])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(logLines(log).count == 2)
        let count = try NewswatchBinary.run(["alerts", "count", "--since", "1h", "--archive", archive])
        #expect(count.stdout.hasPrefix("2 alerts since "))
        #expect(count.stdout.contains("  desertion 1\n"))
        #expect(count.stdout.contains("  newswatch-test 1\n"))
    }

    @Test func aBadFormatIsNamed() throws {
        let dir = try ScratchDirectory()
        let outcome = try NewswatchBinary.run(["alerts", "send-test", "--log", dir.url.appendingPathComponent("a.log").path,
                                               "--format", "xml", "--archive", dir.url.appendingPathComponent("a.sqlite").path])
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "newswatch: --format xml: is not an alert log format (text or json)\n")
    }
}
