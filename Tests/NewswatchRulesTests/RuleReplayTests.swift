import Foundation
import Testing
@testable import NewswatchRules

@Suite struct RuleReplayTests {
    @Test func replaysPastEventsOnTheirOwnClock() throws {
        let rules = try compiledRules(path: ExampleRulesTests.path).ruleSet
        let start = Date(timeIntervalSince1970: 1_733_700_000)
        var events: [RuleReplay.TimedEvent] = []
        for (minute, seed) in [0, 1, 2, 3, 4].enumerated() {
            events.append(.init(time: start + Double(minute * 3600), event: event(seed)))
        }
        events.append(.init(time: start + 10, event: event(0, feed: "dpa")))
        let alerts = try RuleReplay.run(rules, over: events)
        // desertion waits 15 seconds per story and names both feeds of 000.
        #expect(alerts.map(\.rule) == ["desertion", "putin-syria", "desertion"])
        #expect(alerts[0].time == start + 15)
        #expect(alerts[0].sources == ["news.de", "dpa"])
        #expect(alerts[1].time == start + 3 * 3600)
        #expect(alerts[2].time == start + 4 * 3600 + 15)
        #expect(try RuleReplay.run(rules, over: events, only: ["putin-syria"]).map(\.rule) == ["putin-syria"])
        #expect(throws: RuleError.self) { try RuleReplay.run(rules, over: events, only: ["nope"]) }
    }
}
