import Foundation
import NewswatchConfig

/// Turns article events into alerts, in the manner of Prometheus Alertmanager: pure logic over the
/// rules, the events and a clock, with no I/O, so every decision can be replayed in a test.
///
/// - The same story alerts once per rule: a second feed carrying it, or the archive replaying it, adds
///   nothing (remembered for `storyMemory`). An update alerts again (for rules with `on = "update"` or
///   `"both"`) only when the rule's `cooldown` has passed since the story's last alert.
/// - With `group_wait`, matches are collected for that long and sent as one alert, per story (naming
///   every source that carried it), per rule or per source.
/// - A rate limit sends at most `count` alerts per period and then one "N more suppressed" alert.
/// - A burst rule fires once when its threshold is crossed, and again only after it dropped below.
///
/// `receive` returns what is due at once; `tick` returns what became due since (group waits that
/// ended, rate-limit summaries) and should be called at `nextDeadline`.
public struct AlertDecider: Sendable {
    public private(set) var ruleSet: RuleSet
    public let storyMemory: TimeInterval
    private let clock: any AlertClock
    private var states: [RuleState]
    private var lastPruned = Date.distantPast
    /// Rules with something waiting (a group, a rate window, burst entries): the only ones `expire`
    /// needs to look at, so an event costs the same with 10 rules or 1,000.
    private var busy = Set<Int>()

    public init(rules: RuleSet, clock: any AlertClock = SystemClock(), storyMemory: TimeInterval = 7 * 86_400) {
        ruleSet = rules
        self.clock = clock
        self.storyMemory = storyMemory
        states = Array(repeating: RuleState(), count: rules.rules.count)
    }

    /// One story's part in a pending alert.
    struct Pending {
        var storyID: String
        var event: ArticleEvent
        var terms: [MatchedTerm]
        var feeds: [String]
        var count: Int
    }

    struct Group {
        var deadline: Date
        var items: [Pending]
    }

    struct RateWindow {
        var start: Date
        var sent: Int
        var suppressed: Int
    }

    struct BurstEntry {
        var time: Date
        var storyID: String
        var feed: String
        var event: ArticleEvent
        var terms: [MatchedTerm]
    }

    struct RuleState {
        var lastAlerted: [String: Date] = [:]
        var groups: [String: Group] = [:]
        var window: RateWindow?
        var burst: [BurstEntry] = []
        var burstFired = false
    }

    // MARK: - Events

    public mutating func receive(_ event: ArticleEvent) -> [Alert] {
        let now = clock.now
        var alerts = expire(now)
        for hit in ruleSet.hits(event) {
            let index = hit.ruleIndex
            let rule = ruleSet.rules[index]
            if let burst = rule.burst {
                alerts += recordBurst(index, burst, event, hit.terms, now)
                continue
            }
            if joinPendingGroup(index, event, hit.terms) { continue }
            if let last = states[index].lastAlerted[event.storyID] {
                // A story is new once: another feed or a replay of it is the same story.
                if !event.isUpdate { continue }
                if now.timeIntervalSince(last) < rule.cooldown { continue }
            }
            let item = Pending(storyID: event.storyID, event: event, terms: hit.terms, feeds: [event.feedName], count: 1)
            if rule.groupWait <= 0 {
                alerts += emit(index, [item], now)
            } else {
                let key: String
                switch rule.groupBy {
                case .story: key = event.storyID
                case .rule: key = ""
                case .source: key = event.feedName
                }
                states[index].groups[key, default: Group(deadline: now.addingTimeInterval(rule.groupWait), items: [])].items.append(item)
                busy.insert(index)
            }
        }
        return alerts
    }

    /// Takes the rules of a reloaded configuration. What a rule of the same name remembers (stories
    /// alerted, groups waiting, its rate window, burst entries) carries over, so a reload neither
    /// repeats nor drops alerts; rules that are gone are forgotten.
    public mutating func reload(_ rules: RuleSet) {
        var byName: [String: RuleState] = [:]
        for (index, rule) in ruleSet.rules.enumerated() { byName[rule.name] = states[index] }
        ruleSet = rules
        states = rules.rules.map { byName[$0.name] ?? RuleState() }
        busy = Set(states.indices.filter { !states[$0].groups.isEmpty || states[$0].window != nil || !states[$0].burst.isEmpty })
    }

