import Foundation

/// What the scheduler knows about one feed when it decides the next poll.
public struct PollHistory: Sendable, Equatable {
    /// Consecutive failed polls; 0 after a success.
    public var failures = 0
    public var rate = PublishingRate()
    /// The feed's own hints, from the last document: RSS `ttl`, `sy:updatePeriod`/`updateFrequency`.
    public var feedMinimumInterval: TimeInterval?
    /// From the last response: `Cache-Control: max-age` / `Expires`, as the earliest useful refetch.
    public var freshUntil: Date?
    /// From a 429 or 503: the server's `Retry-After`.
    public var retryAfter: Date?

    public init() {}
}

/// The rules that turn a feed's settings and history into its next poll time. Pure, and the clock and
/// randomness come in from outside, so every rule is testable to the second.
public struct PollPlan: Sendable, Equatable {
    /// The feed's configured interval (or the daemon's default).
    public var interval: TimeInterval
    public var minimumInterval: TimeInterval
    public var maximumInterval: TimeInterval
    /// Failure backoff never grows past this, and never gives up.
    public var maximumBackoff: TimeInterval
    /// Each next-poll time is moved by up to this fraction either way, so a thousand feeds with the
    /// same interval do not fire in the same second.
    public var jitter: Double = 0.1
    /// The adaptive factor stays within 1/4 and 4 times the configured interval.
    public var adaptiveRange: ClosedRange<Double> = 0.25...4

    public init(interval: TimeInterval, minimumInterval: TimeInterval, maximumInterval: TimeInterval, maximumBackoff: TimeInterval) {
        self.interval = interval
        self.minimumInterval = min(minimumInterval, interval)
        self.maximumInterval = max(maximumInterval, interval)
        self.maximumBackoff = maximumBackoff
    }

    /// The interval for a healthy feed: the configured one, moved toward half the feed's usual gap
    /// between new articles once that is known, then held within the configured bounds and never
    /// below what the feed itself asks (`ttl`, `sy:updatePeriod`).
    public func healthyInterval(_ history: PollHistory) -> TimeInterval {
        var value = interval
        if history.rate.isEstablished, let gap = history.rate.meanGap {
            let factor = min(max((gap / 2) / interval, adaptiveRange.lowerBound), adaptiveRange.upperBound)
            value = interval * factor
        }
        value = min(max(value, minimumInterval), maximumInterval)
        if let floor = history.feedMinimumInterval { value = max(value, min(floor, maximumInterval)) }
        return value
    }

    /// Exponential backoff from the interval, doubled per consecutive failure, capped.
    public func backoff(failures: Int) -> TimeInterval {
        guard failures > 0 else { return 0 }
        let doubled = interval * pow(2, Double(min(failures - 1, 30)))
        return min(doubled, maximumBackoff)
    }

    /// When to poll next, `random` giving a number in 0..<1.
    public func nextPoll(after now: Date, history: PollHistory, random: () -> Double) -> Date {
        let base = history.failures > 0 ? max(backoff(failures: history.failures), minimumInterval) : healthyInterval(history)
        let spread = base * jitter * (2 * random() - 1)
        var next = now.addingTimeInterval(base + spread)
        if let fresh = history.freshUntil, fresh > next, fresh.timeIntervalSince(now) <= maximumInterval { next = fresh }
        if let retry = history.retryAfter, retry > next { next = min(retry, now.addingTimeInterval(maximumBackoff)) }
        return next
    }
}
