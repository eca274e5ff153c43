/// The rules of one configuration, compiled once into one matcher.
public struct RuleSet: Sendable {
    public let rules: [AlertRule]
    public let matcher: QueryMatcher

    /// Refuses two rules with the same name: alerts and their dedup keys are named by the rule.
    public init(_ rules: [AlertRule]) throws(RuleError) {
        var names = Set<String>()
        for rule in rules where !names.insert(rule.name).inserted {
            throw RuleError(rule: rule.name, problem: .duplicateName)
        }
        self.rules = rules
        matcher = QueryMatcher(rules.map(\.query))
    }

    /// A rule that matched an event: which one and with which terms.
    public struct Hit: Sendable, Hashable {
        public let ruleIndex: Int
        public let terms: [MatchedTerm]
    }

    /// The rules the event matches: event kind (`on`), source/topic/section filters, then query.
    public func hits(_ event: ArticleEvent) -> [Hit] {
        matcher.matches(event.article, feedName: event.feedName) { index in
            let rule = rules[index]
            return rule.on.accepts(isUpdate: event.isUpdate) && rule.admits(event)
        }.map { Hit(ruleIndex: $0.index, terms: $0.terms) }
    }
}
