import Foundation

/// The feeds waiting for their next poll, earliest first. The daemon asks it what is due and how long
/// to sleep; adding, moving and removing a feed are cheap, so a config reload is, too.
public struct PollQueue<Feed: Hashable & Sendable>: Sendable {
    private var dueTimes: [Feed: Date] = [:]
    /// A binary heap of (time, feed); entries whose time no longer matches `dueTimes` are stale and
    /// skipped, which keeps rescheduling O(log n) without a search.
    private var heap: [(Date, Feed)] = []

    public init() {}

    public var count: Int { dueTimes.count }
    public var isEmpty: Bool { dueTimes.isEmpty }

    public func dueTime(of feed: Feed) -> Date? { dueTimes[feed] }

    /// Schedules `feed` at `time`, replacing any earlier schedule.
    public mutating func schedule(_ feed: Feed, at time: Date) {
        dueTimes[feed] = time
        push((time, feed))
    }

    public mutating func remove(_ feed: Feed) {
        dueTimes[feed] = nil
    }

    /// The earliest due time, for the daemon's sleep.
    public mutating func nextDueTime() -> Date? {
        dropStale()
        return heap.first?.0
    }

    /// Removes and returns the feeds due at or before `now`, earliest first, at most `limit` of them;
    /// the rest stay due.
    public mutating func takeDue(at now: Date, limit: Int = .max) -> [Feed] {
        var due: [Feed] = []
        while due.count < limit {
            dropStale()
            guard let (time, feed) = heap.first, time <= now else { return due }
            pop()
            dueTimes[feed] = nil
            due.append(feed)
        }
        return due
    }

    private mutating func dropStale() {
        while let (time, feed) = heap.first, dueTimes[feed] != time { pop() }
    }

    private mutating func push(_ entry: (Date, Feed)) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].0 < heap[parent].0 else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func pop() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].0 < heap[smallest].0 { smallest = left }
            if right < heap.count, heap[right].0 < heap[smallest].0 { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
