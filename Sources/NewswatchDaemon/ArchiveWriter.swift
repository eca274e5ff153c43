import Foundation

/// The daemon's archive work, one job at a time on a thread of its own. SQLite blocks its calling
/// thread for a whole transaction (an fsync, and a feed's articles take tenths of a second at
/// today's insert rate); on the daemon's actor or on one of Swift's few cooperative threads that
/// would hold up signals, the watchdog, scheduling and alerts behind the archive. The actor hands a
/// job over and suspends until it is done, so it only ever schedules and routes.
///
/// Two lanes. `.articles` holds one batch per polled feed; the daemon starts no poll while
/// `isFull`, which bounds what waits in memory and pauses fetching while the archive catches up.
/// `.bookkeeping` holds the small writes and reads around a poll (alerts, feed state) and always
/// goes first, so an alert is written as soon as its feed's transaction commits, not after the
/// queued batches.
///
/// Group commit: the archive commits without an fsync (WAL, `synchronous = NORMAL`); the writer calls
/// `sync` once at most `syncInterval` after a job ran, between jobs, so a power cut can take back at
/// most about that much, and a thousand feeds' batches cost one fsync per interval instead of one each.
final class ArchiveWriter: @unchecked Sendable {
    // @unchecked: every mutable property is guarded by `condition`.
    enum Lane: Sendable {
        case articles
        case bookkeeping
    }

    private struct Job {
        let run: () -> Void
        /// Resumes the waiting task with `ArchiveWriterStopped` instead of running the job.
        let drop: () -> Void
    }

    /// Batches that may wait in `.articles` before the daemon stops starting polls.
    let capacity: Int
    private let condition = NSCondition()
    private var articles: [Job] = []
    private var bookkeeping: [Job] = []
    private var acceptsArticles = true
    private var stopped = false
    private let syncInterval: TimeInterval
    private let sync: (@Sendable () -> Void)?
    /// When the first job since the last sync ran; nil when nothing waits to be synced.
    private var unsyncedSince: Date?

    init(capacity: Int, syncInterval: Duration = .seconds(1), sync: (@Sendable () -> Void)? = nil) {
        self.capacity = max(1, capacity)
        let (seconds, attoseconds) = syncInterval.components
        self.syncInterval = Double(seconds) + Double(attoseconds) / 1e18
        self.sync = sync
        let thread = Thread { [self] in runJobs() }
        thread.name = "archive-writer"
        thread.start()
    }

    /// True while `capacity` batches are waiting: the daemon starts no poll then.
    var isFull: Bool { waiting.articles >= capacity }

    /// Jobs taken but not started, per lane.
    var waiting: (articles: Int, bookkeeping: Int) {
        condition.withLock { (articles.count, bookkeeping.count) }
    }

    /// Runs `work` on the writer's thread and returns its result; throws `ArchiveWriterStopped`
    /// when the writer no longer takes work of this lane (shutting down).
    func perform<T: Sendable>(_ lane: Lane, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let job = Job(run: { continuation.resume(with: Result { try work() }) },
                          drop: { continuation.resume(throwing: ArchiveWriterStopped()) })
            let accepted = condition.withLock {
                switch lane {
                case .articles where acceptsArticles && !stopped:
                    articles.append(job)
                case .bookkeeping where !stopped:
                    bookkeeping.append(job)
                default:
                    return false
                }
                condition.signal()
                return true
            }
            if !accepted { job.drop() }
        }
    }

    /// Shutting down: batches not yet started are dropped (their feeds are fetched again at the
    /// next start, since their validators were never stored) and new ones refused. The batch being
    /// written finishes its transaction; bookkeeping is still taken, so its alerts and state follow.
    func closeToArticles() {
        let dropped = condition.withLock {
            acceptsArticles = false
            defer { articles.removeAll() }
            return articles
        }
        dropped.forEach { $0.drop() }
    }

    /// Ends the thread once the job in hand is done; whatever still waits is dropped.
    func stop() {
        let dropped = condition.withLock {
            stopped = true
            acceptsArticles = false
            condition.signal()
            defer { articles.removeAll(); bookkeeping.removeAll() }
            return bookkeeping + articles
        }
        dropped.forEach { $0.drop() }
    }

    private enum Next {
        case job(Job)
        case sync
        case end
    }

    private func runJobs() {
        while true {
            let next: Next = condition.withLock {
                while true {
                    if !bookkeeping.isEmpty { return .job(bookkeeping.removeFirst()) }
                    // A backlog of batches waits for the sync, not the other way round.
                    if let since = unsyncedSince, Date().timeIntervalSince(since) >= syncInterval { return .sync }
                    if !articles.isEmpty { return .job(articles.removeFirst()) }
                    if stopped { return unsyncedSince == nil ? .end : .sync }
                    if let since = unsyncedSince {
                        _ = condition.wait(until: since.addingTimeInterval(syncInterval))
                    } else {
                        condition.wait()
                    }
                }
            }
            switch next {
            case .job(let job):
                job.run()
                if sync != nil { condition.withLock { unsyncedSince = unsyncedSince ?? Date() } }
            case .sync:
                condition.withLock { unsyncedSince = nil }
                sync?()
            case .end:
                return
            }
        }
    }
}

/// The archive writer was shut down before it took (or ran) the job.
struct ArchiveWriterStopped: Error, CustomStringConvertible {
    var description: String { "the daemon is shutting down; the archive takes no more work" }
}
