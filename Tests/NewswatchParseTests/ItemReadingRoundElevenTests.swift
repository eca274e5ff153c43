import CLibXML2
import CXMLDocumentArena
import Foundation
import NewswatchNormalize
import NewswatchTestSupport
import Testing
@testable import NewswatchParse

/// Session 11's shortcuts in reading feed items, each against what it stands in for.
@Suite struct ItemReadingRoundElevenTests {
    static let bases: [URL?] = [
        nil, URL(string: "https://www.tagesschau.de/"), URL(string: "https://x.de/a/b/c.html?q=1#frag"),
        URL(string: "http://host.example:8080/p/"), URL(string: "file:///tmp/feed.xml"), URL(string: "https://a.de"),
    ]

    /// Links made of host labels and path pieces, many of them plain, many not (upper case, ports, dot
    /// segments, queries, fragments, percent signs, non-ASCII, doubled slashes, spaces).
    static func randomLink(_ random: inout SeededRandom) -> String {
        // Half of them from pieces a plain link may hold, so that many are plain.
        let tame = random.chance(0.5)
        let scheme = tame ? random.pick(["https://", "http://"])
            : random.pick(["https://", "http://", "https://", "http://", "HTTPS://", "ftp://", "https:/", "//", ""])
        let labelPieces = tame ? ["www", "news", "a", "de", "com", "x1", "tagesschau", "b-c"]
            : ["www", "news", "a", "de", "com", "x1", "0", "9", "-", "b-c", "xn--bcher-kva", "A", "ü", "_", "tagesschau"]
        var host: [String] = []
        for _ in 0..<(1 + Int(random.next() % 3)) {
            host.append((0..<(1 + Int(random.next() % 2))).map { _ in random.pick(labelPieces) }.joined())
        }
        let hostText = host.joined(separator: random.pick([".", ".", ".", "..", ":8080.", "@"]))
        let pathPieces = tame ? ["/", "/", "artikel", "-", "_", "~", ".html", "336", "A", "z", "."] : [
            "/", "/", "/", "artikel", "-", "_", "~", ".", "..", "/.", "/..", "//", "336", ".html", "A", "z", "%20", "%zz",
            "?", "q=1", "&", "#", "top", ":", "@", "ü", " ", "+", ",", ";", "=", "!", "'", "(", ")", "*", "[", "]", "\\",
        ]
        let path = (0..<Int(random.next() % 8)).map { _ in random.pick(pathPieces) }.joined()
        return scheme + hostText + path
    }

    /// A plain link is what `URL` makes of it, alone and against every base: `FeedLink.resolve` and
    /// `HTMLWalker.resolve` return it without parsing it.
    @Test func plainLinksAreTheirOwnResolution() {
        var random = SeededRandom(seed: 0x11_1C)
        var plain = 0, other = 0
        for _ in 0..<20_000 {
            let link = Self.randomLink(&random)
            guard CanonicalURL.isPlainLink(link) else { other += 1; continue }
            plain += 1
            #expect(URL(string: link)?.scheme != nil, "\(link)")
            #expect(URL(string: link)?.absoluteString == link, "\(link)")
            for base in Self.bases {
                #expect(URL(string: link, relativeTo: base)?.absoluteString == link, "\(link) against \(String(describing: base))")
                #expect(URL(string: link, relativeTo: base)?.absoluteURL.absoluteString == link, "\(link) against \(String(describing: base))")
            }
        }
        #expect(plain > 500)
        #expect(other > 2_000)
    }

