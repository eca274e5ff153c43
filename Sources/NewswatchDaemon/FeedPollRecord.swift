import Foundation
import NewswatchScheduler

/// What the daemon remembers about one feed between polls, beyond what the archive keeps.
struct FeedPollRecord: Sendable {
    var history = PollHistory()
    var failingSince: Date?
    var lastError: String?
    var isGone = false
    var movedTo: String?
    var lastNewArticle: Date?
}

/// One feed's poll, as `--once` summarises it.
public struct PollReport: Sendable, Equatable {
    public enum Result: Sendable, Equatable {
        case updated(items: Int, new: Int, revisions: Int)
        case notModified
        case failed(String)
    }

    public var feed: String
    public var result: Result

    public var line: String {
        switch result {
        case .updated(let items, let new, let revisions):
            return "\(feed): \(items) items, \(new) new, \(revisions) updated"
        case .notModified:
            return "\(feed): not modified"
        case .failed(let reason):
            return "\(feed): FAILED: \(reason)"
        }
    }

    public var failed: Bool {
        if case .failed = result { return true }
        return false
    }
}
