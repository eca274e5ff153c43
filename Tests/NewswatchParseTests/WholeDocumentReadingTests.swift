import Foundation
import NewswatchTestSupport
import Testing
@testable import NewswatchParse

/// `XMLFeedReader.readWhole` (a document of `wholeDocumentSizes` parsed in one push, then its
/// items read from the tree) against the streaming reader it stands in for: the same feed, articles
/// and warnings, or the same error, for every fixture, page and seed, damaged copies of each, feeds
/// with comments before and after the root, and feeds stopped by their consumer.
@Suite struct WholeDocumentReadingTests {
    static let fetched = Date(timeIntervalSince1970: 1_790_000_000)

    /// A parser that reads every XML document up to the whole reading's upper bound whole, or none.
    static func parser(whole: Bool) -> DocumentParser {
        var parser = DocumentParser()
        parser.wholeDocumentSizes = whole ? 0..<XMLFeedReader.wholeDocumentSizes.upperBound : 0..<0
        return parser
    }

    /// What `parse` gives, or its error, as text to compare.
    static func outcome(_ bytes: [UInt8], whole: Bool, baseURL: String? = "https://www.example.de/feed/") -> String {
        do {
            let document = try parser(whole: whole).parse(bytes, baseURL: baseURL, fetched: Self.fetched)
            return "\(document.feed)\n\(document.articles)\n\(document.warnings)"
        } catch {
            return "error: \(error)"
        }
    }

    static func inputs() throws -> [(String, [UInt8])] {
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        var inputs: [(String, [UInt8])] = []
        for directory in [FixtureCorpusTests.directory, tests.appendingPathComponent("Pages"),
                          SeedFeedTests.seeds] {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { continue }
            for name in names.sorted() where !name.hasSuffix(".expected.json") && !name.hasSuffix(".gold.txt") {
                inputs.append((name, [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))))
            }
        }
        return inputs
    }

    @Test func wholeReadingIsStreamingOnEveryInput() throws {
        var compared = 0
        for (name, bytes) in try Self.inputs() {
            compared += 1
            #expect(Self.outcome(bytes, whole: true) == Self.outcome(bytes, whole: false), "\(name)")
        }
        #expect(compared > 100)
    }

    /// Cut short, bytes overwritten, markup inserted: most of these are broken, some only a little
    /// (a namespace error, a comment, an entity), so both the whole reading and its way back to the
    /// streaming reader are compared.
    @Test func wholeReadingIsStreamingOnDamagedInput() throws {
        let interesting: [[UInt8]] = (Array("<>&;/\"'[]!?-=#x\n".utf8) + [0xC3, 0xFC, 0xFF, 0x80]).map { [$0] } + [
            "<!-- c -->", "<?pi x?>", "]]>", "<![CDATA[x]]>", "&amp;", "&nbsp;", "<x:y>", "</item>", "<item>", "\r\n",
        ].map { Array($0.utf8) }
        var random = SeededRandom(seed: 0x11_23)
        var compared = 0
        for (name, original) in try Self.inputs() where original.count < 120_000 && original.count > 0 {
            for round in 0..<6 {
                var bytes = original
                switch round % 3 {
                case 0:
                    bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count))))
                case 1:
                    for _ in 0..<(1 + Int(random.next() % 3)) {
                        bytes[Int(random.next() % UInt64(bytes.count))] = random.pick(interesting)[0]
                    }
                default:
                    bytes.insert(contentsOf: random.pick(interesting), at: Int(random.next() % UInt64(bytes.count)))
                }
                compared += 1
                #expect(Self.outcome(bytes, whole: true) == Self.outcome(bytes, whole: false), "\(name) round \(round)")
            }
        }
        #expect(compared > 500)
    }

    /// A feed with comments, processing instructions and white space before and after its root, the
    /// comment after it at every offset around the reader's 512-byte pushes.
    @Test func wholeReadingIsStreamingAroundTheRoot() {
        var item = ""
        for index in 0..<6 {
            item += "<item><title>Titel \(index) &amp; mehr</title><link>https://www.example.de/a/\(index)</link>"
                + "<description><![CDATA[<p>Absatz \(index) mit <b>Text</b>.</p>]]></description></item>\n"
        }
        for padding in stride(from: 0, through: 1100, by: 7) {
            let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- vor -->\n<rss version=\"2.0\"><channel><title>F</title>"
            let body = head + String(repeating: " ", count: padding) + item + "</channel></rss>"
            for tail in ["", "\n", "\n<!-- generated in 0.2 s -->\n", "<?pi done?>", "\ntext after", "<extra/>"] {
                let bytes = Array((body + tail).utf8)
                #expect(Self.outcome(bytes, whole: true) == Self.outcome(bytes, whole: false), "padding \(padding) tail \(tail.debugDescription)")
            }
        }
    }

    /// A consumer that throws stops the reading at the same item either way.
    @Test func aThrowingConsumerStopsAtTheSameItem() throws {
        struct Enough: Error {}
        for (name, bytes) in try Self.inputs() {
            var results: [String] = []
            for whole in [true, false] {
                var seen: [String] = []
                do {
                    _ = try Self.parser(whole: whole).parse(bytes, fetched: Self.fetched) { article in
                        seen.append(article.title)
                        if seen.count == 2 { throw Enough() }
                    }
                    results.append("done \(seen)")
                } catch {
                    results.append("\(error) \(seen)")
                }
            }
            #expect(results[0] == results[1], "\(name)")
        }
    }

    /// Errors that are not fatal (an undeclared prefix, a relative namespace URI) early in a long feed:
    /// the streaming reader reads on past them, and so does the whole reading, with the same warnings.
    @Test func wholeReadingIsStreamingPastErrorsThatAreNotFatal() {
        for (index, extra) in ["<media:content url=\"https://x.de/a.jpg\"/>", "<x:y xmlns:x=\"rel/ns\">z</x:y>", "<dc:creator>A</dc:creator>"].enumerated() {
            for position in [0, 3, 17] {
                var items = ""
                for item in 0..<30 {
                    items += "<item><title>Item \(item)</title><link>https://www.example.de/\(item)</link><description><![CDATA[<p>"
                        + String(repeating: "Text \(item) ", count: 60) + "</p>]]></description>" + (item == position ? extra : "") + "</item>\n"
                }
                let bytes = Array("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>T</title>\n\(items)</channel></rss>\n".utf8)
                let whole = Self.outcome(bytes, whole: true)
                #expect(whole == Self.outcome(bytes, whole: false), "case \(index) at item \(position)")
                #expect(whole.contains("Item 29"), "case \(index) at item \(position)")
            }
        }
    }
}
