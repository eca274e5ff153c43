import CLibXML2
import Foundation
import NewswatchTestSupport
@testable import NewswatchNormalize
import Testing
@testable import NewswatchParse

/// The shortcuts of session 7 against what they stand in for: the parse without libxml2's ID table,
/// title keys built a scalar at a time, the scan's byte classes as bit masks.
@Suite struct PageReadingShortcutRoundFourTests {
    /// Every node of the tree libxml2 builds (type, name, content, every attribute with its value, in
    /// order) the same from `htmlReadMemory` and from the parse that skips the ID table, on the test
    /// pages and pages with IDs written twice, `a name`, IDs in a misplaced `<html>`, IDREF-like
    /// values; and the ID table really is left out.
    @Test func parseWithoutTheIDTableBuildsTheSameTree() throws {
        let tricky = [
            "<html><body><div id=\"a\">x</div><div id=\"a\">y</div><a name=\"a\" id=\"b\">z</a><p id=\"\">w</p></body></html>",
            "<html id=\"root\"><body><p id=\"p1\" for=\"p2\" headers=\"x y\">x</p><html id=\"late\" class=\"c\"><label for=\"p1\">l</label></body></html>",
            "<html><body><a name=\"top\">t</a><a name=\"top\">u</a><map name=\"m\"><area id=\"ar\"></map><p ID=\"UP\">v</p></body></html>",
        ]
        var pages = try PageReadingComparison.testPages()
        pages += tricky.map { Array($0.utf8) }
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_RECOVER.rawValue | HTML_PARSE_COMPACT.rawValue)
        for bytes in pages {
            let page = String(decoding: bytes.prefix(120), as: UTF8.self)
            let reference = try #require(bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    htmlReadMemory($0, Int32(buffer.count), nil, "UTF-8", options)
                }
            })
            defer { xmlFreeDoc(reference) }
            let skipping = try #require(PageTree.parse(bytes))
            defer { xmlFreeDoc(skipping) }
            #expect(Self.describe(reference) == Self.describe(skipping), "\(page)")
            #expect(skipping.pointee.ids == nil, "\(page)")
        }
        let withIDs = try #require(Array(tricky[0].utf8).withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(buffer.count), nil, "UTF-8", options)
            }
        })
        defer { xmlFreeDoc(withIDs) }
        #expect(withIDs.pointee.ids != nil)
    }

    /// Script and style bodies that begin with `<!` (`<script><!--`) are set aside too, and the page
    /// reads as when parsed whole: bodies with end tags of other elements, `</script` split in a
    /// string, a comment that never closes before `</script>`, `<!DOCTYPE` and `<![CDATA[` openings,
    /// a style, upper-case tags, and bodies that start with `</` or `<p` (which stay).
    @Test func bodiesOpeningWithMarkupDeclarationsAreSetAside() throws {
        let filler = String(repeating: "var x = 1; if (a < b && c > d) { y = '<div>' + \"</p>\"; } ", count: 6)
        let tricky = [
            "<html><head><script><!--\n\(filler)\n//--></script></head><body><p>Text one</p><script type=\"text/javascript\"><!--\n\(filler) document.write('</scr' + 'ipt>');\n// --></script><p>Text two</p></body></html>",
            "<html><body><div><SCRIPT LANGUAGE=\"JavaScript\"><!-- \(filler) </div> --></SCRIPT><p>after</p></div></body></html>",
            "<html><body><script><!-- never closed \(filler)</script><p>x</p><style><!--\n p { color: red } \(filler) --></style><p>y</p></body></html>",
            "<html><body><script><!DOCTYPE \(filler)</script><script><![CDATA[ \(filler) ]]></script><p>z</p></body></html>",
            "<html><body><script></p>\(filler)</script><script><p>\(filler)</script><p>w</p></body></html>",
        ]
        for page in tricky { try PageReadingComparison.expectSameReading(Array(page.utf8)) }
        let aside = try #require(ScriptBodies.setAside(in: Array(tricky[0].utf8)))
        #expect(aside.bodies.count == 2)
        #expect(ScriptBodies.setAside(in: Array(tricky[4].utf8))?.bodies.isEmpty ?? true)
        for page in tricky {
            let tree = try #require(PageTree(utf8: Array(page.utf8), baseURL: nil))
            let whole = try #require(PageTree(utf8: Array(page.utf8), baseURL: nil, settingScriptsAside: false))
            #expect(tree.text(tree.root!) == whole.text(whole.root!), "\(page.prefix(60))")
        }
    }

    /// A body `ScriptBodies.isPlainText` passes is the text libxml2 makes of it (the body parsed alone in
    /// its element, as `text(of:in:)` did for every body): random bodies of JSON, markup, end tags of
    /// other elements, tabs, line feeds, carriage returns, other control characters, U+FFFE, U+FFFF,
    /// U+FFFD and letters of other scripts (none beginning with a tag, which stays in the page); and
    /// many are plain.
    @Test func plainBodiesAreTheirOwnText() throws {
        let pieces = ["{\"@type\":\"NewsArticle\",", "\"headline\":\"Ein Titel\"}", "</b>", "<p>", "</", "<!--", "-->", "&amp;", "\t", "\n",
                      "\r", "\r\n", "\u{1}", "\u{1F}", "\u{7F}", "\u{FFFE}", "\u{FFFF}", "\u{FFFD}", "北京", "é", " ", "x"]
        var generator = SeededRandom(seed: 7001)
        var plain = 0
        for _ in 0..<1_500 {
            let body = (0..<Int.random(in: 1...10, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            // A body that begins with markup other than `<!` is never set aside (libxml2 reads a tag there).
            if body.hasPrefix("<"), !body.hasPrefix("<!") { continue }
            let opening = "<html><head><script type=\"application/ld+json\">"
            let page = Array((opening + body + "</script></head></html>").utf8)
            let start = opening.utf8.count
            let range = start..<(start + body.utf8.count)
            guard range.upperBound <= page.count, page[range].withUnsafeBufferPointer({ ScriptBodies.isPlainText($0) }) else { continue }
            plain += 1
            let document = try #require(PageTree.parse(page))
            defer { xmlFreeDoc(document) }
            var parsed: [UInt8]?
            var next = xmlDocGetRootElement(document)
            while let node = next {
                if node.pointee.type == XML_ELEMENT_NODE, PageTree.name(node) == "script", let content = xmlNodeGetContent(node) {
                    parsed = Array(UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
                    nw_xml_free(content)
                    break
                }
                next = node.pointee.children ?? node.pointee.next
            }
            #expect(ScriptBodies.text(of: ScriptBodies.Body(name: "script", range: range), in: page) == parsed, "\(body.debugDescription)")
        }
        #expect(plain > 300)
        for unplain in ["a\rb", "a\u{1}b", "a\u{FFFE}", "\u{FFFF}b", "a\u{7}"] {
            #expect(!Array(unplain.utf8).withUnsafeBufferPointer { ScriptBodies.isPlainText($0) }, "\(unplain.debugDescription)")
        }
    }

    /// Each node in document order as a line: type, name, content, attributes with their values.
    static func describe(_ document: htmlDocPtr) -> [String] {
        var lines: [String] = []
        var next: xmlNodePtr? = document.pointee.children
        while let node = next {
            var line = "\(node.pointee.type.rawValue) \(node.pointee.name.map { String(cString: $0) } ?? "-")"
            if let content = node.pointee.content, node.pointee.type != XML_ELEMENT_NODE { line += " [\(String(cString: content))]" }
            // Only an element has attributes: a text node of a parse on the dictionary may keep its
            // text where `properties` lies (HTML_PARSE_COMPACT).
            var property = node.pointee.type == XML_ELEMENT_NODE ? node.pointee.properties : nil
            while let attribute = property {
                let value = xmlNodeGetContent(UnsafeMutableRawPointer(attribute).assumingMemoryBound(to: xmlNode.self))
                line += " \(String(cString: attribute.pointee.name))=\(value.map { String(cString: $0) } ?? "nil")"
                if let value { nw_xml_free(value) }
                property = attribute.pointee.next
            }
            lines.append(line)
            if let child = node.pointee.children, node.pointee.type == XML_ELEMENT_NODE || node.pointee.type == XML_DTD_NODE {
                next = child
                continue
            }
            var cursor: xmlNodePtr? = node
            next = nil
            while let current = cursor {
                if let sibling = current.pointee.next { next = sibling; break }
                cursor = current.pointee.parent
                if cursor.map({ UnsafeMutableRawPointer($0) }) == UnsafeMutableRawPointer(document) { break }
            }
        }
        return lines
    }

    /// The key as it was built: the whole text lower-cased, then a `UnicodeScalarView` of its letters
    /// and digits (`CharacterSet.alphanumerics`).
    static func referenceKey(_ text: String) -> String {
        var kept = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars where CharacterSet.alphanumerics.contains(scalar) { kept.append(scalar) }
        return String(kept)
    }

    /// `TitleFinder.key` against the reference: every scalar of the Basic Multilingual Plane and of
    /// planes 1 and 2 alone and between letters, titles with final sigmas, dotted capital I, the
    /// Kelvin sign, combining marks, and 2,000 random strings of such pieces.
    @Test func titleKeysAgreeWithTheWholeTextLowerCased() {
        for value in UInt32(0x80)..<0x30000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "A" + String(Character(scalar)) + "b"
            #expect(TitleFinder.key(text) == Self.referenceKey(text), "U+\(String(value, radix: 16))")
        }
        let pieces = ["ΟΔΟΣ", "Σ", "σ", "ς", " ", "İstanbul", "\u{212A}elvin", "ǅ", "ß", "ẞ", "ﬁ", "e\u{301}", "\u{300}", "北京", "東京",
                      "서울", "กรุงเทพ", "القاهرة", "Москва", "ΑΘΗΝΑ", "1/2", "½", "Ⅻ", "x", "X", "-", "|", "—", "😀", "\u{10400}", "Ａ"]
        var generator = SeededRandom(seed: 7002)
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(TitleFinder.key(text) == Self.referenceKey(text), "\(text)")
        }
    }

    /// Every scalar `isSurelyAlphanumeric` claims is in `CharacterSet.alphanumerics`.
    @Test func surelyAlphanumericScalarsAreAlphanumeric() {
        var claimed = 0
        for value in UInt32(0)...0x10FFFF where TitleFinder.isSurelyAlphanumeric(value) {
            claimed += 1
            guard let scalar = Unicode.Scalar(value) else { Issue.record("U+\(String(value, radix: 16)) is no scalar"); continue }
            #expect(CharacterSet.alphanumerics.contains(scalar), "U+\(String(value, radix: 16))")
        }
        #expect(claimed > 30_000)
    }

    /// The scan's byte classes against the comparisons they stand for, on all 256 bytes.
    @Test func byteClassesAgreeWithTheComparisons() {
        typealias Class = ScriptBodies.ByteClass
        for value in 0...255 {
            let byte = UInt8(value)
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            let isLetter = lower >= 0x61 && lower <= 0x7A
            let isName = isLetter || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            let isBlank = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
            #expect(Class.isLetter(byte) == isLetter, "\(byte)")
            #expect(Class.isNameByte(byte) == isName, "\(byte)")
            #expect(Class.isBlank(byte) == isBlank, "\(byte)")
        }
    }
}

