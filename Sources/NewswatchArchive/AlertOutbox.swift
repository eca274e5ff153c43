import Foundation
import GRDB

/// An alert handed to the outbox. The archive does not know the `Alert` type (it lives in
/// NewswatchRules, above the archive): it keeps the alert's JSON verbatim, with the few fields it
/// queries by.
public struct OutboxAlert: Sendable, Equatable {
    /// The alert's dedup key (`AlertKey.value`): unique in the outbox.
    public var key: String
    public var rule: String
    /// The (first) story the alert is about, so a restarted decider can remember it.
    public var storyID: String?
    /// When the alert was decided.
    public var time: Date
    /// The alert as sinks get it.
    public var json: String
    /// The sinks besides the log that must deliver it (`exec`, `webhook`), each tracked on its own.
    public var sinks: [String]

    public init(key: String, rule: String, storyID: String? = nil, time: Date, json: String, sinks: [String] = []) {
        self.key = key
        self.rule = rule
        self.storyID = storyID
        self.time = time
        self.json = json
        self.sinks = sinks
    }
}

/// An alert as the outbox holds it.
public struct OutboxEntry: Sendable, Equatable {
    public var key: String
    public var rule: String
    public var storyID: String?
    public var time: Date
    public var json: String
    /// When it was recorded.
    public var created: Date
    /// When it reached the alert log; nil while it has not (or is not known to have).
    public var logged: Date?
}

/// One sink's delivery of one alert.
public struct SinkDelivery: Sendable, Equatable {
    public enum State: String, Sendable {
        /// Not delivered yet; tried again at `nextAttempt`.
        case pending
        case delivered
        /// Retries ran out; `lastError` says why.
        case failed
    }

    public var key: String
    public var sink: String
    public var state: State
    public var attempts: Int
    public var nextAttempt: Date?
    public var lastError: String?
    /// When it was delivered or given up.
    public var finished: Date?
}

/// What one attempt of a sink came to.
public enum SinkAttemptOutcome: Sendable, Equatable {
    case delivered
    /// Failed; tried again at `retryAt`, or never again when nil (the delivery becomes `failed`).
    case failed(error: String, retryAt: Date?)
}

/// How many alerts were recorded in a period, in all and per rule.
public struct AlertCount: Sendable, Equatable {
    public var total: Int
    public var byRule: [String: Int]

    public init(total: Int = 0, byRule: [String: Int] = [:]) {
        self.total = total
        self.byRule = byRule
    }
}

/// A story a rule alerted for, and when: what `AlertDecider.remember` takes after a restart.
public struct AlertedStory: Sendable, Equatable {
    public var rule: String
    public var storyID: String
    public var time: Date
}

extension Archive {
    /// Records alerts in the outbox in one transaction, committed (and fsync'ed) when this returns.
    /// Idempotent by key: an alert whose key is already there is left as it was. Returns, per alert,
    /// whether it was newly recorded.
    @discardableResult
    public func recordAlerts(_ alerts: [OutboxAlert], at now: Date) throws -> [Bool] {
        guard !alerts.isEmpty else { return [] }
        let created = StoredTime.seconds(now)
        let inserted = try write { db in
            var inserted: [Bool] = []
            for alert in alerts {
                try db.execute(sql: """
                    INSERT INTO alert_outbox (key, rule, story, alertTime, created, json) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (key) DO NOTHING
                    """, arguments: [alert.key, alert.rule, alert.storyID, StoredTime.seconds(alert.time), created, alert.json])
                guard db.changesCount > 0 else {
                    inserted.append(false)
                    continue
                }
                let seq = db.lastInsertedRowID
                for sink in Set(alert.sinks) {
                    try db.execute(sql: """
                        INSERT INTO alert_delivery (alert, sink, state, nextAttempt) VALUES (?, ?, 'pending', ?)
                        """, arguments: [seq, sink, created])
                }
                inserted.append(true)
            }
            return inserted
        }
        // Before any of these alerts reaches a log, they and every article recorded before them are
        // on disk: a power cut cannot take back an article whose alert was written, so its next
        // sighting after the restart is not new and alerts no second time.
        try syncToDisk()
        return inserted
    }

