import Foundation
import NewswatchArchive
import NewswatchRules
import Testing
@testable import NewswatchAlerts

struct FixedClock: AlertClock {
    var now: Date
}

/// What the dispatcher records for `alert` before it writes the line: the state a crash right after
/// the outbox commit leaves behind.
func outboxRecord(_ alert: Alert, sinks: [String] = []) -> OutboxAlert {
    OutboxAlert(key: alert.key.value, rule: alert.rule, storyID: alert.storyIDs.first, time: alert.time,
                json: AlertLogFormat.json.line(for: alert), sinks: sinks)
}

@Suite struct AlertDispatcherTests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)

    func keyCount(_ key: AlertKey, in path: String) -> Int {
        lines(path).filter { $0.hasSuffix(" key=\(key.value)") || $0.contains("\"key\":\"\(key.value)\"") }.count
    }

    @Test func dispatchRecordsWritesAndMarksEachAlertOnce() throws {
        let dir = ScratchDirectory()
        defer { dir.remove() }
        let archive = try Archive(path: dir.file("archive.sqlite"))
        let log = try AlertLog(path: dir.file("alerts.log"))
        let dispatcher = AlertDispatcher(archive: archive, log: log, clock: FixedClock(now: now), environment: [:])
        let alerts = [sampleAlert(1), sampleAlert(2)]

        try dispatcher.dispatch(alerts)
        #expect(lines(log.path).count == 2)
        #expect(try archive.unloggedAlerts().isEmpty)
        #expect(try archive.outboxEntry(alerts[0].key.value)?.logged == now)
        #expect(try archive.alertCount(since: now) == AlertCount(total: 2, byRule: ["desertion": 2]))

        // The same decision made again (a replay, a second feed): nothing new in the log.
        try dispatcher.dispatch(alerts + [sampleAlert(3), sampleAlert(3)])
        #expect(lines(log.path).count == 3)
        for number in 1...3 { #expect(keyCount(sampleAlert(number).key, in: log.path) == 1) }
        #expect(try dispatcher.redeliverPending() == 0)
    }

    @Test(arguments: [AlertLogFormat.text, .json])
    func aCrashAfterTheOutboxCommitIsMadeUpForAtStartUp(format: AlertLogFormat) throws {
        let dir = ScratchDirectory()
        defer { dir.remove() }
        let path = dir.file("archive.sqlite")
        let alerts = [sampleAlert(1), sampleAlert(2)]
        do {
            // The first run recorded both and died before writing a line.
            let archive = try Archive(path: path)
            try archive.recordAlerts(alerts.map { outboxRecord($0) }, at: now)
        }
        let archive = try Archive(path: path)
        let log = try AlertLog(path: dir.file("alerts.log"), format: format)
        let restarted = AlertDispatcher(archive: archive, log: log, clock: FixedClock(now: now), environment: [:])
        #expect(try restarted.redeliverPending() == 2)
        #expect(lines(log.path).count == 2)
        #expect(lines(log.path)[0] == format.line(for: alerts[0]))
        #expect(lines(log.path)[1] == format.line(for: alerts[1]))
        #expect(try archive.unloggedAlerts().isEmpty)

        // Another restart, or the decider deciding them again: still one line each.
        #expect(try AlertDispatcher(archive: archive, log: log, environment: [:]).redeliverPending() == 0)
        try restarted.dispatch(alerts)
        #expect(lines(log.path).count == 2)
    }

    @Test(arguments: [AlertLogFormat.text, .json])
    func aLineWrittenButNotMarkedIsNotWrittenTwice(format: AlertLogFormat) throws {
        let dir = ScratchDirectory()
        defer { dir.remove() }
        let path = dir.file("archive.sqlite")
        let logPath = dir.file("alerts.log")
        let alerts = [sampleAlert(1), sampleAlert(2), sampleAlert(3)]
        do {
            // The first run wrote the first two lines and died before marking them.
            let archive = try Archive(path: path)
            try archive.recordAlerts(alerts.map { outboxRecord($0) }, at: now)
            let log = try AlertLog(path: logPath, format: format)
            try log.deliver(alerts[0])
            try log.deliver(alerts[1])
        }
        let archive = try Archive(path: path)
        let log = try AlertLog(path: logPath, format: format)
        let restarted = AlertDispatcher(archive: archive, log: log, environment: [:])
        #expect(try restarted.redeliverPending() == 1)
        #expect(lines(logPath).count == 3)
        for alert in alerts { #expect(keyCount(alert.key, in: logPath) == 1) }
        #expect(try archive.unloggedAlerts().isEmpty)
    }

    @Test func aLineInTheRotatedLogCountsAsWritten() throws {
        let dir = ScratchDirectory()
        defer { dir.remove() }
        let archive = try Archive(path: dir.file("archive.sqlite"))
        let logPath = dir.file("alerts.log")
        try archive.recordAlerts([outboxRecord(sampleAlert(1))], at: now)
        do {
            let log = try AlertLog(path: logPath)
            try log.deliver(sampleAlert(1))
        }
        // logrotate renamed the log between the write and the restart.
        try FileManager.default.moveItem(atPath: logPath, toPath: logPath + ".1")
        let log = try AlertLog(path: logPath)
        #expect(try AlertDispatcher(archive: archive, log: log, environment: [:]).redeliverPending() == 0)
        #expect(lines(logPath).isEmpty)
    }

    @Test func aDamagedOutboxEntryIsReportedByKey() throws {
        let dir = ScratchDirectory()
        defer { dir.remove() }
        let archive = try Archive(path: dir.file("archive.sqlite"))
        try archive.recordAlerts([OutboxAlert(key: "broken/1/2", rule: "broken", time: now, json: "{\"nope\":1}")], at: now)
        let log = try AlertLog(path: dir.file("alerts.log"))
        #expect {
            try AlertDispatcher(archive: archive, log: log, environment: [:]).redeliverPending()
        } throws: { error in
            (error as? AlertDispatchError)?.key == "broken/1/2"
        }
    }
}

@Suite struct DeliveredKeysTests {
    @Test(arguments: [AlertLogFormat.text, .json])
    func findsManyKeysInOneReadOfTheLogAndItsRotatedFile(format: AlertLogFormat) throws {
        let dir = ScratchDirectory()
        defer { dir.remove() }
        let path = dir.file("alerts.log")
        var odd = sampleAlert(9, title: "key=desertion/story-2/a52d281376681bc4 \"key\":\"desertion/story-3/a52d281376681bc4\"")
        odd.key = AlertKey("odd rule/with \"quotes\"")
        do {
            let log = try AlertLog(path: path, format: format)
            try log.deliver(sampleAlert(1))
        }
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        let log = try AlertLog(path: path, format: format)
        try log.deliver(odd)
        let asked = [sampleAlert(1).key, sampleAlert(2).key, sampleAlert(3).key, odd.key]
        #expect(log.deliveredKeys(among: asked) == [sampleAlert(1).key, odd.key])
        for key in asked { #expect(log.hasDelivered(key) == (key == sampleAlert(1).key || key == odd.key)) }
    }
}
