import Foundation
import Testing
@testable import NewswatchFetch

/// A deterministic generator so jitter can be checked exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy()

    @Test func ceilingDoublesUpToTheSixHourCap() {
        #expect(policy.ceilingSeconds(afterFailures: 1) == 60)
        #expect(policy.ceilingSeconds(afterFailures: 2) == 120)
        #expect(policy.ceilingSeconds(afterFailures: 5) == 960)
        #expect(policy.ceilingSeconds(afterFailures: 9) == 15360)
        #expect(policy.ceilingSeconds(afterFailures: 10) == 6 * 3600)
        #expect(policy.ceilingSeconds(afterFailures: 10_000) == 6 * 3600)
    }

    @Test func jitterStaysInTheUpperHalfAndSpreads() {
        var random = SeededGenerator(state: 42)
        var seen: Set<Duration> = []
        for failures in 1...40 {
            let ceiling = policy.ceilingSeconds(afterFailures: failures)
            for _ in 0..<20 {
                let delay = RetryPolicy.seconds(policy.backoff(afterFailures: failures, using: &random))
                #expect(delay >= ceiling / 2 - 0.001 && delay <= ceiling + 0.001)
                seen.insert(.seconds(delay))
            }
        }
        #expect(seen.count > 100, "jitter spreads feeds that failed together")
    }

    @Test func retryAfterIsHonouredWhenLongerAndClamped() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        var random = SeededGenerator(state: 7)
        let busy = FetchError(kind: .httpStatus(429), url: "http://x/", message: "", retryAfter: .seconds(3 * 3600))
        #expect(policy.nextAttempt(after: busy, consecutiveFailures: 1, now: now, using: &random) == now.addingTimeInterval(3 * 3600))

        let forever = FetchError(kind: .httpStatus(503), url: "http://x/", message: "", retryAfter: .date(now.addingTimeInterval(90 * 86400)))
        #expect(policy.nextAttempt(after: forever, consecutiveFailures: 1, now: now, using: &random) == now.addingTimeInterval(86400))

        let soon = FetchError(kind: .httpStatus(503), url: "http://x/", message: "", retryAfter: .seconds(1))
        let next = policy.nextAttempt(after: soon, consecutiveFailures: 3, now: now, using: &random)
        #expect(next.timeIntervalSince(now) >= 120, "backoff wins over a shorter Retry-After")
    }
}