    /// Restores, after a restart, that `rule` alerted for `storyID` at `time` (from the archive's
    /// outbox), so cooldowns hold and a replayed story does not alert again.
    public mutating func remember(rule: String, storyID: String, alertedAt time: Date) {
        guard let index = ruleSet.rules.firstIndex(where: { $0.name == rule }) else { return }
        let known = states[index].lastAlerted[storyID] ?? .distantPast
        states[index].lastAlerted[storyID] = max(known, time)
    }

    /// What became due since the last call: groups whose wait ended, rate-limit summaries.
    public mutating func tick() -> [Alert] {
        expire(clock.now)
    }

    /// Sends every match still waiting for its group now, deadline or not: at shutdown and at the end
    /// of a one-shot run there is no later tick to wait for.
    public mutating func flushAll() -> [Alert] {
        var alerts: [Alert] = []
        let now = clock.now
        for index in busy.sorted() {
            let waiting = states[index].groups.sorted { ($0.value.deadline, $0.key) < ($1.value.deadline, $1.key) }
            for (key, group) in waiting {
                states[index].groups[key] = nil
                alerts += emit(index, group.items, now)
            }
        }
        return alerts + expire(now)
    }

    /// When `tick` will next have something to send, if anything is waiting.
    public var nextDeadline: Date? {
        var earliest: Date?
        for index in busy {
            let state = states[index]
            for group in state.groups.values { earliest = min(earliest ?? group.deadline, group.deadline) }
            if let window = state.window, window.suppressed > 0, let limit = ruleSet.rules[index].rateLimit {
                let end = window.start.addingTimeInterval(limit.period)
                earliest = min(earliest ?? end, end)
            }
        }
        return earliest
    }

    // MARK: - Grouping, cooldown, rate limit

    /// A story already waiting in one of the rule's groups: count one more article and source.
    private mutating func joinPendingGroup(_ index: Int, _ event: ArticleEvent, _ terms: [MatchedTerm]) -> Bool {
        for (key, group) in states[index].groups {
            guard let at = group.items.firstIndex(where: { $0.storyID == event.storyID }) else { continue }
            var item = group.items[at]
            item.count += 1
            if !item.feeds.contains(event.feedName) { item.feeds.append(event.feedName) }
            for term in terms where !item.terms.contains(where: { $0.query == term.query }) { item.terms.append(term) }
            states[index].groups[key]!.items[at] = item
            return true
        }
        return false
    }

    private mutating func expire(_ now: Date) -> [Alert] {
        var alerts: [Alert] = []
        for index in busy.sorted() {
            let rule = ruleSet.rules[index]
            let due = states[index].groups.filter { $0.value.deadline <= now }
                .sorted { ($0.value.deadline, $0.key) < ($1.value.deadline, $1.key) }
            for (key, group) in due {
                states[index].groups[key] = nil
                alerts += emit(index, group.items, now)
            }
            if let limit = rule.rateLimit, let window = states[index].window,
               now >= window.start.addingTimeInterval(limit.period) {
                states[index].window = nil
                if window.suppressed > 0 { alerts.append(suppressedSummary(rule, window, limit, now)) }
            }
            if let burst = rule.burst { pruneBurst(index, burst, now) }
            let state = states[index]
            if state.groups.isEmpty, state.window == nil, state.burst.isEmpty { busy.remove(index) }
        }
        // Forgetting old stories costs a pass over all of them; once a minute is often enough.
        if now.timeIntervalSince(lastPruned) >= 60 {
            lastPruned = now
            for index in states.indices where !states[index].lastAlerted.isEmpty {
                let forget = max(ruleSet.rules[index].cooldown, storyMemory)
                states[index].lastAlerted = states[index].lastAlerted.filter { now.timeIntervalSince($0.value) < forget }
            }
        }
        return alerts
    }

