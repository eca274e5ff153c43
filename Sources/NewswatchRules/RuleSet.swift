/// The rules of one configuration, compiled once into one matcher.
public struct RuleSet: Sendable {
    public let rules: [AlertRule]
    public let matcher: QueryMatcher
    /// Per rule, what `hits` asks of every candidate, kept apart so that asking copies no rule.
    private let triggers: [EventTrigger]
    private let hasFilters: [Bool]

    /// Refuses two rules with the same name: alerts and their dedup keys are named by the rule.
    public init(_ rules: [AlertRule]) throws(RuleError) {
        var names = Set<String>()
        for rule in rules where !names.insert(rule.name).inserted {
            throw RuleError(rule: rule.name, problem: .duplicateName)
        }
        self.rules = rules
        matcher = QueryMatcher(rules.map(\.query))
        triggers = rules.map(\.on)
        hasFilters = rules.map { !$0.sources.isEmpty || !$0.topics.isEmpty || !$0.sections.isEmpty }
    }

    /// A rule that matched an event: which one and with which terms.
    public struct Hit: Sendable, Hashable {
        public let ruleIndex: Int
        public let terms: [MatchedTerm]
    }

    /// The rules the event matches: event kind (`on`), source/topic/section filters, then query.
    public func hits(_ event: borrowing ArticleEvent) -> [Hit] {
        // The closure captures these, not `self` (a copy of the rule set retains every array in it).
        let triggers = triggers, hasFilters = hasFilters, rules = rules
        var hits: [Hit] = []
        matcher.forEachMatch(event.article, feedName: event.feedName, isEligible: { index in
            triggers[index].accepts(isUpdate: event.isUpdate) && (!hasFilters[index] || rules[index].admits(event))
        }, reserve: { hits.reserveCapacity($0) }) { index, terms in
            hits.append(Hit(ruleIndex: index, terms: terms))
        }
        return hits
    }
}
