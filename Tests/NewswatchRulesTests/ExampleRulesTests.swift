import Foundation
import Testing
import NewswatchConfig
import NewswatchNormalize
@testable import NewswatchRules

/// The compiled rules of a config file, or its problems.
func compiledRules(path: String) throws -> CompiledRules {
    let loader = ConfigurationLoader(environment: ["STATE_DIRECTORY": "/tmp/nw-rules-test", "LOGS_DIRECTORY": "/tmp/nw-rules-test"])
    return try RuleCompiler.compile(try loader.load(path: path))
}

/// The example rules shipped in `Config/newswatch.toml`, against the seeds.
@Suite struct ExampleRulesTests {
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Config/newswatch.toml").path

    let configuration: CompiledRules
    let clock = ManualClock()

    init() throws {
        configuration = try compiledRules(path: Self.path)
    }

    /// Seeds (by number) whose event the named rule matches.
    func seeds(firing rule: String, update: Bool = false) -> [Int] {
        let rules = configuration.ruleSet
        return (0...4).filter { seed in
            rules.hits(event(seed, update: update)).contains { rules.rules[$0.ruleIndex].name == rule }
        }
    }

    @Test func loadsEveryRule() {
        #expect(configuration.ruleSet.rules.map(\.name) == ["desertion", "putin-syria", "north-korea-updates", "putin-burst"])
        #expect(configuration.feedHealth.map(\.name) == ["feed-failing", "feed-gone", "feed-moved", "feed-silent", "config-reload-refused"])
        let desertion = configuration.ruleSet.rules[0]
        #expect(desertion.severity == .warning)
        #expect(desertion.cooldown == 6 * 3600)
        #expect(desertion.groupWait == 15)
        #expect(configuration.ruleSet.rules[2].rateLimit == RateLimit(count: 5, per: 3600))
        #expect(configuration.ruleSet.rules[3].burst == BurstCondition(minCount: 5, minSources: 3, window: 3600))
        #expect(configuration.feedHealth[3].condition == .silent(factor: 4, atLeast: 86_400))
        #expect(configuration.ruleSet.matcher.unindexed.isEmpty)
    }

    @Test func desertionFiresOnExactlyTheDesertionSeeds() {
        #expect(seeds(firing: "desertion") == [0, 4])
        #expect(seeds(firing: "desertion", update: true) == [])   // on = "new"
    }

    @Test func putinSyriaFiresOnlyOnTheAssadSeed() {
        #expect(seeds(firing: "putin-syria") == [3])
        #expect(seeds(firing: "putin-syria", update: true) == [3])   // on = "both"
    }

    @Test func updateRuleFiresOnlyOnUpdates() {
        #expect(seeds(firing: "north-korea-updates") == [])
        #expect(seeds(firing: "north-korea-updates", update: true) == [4])
    }

    @Test func theSeedsThroughTheDeciderAsTheDaemonWouldRunThem() throws {
        var decider = AlertDecider(rules: configuration.ruleSet, clock: clock)
        var alerts: [Alert] = []
        // Every seed arrives through two feeds ten seconds apart, inside desertion's 15 s group wait.
        for feed in ["news.de", "news.de-politik"] {
            for seed in 0...4 {
                alerts += decider.receive(event(seed, feed: feed))
            }
            clock.advance(10)
        }
        // putin-syria alerts at once, desertion waits for its group; the burst has only 2 sources.
        #expect(alerts.map(\.rule) == ["putin-syria"])
        #expect(alerts[0].matched == ["putin*", "syrien", "syrisch*", "assad*"])
        clock.advance(10)
        alerts = decider.tick()
        #expect(alerts.map(\.rule) == ["desertion", "desertion"])
        #expect(alerts.map(\.storyIDs) == [["story-0"], ["story-4"]])
        #expect(alerts.allSatisfy { $0.sources == ["news.de", "news.de-politik"] && $0.articleCount == 2 })
        #expect(alerts[0].matched == ["desert*", "*desertion*"])
        #expect(alerts[1].matched == ["desert*", "front* NEAR/3 geflüchtet"])
        // A third outlet: the headline-burst of Putin crosses 5 articles from 3 sources once.
        let third = decider.receive(event(0, feed: "welt.de"))
        #expect(third.map(\.rule) == ["putin-burst"])
        #expect(third[0].kind == .burst)
        #expect(third[0].sources == ["news.de", "news.de-politik", "welt.de"])
        #expect(decider.receive(event(1, feed: "welt.de")).isEmpty)
        // The revision of 004 fires the update rule only.
        #expect(decider.receive(event(4, feed: "news.de", update: true)).map(\.rule) == ["north-korea-updates"])
    }