    /// `FeedLink.resolve` and `HTMLWalker.resolve` against their readings through `URL` (the code
    /// before the plain-link shortcut), over random links, each base, and the links of the corpus's kind.
    @Test func resolvingGivesWhatURLGives() {
        func feedLinkThroughURL(_ reference: String?, against base: URL?) -> String? {
            guard let reference = reference?.trimmingSpaces(), !reference.isEmpty else { return nil }
            if let absolute = URL(string: reference), absolute.scheme != nil { return absolute.absoluteString }
            guard let base, let url = URL(string: reference, relativeTo: base) else { return reference }
            return url.absoluteURL.absoluteString
        }
        func walkerThroughURL(_ reference: String?, against base: URL?) -> String? {
            guard let reference = reference?.trimmingSpaces(), !reference.isEmpty else { return nil }
            if reference.hasPrefix("javascript:") || reference.hasPrefix("data:") { return nil }
            guard let url = URL(string: reference, relativeTo: base) else { return reference }
            return url.absoluteString
        }
        var random = SeededRandom(seed: 0x11_1D)
        var links = [
            "https://www.tagesschau.de/meldung/120", "https://tagesschau.de/img/72.jpg", "http://example.com", "https://a.de/x/",
            " https://a.de/x ", "https://a.de/./x", "https://a.de/x/../y", "https://A.de/x", "https://a.de/x?y=1", "/relative/path",
            "relative", "javascript:void(0)", "data:image/png;base64,xx", "", "  ", "https://1.2.3.4/x",
        ]
        for _ in 0..<5_000 { links.append(Self.randomLink(&random)) }
        for link in links {
            for base in Self.bases {
                #expect(FeedLink.resolve(link, against: base) == feedLinkThroughURL(link, against: base), "\(link) against \(String(describing: base))")
                #expect(HTMLWalker(baseURL: base).resolve(link) == walkerThroughURL(link, against: base), "\(link) against \(String(describing: base))")
            }
        }
    }

    static let itemHTML = [
        "<p>Der Bundestag hat am Donnerstag <a href=\"https://www.tagesschau.de/meldung/1\">beschlossen</a>.</p><p>Zweiter Absatz</p>",
        "<figure><img src=\"https://tagesschau.de/img/72.jpg\" alt=\"Ein Bild\" width=\"600\"><figcaption>Bild: dpa</figcaption></figure>"
            + "<h2>Zwischentitel</h2><ul><li>Eins</li><li>Zwei <b>fett</b></li></ul><blockquote>Zitat</blockquote>",
        "<div class=\"share-bar\" id=\"x\"><a href=\"/teilen\">Teilen</a></div><p style=\"display:none\">weg</p><p hidden>auch weg</p>"
            + "<p>Text &amp; mehr &#8211; <img data-src=\"/lazy.jpg\" srcset=\"a.jpg 1x, b.jpg 2x\" height=\"1\"></p>",
        String(repeating: "<p>Ein langer Absatz mit Umlauten äöü und <i>Kursivem</i>, immer wieder.</p>\n", count: 400),
        "<table><tr><td>a</td><td>b</td></tr></table><script>var x = 1;</script><p>nach dem Skript</p></body></html><p>danach</p>",
    ]

