import Synchronization

/// Counts requests in flight and remembers the most there ever were at once; servers can share one
/// to measure a limit across hosts.
public final class ConcurrencyGauge: Sendable {
    private let counts = Mutex((current: 0, maximum: 0))

    public init() {}

    public var maximum: Int { counts.withLock { $0.maximum } }
    public var current: Int { counts.withLock { $0.current } }

    func enter() {
        counts.withLock {
            $0.current += 1
            $0.maximum = max($0.maximum, $0.current)
        }
    }

    func leave() {
        counts.withLock { $0.current -= 1 }
    }
}
