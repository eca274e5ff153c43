import NewswatchArchive
import Synchronization

/// Feed states waiting to be saved, the newest per feed. Every poll adds its feed's state and asks
/// the archive writer to save what waits; the first of those jobs the writer reaches saves them all
/// in one transaction and the others find nothing left. Polls that finish together (a round of 304s)
/// then cost one commit and one fsync instead of one each, and a poll still returns only once its
/// state is saved.
final class FeedStateBatch: Sendable {
    private let waiting = Mutex<[String: FeedState]>([:])

    func add(_ state: FeedState) {
        waiting.withLock { $0[state.feed] = state }
    }

    /// Everything waiting, in feed order; the batch is empty afterwards.
    func takeAll() -> [FeedState] {
        waiting.withLock { waiting in
            defer { waiting.removeAll(keepingCapacity: true) }
            return waiting.values.sorted { $0.feed < $1.feed }
        }
    }
}

/// A batch of feed states the archive refused.
struct UnsavedFeedStates: Error, CustomStringConvertible {
    let feeds: [String]
    let reason: String

    var description: String { "the state of \(feeds.joined(separator: ", ")) was not saved: \(reason)" }
}
