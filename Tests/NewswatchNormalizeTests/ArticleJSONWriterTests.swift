import Foundation
import Testing
@testable import NewswatchNormalize

/// `ArticleJSONWriter` must write exactly the bytes of the Codable path (`Article.jsonEncoder(pretty:
/// false)`): the archive stores its output where it stored the Codable path's before.
@Suite struct ArticleJSONWriterTests {
    static func codable(_ article: Article) throws -> String {
        String(decoding: try Article.jsonEncoder(pretty: false).encode(article), as: UTF8.self)
    }

    @Test func writesTheCodableBytesForTheSeedsAndOwnArticles() throws {
        let files = Corpus.allFiles
        #expect(files.count >= 10)
        for file in files {
            let article = try Corpus.read(file)
            #expect(ArticleJSONWriter.compact(article) == (try Self.codable(article)), "\(file.lastPathComponent)")
        }
    }

    @Test func writesTheCodableBytesForEveryFieldAndEmptyOnes() throws {
        let full = Article(
            title: "Wladimir Putin: Soldaten \"laufen\" davon", teaser: "Ein Teaser.\u{2028}Zweite\tZeile",
            body: [.paragraph("Absatz mit \\ und \u{1}."), .heading("Zwischenzeile"), .list(["a", "", "c\u{2029}"]),
                   .quote("Zitat 🇩🇪"), .list([])],
            url: "https://www.news.de/x?a=1&b=2", guid: "urn:x", source: "news.de", section: "Politik",
            image: ArticleImage(url: "https://www.news.de/i.jpg", caption: "", credit: "dpa"),
            highlights: ["eins", "zwei"], related: [RelatedLink(title: "Mehr"), RelatedLink(title: "Noch", url: "")],
            authors: ["bua", "x"], agencies: ["dpa"], topics: ["Krieg", ""], language: "de",
            published: RFC3339.date(from: "2024-12-09T14:05:00+01:00"), updated: Date(timeIntervalSince1970: -1.5),
            enclosures: [Enclosure(url: "https://www.news.de/a.mp3", type: "audio/mpeg", length: -12),
                         Enclosure(url: "u"), Enclosure(url: "v", length: Int64.max)],
            fetched: Date(timeIntervalSince1970: 1_733_753_100.9))
        let sparse = Article(title: "", teaser: "", body: [], url: "", guid: "", source: "", section: "",
                             image: ArticleImage(), language: "", fetched: Date(timeIntervalSince1970: 0))
        let imageOnlyCaption = Article(title: "T", image: ArticleImage(caption: "c"), fetched: Date(timeIntervalSince1970: 5))
        for article in [full, sparse, imageOnlyCaption] {
            #expect(ArticleJSONWriter.compact(article) == (try Self.codable(article)))
        }
    }

    /// Random articles built from awkward pieces: escapes, control characters, line separators,
    /// non-Latin text, empty strings, every optional field present or not.
    @Test func writesTheCodableBytesForGeneratedArticles() throws {
        var state: UInt64 = 0x5eed
        func next() -> UInt64 {
            state = state &+ 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        let pieces = ["Wort", " ", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1f}", "\u{7f}", "\u{2028}", "\u{2029}", "ä", "ß",
                      "日本", "🙂", "é", "/", "<b>", "&amp;", "Kicker: ", ""]
        func text(_ maxPieces: UInt64 = 12) -> String {
            (0..<Int(next() % maxPieces)).map { _ in pieces[Int(next() % UInt64(pieces.count))] }.joined()
        }
        func maybe(_ value: @autoclosure () -> String) -> String? { next() % 3 == 0 ? nil : value() }
        func list() -> [String] { (0..<Int(next() % 3)).map { _ in text() } }
        for _ in 0..<400 {
            let body: [ArticleBlock] = (0..<Int(next() % 5)).map { _ in
                switch next() % 4 {
                case 0: return .paragraph(text(30))
                case 1: return .heading(text())
                case 2: return .quote(text())
                default: return .list(list())
                }
            }
            let article = Article(
                title: text(), teaser: maybe(text()), body: body, url: maybe(text()), guid: maybe(text()),
                source: maybe(text()), section: maybe(text()),
                image: next() % 2 == 0 ? nil : ArticleImage(url: maybe(text()), caption: maybe(text()), credit: maybe(text())),
                highlights: list(), related: (0..<Int(next() % 3)).map { _ in RelatedLink(title: text(), url: maybe(text())) },
                authors: list(), agencies: list(), topics: list(), language: maybe(text(3)),
                published: next() % 2 == 0 ? nil : Date(timeIntervalSince1970: Double(Int64(bitPattern: next()) % 4_000_000_000)),
                updated: next() % 2 == 0 ? nil : Date(timeIntervalSince1970: Double(next() % 2_000_000_000) + 0.25),
                enclosures: (0..<Int(next() % 3)).map { _ in
                    Enclosure(url: text(), type: maybe(text()), length: next() % 2 == 0 ? nil : Int64(bitPattern: next()))
                },
                fetched: Date(timeIntervalSince1970: Double(next() % 2_000_000_000)))
            #expect(ArticleJSONWriter.compact(article) == (try Self.codable(article)))
        }
    }
}

extension ArticleJSONWriterTests {
    /// Dates are written digit by digit for years 0–9999, through `RFC3339.string` otherwise.
    @Test func writesDatesAsRFC3339Does() {
        let times: [Double] = [0, -1, -0.5, 59.999, 86_399, 86_400, 951_782_400, 1_733_753_100.9, 253_402_300_799, 253_402_300_800,
                               -62_167_219_200, -62_167_219_201, -100_000_000_000, 1e12]
        for time in times {
            let date = Date(timeIntervalSince1970: time)
            var out: [UInt8] = []
            ArticleJSONWriter.date(date, &out)
            #expect(String(decoding: out, as: UTF8.self) == "\"" + RFC3339.string(from: date) + "\"", "\(time)")
        }
    }
}
