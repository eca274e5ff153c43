import Foundation
import NewswatchNormalize
import NewswatchRules

/// `rules`: 1,000 generated rules against 10,000 generated articles, through RuleSet (the rules' source,
/// topic and section filters and the compiled QueryMatcher), timed per article.
enum RulesBenchmark {
    static func run(ruleCount: Int, articleCount: Int) throws {
        var ruleGenerator = RuleGenerator(seed: 9)
        let queries = (0..<ruleCount).map { _ in ruleGenerator.next() }
        let rules = try queries.enumerated().map { try AlertRule(name: "rule-\($0.offset)", query: $0.element) }
        let fetched = Date(timeIntervalSince1970: 1_790_000_000)
        var warmUpGenerator = ArticleGenerator(seed: 1)
        let warmUp = (0..<1_000).map { _ in event(warmUpGenerator.next(fetched: fetched)) }
        var generator = ArticleGenerator(seed: 2)
        let events = (0..<articleCount).map { _ in event(generator.next(fetched: fetched)) }

        var sizes = [10, 100, 1_000].filter { $0 < ruleCount }
        sizes.append(ruleCount)
        for size in sizes {
            let ruleSet = try RuleSet(Array(rules.prefix(size)))
            var hits = 0
            for event in warmUp { hits &+= ruleSet.hits(event).count }
            var timings: [Double] = [], cpuTimings: [Double] = []
            timings.reserveCapacity(events.count)
            cpuTimings.reserveCapacity(events.count)
            hits = 0
            for event in events {
                // The CPU clock is read outside the wall-clock window, so it does not add to wall time.
                let cpuStart = threadCPUTime()
                let start = now()
                hits += ruleSet.hits(event).count
                timings.append(now() - start)
                cpuTimings.append(threadCPUTime() - cpuStart)
            }
            let samples = Samples(timings), cpuSamples = Samples(cpuTimings)
            report("rules_\(size)_median_us", samples.median * 1e6)
            report("rules_\(size)_p99_us", samples.percentile(99) * 1e6)
            report("rules_\(size)_cpu_median_us", cpuSamples.median * 1e6)
            report("rules_\(size)_cpu_p99_us", cpuSamples.percentile(99) * 1e6)
            report("rules_\(size)_hits_per_article", Double(hits) / Double(events.count))
        }
        report("articles", Double(articleCount))
        report("peak_mib", peakMemoryMiB())
    }

    static func event(_ article: Article) -> ArticleEvent {
        ArticleEvent(article: article, isUpdate: false, storyID: article.id.description, feedName: article.source ?? "feed")
    }
}
