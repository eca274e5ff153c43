import Foundation

/// The identity of one alert, the same every time the same decision is made again (after a restart,
/// say): the rule, the story and the revision (article id) that triggered it. An outbox keyed by it
/// delivers each alert exactly once; a later revision of the same story is a different alert.
public struct AlertKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public let value: String

    public init(_ value: String) { self.value = value }

    /// `RULE/STORY/ARTICLE` with the article id shortened to 16 hex digits.
    public init(rule: String, story: String, article: String) {
        value = "\(rule)/\(story)/\(article.prefix(16))"
    }

    public var description: String { value }

    public init(from decoder: Decoder) throws { value = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// One alert, ready for a sink: everything a log line or a JSON object shows.
public struct Alert: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// A rule matched one story (or a group of them, after `group_wait`).
        case match
        /// A burst rule's threshold was crossed.
        case burst
        /// A feed-health rule: failing, gone, moved, silent, config reload refused.
        case feedHealth = "feed-health"
        /// The rate limit held back `suppressed` alerts of the rule.
        case suppressed
    }

    public var key: AlertKey
    public var time: Date
    public var severity: Severity
    public var rule: String
    public var kind: Kind
    /// The first article's title, or what happened for feed-health and suppressed alerts.
    public var title: String
    /// The feed (or source) of the first article, or the feed a health alert is about.
    public var source: String?
    public var url: String?
    /// The content hash of the first article.
    public var articleID: String?
    public var isUpdate: Bool
    /// Distinct stories in the alert, first one first.
    public var storyIDs: [String]
    /// Distinct feeds that carried them, first one first.
    public var sources: [String]
    /// How many article events went into the alert.
    public var articleCount: Int
    /// The query terms that matched, as the rule wrote them.
    public var matched: [String]
    /// For `suppressed`: how many alerts the rate limit held back.
    public var suppressed: Int

    /// The JSON field names (the alert log's `format = "json"`, the exec sink's stdin).
    enum CodingKeys: String, CodingKey {
        case key, time, severity, rule, kind, title, source, url
        case articleID = "article_id"
        case isUpdate = "is_update"
        case storyIDs = "story_ids"
        case sources
        case articleCount = "article_count"
        case matched, suppressed
    }

    public init(
        key: AlertKey, time: Date, severity: Severity, rule: String, kind: Kind, title: String,
        source: String? = nil, url: String? = nil, articleID: String? = nil, isUpdate: Bool = false,
        storyIDs: [String] = [], sources: [String] = [], articleCount: Int = 0, matched: [String] = [],
        suppressed: Int = 0
    ) {
        self.key = key
        self.time = time
        self.severity = severity
        self.rule = rule
        self.kind = kind
        self.title = title
        self.source = source
        self.url = url
        self.articleID = articleID
        self.isUpdate = isUpdate
        self.storyIDs = storyIDs
        self.sources = sources
        self.articleCount = articleCount
        self.matched = matched
        self.suppressed = suppressed
    }
}

/// Where the decider reads the time from: the system clock in the daemon, a hand-set one in tests.
public protocol AlertClock: Sendable {
    var now: Date { get }
}

public struct SystemClock: AlertClock {
    public init() {}
    public var now: Date { Date() }
}
