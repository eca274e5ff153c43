import Foundation
import Testing
import NewswatchNormalize
@testable import NewswatchRules

/// The compiled matcher (term index, candidate selection, binary-searched positions) against a
/// plain interpreter of the query tree that scans every line of every field: on random queries
/// over the seeds' own words they must agree on every article.
@Suite struct MatcherAgreesWithReferenceTests {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
    }

    /// Scans the article directly.
    static func reference(_ query: Query, _ article: Article) -> Bool {
        func lines(_ fields: Set<ArticleField>?) -> [[String]] {
            ArticleField.allCases.filter { (fields ?? ArticleField.text).contains($0) }
                .flatMap { $0.lines(of: article, feedName: nil) }.map(WordFolding.words)
        }
        func starts(_ sequence: WordSequence, _ words: [String]) -> [Int] {
            guard words.count >= sequence.words.count else { return [] }
            return (0...(words.count - sequence.words.count)).filter { start in
                sequence.words.enumerated().allSatisfy { $0.element.matches(words[start + $0.offset]) }
            }
        }
        switch query {
        case .words(let sequence, let fields):
            return lines(fields).contains { !starts(sequence, $0).isEmpty }
        case .near(let a, let b, let distance, let fields):
            return lines(fields).contains { words in
                starts(a, words).contains { x in
                    starts(b, words).contains { y in
                        let xEnd = x + a.words.count - 1, yEnd = y + b.words.count - 1
                        let gap = y > xEnd ? y - xEnd : x > yEnd ? x - yEnd : 0
                        return gap <= distance
                    }
                }
            }
        case .regex: return false
        case .and(let parts): return parts.allSatisfy { reference($0, article) }
        case .or(let parts): return parts.contains { reference($0, article) }
        case .not(let part): return !reference(part, article)
        }
    }

    @Test func randomQueriesAgree() throws {
        var random = Generator(state: 20_241_209)
        var vocabulary: [String] = []
        for seed in 0...4 {
            let article = Seeds.article(seed)
            for field in ArticleField.allCases {
                for line in field.lines(of: article, feedName: nil) { vocabulary += WordFolding.words(line) }
            }
        }
        vocabulary = Array(Set(vocabulary)).sorted()
        func term() -> String {
            let word = vocabulary.randomElement(using: &random)!
            switch Int.random(in: 0..<8, using: &random) {
            case 0 where word.count > 4: return String(word.prefix(word.count / 2 + 1)) + "*"
            case 1 where word.count > 4: return "*" + String(word.suffix(3))
            case 2 where word.count > 5: return "*" + String(word.dropFirst(2).prefix(3)) + "*"
            case 3: return "zzunbekannt"
            default: return word
            }
        }
        func expression(_ depth: Int) -> String {
            let scope = ["", "", "", "title:", "body:", "caption:", "highlights:", "teaser:"].randomElement(using: &random)!
            switch depth > 2 ? 0 : Int.random(in: 0..<7, using: &random) {
            case 0, 1: return scope + term()
            case 2: return "\(expression(depth + 1)) AND \(expression(depth + 1))"
            case 3: return "(\(expression(depth + 1)) OR \(expression(depth + 1)))"
            case 4: return "\(expression(depth + 1)) NOT \(expression(depth + 1))"
            case 5: return "\(scope)\(term()) NEAR/\(Int.random(in: 1...6, using: &random)) \(term())"
            default: return "\(scope)\"\(term()) \(term())\""
            }
        }
        let texts = (0..<400).map { _ in expression(0) }
        let queries = try texts.map { try QueryParser().parse($0) }
        let matcher = QueryMatcher(queries)
        var matched = 0
        for seed in 0...4 {
            let article = Seeds.article(seed)
            let found = Set(matcher.matches(article).map(\.index))
            for (index, query) in queries.enumerated() {
                let expected = Self.reference(query, article)
                #expect(found.contains(index) == expected, "seed \(seed): \(texts[index])")
                if expected { matched += 1 }
            }
        }
        // The comparison means something only if both outcomes occur often.
        #expect(matched > 100)
        #expect(matched < 1800)
    }

    @Test func concurrentUseGivesTheSameAnswers() async throws {
        let queries = try ["putin", "desert*", "*flucht*", "assad AND syrien", "\"kim jong un\"", "NOT ukraine"].map { try QueryParser().parse($0) }
        let matcher = QueryMatcher(queries)
        let expected = (0...4).map { matcher.matches(Seeds.article($0)) }
        let fresh = QueryMatcher(queries)
        let results = await withTaskGroup(of: [[QueryMatch]].self) { group in
            for _ in 0..<4 { group.addTask { (0...4).map { fresh.matches(Seeds.article($0)) } } }
            var all: [[[QueryMatch]]] = []
            for await result in group { all.append(result) }
            return all
        }
        for result in results { #expect(result == expected) }
    }
}
