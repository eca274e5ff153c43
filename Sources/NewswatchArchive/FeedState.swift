import Foundation

/// What newswatch remembers about one feed between polls: the validators for a conditional GET, where
/// the feed moved to, its failures and backoff, when to poll next, and how often it publishes.
///
/// The fetcher and scheduler own the polling fields and write them with `Archive.save(_:)`. The
/// publishing statistics (`polls` … `meanNewArticleInterval`) are kept by `Archive.record`, in the
/// transaction that archives the poll's articles; `save` leaves them alone, so a state loaded before a
/// poll cannot set them back.
public struct FeedState: Sendable, Equatable {
    /// The feed's configured name (the `feed` given to `Archive.record`).
    public var feed: String

    public var etag: String?
    public var lastModified: String?
    /// Where the feed lives after a permanent redirect (301/308): the next poll goes there directly.
    public var effectiveURL: String?

    /// Consecutive failed polls; 0 after a success.
    public var errorCount: Int
    /// The kind of the last failure (`dns`, `timeout`, `http 503`, `parse` …), nil after a success.
    public var errorKind: String?
    public var errorMessage: String?
    public var lastAttempt: Date?
    public var lastSuccess: Date?
    public var nextPoll: Date?
    /// The current backoff delay after failures, in seconds.
    public var backoff: TimeInterval

    // Publishing statistics, kept by `Archive.record`.
    public internal(set) var polls: Int
    public internal(set) var itemsSeen: Int
    /// Articles with text new to the archive (new stories, revisions, near-duplicates).
    public internal(set) var newArticles: Int
    public internal(set) var firstPoll: Date?
    public internal(set) var lastNewArticle: Date?
    /// Exponentially weighted mean time between new articles, in seconds; nil until two polls found new text.
    public internal(set) var meanNewArticleInterval: TimeInterval?

    public init(
        feed: String, etag: String? = nil, lastModified: String? = nil, effectiveURL: String? = nil,
        errorCount: Int = 0, errorKind: String? = nil, errorMessage: String? = nil,
        lastAttempt: Date? = nil, lastSuccess: Date? = nil, nextPoll: Date? = nil, backoff: TimeInterval = 0
    ) {
        self.feed = feed
        self.etag = etag
        self.lastModified = lastModified
        self.effectiveURL = effectiveURL
        self.errorCount = errorCount
        self.errorKind = errorKind
        self.errorMessage = errorMessage
        self.lastAttempt = lastAttempt
        self.lastSuccess = lastSuccess
        self.nextPoll = nextPoll
        self.backoff = backoff
        polls = 0
        itemsSeen = 0
        newArticles = 0
        firstPoll = nil
        lastNewArticle = nil
        meanNewArticleInterval = nil
    }

    /// New articles per day since the first poll; nil before a day's worth of evidence would mean anything.
    public func newArticlesPerDay(now: Date = Date()) -> Double? {
        guard let firstPoll else { return nil }
        let days = now.timeIntervalSince(firstPoll) / 86_400
        guard days > 0 else { return nil }
        return Double(newArticles) / days
    }
}

extension Archive {
    /// The saved state of `feed`, nil when it was never saved nor polled.
    public func feedState(_ feed: String) throws -> FeedState? {
        try read { db in try FeedStateStore(db: db).load(feed) }
    }

    /// Every feed's state, by name.
    public func feedStates() throws -> [FeedState] {
        try read { db in try FeedStateStore(db: db).loadAll() }
    }

    /// Saves the polling fields of `state` (not its publishing statistics, which `record` keeps).
    public func save(_ state: FeedState) throws {
        try write { db in try FeedStateStore(db: db).save(state) }
    }

    /// Saves several feeds' polling fields in one transaction: one commit (and one fsync) for the
    /// polls that finished together, not one each.
    public func save(_ states: [FeedState]) throws {
        guard !states.isEmpty else { return }
        try write { db in
            let store = FeedStateStore(db: db)
            for state in states { try store.save(state) }
        }
    }
}
