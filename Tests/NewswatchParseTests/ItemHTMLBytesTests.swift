import CLibXML2
import Foundation
import NewswatchNormalize
import NewswatchTestSupport
import Testing
@testable import NewswatchParse

/// Item HTML read from libxml2's bytes (`ItemText.html`: `FeedNode.withTextBytes`, then
/// `HTMLBlockReader.read(utf8:)`) must give what the String of the field gave (`node.text`, then
/// `read(_:)`).
@Suite struct ItemHTMLBytesTests {
    /// Pieces of item HTML, with the cases that leave the byte path: no markup, `<` before a byte
    /// outside ASCII, `≮`, blank lines, entities, deep nesting, bytes that are no UTF-8.
    static let pieces: [[UInt8]] = [
        "<p>", "</p>", "<p class=\"x\">", "Text ", "Wörter ", "über ", "\n", "\n\n", "  ", "\t", "<br>", "<br/>",
        "<a href=\"/rel\">", "</a>", "<b>", "</b>", "<ul><li>", "</li>", "</ul>", "<h2>", "</h2>", "&amp;", "&lt;",
        "&#8222;", "&nbsp;", "&", "<", "<\u{338}", "\u{226E}", "< ä", "<ü", "Foto: dpa", "<figure><img src=\"a.jpg\">",
        "<figcaption>Bild: X</figcaption></figure>", "<div class=\"share\">", "</div>", "„Zitat“ – ", "…", "\r\n",
        "<script>x</script>", "<!-- c -->", "Lesen Sie auch: ", "\u{1F}", "e\u{301}", "🇩🇪",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x80], [0xED, 0xA0, 0x80], [0xC0, 0xAF]]

    static func read(_ bytes: [UInt8]) -> (fromBytes: HTMLBody, fromString: HTMLBody) {
        let reader = HTMLBlockReader(baseURL: URL(string: "https://www.example.de/feed/"))
        let fromBytes = bytes.withUnsafeBufferPointer { reader.read(utf8: $0) }
        // What `FeedNode.text` made of the bytes: `String(cString:)`, which repairs invalid UTF-8.
        let fromString = reader.read(String(cString: bytes + [0]))
        return (fromBytes, fromString)
    }

    @Test func bytesReadAsTheStringOnRandomItemHTML() {
        var random = SeededRandom(seed: 20_261_123)
        for _ in 0..<3000 {
            let count = Int(random.next() % 30)
            let bytes = (0..<count).flatMap { _ in random.pick(Self.pieces) }
            let (fromBytes, fromString) = Self.read(bytes)
            #expect(fromBytes == fromString, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
    }

    @Test func bytesReadAsTheStringOnTheEdges() {
        let cases: [[UInt8]] = [
            [], Array("plain text only".utf8), Array("first\n\nsecond".utf8), Array("<".utf8), Array("&".utf8),
            Array("a <\u{338} b".utf8), Array("x \u{226E} y".utf8), Array("<p>ok</p>".utf8) + [0xFF],
            Array(String(repeating: "<div>", count: 1200).utf8), Array("<p>ä</p>".utf8),
        ]
        for bytes in cases {
            let (fromBytes, fromString) = Self.read(bytes)
            #expect(fromBytes == fromString, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
    }

    /// Every element of every fixture feed: the bytes `withTextBytes` hands over are `text`'s.
    @Test func textBytesAreTheTextOfEveryFixtureElement() throws {
        let directory = FixtureCorpusTests.directory
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { !$0.hasSuffix(".json") }.sorted()
        var elements = 0
        for name in names {
            // As the reader gets them: a document that declares entities (the blow-up fixtures) is
            // refused before libxml2 sees it, and `text` would expand its references here.
            let raw = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))
            guard !raw.isEmpty, let bytes = try? EntityRepair.repair(raw).bytes, !bytes.isEmpty else { continue }
            forEachFeedElement(of: bytes) { node in
                elements += 1
                let fromBytes = node.withTextBytes { Array($0) }
                #expect(fromBytes == Array(node.text.utf8) || !UTF8Validity.isValid(fromBytes), "\(name) <\(node.localName)>")
            }
        }
        #expect(elements > 1000)
    }

    /// A lone CDATA section, text with an entity, mixed text and CDATA, a child element, nothing.
    @Test func textBytesOfMixedContent() {
        let xml = """
            <r xmlns:content="http://purl.org/rss/1.0/modules/content/">
            <a><![CDATA[<p>Hä &amp; <b>x</b></p>]]></a>
            <b>A &amp; B &#8222;C&#8220;</b>
            <c>  <![CDATA[<p>1</p>]]> tail <![CDATA[<p>2</p>]]>\n</c>
            <d>before <i>inner</i> after</d>
            <e/>
            <f></f>
            </r>
            """
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_COMPACT.rawValue | XML_PARSE_NOCDATA.rawValue)
        let bytes = Array(xml.utf8)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), nil, "UTF-8", options)
            }
        }
        guard let document, let root = xmlDocGetRootElement(document) else {
            Issue.record("the XML did not parse")
            return
        }
        defer { xmlFreeDoc(document) }
        let children = FeedNode(pointer: root).elements
        #expect(children.count == 6)
        for child in children {
            #expect(child.withTextBytes { Array($0) } == Array(child.text.utf8), "<\(child.localName)>")
        }
    }
}
