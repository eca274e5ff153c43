import Foundation
import NewswatchNormalize
import Testing
@testable import NewswatchParse

@Suite struct DocumentParserFeedTests {
    static func rss(items: Int, extra: String = "") -> [UInt8] {
        var text = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><link>https://example.de/</link>\(extra)"
        for index in 0..<items {
            text += "<item><title>Meldung \(index)</title><link>https://example.de/\(index)</link><description>Text \(index).</description></item>\n"
        }
        return Array((text + "</channel></rss>").utf8)
    }

    @Test func refusesTooLargeBeforeParsing() {
        let bytes = Self.rss(items: 50)
        #expect(throws: DocumentError.tooLarge(bytes: bytes.count, limit: 100)) {
            try DocumentParser(maximumBytes: 100).parse(bytes)
        }
        #expect(throws: Never.self) { try DocumentParser(maximumBytes: bytes.count).parse(bytes) }
    }

    @Test func handsArticlesOnOneByOneAndStopsWhenTheConsumerThrows() throws {
        struct Enough: Error {}
        var titles: [String] = []
        let outline = try DocumentParser().parse(Self.rss(items: 5)) { titles.append($0.title) }
        #expect(titles == (0..<5).map { "Meldung \($0)" })
        #expect(outline.articleCount == 5)
        #expect(outline.feed.title == "T")

        titles = []
        #expect(throws: Enough.self) {
            try DocumentParser().parse(Self.rss(items: 5)) { article in
                titles.append(article.title)
                if titles.count == 2 { throw Enough() }
            }
        }
        #expect(titles.count == 2)
    }

    @Test func aBrokenDocumentDeliversEachItemOnce() throws {
        // Large enough that the streaming reader delivers items before it meets the damage.
        var bytes = Self.rss(items: 400)
        bytes.removeLast(40)
        bytes += Array("<item><title>kaputt</titel></item>".utf8)
        var titles: [String] = []
        let outline = try DocumentParser().parse(bytes) { titles.append($0.title) }
        #expect(Set(titles).count == titles.count)
        #expect(titles.count == 399)
        #expect(titles.first == "Meldung 0")
        #expect(!outline.warnings.isEmpty)
    }

    @Test func parsesInParallelWithEachDocumentsOwnWarnings() async throws {
        XMLLibrary.initialize()
        let broken = Array("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>B</title>\n<item><title>a</title></item>\n<item><title>x</titel></item></channel></rss>".utf8)
        let clean = Self.rss(items: 20, extra: "<ttl>5</ttl>")
        try await withThrowingTaskGroup(of: (Bool, ParsedDocument).self) { group in
            for index in 0..<32 {
                let isBroken = index % 2 == 0
                group.addTask { (isBroken, try DocumentParser().parse(isBroken ? broken : clean)) }
            }
            for try await (isBroken, document) in group {
                if isBroken {
                    #expect(document.articles.map(\.title) == ["a"])
                    #expect(document.warnings.contains { $0.hasPrefix("line 4") })
                } else {
                    #expect(document.articles.count == 20)
                    #expect(document.warnings.isEmpty)
                    #expect(document.feed.ttl == 5)
                }
            }
        }
    }

    @Test func errorsAreOneLineAndNameTheProblem() {
        let errors: [DocumentError] = [
            .tooLarge(bytes: 10, limit: 5), .entityDeclarations(line: 3), .notAFeed("is an HTML page, not a feed"),
            .malformed("is not well-formed XML: line 1"),
        ]
        for error in errors {
            #expect(!error.description.contains("\n"))
            #expect(!error.description.isEmpty)
        }
        #expect(DocumentError.entityDeclarations(line: 3).description.contains("line 3"))
    }

    @Test func billionLaughsIsRefusedAtOnce() {
        var text = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n<!ENTITY a \"aaaaaaaaaa\">\n"
        for level in 1...20 { text += "<!ENTITY a\(level) \"" + String(repeating: "&a\(level == 1 ? "" : String(level - 1));", count: 10) + "\">\n" }
        text += "]>\n<rss version=\"2.0\"><channel><title>&a20;</title></channel></rss>"
        #expect(throws: DocumentError.entityDeclarations(line: 2)) { try DocumentParser().parse(Array(text.utf8)) }
    }

    @Test func deeplyNestedJSONDoesNotCrash() {
        let text = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "]}"
        // Either refused as invalid or read with the nested junk skipped: never a crash.
        let document = try? DocumentParser().parse(Array(text.utf8))
        #expect(document?.articles.isEmpty ?? true)
    }

    @Test func charsetHintAndBaseURLReachTheParser() throws {
        let latin1: [UInt8] = Array("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>K".utf8) + [0xF6] + Array("ln</title><item><title>x</title><link>/a/1</link></item></channel></rss>".utf8)
        let document = try DocumentParser().parse(latin1, charset: "iso-8859-1", baseURL: "https://feeds.example.org/k.xml")
        #expect(document.feed.title == "Köln")
        #expect(document.articles.first?.url == "https://feeds.example.org/a/1")
        #expect(document.warnings.isEmpty)
    }

    @Test func htmlToBlocksIsUsableOnItsOwn() {
        let body = HTMLBlockReader(baseURL: URL(string: "https://example.de/x/")).read(
            "<h2>Titel</h2><p>Ein <a href='y'>Link</a>.</p><figure><img src='b.jpg'><figcaption>Text Bild: dpa</figcaption></figure>")
        #expect(body.blocks == [.heading("Titel"), .paragraph("Ein Link.")])
        #expect(body.images == [ArticleImage(url: "https://example.de/x/b.jpg", caption: "Text", credit: "dpa")])
        #expect(body.linkTargets["Link"] == "https://example.de/x/y")
    }
}