    /// Item HTML read in a document scope is held by the slab whole (so `readMarkup` leaves it there
    /// instead of walking it with `xmlFreeDoc`): every node, name, text and attribute of the document
    /// is a block of the slab, and the scope's slab holds everything since the document.
    @Test func itemDocumentsLieInTheSlabWhole() {
        let enabled = nw_xml_document_arena_enabled() == 1
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_RECOVER.rawValue | HTML_PARSE_COMPACT.rawValue)
        for html in Self.itemHTML {
            XMLDocumentArena.reading {
                let document = UTF8Bytes.with(html) { bytes in
                    bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                        htmlReadMemory($0, Int32(bytes.count), nil, "UTF-8", options)
                    }
                }!
                #expect(XMLDocumentArena.holdsEverything(since: document) == enabled)
                var outside = 0, nodes = 0
                func check(_ pointer: UnsafeRawPointer?) { if let pointer, nw_xml_document_arena_owns(pointer) != 1 { outside += 1 } }
                var stack: [xmlNodePtr] = []
                if let root = document.pointee.children { stack.append(root) }
                while let node = stack.popLast() {
                    nodes += 1
                    // A text node's name is libxml2's static `xmlStringText`, which no free touches.
                    check(node); check(node.pointee.content)
                    if node.pointee.type == XML_ELEMENT_NODE { check(node.pointee.name) }
                    var property = node.pointee.properties
                    while let attribute = property {
                        check(attribute); check(attribute.pointee.name)
                        if let value = attribute.pointee.children { check(value); check(value.pointee.content) }
                        property = attribute.pointee.next
                    }
                    if let next = node.pointee.next { stack.append(next) }
                    if let child = node.pointee.children { stack.append(child) }
                }
                #expect(nodes > 2)
                #expect(outside == (enabled ? 0 : outside), "\(html.prefix(60))")
                if !enabled { xmlFreeDoc(document) }
            }
        }
    }

    /// Reading item HTML gives the same blocks however often it is read in a row (the slab is taken
    /// back between items; nothing of one document is left for the next to see).
    @Test func itemHTMLReadsTheSameEveryTime() {
        let reader = HTMLBlockReader(baseURL: URL(string: "https://www.tagesschau.de/"))
        for html in Self.itemHTML {
            let first = UTF8Bytes.with(html) { reader.read(utf8: $0) }
            #expect(first == reader.read(html))
            for _ in 0..<50 { #expect(UTF8Bytes.with(html) { reader.read(utf8: $0) } == first) }
        }
    }

    /// The walk's attribute names made once are the names: each lookup gives what libxml2 gives for
    /// the name written out.
    @Test func attributeNamesAreTheNames() {
        let names: [(UnsafePointer<xmlChar>, String)] = [
            (HTMLWalker.Name.hidden, "hidden"), (HTMLWalker.Name.style, "style"), (HTMLWalker.Name.className, "class"),
            (HTMLWalker.Name.id, "id"), (HTMLWalker.Name.href, "href"), (HTMLWalker.Name.alt, "alt"), (HTMLWalker.Name.width, "width"),
            (HTMLWalker.Name.height, "height"), (HTMLWalker.Name.srcset, "srcset"), (HTMLWalker.Name.dataSrcset, "data-srcset"),
        ] + zip(HTMLWalker.Name.imageSources, ["data-src", "data-lazy-src", "data-original", "src"]).map { ($0, $1) }
        for (pointer, name) in names {
            #expect(String(cString: pointer) == name)
            let html = "<p><span \(name)=\"wert-\(name)\" other=\"x\">t</span></p>"
            let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_RECOVER.rawValue)
            guard let document = htmlReadMemory(html, Int32(html.utf8.count), nil, "UTF-8", options) else { Issue.record("no document"); continue }
            defer { xmlFreeDoc(document) }
            var span = xmlDocGetRootElement(document)
            while let node = span, String(cString: node.pointee.name) != "span" {
                span = node.pointee.children
            }
            guard let span else { Issue.record("no span in \(html)"); continue }
            let walker = HTMLWalker(baseURL: nil)
            #expect(walker.attribute(span, pointer) == "wert-\(name)")
            let spelled = xmlGetProp(span, name)
            #expect(walker.attribute(span, pointer) == spelled.map { String(cString: $0) })
            if let spelled { nw_xml_free(spelled) }
        }
    }

    /// Byte pieces of paragraph text: ASCII words, white space of every kind libxml2 hands over, the
    /// no-break space, invisible characters, umlauts, typographic quotes, CJK, an emoji, a combining
    /// mark, `br`'s marker byte, and bytes that are no UTF-8.
    static let textPieces: [[UInt8]] = [
        "Wort", "der", " ", "  ", "\t", "\n", "\r\n", "\r", "\u{A0}", "\u{AD}", "\u{200B}", "\u{FEFF}", "ä", "ß", "É", "„", "“", "–",
        "…", "中文", "😀", "e\u{301}", ".", ",", "1", "\u{2028}", "\u{3000}",
    ].map { Array($0.utf8) } + [[0x1F], [0x1F, 0x1F], [0xFF], [0xC3], [0x80], [0xED, 0xA0, 0x80]]

    static func randomText(_ random: inout SeededRandom, pieces: Int) -> [UInt8] {
        (0..<pieces).flatMap { _ in random.pick(textPieces) }
    }

    /// Folding bytes gives what folding the String made of them gives; nil for bytes that are no UTF-8.
    @Test func foldingBytesIsFoldingTheirString() {
        var random = SeededRandom(seed: 0x11_1E)
        var valid = 0
        for _ in 0..<30_000 {
            let bytes = Self.randomText(&random, pieces: Int(random.next() % 12))
            let folded = bytes.withUnsafeBufferPointer { TextFolding.collapsingWhitespace(utf8: $0) }
            if UTF8Validity.isValid(bytes) {
                valid += 1
                #expect(folded == TextFolding.collapsingWhitespace(String(decoding: bytes, as: UTF8.self)), "\(bytes)")
                #expect(folded?.utf8.elementsEqual(TextFolding.collapsingWhitespace(String(decoding: bytes, as: UTF8.self)).utf8) == true)
            } else {
                #expect(folded == nil, "\(bytes)")
            }
            #expect(HTMLWalker.folded(bytes) == TextFolding.collapsingWhitespace(CheckedUTF8String.make(bytes)), "\(bytes)")
        }
        #expect(valid > 10_000)
    }

    /// A paragraph ended by `flush` is what `splitAtBlankLines` made of its String (the walk before
    /// the shortcut for paragraphs without `br`), in quotes and outside.
    @Test func flushingAParagraphIsSplittingItsString() {
        var random = SeededRandom(seed: 0x11_1F)
        for round in 0..<20_000 {
            let bytes = Self.randomText(&random, pieces: Int(random.next() % 10))
            var walker = HTMLWalker(baseURL: nil)
            walker.quoteDepth = round % 3 == 0 ? 1 : 0
            walker.buffer = bytes
            walker.flush()
            var expected: [HTMLBody.Part] = []
            let visibleASCII = bytes.contains { $0 < 0x80 && $0 != 0x20 && !($0 >= 0x09 && $0 <= 0x0D) }
            if visibleASCII || bytes.contains(where: { $0 >= 0x80 }) {
                let text = CheckedUTF8String.make(bytes)
                if visibleASCII || HTMLWalker.hasVisibleText(text) {
                    expected = HTMLWalker.splitAtBlankLines(text).map { .block(walker.quoteDepth > 0 ? .quote($0) : .paragraph($0)) }
                }
            }
            #expect(walker.body.parts == expected, "\(bytes)")
            #expect(walker.buffer.isEmpty)
        }
    }

    /// `UTF8Bytes.hasAtMost` is `count <= limit` for texts around the limit in bytes and characters.
    @Test func atMostIsTheCharacterCount() {
        var random = SeededRandom(seed: 0x11_20)
        for _ in 0..<4_000 {
            let limit = random.pick([5, 20, 64, 320])
            let text = String(decoding: Self.randomText(&random, pieces: Int(random.next() % UInt64(limit * 2 + 2))), as: UTF8.self)
            #expect(UTF8Bytes.hasAtMost(limit, charactersIn: text) == (text.count <= limit), "\(limit) \(text.debugDescription)")
        }
    }

    /// The body's line bytes counted over its parts are the count over its blocks' lines.
    @Test func lineBytesAreTheLinesBytes() {
        var random = SeededRandom(seed: 0x11_21)
        for _ in 0..<2_000 {
            var parts: [HTMLBody.Part] = []
            for _ in 0..<Int(random.next() % 6) {
                let line = String(decoding: Self.randomText(&random, pieces: Int(random.next() % 6)), as: UTF8.self)
                switch random.next() % 5 {
                case 0: parts.append(.block(.paragraph(line)))
                case 1: parts.append(.block(.heading(line)))
                case 2: parts.append(.block(.quote(line)))
                case 3: parts.append(.block(.list([line, line + "x"].prefix(Int(random.next() % 3)).map { $0 })))
                default: parts.append(.image(ArticleImage(url: line)))
                }
            }
            let body = HTMLBody(parts: parts)
            #expect(FeedArticleAssembly.lineBytes(of: body) == body.blocks.reduce(0) { $0 + $1.lines.reduce(0) { $0 + $1.utf8.count + 1 } })
        }
    }

    /// Text that `isLiteralText` passes reads as the HTML parser reads it: its `text` is the text folded.
    @Test func literalTextIsWhatTheHTMLParserReads() {
        let pieces = [
            "Wirtschaft", "Politik", "& ", "&", " ", "  ", "&amp;", "&amp; ", "&x", "&#38;", "&#", "&&", "& &", "<", "<b>", ">", "\t", "\n",
            "\r", "\r\n", "\u{1}", "\u{1F}", "\u{7F}", "\u{FFFE}", "\u{FFFF}", "\u{FFFD}", "ä", "ß", "\u{A0}", "„", "“", "–", "😀",
            "e\u{301}", ";", "1", "&1", "& 1", "&;",
        ]
        var random = SeededRandom(seed: 0x11_22)
        let reader = HTMLBlockReader()
        var literal = 0
        for _ in 0..<20_000 {
            // Half of them of pieces literal text may hold, so that many are literal.
            let from = random.chance(0.5) ? pieces.filter { HTMLBlockReader.isLiteralText("& " + $0) } : pieces
            let text = (0..<(1 + Int(random.next() % 8))).map { _ in random.pick(from) }.joined()
            guard HTMLBlockReader.isLiteralText(text) else { continue }
            literal += 1
            #expect(reader.text(text) == reader.read(text).text, "\(text.debugDescription)")
            #expect(TextFolding.collapsingWhitespace(text) == reader.read(text).text, "\(text.debugDescription)")
        }
        #expect(literal > 2_000)
        for title in ["Umfrage & mehr", "Zölle: Stellenabbau lehnt ab Umfrage & mehr", " & ", "A &  B", "Tom & Jerry\n"] {
            #expect(HTMLBlockReader.isLiteralText(title))
            #expect(reader.text(title) == reader.read(title).text)
        }
        for title in ["A &amp; B", "A <b>B</b>", "A &B", "A &", "A &\u{7F} B", "x\u{1}& y", "A B"] {
            #expect(!HTMLBlockReader.isLiteralText(title), "\(title.debugDescription)")
        }
    }

    /// `FeedNode.text` is the String of `xmlNodeGetContent` (what it was made of before it took the
    /// one text child's bytes) for every element of every fixture feed and of mixed content.
    @Test func nodeTextIsTheNodesContent() throws {
        func content(_ node: FeedNode) -> String {
            guard let value = xmlNodeGetContent(node.pointer) else { return "" }
            defer { nw_xml_free(value) }
            return FeedNode.string(value)
        }
        let directory = FixtureCorpusTests.directory
        var documents: [[UInt8]] = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { !$0.hasSuffix(".json") }.sorted()
            .compactMap { name in
                let raw = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))
                return raw.isEmpty ? nil : try? EntityRepair.repair(raw).bytes
            }
        documents.append(Array("""
            <r><a><![CDATA[<p>Hä &amp; <b>x</b></p>]]></a><b>A &amp; B &#8222;C&#8220;</b>
            <c>  <![CDATA[<p>1</p>]]> tail <![CDATA[<p>2</p>]]>\n</c><d>before <i>inner</i> after</d><e/><f></f>
            <g>x<!-- c -->y</g><h><?pi z?>w</h><i>\u{FF}</i></r>
            """.utf8))
        var elements = 0
        for bytes in documents where !bytes.isEmpty {
            forEachFeedElement(of: bytes) { node in
                elements += 1
                #expect(node.text == content(node), "<\(node.localName)>")
                #expect(node.text.utf8.elementsEqual(content(node).utf8), "<\(node.localName)>")
            }
        }
        #expect(elements > 1000)
    }
}
