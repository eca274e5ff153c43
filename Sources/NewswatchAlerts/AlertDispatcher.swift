import Foundation
import NewswatchArchive
import NewswatchFetch
import NewswatchNormalize
import NewswatchRules

/// An outbox entry that cannot be turned back into an alert (written by something else, or damaged).
public struct AlertDispatchError: Error, Equatable, Sendable, CustomStringConvertible {
    public let key: String
    public let problem: String

    public var description: String { "alert \(key) in the archive's outbox: \(problem)" }
}

/// Delivers alerts exactly once to the alert log, through the archive's outbox:
///
/// 1. `dispatch` records the alerts in the outbox (one committed transaction),
/// 2. writes each to the log,
/// 3. marks them logged.
///
/// A crash before 1 loses an alert that was never recorded, so never decided as far as anyone can
/// tell; the decider decides it again from the archive's articles. A crash between 1 and 3 leaves
/// the alert unlogged in the outbox: `redeliverPending` at the next start writes it, unless the
/// log already has a line with its key (the crash came after 2). Either way: one line per alert.
///
/// The exec and webhook sinks of a rule are delivered at least once: each is tracked in the outbox
/// on its own and retried with backoff (`deliverDueSinks`), since neither a program nor a web hook
/// can be asked whether it saw an alert before.
///
/// Test hook: with `NEWSWATCH_TEST_CRASH_AFTER_OUTBOX=1` in the environment, `dispatch` kills its
/// own process with SIGKILL right after the outbox commit — the crash an end-to-end test restarts
/// from. Never set it otherwise.
public final class AlertDispatcher: @unchecked Sendable {
    // @unchecked: `sinks` and `sinkRunActive` are guarded by `lock`; dispatch and redelivery are
    // serialised by `deliveryLock`.
    public let archive: Archive
    public let log: any AlertSink
    public let retry: SinkRetrySchedule
    private let fetcher: FeedFetcher?
    private let clock: any AlertClock
    private let environment: [String: String]
    private let crashAfterOutbox: Bool
    private let lock = NSLock()
    private let deliveryLock = NSLock()
    private var sinks: [String: AlertSinkSettings]
    private var sinkRunActive = false

    /// - Parameters:
    ///   - sinks: the exec/webhook sinks per rule name; rules not in it have the log only.
    ///   - fetcher: sends webhooks; without one a webhook delivery fails (and is retried).
    ///   - environment: what exec sinks inherit (plus the `NEWSWATCH_*` variables), and where the
    ///     crash test hook is looked up.
    public init(
        archive: Archive, log: any AlertSink, sinks: [String: AlertSinkSettings] = [:], fetcher: FeedFetcher? = nil,
        retry: SinkRetrySchedule = SinkRetrySchedule(), clock: any AlertClock = SystemClock(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.archive = archive
        self.log = log
        self.sinks = sinks
        self.fetcher = fetcher
        self.retry = retry
        self.clock = clock
        self.environment = environment
        crashAfterOutbox = environment["NEWSWATCH_TEST_CRASH_AFTER_OUTBOX"] == "1"
    }

    /// Takes the sinks of a reloaded configuration. Deliveries already in the outbox go to the
    /// rule's sinks as they are configured when they are attempted.
    public func updateSinks(_ sinks: [String: AlertSinkSettings]) {
        lock.withLock { self.sinks = sinks }
    }

    // MARK: - The log, exactly once

    /// Records the alerts in the outbox, writes them to the log, marks them logged. An alert whose
    /// key the outbox already has is written only if it is not logged yet and the log lacks it.
    /// Throws the archive's or the log's error; what was written by then is marked.
    public func dispatch(_ alerts: [Alert]) throws {
        guard !alerts.isEmpty else { return }
        try deliveryLock.withLock {
            let now = clock.now
            let sinks = lock.withLock { self.sinks }
            let records = alerts.map { alert in
                OutboxAlert(key: alert.key.value, rule: alert.rule, storyID: alert.storyIDs.first, time: alert.time,
                            json: AlertLogFormat.jsonLine(alert), sinks: sinks[alert.rule]?.sinkNames ?? [])
            }
            let inserted = try archive.recordAlerts(records, at: now)
            if crashAfterOutbox { kill(getpid(), SIGKILL) }

            var written: [String] = []
            do {
                for (alert, isNew) in zip(alerts, inserted) {
                    if !isNew {
                        guard let entry = try archive.outboxEntry(alert.key.value), entry.logged == nil,
                              !log.hasDelivered(alert.key) else { continue }
                    }
                    try log.deliver(alert)
                    written.append(alert.key.value)
                }
            } catch {
                if (try? log.syncToDisk()) != nil { try? archive.markLogged(written, at: now) }
                throw error
            }
            try log.syncToDisk()
            try archive.markLogged(written, at: now)
        }
    }

    /// At start-up: writes every alert the outbox has not seen logged, unless the log already has a
    /// line with its key, and marks them logged. Returns how many lines it wrote.
    @discardableResult
    public func redeliverPending() throws -> Int {
        try deliveryLock.withLock {
            var lines = 0
            while true {
                let batch = 500
                let entries = try archive.unloggedAlerts(limit: batch)
                var done: [String] = []
                do {
                    let alerts = try entries.map(Self.decode)
                    let delivered = log.deliveredKeys(among: alerts.map(\.key))
                    for (entry, alert) in zip(entries, alerts) {
                        if !delivered.contains(alert.key) {
                            try log.deliver(alert)
                            lines += 1
                        }
                        done.append(entry.key)
                    }
                } catch {
                    if (try? log.syncToDisk()) != nil { try? archive.markLogged(done, at: clock.now) }
                    throw error
                }
                try log.syncToDisk()
                try archive.markLogged(done, at: clock.now)
                if entries.count < batch { return lines }
            }
        }
    }

    /// At start-up, before the first event: tells the decider which stories each rule alerted for
    /// since `since` (its `storyMemory` back, say), so a story the archive replays or another feed
    /// brings does not alert again and cooldowns hold across the restart.
    public func restore(_ decider: inout AlertDecider, since: Date) throws {
        for story in try archive.alertedStories(since: since) {
            decider.remember(rule: story.rule, storyID: story.storyID, alertedAt: story.time)
        }
    }

    static func decode(_ entry: OutboxEntry) throws -> Alert {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = RFC3339.date(from: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(text) is not an RFC 3339 time"))
            }
            return date
        }
        do {
            return try decoder.decode(Alert.self, from: Data(entry.json.utf8))
        } catch {
            throw AlertDispatchError(key: entry.key, problem: "is not an alert as this newswatch writes them: \(error)")
        }
    }

