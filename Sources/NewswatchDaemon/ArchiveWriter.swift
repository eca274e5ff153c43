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

    init(capacity: Int) {
        self.capacity = max(1, capacity)
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

    private func runJobs() {
        while true {
            let job: Job? = condition.withLock {
                while bookkeeping.isEmpty, articles.isEmpty, !stopped { condition.wait() }
                if !bookkeeping.isEmpty { return bookkeeping.removeFirst() }
                if !articles.isEmpty { return articles.removeFirst() }
                return nil
            }
            guard let job else { return }
            job.run()
        }
    }
}

/// The archive writer was shut down before it took (or ran) the job.
struct ArchiveWriterStopped: Error, CustomStringConvertible {
    var description: String { "the daemon is shutting down; the archive takes no more work" }
}