    /// Alerts not (known to be) in the alert log yet, oldest first.
    public func unloggedAlerts(limit: Int = 1000) throws -> [OutboxEntry] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM alert_outbox WHERE logged IS NULL ORDER BY seq LIMIT ?
                """, arguments: [limit]).map(Self.entry)
        }
    }

    /// The outbox entry of `key`, if recorded.
    public func outboxEntry(_ key: String) throws -> OutboxEntry? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM alert_outbox WHERE key = ?", arguments: [key]).map(Self.entry)
        }
    }

    /// Notes that these alerts are in the alert log (one transaction). Keys already marked keep
    /// their first time; unknown keys are ignored.
    public func markLogged(_ keys: [String], at now: Date) throws {
        guard !keys.isEmpty else { return }
        try write { db in
            for key in keys {
                try db.execute(sql: "UPDATE alert_outbox SET logged = ? WHERE key = ? AND logged IS NULL",
                               arguments: [StoredTime.seconds(now), key])
            }
        }
    }

    /// Pending sink deliveries whose next attempt is due at `now`, oldest first, with their alerts.
    public func dueSinkDeliveries(at now: Date, limit: Int = 100) throws -> [(entry: OutboxEntry, delivery: SinkDelivery)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT o.*, d.sink, d.state, d.attempts, d.nextAttempt, d.lastError, d.finished
                FROM alert_delivery d JOIN alert_outbox o ON o.seq = d.alert
                WHERE d.state = 'pending' AND d.nextAttempt <= ?
                ORDER BY d.nextAttempt, o.seq LIMIT ?
                """, arguments: [StoredTime.seconds(now), limit]).map { row in
                (entry: Self.entry(row), delivery: Self.delivery(row))
            }
        }
    }

    /// Every sink delivery of the alert `key`.
    public func sinkDeliveries(_ key: String) throws -> [SinkDelivery] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT o.key, d.* FROM alert_delivery d JOIN alert_outbox o ON o.seq = d.alert
                WHERE o.key = ? ORDER BY d.sink
                """, arguments: [key]).map(Self.delivery)
        }
    }

    /// When the next pending sink delivery is due, if any is pending.
    public func nextSinkAttempt() throws -> Date? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT min(nextAttempt) FROM alert_delivery WHERE state = 'pending'")
                .map(StoredTime.date)
        }
    }

    /// Records one attempt of `sink` for the alert `key`.
    public func recordSinkAttempt(key: String, sink: String, outcome: SinkAttemptOutcome, at now: Date) throws {
        let time = StoredTime.seconds(now)
        try write { db in
            let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM alert_outbox WHERE key = ?", arguments: [key])
            guard let seq else { return }
            switch outcome {
            case .delivered:
                try db.execute(sql: """
                    UPDATE alert_delivery SET state = 'delivered', attempts = attempts + 1, nextAttempt = NULL,
                        finished = ? WHERE alert = ? AND sink = ?
                    """, arguments: [time, seq, sink])
            case .failed(let error, let retryAt?):
                try db.execute(sql: """
                    UPDATE alert_delivery SET attempts = attempts + 1, nextAttempt = ?, lastError = ?
                    WHERE alert = ? AND sink = ?
                    """, arguments: [StoredTime.seconds(retryAt), error, seq, sink])
            case .failed(let error, nil):
                try db.execute(sql: """
                    UPDATE alert_delivery SET state = 'failed', attempts = attempts + 1, nextAttempt = NULL,
                        lastError = ?, finished = ? WHERE alert = ? AND sink = ?
                    """, arguments: [error, time, seq, sink])
            }
        }
    }

    /// Alerts recorded at or after `since`, in all and per rule (`newswatch status`).
    public func alertCount(since: Date) throws -> AlertCount {
        try read { db in
            var count = AlertCount()
            for row in try Row.fetchAll(db, sql: """
                SELECT rule, count(*) AS n FROM alert_outbox WHERE created >= ? GROUP BY rule
                """, arguments: [StoredTime.seconds(since)]) {
                let n: Int = row["n"]
                count.byRule[row["rule"]] = n
                count.total += n
            }
            return count
        }
    }

    /// The stories rules alerted for since `since`, latest alert per rule and story.
    public func alertedStories(since: Date) throws -> [AlertedStory] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT rule, story, max(alertTime) AS t FROM alert_outbox
                WHERE alertTime >= ? AND story IS NOT NULL GROUP BY rule, story ORDER BY t
                """, arguments: [StoredTime.seconds(since)]).map {
                AlertedStory(rule: $0["rule"], storyID: $0["story"], time: StoredTime.date($0["t"]))
            }
        }
    }

    /// Deletes outbox entries recorded before `cutoff` that are in the log and have no pending sink
    /// delivery. Returns how many went. Counts (`alertCount`) before the cutoff go with them.
    @discardableResult
    public func pruneOutbox(createdBefore cutoff: Date) throws -> Int {
        try write { db in
            try db.execute(sql: """
                DELETE FROM alert_outbox WHERE created < ? AND logged IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM alert_delivery d WHERE d.alert = alert_outbox.seq AND d.state = 'pending')
                """, arguments: [StoredTime.seconds(cutoff)])
            return db.changesCount
        }
    }

    static func entry(_ row: Row) -> OutboxEntry {
        OutboxEntry(
            key: row["key"], rule: row["rule"], storyID: row["story"], time: StoredTime.date(row["alertTime"]),
            json: row["json"], created: StoredTime.date(row["created"]),
            logged: (row["logged"] as Int64?).map(StoredTime.date))
    }

    static func delivery(_ row: Row) -> SinkDelivery {
        SinkDelivery(
            key: row["key"], sink: row["sink"], state: SinkDelivery.State(rawValue: row["state"]) ?? .pending,
            attempts: row["attempts"], nextAttempt: (row["nextAttempt"] as Int64?).map(StoredTime.date),
            lastError: row["lastError"], finished: (row["finished"] as Int64?).map(StoredTime.date))
    }
}