    // MARK: - Exec and webhook sinks, at least once

    /// One attempt of one sink, for the daemon's log.
    public struct SinkAttempt: Sendable, Equatable {
        public var key: String
        public var rule: String
        public var sink: String
        /// 1 for the first attempt.
        public var attempt: Int
        public var delivered: Bool
        /// Why it failed.
        public var error: String?
        /// When it is tried again; nil when delivered or given up.
        public var retryAt: Date?
    }

    /// Why a sink attempt failed, and whether trying again could help.
    /// `notBefore`: the server's Retry-After, which the backoff never undercuts.
    typealias SinkFailure = (error: String, permanent: Bool, notBefore: Date?)

    /// When the next sink delivery is due (call `deliverDueSinks` then), nil when none is pending.
    public func nextSinkAttempt() throws -> Date? {
        try archive.nextSinkAttempt()
    }

    /// Attempts every sink delivery that is due (new alerts' at once, failed ones after their
    /// backoff) and records the outcomes in the outbox. Call it after `dispatch` and at
    /// `nextSinkAttempt()`, off the daemon's main loop: an exec sink may run up to its timeout.
    /// A call while another is running returns at once with nothing.
    public func deliverDueSinks() async throws -> [SinkAttempt] {
        let started = lock.withLock {
            defer { sinkRunActive = true }
            return !sinkRunActive
        }
        guard started else { return [] }
        defer { lock.withLock { sinkRunActive = false } }

        var attempts: [SinkAttempt] = []
        let due = try archive.dueSinkDeliveries(at: clock.now)
        for (entry, delivery) in due {
            let settings = lock.withLock { sinks[entry.rule] }
            let failure: SinkFailure?
            switch delivery.sink {
            case AlertSinkSettings.execSink:
                if let settings, !settings.exec.isEmpty {
                    failure = try await runExec(entry, settings)
                } else {
                    failure = ("the rule \(entry.rule) has no exec sink any more", true, nil)
                }
            case AlertSinkSettings.webhookSink:
                if let url = settings?.webhook {
                    failure = try await postWebhook(entry, url)
                } else {
                    failure = ("the rule \(entry.rule) has no webhook any more", true, nil)
                }
            default:
                failure = ("unknown sink \(delivery.sink)", true, nil)
            }
            let now = clock.now
            let number = delivery.attempts + 1
            var attempt = SinkAttempt(key: entry.key, rule: entry.rule, sink: delivery.sink, attempt: number,
                                      delivered: failure == nil, error: failure?.error)
            if let failure {
                attempt.retryAt = failure.permanent ? nil : retry.retryAt(afterAttempts: number, now: now).map { backoff in
                    failure.notBefore.map { max($0, backoff) } ?? backoff
                }
                try archive.recordSinkAttempt(key: entry.key, sink: delivery.sink,
                                              outcome: .failed(error: failure.error, retryAt: attempt.retryAt), at: now)
            } else {
                try archive.recordSinkAttempt(key: entry.key, sink: delivery.sink, outcome: .delivered, at: now)
            }
            attempts.append(attempt)
        }
        return attempts
    }

