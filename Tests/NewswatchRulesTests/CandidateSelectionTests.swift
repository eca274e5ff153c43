import Foundation
import Testing
import NewswatchNormalize
@testable import NewswatchRules

/// The matcher evaluates only the queries one of whose necessary patterns occurs (and those that can
/// be true without any word). Skipping must never lose a match: on deeply nested queries with NOT at
/// every level, field scopes over all fields and every kind of wildcard, the indexed matcher must
/// agree with the plain interpreter on every article, and every query the interpreter finds true
/// must have been offered to `isEligible`.
@Suite struct CandidateSelectionTests {
    static func articles() -> [Article] {
        var random = MatcherAgreesWithReferenceTests.Generator(state: 4_711)
        let seeds = (0...4).map(Seeds.article)
        var vocabulary: [String] = []
        for article in seeds {
            for field in ArticleField.allCases {
                for line in field.lines(of: article, feedName: nil) { vocabulary += line.split(separator: " ").map(String.init) }
            }
        }
        vocabulary = Array(Set(vocabulary)).sorted()
        func line(_ words: ClosedRange<Int>) -> String {
            (0..<Int.random(in: words, using: &random)).map { _ in vocabulary.randomElement(using: &random)! }.joined(separator: " ")
        }
        let made = (0..<25).map { number in
            Article(
                title: line(3...9), teaser: number % 3 == 0 ? nil : line(5...20),
                body: (0..<Int.random(in: 0...5, using: &random)).map { _ in
                    Bool.random(using: &random) ? .paragraph(line(5...40)) : .list([line(1...6), line(1...6)])
                },
                source: ["news.de", "tagesschau.de", nil].randomElement(using: &random)!,
                section: number % 2 == 0 ? line(1...2) : nil,
                image: number % 4 == 0 ? nil : ArticleImage(caption: line(2...8), credit: line(1...3)),
                highlights: (0..<Int.random(in: 0...3, using: &random)).map { _ in line(2...8) },
                authors: [line(1...2)], topics: [line(1...2), line(1...1)])
        }
        return seeds + made
    }

    @Test func nestedQueriesAgreeAndNoMatchIsSkipped() throws {
        var random = MatcherAgreesWithReferenceTests.Generator(state: 99_991)
        let articles = Self.articles()
        var vocabulary: [String] = []
        for article in articles {
            for field in ArticleField.allCases {
                for line in field.lines(of: article, feedName: nil) { vocabulary += WordFolding.words(line) }
            }
        }
        vocabulary = Array(Set(vocabulary)).sorted()
        func term() -> String {
            let word = vocabulary.randomElement(using: &random)!
            switch Int.random(in: 0..<9, using: &random) {
            case 0 where word.count > 3: return String(word.prefix(Int.random(in: 1...word.count, using: &random))) + "*"
            case 1 where word.count > 3: return "*" + String(word.suffix(Int.random(in: 1...word.count, using: &random)))
            case 2 where word.count > 4: return "*" + String(word.dropFirst(1).prefix(Int.random(in: 1...3, using: &random))) + "*"
            case 3: return "zzunbekannt"
            default: return word
            }
        }
        let scopes = ["", "", "", "", "title:", "teaser:", "body:", "highlights:", "caption:", "credit:", "author:", "topic:", "section:", "source:"]
        func expression(_ depth: Int) -> String {
            let scope = scopes.randomElement(using: &random)!
            switch depth > 3 ? Int.random(in: 0..<2, using: &random) : Int.random(in: 0..<9, using: &random) {
            case 0: return scope + term()
            case 1: return "NOT " + scope + term()
            case 2: return "(\(expression(depth + 1)) AND \(expression(depth + 1)))"
            case 3: return "(\(expression(depth + 1)) OR \(expression(depth + 1)) OR \(expression(depth + 1)))"
            case 4: return "(\(expression(depth + 1)) NOT \(expression(depth + 1)))"
            case 5: return "NOT (\(expression(depth + 1)))"
            case 6: return "\(scope)\(term()) NEAR/\(Int.random(in: 1...5, using: &random)) \(term())"
            case 7: return "\(scope)\"\(term()) \(term()) \(term())\""
            // A scope over a group would clash with a NEAR inside it that names its own field.
            default: return "(\(expression(depth + 1)))"
            }
        }
        let texts = (0..<600).map { _ in expression(0) }
        let queries = try texts.map { try QueryParser().parse($0) }
        let matcher = QueryMatcher(queries)
        var matched = 0, skipped = 0
        for (number, article) in articles.enumerated() {
            var offered = Set<Int>()
            let found = Set(matcher.matches(article) { offered.insert($0); return true }.map(\.index))
            for (index, query) in queries.enumerated() {
                let expected = MatcherAgreesWithReferenceTests.reference(query, article)
                #expect(found.contains(index) == expected, "article \(number): \(texts[index])")
                if expected {
                    matched += 1
                    #expect(offered.contains(index), "article \(number): a matching query was skipped: \(texts[index])")
                }
                if !offered.contains(index) { skipped += 1 }
            }
        }
        // Both outcomes occur often, and the index does skip queries.
        let total = queries.count * articles.count
        #expect(matched > total / 10)
        #expect(matched < total * 9 / 10)
        #expect(skipped > total / 10)
    }
}