/// The gates of session 7 in front of Foundation's search and the not-found pattern.
@Suite struct PageReadingGateTests {
    /// Whenever Foundation finds a separator in a title (from either end), `TitleFinder.mayHold` says
    /// it may: titles of separators, their lookalikes (U+0387, U+2010, U+2212, U+FE63, U+FF5C, U+02D0),
    /// combining marks after and before them, Thai and Japanese text.
    @Test func separatorGateLetsEveryMatchThrough() {
        let pieces = [" | ", " – ", " — ", " - ", " · ", " :: ", " » ", " \u{0387} ", "\u{2010}", "\u{2212}", "\u{FE63}", "\u{FF5C}",
                      "\u{02D0}", "\u{301}", "\u{0E31}", "ข่าว", "ニュース", "記事", " ", "-", "|", ":", "·", "»", "a", "Ü"]
        var generator = SeededRandom(seed: 7003)
        var found = 0
        for _ in 0..<3_000 {
            let title = (0..<Int.random(in: 1...7, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            for separator in TitleFinder.separators where title.range(of: separator) != nil || title.range(of: separator, options: .backwards) != nil {
                found += 1
                #expect(TitleFinder.mayHold(separator, in: title), "\(separator) in \(title)")
            }
        }
        #expect(found > 500)
        #expect(!TitleFinder.mayHold(" | ", in: "ข่าว – ニュース"))
        #expect(TitleFinder.mayHold(" · ", in: "a \u{0387} b"))
    }

    /// `PageTree.namesJSONLD` against `lowercased().contains("ld+json")` on `type` values built of the
    /// word in every case, its parts, `ſ`, the Kelvin sign, combining marks and other types.
    @Test func jsonLDGateAgreesWithTheSearch() {
        let pieces = ["application/", "ld+json", "LD+JSON", "Ld+Json", "ld", "+", "json", "JSON", "ſ", "\u{212A}", "\u{301}", "n\u{303}",
                      "text/javascript", " ", ";", "charset=utf-8", "ｌｄ"]
        var generator = SeededRandom(seed: 7004)
        var declared = 0
        for _ in 0..<3_000 {
            let value = (0..<Int.random(in: 0...5, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let reference = value.lowercased().contains("ld+json")
            if reference { declared += 1 }
            let copy = xmlStrdup(value)!
            defer { nw_xml_free(copy) }
            #expect(PageTree.namesJSONLD(copy) == reference, "\(value)")
        }
        #expect(declared > 300)
    }

    /// Whenever the not-found pattern matches a title, `mayMatchNotFound` lets it through: the
    /// pattern's phrases in every case, with lookalikes (`ſ`, the Kelvin sign, dotless and dotted I),
    /// amid Chinese, Arabic, Thai and Latin text.
    @Test func notFoundGateLetsEveryMatchThrough() {
        let pieces = ["404", "Not Found", "NICHT GEFUNDEN", "nicht mehr verfügbar", "no longer available", "Page doesn’t exist",
                      "Fehlerſeite", "\u{212A}", "not found", "existiert nicht", "ı", "İ", "页面不存在", "الصفحة", "ไม่พบ", " ", "4", "0",
                      "ſ", "no", "t found", "Seite", "fehlerseite"]
        var generator = SeededRandom(seed: 7005)
        var matched = 0
        for _ in 0..<3_000 {
            let title = (0..<Int.random(in: 1...5, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            if title.firstMatch(of: ArticlePageExtractor.notFound) != nil {
                matched += 1
                #expect(ArticlePageExtractor.mayMatchNotFound(title), "\(title)")
            }
        }
        #expect(matched > 300)
        #expect(!ArticlePageExtractor.mayMatchNotFound("页面 الصفحة ไม่พบ"))
    }
}

/// `UTF8Bytes.hasAtMost` with its upper bound (the scalars) and its lower bound counting CJK, kana,
/// Hangul, Thai and full-width scalars, against `count <= limit`.
@Suite struct CharacterBoundTests {
    /// Random texts of the counted kinds and of everything that joins them or that they could join:
    /// combining and sound marks, variation selectors, ZWJ, prepended marks (U+0600, U+110BD), conjoining
    /// jamo before and after syllables, Thai vowels and SARA AM, CR LF, emoji, regional indicators; every
    /// limit around the count; and each counted scalar of planes 0 and 1 after and before a letter.
    @Test func boundAgreesWithTheCount() {
        let pieces = ["a", " ", "\r", "\n", "\r\n", "中", "国", "、", "。", "の", "カ", "\u{3099}", "\u{309A}", "한", "\u{1100}", "\u{1161}",
                      "\u{11A8}", "ก", "\u{E31}", "\u{E33}", "\u{E40}", "Ａ", "\u{301}", "\u{FE0F}", "\u{200D}", "\u{600}", "\u{110BD}",
                      "😀", "🇩", "🇪", "é", "ж", "\u{0900}", "क", "\u{94D}", "\u{3030}"]
        var generator = SeededRandom(seed: 7006)
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...30, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let count = text.count
            for limit in Set([0, max(0, count - 2), max(0, count - 1), count, count + 1, Int.random(in: 0...40, using: &generator)]) {
                #expect(UTF8Bytes.hasAtMost(limit, charactersIn: text) == (count <= limit), "\(text.unicodeScalars.map { String($0.value, radix: 16) }) \(limit)")
            }
        }
        for _ in 0..<1_000 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(UTF8Bytes.scalarCount(text) == text.unicodeScalars.count, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        for value in UInt32(0x80)..<0x20000 where UTF8Bytes.beginsCharacter(value) {
            let scalar = String(Character(Unicode.Scalar(value)!))
            for text in ["ab" + scalar + scalar + "c", scalar + "\u{600}" + scalar + "x", "\u{1100}" + scalar + scalar, scalar + "\u{E33}" + scalar] {
                let count = text.count
                #expect(UTF8Bytes.hasAtMost(count - 1, charactersIn: text) == false, "U+\(String(value, radix: 16))")
                #expect(UTF8Bytes.hasAtMost(count, charactersIn: text), "U+\(String(value, radix: 16))")
            }
        }
    }
}
