import Foundation
import Testing
import NewswatchNormalize
@testable import NewswatchRules

/// A clock the test moves by hand.
final class ManualClock: AlertClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_733_753_100)) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

func event(_ seed: Int, feed: String = "news.de", story: String? = nil, update: Bool = false) -> ArticleEvent {
    ArticleEvent(article: Seeds.article(seed), isUpdate: update, storyID: story ?? "story-\(seed)", feedName: feed)
}

/// An article of its own (not a seed) about the given words.
func event(text: String, story: String, feed: String) -> ArticleEvent {
    ArticleEvent(article: Article(title: text, body: [.paragraph(text + " " + story)]), isUpdate: false, storyID: story, feedName: feed)
}

@Suite struct AlertDeciderTests {
    let clock = ManualClock()

    func decider(_ rules: AlertRule...) throws -> AlertDecider {
        AlertDecider(rules: try RuleSet(rules), clock: clock)
    }

    @Test func sameStoryFromTwoFeedsIsOneAlert() throws {
        var decider = try decider(try AlertRule(name: "syria", query: "putin AND assad", severity: .warning))
        let first = decider.receive(event(3, feed: "news.de"))
        #expect(first.count == 1)
        #expect(first[0].rule == "syria")
        #expect(first[0].severity == .warning)
        #expect(first[0].matched == ["putin", "assad"])
        #expect(first[0].storyIDs == ["story-3"])
        #expect(first[0].key == AlertKey(rule: "syria", story: "story-3", article: Seeds.article(3).id.hex))
        clock.advance(60)
        #expect(decider.receive(event(3, feed: "dpa-ticker")).isEmpty)
        #expect(decider.receive(event(3, feed: "news.de")).isEmpty)
        // Other seeds do not match.
        for seed in [0, 1, 2, 4] { #expect(decider.receive(event(seed)).isEmpty) }
    }

    @Test func updateFiresUpdateRulesNotNewRules() throws {
        var decider = try decider(
            try AlertRule(name: "syria-new", query: "assad", on: .new),
            try AlertRule(name: "syria-update", query: "assad", on: .update),
            try AlertRule(name: "syria-both", query: "assad", on: .both, cooldown: 600)
        )
        #expect(decider.receive(event(3)).map(\.rule) == ["syria-new", "syria-both"])
        clock.advance(60)
        // Within the cooldown of syria-both; syria-update never alerted for the story.
        #expect(decider.receive(event(3, update: true)).map(\.rule) == ["syria-update"])
        clock.advance(600)
        let later = decider.receive(event(3, update: true))
        #expect(later.map(\.rule) == ["syria-both"])
        #expect(later.allSatisfy { $0.isUpdate })
    }

    @Test func cooldownHoldsBackUpdatesOfTheSameStory() throws {
        var decider = try decider(try AlertRule(name: "desertion", query: "desert*", on: .both, cooldown: 3600))
        #expect(decider.receive(event(0)).count == 1)
        clock.advance(3599)
        #expect(decider.receive(event(0, update: true)).isEmpty)
        clock.advance(1)
        #expect(decider.receive(event(0, update: true)).count == 1)
        // Another story is not held back.
        #expect(decider.receive(event(4)).count == 1)
    }

    @Test func groupWaitCollectsSourcesOfOneStory() throws {
        var decider = try decider(try AlertRule(name: "desertion", query: "desert*", groupBy: .story, groupWait: 120))
        #expect(decider.receive(event(0, feed: "news.de")).isEmpty)
        clock.advance(30)
        #expect(decider.receive(event(0, feed: "dpa")).isEmpty)
        #expect(decider.receive(event(0, feed: "welt.de")).isEmpty)
        #expect(decider.receive(event(4, feed: "news.de")).isEmpty)
        #expect(decider.nextDeadline == clock.now.addingTimeInterval(90))
        clock.advance(89)
        #expect(decider.tick().isEmpty)
        clock.advance(1)
        let alerts = decider.tick()
        #expect(alerts.count == 1)
        #expect(alerts[0].storyIDs == ["story-0"])
        #expect(alerts[0].sources == ["news.de", "dpa", "welt.de"])
        #expect(alerts[0].articleCount == 3)
        clock.advance(30)
        let second = decider.tick()
        #expect(second.map(\.storyIDs) == [["story-4"]])
        #expect(decider.nextDeadline == nil)
        // Alerted stories stay quiet.
        #expect(decider.receive(event(0, feed: "spiegel.de")).isEmpty)
        clock.advance(120)
        #expect(decider.tick().isEmpty)
    }

    @Test func groupByRuleSendsOneAlertForAllStories() throws {
        var decider = try decider(try AlertRule(name: "putin", query: "putin", groupBy: .rule, groupWait: 60))
        for seed in 0...4 { #expect(decider.receive(event(seed)).isEmpty) }
        clock.advance(60)
        let alerts = decider.tick()
        #expect(alerts.count == 1)
        #expect(alerts[0].storyIDs == (0...4).map { "story-\($0)" })
        #expect(alerts[0].sources == ["news.de"])
    }

    @Test func groupBySourceSendsOneAlertPerFeed() throws {
        var decider = try decider(try AlertRule(name: "putin", query: "putin", groupBy: .source, groupWait: 60))
        _ = decider.receive(event(0, feed: "a"))
        _ = decider.receive(event(1, feed: "b"))
        _ = decider.receive(event(2, feed: "a"))
        clock.advance(60)
        let alerts = decider.tick()
        #expect(alerts.map(\.storyIDs).sorted { $0.count > $1.count } == [["story-0", "story-2"], ["story-1"]])
    }

    @Test func rateLimitSuppressesAndReportsHowMany() throws {
        var decider = try decider(try AlertRule(name: "putin", query: "putin", rateLimit: RateLimit(count: 2, per: 600)))
        var sent: [Alert] = []
        for seed in 0...4 { sent += decider.receive(event(seed)) }
        #expect(sent.map(\.storyIDs) == [["story-0"], ["story-1"]])
        #expect(decider.nextDeadline == clock.now.addingTimeInterval(600))
        clock.advance(599)
        #expect(decider.tick().isEmpty)
        clock.advance(1)
        let summary = decider.tick()
        #expect(summary.count == 1)
        #expect(summary[0].kind == .suppressed)
        #expect(summary[0].suppressed == 3)
        #expect(summary[0].title == "3 more suppressed (rate limit 2 per 10m)")
        // A new period sends again.
        #expect(decider.receive(event(text: "Putin spricht", story: "s9", feed: "x")).count == 1)
    }

    @Test func burstFiresOnceWhenCrossedAndRearmsAfterTheWindow() throws {
        let burst = BurstCondition(minCount: 3, minSources: 2, window: 3600)
        var decider = try decider(try AlertRule(name: "putin-burst", query: "putin", burst: burst))
        #expect(decider.receive(event(text: "Putin A", story: "a", feed: "one")).isEmpty)
        clock.advance(60)
        #expect(decider.receive(event(text: "Putin B", story: "b", feed: "one")).isEmpty)
        // The same story from the same feed again does not count twice.
        #expect(decider.receive(event(text: "Putin B", story: "b", feed: "one")).isEmpty)
        // Three articles, but one source only.
        #expect(decider.receive(event(text: "Putin C", story: "c", feed: "one")).isEmpty)
        clock.advance(60)
        let fired = decider.receive(event(text: "Putin D", story: "d", feed: "two"))
        #expect(fired.count == 1)
        #expect(fired[0].kind == .burst)
        #expect(fired[0].articleCount == 4)
        #expect(fired[0].sources == ["one", "two"])
        #expect(decider.receive(event(text: "Putin E", story: "e", feed: "three")).isEmpty)
        // Everything leaves the window; the next crossing fires again.
        clock.advance(3600)
        #expect(decider.tick().isEmpty)
        _ = decider.receive(event(text: "Putin F", story: "f", feed: "one"))
        _ = decider.receive(event(text: "Putin G", story: "g", feed: "two"))
        #expect(decider.receive(event(text: "Putin H", story: "h", feed: "two")).count == 1)
    }

    @Test func filtersBySourceTopicAndSection() throws {
        var article = Seeds.article(1)
        article.topics = ["Ukraine-Krieg", "Russland"]
        let incoming = ArticleEvent(article: article, isUpdate: false, storyID: "s1", feedName: "news.de-politik")
        let rules = try RuleSet([
            try AlertRule(name: "by-feed", query: "putin", sources: ["news.de-*"]),
            try AlertRule(name: "by-source", query: "putin", sources: ["news.de"]),
            try AlertRule(name: "other-feed", query: "putin", sources: ["*.spiegel.de"]),
            try AlertRule(name: "by-topic", query: "putin", topics: ["ukraine*"]),
            try AlertRule(name: "other-topic", query: "putin", topics: ["sport"]),
            try AlertRule(name: "by-section", query: "putin", sections: ["POLITIK"]),
            try AlertRule(name: "other-section", query: "putin", sections: ["Sport"]),
        ])
        #expect(rules.hits(incoming).map { rules.rules[$0.ruleIndex].name } == ["by-feed", "by-source", "by-topic", "by-section"])
    }

    @Test func reloadKeepsWhatRulesOfTheSameNameRemember() throws {
        var decider = try decider(
            try AlertRule(name: "syria", query: "assad", on: .both, cooldown: 3600),
            try AlertRule(name: "desertion", query: "desert*", groupWait: 60)
        )
        #expect(decider.receive(event(3)).map(\.rule) == ["syria"])
        #expect(decider.receive(event(0)).isEmpty)   // waiting in its group
        decider.reload(try RuleSet([
            try AlertRule(name: "desertion", query: "desert* OR deserteur*", groupWait: 60),
            try AlertRule(name: "syria", query: "assad OR syrien", severity: .critical, on: .both, cooldown: 3600),
            try AlertRule(name: "new-rule", query: "assad", on: .both),
        ]))
        clock.advance(60)
        #expect(decider.tick().map(\.rule) == ["desertion"])
        // syria remembers story-3 (cooldown), the new rule does not.
        #expect(decider.receive(event(3, update: true)).map(\.rule) == ["new-rule"])
    }

    @Test func rememberedStoriesDoNotAlertAgainAfterARestart() throws {
        var decider = try decider(try AlertRule(name: "syria", query: "assad"))
        decider.remember(rule: "syria", storyID: "story-3", alertedAt: clock.now - 60)
        #expect(decider.receive(event(3)).isEmpty)
        #expect(decider.receive(event(3, story: "another-story")).count == 1)
    }

    @Test func invalidRulesAreRefusedByName() {
        #expect(throws: RuleError(rule: "broken", problem: .query(QuerySyntaxError(column: 7, expected: "AND, OR, NOT, a term or the end of the query", found: "')'")))) {
            try AlertRule(name: "broken", query: "putin )x(")
        }
        #expect(throws: RuleError(rule: "twice", problem: .duplicateName)) {
            try RuleSet([try AlertRule(name: "twice", query: "a"), try AlertRule(name: "twice", query: "b")])
        }
        #expect(throws: RuleError.self) { try AlertRule(name: "has space", query: "a") }
        #expect(throws: RuleError.self) { try AlertRule(name: "r", query: "a", rateLimit: RateLimit(count: 0, per: 60)) }
        #expect(throws: RuleError.self) { try AlertRule(name: "r", query: "a", burst: BurstCondition(minCount: 2, minSources: 3, window: 60)) }
    }
}
