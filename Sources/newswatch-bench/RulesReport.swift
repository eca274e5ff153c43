import Foundation
import NewswatchRules

/// `rules-report`: every hit of the `rules` benchmark's rules on its articles, with the matched terms
/// and words, one line per hit, so that speed work on the matcher can be checked for an identical
/// report (two binaries' outputs compared with `cmp`).
enum RulesReport {
    static func run(ruleCount: Int, articleCount: Int) throws {
        var ruleGenerator = RuleGenerator(seed: 9)
        let queries = (0..<ruleCount).map { _ in ruleGenerator.next() }
        let rules = try queries.enumerated().map { try AlertRule(name: "rule-\($0.offset)", query: $0.element) }
        let ruleSet = try RuleSet(rules)
        let fetched = Date(timeIntervalSince1970: 1_790_000_000)
        var generator = ArticleGenerator(seed: 2)
        var output = ""
        for number in 0..<articleCount {
            for hit in ruleSet.hits(RulesBenchmark.event(generator.next(fetched: fetched))) {
                let terms = hit.terms.map { "\($0.query)=\($0.words.joined(separator: "|"))" }
                output += "\(number) \(hit.ruleIndex) \(terms.joined(separator: " ; "))\n"
            }
            if output.utf8.count > 1 << 20 {
                FileHandle.standardOutput.write(Data(output.utf8))
                output = ""
            }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}
