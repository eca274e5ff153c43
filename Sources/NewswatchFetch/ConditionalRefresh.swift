import Foundation

/// Which validators to send. Some servers answer 304 forever once their validators break (an ETag
/// that never changes while the content does), so every `unconditionalInterval` one fetch goes out
/// without validators and gets the full body whatever the server thinks.
public struct ConditionalRefresh: Sendable, Equatable {
    public var unconditionalInterval: TimeInterval

    public init(unconditionalInterval: TimeInterval = 24 * 3600) {
        self.unconditionalInterval = unconditionalInterval
    }

    /// The validators for a fetch at `now`, given the stored ones and when the last fetch without
    /// validators returned a body (nil: never, so this one goes unconditional).
    public func validators(stored: Validators, lastUnconditionalFetch: Date?, now: Date) -> Validators {
        guard let last = lastUnconditionalFetch, now.timeIntervalSince(last) < unconditionalInterval else {
            return Validators()
        }
        return stored
    }
}