    private mutating func emit(_ index: Int, _ items: [Pending], _ now: Date) -> [Alert] {
        let rule = ruleSet.rules[index]
        for item in items { states[index].lastAlerted[item.storyID] = now }
        let first = items[0]
        var stories: [String] = [], feeds: [String] = [], matched: [String] = []
        for item in items {
            if !stories.contains(item.storyID) { stories.append(item.storyID) }
            for feed in item.feeds where !feeds.contains(feed) { feeds.append(feed) }
            for term in item.terms where !matched.contains(term.query) { matched.append(term.query) }
        }
        let articleID = first.event.article.id.hex
        let alert = Alert(
            key: AlertKey(rule: rule.name, story: first.storyID, article: articleID),
            time: now, severity: rule.severity, rule: rule.name, kind: .match,
            title: first.event.article.title, source: first.event.feedName, url: first.event.article.url,
            articleID: articleID, isUpdate: first.event.isUpdate, storyIDs: stories, sources: feeds,
            articleCount: items.reduce(0) { $0 + $1.count }, matched: matched
        )
        return rateLimited(index, alert, now)
    }

    private mutating func rateLimited(_ index: Int, _ alert: Alert, _ now: Date) -> [Alert] {
        let rule = ruleSet.rules[index]
        guard let limit = rule.rateLimit else { return [alert] }
        var alerts: [Alert] = []
        if let window = states[index].window, now >= window.start.addingTimeInterval(limit.period) {
            states[index].window = nil
            if window.suppressed > 0 { alerts.append(suppressedSummary(rule, window, limit, now)) }
        }
        var window = states[index].window ?? RateWindow(start: now, sent: 0, suppressed: 0)
        if window.sent < limit.count {
            window.sent += 1
            alerts.append(alert)
        } else {
            window.suppressed += 1
        }
        states[index].window = window
        busy.insert(index)
        return alerts
    }

    private func suppressedSummary(_ rule: AlertRule, _ window: RateWindow, _ limit: RateLimit, _ now: Date) -> Alert {
        let start = Int64(window.start.timeIntervalSince1970)
        return Alert(
            key: AlertKey("\(rule.name)/suppressed/\(start)"), time: now, severity: rule.severity,
            rule: rule.name, kind: .suppressed,
            title: "\(window.suppressed) more suppressed (rate limit \(limit.count) per \(ConfigDuration(seconds: limit.period).description))",
            suppressed: window.suppressed
        )
    }

    // MARK: - Bursts

    private mutating func recordBurst(_ index: Int, _ burst: BurstCondition, _ event: ArticleEvent, _ terms: [MatchedTerm], _ now: Date) -> [Alert] {
        pruneBurst(index, burst, now)
        let known = states[index].burst.contains { $0.storyID == event.storyID && $0.feed == event.feedName }
        if !known {
            states[index].burst.append(BurstEntry(time: now, storyID: event.storyID, feed: event.feedName, event: event, terms: terms))
            busy.insert(index)
        }
        let entries = states[index].burst
        guard reached(burst, entries) else {
            states[index].burstFired = false
            return []
        }
        guard !states[index].burstFired else { return [] }
        states[index].burstFired = true
        let rule = ruleSet.rules[index]
        var stories: [String] = [], feeds: [String] = [], matched: [String] = []
        for entry in entries {
            if !stories.contains(entry.storyID) { stories.append(entry.storyID) }
            if !feeds.contains(entry.feed) { feeds.append(entry.feed) }
            for term in entry.terms where !matched.contains(term.query) { matched.append(term.query) }
        }
        let first = entries[0], last = entries[entries.count - 1]
        let alert = Alert(
            key: AlertKey(rule: rule.name, story: first.storyID, article: last.event.article.id.hex),
            time: now, severity: rule.severity, rule: rule.name, kind: .burst,
            title: first.event.article.title, source: first.feed, url: first.event.article.url,
            articleID: first.event.article.id.hex, isUpdate: first.event.isUpdate, storyIDs: stories,
            sources: feeds, articleCount: entries.count, matched: matched
        )
        return rateLimited(index, alert, now)
    }

    private mutating func pruneBurst(_ index: Int, _ burst: BurstCondition, _ now: Date) {
        states[index].burst.removeAll { now.timeIntervalSince($0.time) >= burst.window }
        if !reached(burst, states[index].burst) { states[index].burstFired = false }
    }

    private func reached(_ burst: BurstCondition, _ entries: [BurstEntry]) -> Bool {
        entries.count >= burst.minCount && Set(entries.map(\.feed)).count >= burst.minSources
    }
}
