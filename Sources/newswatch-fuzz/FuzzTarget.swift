import Foundation
import NewswatchConfig
import NewswatchNormalize
import NewswatchParse
import NewswatchRules

/// One parser that reads bytes nobody controls, run by the fuzzer on every input. A target only
/// feeds the input in: a thrown error is the parser doing its job; a crash, hang or runaway memory
/// is what libFuzzer (and AddressSanitizer) report.
enum FuzzTarget: String, CaseIterable, Sendable {
    /// DocumentParser: a feed's bytes as fetched (RSS, RDF, Atom, JSON Feed; pages and plain text too).
    case feedParser = "feed-parser"
    /// ArticlePageExtractor: an article page's HTML.
    case htmlExtractor = "html-extractor"
    /// PlainTextArticleReader: an article in the seeds' plain-text layout.
    case plainTextReader = "plain-text-reader"
    /// QueryParser, then the matcher compiled from the query against a seed-like article.
    case ruleQuery = "rule-query"
    /// ConfigurationLoader on a newswatch.toml with these bytes, then the rules compiled from it.
    case configLoader = "config-loader"

    static let environmentKey = "NEWSWATCH_FUZZ_TARGET"

    func run(_ bytes: [UInt8]) {
        switch self {
        case .feedParser:
            _ = try? DocumentParser().parse(bytes, baseURL: "https://example.org/feed.xml", fetched: FuzzInputs.fetched)
        case .htmlExtractor:
            _ = try? ArticlePageExtractor().extract(bytes: bytes, baseURL: "https://example.org/a/1.html", fetched: FuzzInputs.fetched)
        case .plainTextReader:
            _ = try? PlainTextArticleReader().read(String(decoding: bytes, as: UTF8.self), fetched: FuzzInputs.fetched)
        case .ruleQuery:
            guard let query = try? QueryParser().parse(String(decoding: bytes, as: UTF8.self)) else { return }
            _ = QueryMatcher([query]).matches(FuzzInputs.article, feedName: "news.de")
        case .configLoader:
            FuzzInputs.configFile.load(bytes)
        }
    }
}
