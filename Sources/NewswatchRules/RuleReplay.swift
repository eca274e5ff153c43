import Foundation

/// What rules would have sent over past events (`newswatch rules test [RULE…] --since 30d` replays
/// the archive through it): the decider run on a clock that follows the events' own times, with
/// group waits and rate windows ending in between as they would have.
public enum RuleReplay {
    public struct TimedEvent: Sendable {
        public var time: Date
        public var event: ArticleEvent

        public init(time: Date, event: ArticleEvent) {
            self.time = time
            self.event = event
        }
    }

    /// The alerts, in the order they would have been sent. `only` names rules to replay (all when
    /// empty); a name the rule set does not have is an error naming it.
    public static func run(_ rules: RuleSet, over events: [TimedEvent], only: [String] = []) throws(RuleError) -> [Alert] {
        var chosen = rules.rules
        if !only.isEmpty {
            for name in only where !rules.rules.contains(where: { $0.name == name }) {
                throw RuleError(rule: name, problem: .invalid(setting: "name", "is not a rule of this configuration"))
            }
            chosen = rules.rules.filter { only.contains($0.name) }
        }
        let clock = ReplayClock()
        var decider = AlertDecider(rules: try RuleSet(chosen), clock: clock)
        var alerts: [Alert] = []
        for timed in events.sorted(by: { $0.time < $1.time }) {
            while let due = decider.nextDeadline, due <= timed.time {
                clock.now = due
                alerts += decider.tick()
            }
            clock.now = timed.time
            alerts += decider.receive(timed.event)
        }
        while let due = decider.nextDeadline {
            clock.now = due
            alerts += decider.tick()
        }
        return alerts
    }
}

/// A clock set by the replay, one event or deadline at a time.
final class ReplayClock: AlertClock, @unchecked Sendable {
    // @unchecked: `current` is only touched under `lock`.
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 0)

    var now: Date {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }
}
