import Foundation

/// How loud an alert is. Ordered: `info` < `notice` < `warning` < `critical`.
public enum Severity: String, CaseIterable, Sendable, Codable, Comparable {
    case info, notice, warning, critical

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Which article events a rule looks at: a story's first appearance, a later revision of it, or both.
public enum EventTrigger: String, CaseIterable, Sendable, Codable {
    case new, update, both

    func accepts(isUpdate: Bool) -> Bool {
        switch self {
        case .new: return !isUpdate
        case .update: return isUpdate
        case .both: return true
        }
    }
}

/// What matches are collected into one alert while `group_wait` runs.
public enum AlertGrouping: String, CaseIterable, Sendable, Codable {
    /// One alert per story, naming every source that carried it in the wait.
    case story
    /// One alert for everything the rule matched in the wait.
    case rule
    /// One alert per source.
    case source
}

/// At most `count` alerts per `period` for a rule; the rest are counted and reported in one
/// "N more suppressed" alert when the period ends.
public struct RateLimit: Sendable, Hashable {
    public let count: Int
    public let period: TimeInterval

    public init(count: Int, per period: TimeInterval) {
        self.count = count
        self.period = period
    }
}

/// A burst rule fires once when at least `minCount` matching articles from at least `minSources`
/// sources fall within `window`, and again only after the count has dropped below that.
public struct BurstCondition: Sendable, Hashable {
    public let minCount: Int
    public let minSources: Int
    public let window: TimeInterval

    public init(minCount: Int, minSources: Int, window: TimeInterval) {
        self.minCount = minCount
        self.minSources = minSources
        self.window = window
    }
}

/// One `[[rule]]` of the configuration: what to look for and how to alert about it.
public struct AlertRule: Sendable, Hashable {
    public let name: String
    /// As written in the configuration.
    public let queryText: String
    public let query: Query
    /// Globs over the feed's configured name and the article's `source`; empty means every source.
    public var sources: [GlobPattern]
    /// Globs over the article's topics; empty means any (or none).
    public var topics: [GlobPattern]
    /// Globs over the article's section; empty means any (or none).
    public var sections: [GlobPattern]
    public var severity: Severity
    public var on: EventTrigger
    /// No second alert for the same story within this time (its updates included).
    public var cooldown: TimeInterval
    public var groupBy: AlertGrouping
    /// How long to collect matches into one alert; 0 alerts at once.
    public var groupWait: TimeInterval
    public var rateLimit: RateLimit?
    public var burst: BurstCondition?

    /// Refuses an empty or unusable name, a query that does not parse, and negative times or counts.
    public init(
        name: String,
        query: String,
        sources: [String] = [],
        topics: [String] = [],
        sections: [String] = [],
        severity: Severity = .notice,
        on: EventTrigger = .new,
        cooldown: TimeInterval = 3600,
        groupBy: AlertGrouping = .story,
        groupWait: TimeInterval = 0,
        rateLimit: RateLimit? = nil,
        burst: BurstCondition? = nil
    ) throws(RuleError) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw RuleError(rule: name, problem: .invalid(setting: "name", "must not be empty")) }
        guard trimmed.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw RuleError(rule: name, problem: .invalid(setting: "name", "may hold only letters, digits, '-', '_' and '.' (it is one word in the alert log)"))
        }
        self.name = trimmed
        self.queryText = query
        do {
            self.query = try QueryParser().parse(query)
        } catch {
            throw RuleError(rule: trimmed, problem: .query(error))
        }
        self.sources = sources.map(GlobPattern.init)
        self.topics = topics.map(GlobPattern.init)
        self.sections = sections.map(GlobPattern.init)
        self.severity = severity
        self.on = on
        self.cooldown = cooldown
        self.groupBy = groupBy
        self.groupWait = groupWait
        self.rateLimit = rateLimit
        self.burst = burst
        guard cooldown >= 0 else { throw RuleError(rule: trimmed, problem: .invalid(setting: "cooldown", "must not be negative")) }
        guard groupWait >= 0 else { throw RuleError(rule: trimmed, problem: .invalid(setting: "group_wait", "must not be negative")) }
        if let rateLimit {
            guard rateLimit.count >= 1 else { throw RuleError(rule: trimmed, problem: .invalid(setting: "rate_limit", "count must be at least 1")) }
            guard rateLimit.period > 0 else { throw RuleError(rule: trimmed, problem: .invalid(setting: "rate_limit", "period must be longer than 0")) }
        }
        if let burst {
            guard burst.minCount >= 1 else { throw RuleError(rule: trimmed, problem: .invalid(setting: "min_count", "must be at least 1")) }
            guard burst.minSources >= 1, burst.minSources <= burst.minCount else {
                throw RuleError(rule: trimmed, problem: .invalid(setting: "min_sources", "must be from 1 to min_count (\(burst.minCount))"))
            }
            guard burst.window > 0 else { throw RuleError(rule: trimmed, problem: .invalid(setting: "window", "must be longer than 0")) }
        }
    }

    /// Whether the rule's source, topic and section filters let the event through.
    func admits(_ event: ArticleEvent) -> Bool {
        if !sources.isEmpty {
            let names = [event.feedName, event.article.source].compactMap { $0 }
            guard sources.contains(where: { glob in names.contains(where: glob.matches) }) else { return false }
        }
        if !topics.isEmpty {
            guard topics.contains(where: { glob in event.article.topics.contains(where: glob.matches) }) else { return false }
        }
        if !sections.isEmpty {
            guard let section = event.article.section, sections.contains(where: { $0.matches(section) }) else { return false }
        }
        return true
    }
}

/// A rule that cannot be used, named by the rule.
public struct RuleError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        case query(QuerySyntaxError)
        case invalid(setting: String, String)
        case duplicateName
    }

    public let rule: String
    public let problem: Problem

    public init(rule: String, problem: Problem) {
        self.rule = rule
        self.problem = problem
    }

    public var description: String {
        switch problem {
        case .query(let error): return "rule \"\(rule)\": query: \(error)"
        case .invalid(let setting, let problem): return "rule \"\(rule)\": \(setting) \(problem)"
        case .duplicateName: return "rule \"\(rule)\": a second rule has this name; names must be unique"
        }
    }
}
