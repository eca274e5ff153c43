import Foundation

/// When to try a failing feed again: exponential backoff with jitter up to a cap, and the server's
/// `Retry-After` when it gave one. It never gives up for good — a feed that is down for a week is
/// still tried every `cap`. (410 Gone is the daemon's to handle: it disables the feed.)
public struct RetryPolicy: Sendable, Equatable {
    /// The delay after the first failure.
    public var base: Duration
    public var cap: Duration
    /// A `Retry-After` further out than this is clamped, so a bogus date cannot park a feed forever.
    public var maximumRetryAfter: Duration

    public init(base: Duration = .seconds(60), cap: Duration = .seconds(6 * 3600), maximumRetryAfter: Duration = .seconds(24 * 3600)) {
        self.base = base
        self.cap = max(cap, base)
        self.maximumRetryAfter = maximumRetryAfter
    }

    /// The backoff before attempt `consecutiveFailures + 1`: base·2^(n−1) capped, then "equal
    /// jitter" — a random point in the upper half — so feeds that failed together spread out while
    /// the delay still grows.
    public func backoff<R: RandomNumberGenerator>(afterFailures consecutiveFailures: Int, using random: inout R) -> Duration {
        let ceiling = ceilingSeconds(afterFailures: consecutiveFailures)
        let half = ceiling / 2
        return .milliseconds(Int64(((half + Double.random(in: 0...half, using: &random)) * 1000).rounded()))
    }

    public func backoff(afterFailures consecutiveFailures: Int) -> Duration {
        var random = SystemRandomNumberGenerator()
        return backoff(afterFailures: consecutiveFailures, using: &random)
    }

    /// The next attempt after `error`, the `consecutiveFailures`-th failure in a row (1 for the
    /// first). `Retry-After` is honoured when it asks for longer than the backoff.
    public func nextAttempt<R: RandomNumberGenerator>(after error: FetchError, consecutiveFailures: Int, now: Date, using random: inout R) -> Date {
        let backoffSeconds = Self.seconds(backoff(afterFailures: consecutiveFailures, using: &random))
        var delay = backoffSeconds
        if let retryAfter = error.retryAfter {
            let asked = retryAfter.date(after: now).timeIntervalSince(now)
            delay = max(delay, min(asked, Self.seconds(maximumRetryAfter)))
        }
        return now.addingTimeInterval(delay)
    }

    public func nextAttempt(after error: FetchError, consecutiveFailures: Int, now: Date = Date()) -> Date {
        var random = SystemRandomNumberGenerator()
        return nextAttempt(after: error, consecutiveFailures: consecutiveFailures, now: now, using: &random)
    }

    func ceilingSeconds(afterFailures consecutiveFailures: Int) -> Double {
        let exponent = Double(max(0, min(consecutiveFailures - 1, 62)))
        return min(Self.seconds(base) * pow(2, exponent), Self.seconds(cap))
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