    @Test func feedHealthRulesFromTheConfiguration() {
        var monitor = FeedHealthMonitor(rules: configuration.feedHealth, clock: clock)
        let now = clock.now
        let statuses = [
            FeedStatus(name: "ok", url: "https://a.example/feed", lastNewArticle: now - 3600, usualGap: 1800),
            FeedStatus(name: "broken", url: "https://b.example/feed", failingSince: now - 7 * 3600, lastError: "HTTP 503"),
            FeedStatus(name: "young-failure", url: "https://c.example/feed", failingSince: now - 3600),
            FeedStatus(name: "gone", url: "https://d.example/feed", isGone: true),
            FeedStatus(name: "moved", url: "https://e.example/feed", movedTo: "https://e.example/rss"),
            FeedStatus(name: "quiet", url: "https://f.example/feed", lastNewArticle: now - 5 * 86_400, usualGap: 86_400),
        ]
        let alerts = monitor.evaluate(statuses)
        #expect(alerts.map { "\($0.rule) \($0.source!)" } == ["feed-failing broken", "feed-gone gone", "feed-moved moved", "feed-silent quiet"])
        #expect(alerts[0].title == "feed failing for 7h: HTTP 503")
        #expect(alerts[3].title == "feed silent for 5d, usually a new article every 1d")
        // Still failing: no second alert. Recovered and failing again: a new one.
        clock.advance(3600)
        #expect(monitor.evaluate(statuses).isEmpty)
        var recovered = statuses
        recovered[1].failingSince = nil
        #expect(monitor.evaluate(recovered).isEmpty)
        recovered[1].failingSince = clock.now - 8 * 3600
        #expect(monitor.evaluate(recovered).map(\.rule) == ["feed-failing"])
        let refused = monitor.configReloadRefused(file: "/etc/newswatch.toml", reason: "line 3: expected a value")
        #expect(refused.map(\.rule) == ["config-reload-refused"])
        #expect(refused[0].severity == .warning)
    }

    @Test func configurationErrorsNameFileLineRuleAndProblem() throws {
        func problem(_ toml: String) throws -> String? {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString).toml").path
            try toml.write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            do { _ = try compiledRules(path: path); return nil } catch let error as ConfigurationError {
                return error.description.replacingOccurrences(of: path, with: "rules.toml")
            }
        }
        #expect(try problem("[[rule]]\nname = \"broken\"\nquery = 'putin AND'\n") ==
            "rules.toml:3:19: rule broken: query: column 10 of the query: expected a term, a \"phrase\", a /regex/ or (, found the end of the query")
        #expect(try problem("[[rule]]\nname = \"r\"\nquery = 'a'\ncooldwn = \"1h\"\n") ==
            "rules.toml:4:1: rule[1].cooldwn: unknown key (did you mean cooldown?)")
        #expect(try problem("[[rule]]\nname = \"r\"\nquery = 'a'\ncooldown = \"soon\"\n")?.hasPrefix("rules.toml:4:12: rule[1].cooldown: \"soon\" is not a duration") == true)
        #expect(try problem("[[rule]]\nname = \"r\"\nquery = 'a'\nseverity = \"loud\"\n") ==
            "rules.toml:4:12: rule[1].severity: \"loud\" is not one of \"info\", \"notice\", \"warning\", \"critical\"")
        #expect(try problem("[[rule]]\nquery = 'a'\n") == "rules.toml:1:1: rule[1].name: every rule needs a name")
        #expect(try problem("[[rule]]\nname = \"r\"\nquery = 'a'\n\n[[rule]]\nname = \"r\"\nquery = 'b'\n")?.contains("rules.toml:5:1: a second rule named \"r\"") == true)
        #expect(try problem("[[rule]\nname = 1")?.hasPrefix("rules.toml:1:") == true)
        #expect(try problem("[[rule]]\nname = \"r\"\nquery = 'a'\nrate_limit = { count = 3 }\n")?.contains("rule[1].rate_limit.per: rate_limit needs per") == true)
        #expect(try problem("[[feed_health]]\nname = \"x\"\nkind = \"sleepy\"\n")?.contains("feed_health[1].kind: \"sleepy\" is not one of") == true)
        #expect(try problem("[[rule]]\nname = \"two words\"\nquery = 'a'\n")?.contains("rule two words: name") == true)
        #expect(try problem("") == nil)
    }
}
