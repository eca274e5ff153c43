import Testing
import NewswatchNormalize
@testable import NewswatchRules

/// A matcher keeps its analysis buffers and the words it has met (with their patterns) from one
/// article to the next. What it finds for an article, terms included, must not depend on that: the
/// same whether the article is the first it sees, comes after many others, or comes right after the
/// known words were emptied.
@Suite struct AnalysisReuseTests {
    static func queries() throws -> [Query] {
        var random = MatcherAgreesWithReferenceTests.Generator(state: 31_337)
        var vocabulary: [String] = []
        for article in CandidateSelectionTests.articles() {
            for field in ArticleField.allCases {
                for line in field.lines(of: article, feedName: nil) { vocabulary += WordFolding.words(line) }
            }
        }
        vocabulary = Array(Set(vocabulary)).sorted()
        func term() -> String {
            let word = vocabulary.randomElement(using: &random)!
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where word.count > 3: return String(word.prefix(3)) + "*"
            case 1 where word.count > 3: return "*" + String(word.suffix(3))
            case 2 where word.count > 4: return "*" + String(word.dropFirst().prefix(2)) + "*"
            default: return word
            }
        }
        let texts = (0..<300).map { number -> String in
            switch number % 6 {
            case 0: return term()
            case 1: return "\(term()) OR \(term())"
            case 2: return "\"\(term()) \(term())\""
            case 3: return "\(term()) NEAR/3 \(term())"
            case 4: return "title:\(term()) OR body:\(term())"
            default: return "(\(term()) OR \(term())) NOT \(term())"
            }
        }
        return try texts.map { try QueryParser().parse($0) }
    }

    @Test func matchesDoNotDependOnWhatTheMatcherSawBefore() throws {
        let queries = try Self.queries()
        let articles = CandidateSelectionTests.articles()
        let fresh = articles.map { QueryMatcher(queries).matches($0, feedName: "feed") }
        #expect(fresh.reduce(0) { $0 + $1.count } > articles.count, "the queries match often enough to compare")

        let reused = QueryMatcher(queries)
        for _ in 0..<3 {
            #expect(articles.map { reused.matches($0, feedName: "feed") } == fresh)
        }
        // Known words emptied before every article.
        let forgetful = QueryMatcher(queries, knownWordLimit: 1)
        for _ in 0..<2 {
            #expect(articles.map { forgetful.matches($0, feedName: "feed") } == fresh)
        }
        // In reverse order, so that each article meets words known from others.
        #expect(articles.reversed().map { reused.matches($0, feedName: "feed") } == fresh.reversed())
    }
}
