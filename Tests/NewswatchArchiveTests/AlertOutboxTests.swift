import Foundation
import NewswatchArchive
import Testing

@Suite struct AlertOutboxTests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)

    func alert(_ key: String, rule: String = "desertion", story: String? = "story-1", sinks: [String] = []) -> OutboxAlert {
        OutboxAlert(key: key, rule: rule, storyID: story, time: now, json: "{\"key\":\"\(key)\"}", sinks: sinks)
    }

    @Test func recordingTheSameKeyTwiceStoresItOnce() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        #expect(try archive.recordAlerts([alert("a"), alert("b")], at: now) == [true, true])
        var again = alert("a")
        again.json = "{\"changed\":true}"
        #expect(try archive.recordAlerts([again, alert("c")], at: now.addingTimeInterval(5)) == [false, true])
        let pending = try archive.unloggedAlerts()
        #expect(pending.map(\.key) == ["a", "b", "c"])
        #expect(pending[0].json == "{\"key\":\"a\"}")
        #expect(pending[0].created == now)
        #expect(pending[2].created == now.addingTimeInterval(5))
        #expect(pending.allSatisfy { $0.logged == nil })
    }

    @Test func markingLoggedTakesAlertsOutOfTheUndeliveredListAndSurvivesReopening() throws {
        let dir = try TemporaryDirectory()
        let path: String
        do {
            let archive = try dir.archive()
            path = archive.path
            try archive.recordAlerts([alert("a"), alert("b"), alert("c")], at: now)
            try archive.markLogged(["b", "unknown"], at: now.addingTimeInterval(1))
            try archive.markLogged(["b"], at: now.addingTimeInterval(99))
        }
        let reopened = try Archive(path: path)
        #expect(try reopened.unloggedAlerts().map(\.key) == ["a", "c"])
        #expect(try reopened.outboxEntry("b")?.logged == now.addingTimeInterval(1))
        #expect(try reopened.outboxEntry("zzz") == nil)
    }

    @Test func countsAlertsSinceADateInAllAndPerRule() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        try archive.recordAlerts([alert("old", rule: "desertion")], at: now.addingTimeInterval(-86_400))
        try archive.recordAlerts([alert("d1", rule: "desertion"), alert("d2", rule: "desertion"),
                                  alert("s1", rule: "putin-syria")], at: now)
        let count = try archive.alertCount(since: now.addingTimeInterval(-3600))
        #expect(count == AlertCount(total: 3, byRule: ["desertion": 2, "putin-syria": 1]))
        #expect(try archive.alertCount(since: .distantPast).total == 4)
        #expect(try archive.alertCount(since: now.addingTimeInterval(1)) == AlertCount())
    }

    @Test func sinkDeliveriesAreRetriedUntilDeliveredOrGivenUp() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        try archive.recordAlerts([alert("a", sinks: ["exec", "webhook"]), alert("b")], at: now)
        #expect(try archive.nextSinkAttempt() == now)
        var due = try archive.dueSinkDeliveries(at: now)
        #expect(due.map { "\($0.entry.key) \($0.delivery.sink)" }.sorted() == ["a exec", "a webhook"])

        try archive.recordSinkAttempt(key: "a", sink: "exec", outcome: .delivered, at: now)
        try archive.recordSinkAttempt(key: "a", sink: "webhook", outcome: .failed(error: "503", retryAt: now.addingTimeInterval(30)), at: now)
        #expect(try archive.dueSinkDeliveries(at: now.addingTimeInterval(29)).isEmpty)
        #expect(try archive.nextSinkAttempt() == now.addingTimeInterval(30))
        due = try archive.dueSinkDeliveries(at: now.addingTimeInterval(30))
        #expect(due.map(\.delivery.sink) == ["webhook"])
        #expect(due[0].delivery.attempts == 1)
        #expect(due[0].delivery.lastError == "503")

        try archive.recordSinkAttempt(key: "a", sink: "webhook", outcome: .failed(error: "refused", retryAt: nil), at: now.addingTimeInterval(31))
        #expect(try archive.nextSinkAttempt() == nil)
        let deliveries = try archive.sinkDeliveries("a")
        #expect(deliveries.map(\.state) == [.delivered, .failed])
        #expect(deliveries.map(\.attempts) == [1, 2])
        #expect(deliveries[1].lastError == "refused")
        #expect(deliveries[1].finished == now.addingTimeInterval(31))
    }

    @Test func remembersWhichStoriesWereAlertedAndPrunesOnlyFinishedEntries() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        try archive.recordAlerts([alert("a", story: "s1"), alert("b", story: "s2", sinks: ["exec"]),
                                  alert("c", story: nil)], at: now)
        #expect(try archive.alertedStories(since: now.addingTimeInterval(-1)).map(\.storyID) == ["s1", "s2"])
        try archive.markLogged(["a", "b"], at: now)
        // b's exec delivery is pending and c is not logged: only a may go.
        #expect(try archive.pruneOutbox(createdBefore: now.addingTimeInterval(1)) == 1)
        #expect(try archive.outboxEntry("a") == nil)
        #expect(try archive.outboxEntry("b") != nil)
    }
}