    /// What exec sinks read on stdin and webhooks receive:
    /// `{"alert": ALERT, "article": ARTICLE}` — the alert as in the JSON log, the first article as
    /// the archive holds it (`null` when there is none, as for feed-health alerts).
    func payload(_ entry: OutboxEntry, _ alert: Alert) throws -> [UInt8] {
        var article = "null"
        if let id = alert.articleID.flatMap(ContentHash.init(hex:)), let archived = try archive.article(id: id) {
            article = String(decoding: try Article.jsonEncoder(pretty: false).encode(archived.article), as: UTF8.self)
        }
        return Array("{\"alert\":\(entry.json),\"article\":\(article)}".utf8)
    }

    private func runExec(_ entry: OutboxEntry, _ settings: AlertSinkSettings) async throws -> SinkFailure? {
        let alert = try Self.decode(entry)
        let input = try payload(entry, alert)
        var environment = self.environment
        environment["NEWSWATCH_TEST_CRASH_AFTER_OUTBOX"] = nil
        environment["NEWSWATCH_RULE"] = alert.rule
        environment["NEWSWATCH_SEVERITY"] = alert.severity.rawValue
        environment["NEWSWATCH_TITLE"] = alert.title
        environment["NEWSWATCH_URL"] = alert.url ?? ""
        environment["NEWSWATCH_ID"] = alert.articleID ?? ""
        environment["NEWSWATCH_SOURCE"] = alert.source ?? ""
        environment["NEWSWATCH_KEY"] = alert.key.value
        environment["NEWSWATCH_KIND"] = alert.kind.rawValue
        let child = ChildProcess(arguments: settings.exec, environment: environment, timeout: settings.execTimeout)
        // The run blocks a thread for up to the timeout: its own, not one of the concurrency pool's.
        let result = await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: child.run(input: input)) }
            thread.name = "newswatch-exec-sink"
            thread.start()
        }
        let program = settings.exec[0]
        let lastLine = result.output.split(whereSeparator: \.isNewline).last.map { ": \($0)" } ?? ""
        switch result.outcome {
        case .exited(0): return nil
        case .exited(let status): return ("\(program) exited with status \(status)\(lastLine)", false, nil)
        case .signalled(let signal): return ("\(program) was killed by signal \(signal)\(lastLine)", false, nil)
        case .timedOut: return ("\(program) ran longer than \(settings.execTimeout.formatted()) s and was killed", false, nil)
        case .notStarted(let reason): return ("cannot run \(reason)", false, nil)
        }
    }

    private func postWebhook(_ entry: OutboxEntry, _ url: String) async throws -> SinkFailure? {
        guard let fetcher else { return ("no fetcher to send webhooks with", false, nil) }
        let alert = try Self.decode(entry)
        let request = FetchRequest(
            url: url, allowsPrivateNetworks: true,
            limits: FetchLimits(connectTimeout: .seconds(10), totalTimeout: .seconds(30), maxBodyBytes: 1 << 20, maxRedirects: 0),
            payload: .json(try payload(entry, alert)))
        switch await fetcher.fetch(request) {
        case .success:
            return nil
        case .failure(let error):
            let message = "webhook \(url): \(error.message)"
            switch error.kind {
            case .httpStatus(let status) where (400..<500).contains(status) && status != 408 && status != 429:
                // A client error other than a timeout or a rate limit will not get better by retrying.
                return (message, true, nil)
            case .invalidURL, .forbiddenScheme, .invalidHeader, .gone:
                return (message, true, nil)
            default:
                return (message, false, error.retryAfter?.date(after: clock.now))
            }
        }
    }
}
