import Foundation
import NewswatchConfig

/// What the fetcher and scheduler know about one feed, as plain values: the input of feed-health rules.
public struct FeedStatus: Sendable, Hashable {
    public var name: String
    public var url: String
    /// Since when every fetch failed; nil while the feed works.
    public var failingSince: Date?
    public var lastError: String?
    /// The feed answered 410 Gone.
    public var isGone: Bool
    /// The feed answered 301 Moved Permanently to this address.
    public var movedTo: String?
    /// When the feed last brought an article newswatch had not seen.
    public var lastNewArticle: Date?
    /// The feed's own usual time between new articles (a median over its history), if known.
    public var usualGap: TimeInterval?

    public init(name: String, url: String, failingSince: Date? = nil, lastError: String? = nil, isGone: Bool = false,
                movedTo: String? = nil, lastNewArticle: Date? = nil, usualGap: TimeInterval? = nil) {
        self.name = name
        self.url = url
        self.failingSince = failingSince
        self.lastError = lastError
        self.isGone = isGone
        self.movedTo = movedTo
        self.lastNewArticle = lastNewArticle
        self.usualGap = usualGap
    }
}

/// The built-in kinds of feed-health rule.
public enum FeedHealthCondition: Sendable, Hashable {
    /// Every fetch failed for longer than this.
    case failing(longerThan: TimeInterval)
    /// 410 Gone.
    case gone
    /// 301 Moved Permanently.
    case moved
    /// No new article for `factor` times the feed's usual gap, and at least `atLeast`.
    case silent(factor: Double, atLeast: TimeInterval)
    /// A configuration reload was refused (the daemon keeps the old configuration).
    case configReloadRefused
}

public struct FeedHealthRule: Sendable, Hashable {
    public var name: String
    public var condition: FeedHealthCondition
    public var severity: Severity

    public init(name: String, condition: FeedHealthCondition, severity: Severity) {
        self.name = name
        self.condition = condition
        self.severity = severity
    }

    /// The rules newswatch runs when the configuration does not change them.
    public static let defaults: [FeedHealthRule] = [
        FeedHealthRule(name: "feed-failing", condition: .failing(longerThan: 6 * 3600), severity: .warning),
        FeedHealthRule(name: "feed-gone", condition: .gone, severity: .warning),
        FeedHealthRule(name: "feed-moved", condition: .moved, severity: .notice),
        FeedHealthRule(name: "feed-silent", condition: .silent(factor: 4, atLeast: 86_400), severity: .notice),
        FeedHealthRule(name: "config-reload-refused", condition: .configReloadRefused, severity: .warning),
    ]
}

/// Evaluates feed-health rules over feed statuses. Edge-triggered: a condition alerts once when it
/// begins for a feed and again only after it has cleared, so a feed failing for a week is one alert.
public struct FeedHealthMonitor: Sendable {
    public let rules: [FeedHealthRule]
    private let clock: any AlertClock
    /// (rule, feed) → when the condition was first seen, while it holds.
    private var active: [String: Date] = [:]

    public init(rules: [FeedHealthRule] = FeedHealthRule.defaults, clock: any AlertClock = SystemClock()) {
        self.rules = rules
        self.clock = clock
    }

    public mutating func evaluate(_ statuses: [FeedStatus]) -> [Alert] {
        let now = clock.now
        var alerts: [Alert] = []
        var holding = Set<String>()
        for status in statuses {
            for rule in rules {
                guard let (title, since) = problem(rule.condition, status, now) else { continue }
                let slot = "\(rule.name)\u{0}\(status.name)"
                holding.insert(slot)
                if active[slot] != nil { continue }
                active[slot] = since
                alerts.append(Alert(
                    key: AlertKey("\(rule.name)/\(status.name)/\(Int64(since.timeIntervalSince1970))"),
                    time: now, severity: rule.severity, rule: rule.name, kind: .feedHealth, title: title,
                    source: status.name, url: status.url, sources: [status.name]
                ))
            }
        }
        let feeds = Set(statuses.map(\.name))
        // A condition that no longer holds for a feed we were told about re-arms.
        active = active.filter { slot, _ in
            holding.contains(slot) || !feeds.contains(String(slot.split(separator: "\u{0}", maxSplits: 1).last ?? ""))
        }
        return alerts
    }

    /// The alert for a refused configuration reload; `reason` names the file, line and problem.
    public func configReloadRefused(file: String, reason: String) -> [Alert] {
        let now = clock.now
        return rules.filter { $0.condition == .configReloadRefused }.map { rule in
            Alert(key: AlertKey("\(rule.name)/\(Int64(now.timeIntervalSince1970))"), time: now,
                  severity: rule.severity, rule: rule.name, kind: .feedHealth,
                  title: "configuration reload refused, keeping the previous one: \(file): \(reason)")
        }
    }

    /// The alert title and when the problem began, if the condition holds.
    private func problem(_ condition: FeedHealthCondition, _ status: FeedStatus, _ now: Date) -> (String, Date)? {
        switch condition {
        case .failing(let threshold):
            guard let since = status.failingSince, now.timeIntervalSince(since) > threshold else { return nil }
            let error = status.lastError.map { ": \($0)" } ?? ""
            return ("feed failing for \(ConfigDuration(seconds: now.timeIntervalSince(since)).description)\(error)", since)
        case .gone:
            guard status.isGone else { return nil }
            return ("feed gone (HTTP 410); remove it from the configuration", status.failingSince ?? now)
        case .moved:
            guard let target = status.movedTo else { return nil }
            return ("feed moved permanently (HTTP 301) to \(target); update the configuration", status.failingSince ?? now)
        case .silent(let factor, let atLeast):
            guard let last = status.lastNewArticle, let gap = status.usualGap else { return nil }
            let silence = now.timeIntervalSince(last)
            guard silence > max(gap * factor, atLeast) else { return nil }
            return ("feed silent for \(ConfigDuration(seconds: silence).description), usually a new article every \(ConfigDuration(seconds: gap).description)", last)
        case .configReloadRefused:
            return nil
        }
    }
}
