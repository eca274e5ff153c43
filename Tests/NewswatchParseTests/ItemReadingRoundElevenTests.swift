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
}
