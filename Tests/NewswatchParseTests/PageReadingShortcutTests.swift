import CLibXML2
import Foundation
import NewswatchNormalize
import NewswatchTestSupport
import Testing
@testable import NewswatchParse

/// The shortcuts of page extraction (bytes instead of `Character`s and patterns, script bodies set
/// aside before parsing) give what the general code they stand in for gives, which stays as their
/// fallback and is the reference here.
@Suite struct PageReadingShortcutTests {
    @Test func charsetScanAgreesWithThePattern() {
        let heads = [
            "<html><head><meta charset=\"utf-8\"><title>x</title>",
            "<HTML><HEAD><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=ISO-8859-1\">",
            "<meta name=\"charset-x\" content=\"a\" charset = 'Windows-1252' >",
            "<meta charset=\"\"><meta charset=koi8-r>",
            "<meta property=\"og:title\" content=\"a > b\"><meta charset=\"utf-8\">",
            "<meta charset>",
            "<meta\r\ncharset\r\n=\r\n\"utf-8\">",
            "<p>no meta here</p>",
            "<meta content=\"Grüße\" charset=\"utf-8\">",
            "<meta charset=\"utf-8\u{0301}\">",
            "<meta charset=\"\u{212A}oi8-r\">",
        ]
        for head in heads {
            let bytes = Array(head.utf8)
            let reference = String(decoding: bytes, as: UTF8.self).lowercased()
                .firstMatch(of: ArticlePageExtractor.declaredCharsetPattern).map { String($0.1) }
            #expect(ArticlePageExtractor.declaredCharset(bytes) == reference, "\(head)")
            if case .decided(let scanned) = ArticlePageExtractor.scannedCharset(bytes[...]) {
                #expect(scanned == reference, "\(head)")
            }
        }
        #expect(ArticlePageExtractor.scannedCharset(Array("<meta content=\"Grüße\" charset=\"utf-8\">".utf8)[...]) == .undecided)
    }

    @Test func languageTallyOnScalarsAgreesWithCharacters() {
        let texts = [
            "Die Stadtwerke haben am Montag „angekündigt“, die Preise – für Fernwärme – zum ersten Januar um neun Prozent zu erhöhen, weil die Kosten für Erdgas gestiegen sind; das ist nicht schön … €",
            "The council said on Monday that the price of heating would rise by nine percent from January, and that it was not happy with it — “a hard winter” for the city’s families.",
            "İstanbul und die Stadt sind nicht auf dem Weg, das ist der Plan für die Stadt mit dem Rat und den Leuten von hier, auch wenn es sich zu lange hinzieht und eine Frage ist.",
            "Cafe\u{0301} und der Rat sind nicht auf dem Weg, das ist der Plan für die Stadt mit dem Rat und den Leuten.",
            "El consejo de la ciudad dijo que los precios de la calefacción subirán por el invierno, y que es más caro para las familias que viven con poco.",
        ]
        for text in texts {
            var tally = LanguageGuess.Tally()
            var reference = LanguageGuess.Tally()
            for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) { reference.count(String(word)) }
            if LanguageGuess.tallyScalars(text, into: &tally) {
                #expect(tally.counts == reference.counts && tally.words == reference.words, "\(text)")
            } else {
                #expect(text.unicodeScalars.contains { !LanguageGuess.isSingleCharacterScalar($0) })
            }
        }
        #expect(LanguageGuess.guess(texts[0]) == "de")
        #expect(LanguageGuess.guess(texts[1]) == "en")
    }

    @Test func titleSeparatorsAndKeysAgreeWithFoundation() {
        for title in ["Fernwärme wird teurer | Stadtanzeiger", "A - B - C – Zeitung", "Nur ein Titel", "Stadt · Land · Fluss | x | y", "A - B - C | D"] {
            for separator in TitleFinder.separators {
                // Nil: the title has characters the bytes do not decide (Foundation searches it).
                guard let found = TitleFinder.occurrences(of: separator, in: title) else {
                    #expect(title.utf8.contains { $0 >= 0xCC })
                    continue
                }
                #expect(found.last == title.range(of: separator, options: .backwards), "\(title) \(separator)")
                #expect(found.first == title.range(of: separator), "\(title) \(separator)")
            }
        }
        for text in ["Kicker: Die Überschrift, 2024!", "ÀÉÎ õü ß", "Nr. 5 – №7 ½"] {
            let reference = String(text.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
            #expect(TitleFinder.key(text) == reference)
        }
    }

    @Test func classAndIdWordsOnBytesAgreeWithCharacters() {
        for raw in ["article-body__share main", "  teaser  box-more_links ", "a--b c__d", "", " \t\n", "lesen-sie-auch"] {
            var reference: [String] = []
            for token in raw.split(whereSeparator: \.isWhitespace) {
                let parts = token.split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
                reference.append(contentsOf: parts)
                if parts.count > 1 { reference.append(parts.joined()) }
            }
            #expect(PageFurniture.asciiWords(raw) == reference, "\(raw)")
        }
    }

    static let script = "<script>var a = \"</div>\"; if (a < b && c > d) { document.write('<p>x</p>'); } // " + String(repeating: "padding ", count: 60) + "</script>"

    /// The same page parsed whole and with its script bodies set aside: the same elements in the same
    /// order, and the same text for every element once read.
    @Test func scriptBodiesSetAsideLeaveTheTreeAsItIs() throws {
        let pages = [
            "<html><head><title>T</title>\(Self.script)<style>.a{color:red}\(String(repeating: ".b{margin:0}", count: 40))</style></head><body><h1>Title \(Self.script)</h1><p>Text</p></body></html>",
            "<html><body><!-- <script> \(String(repeating: "x", count: 300)) --><div title=\"<script>\">\(Self.script)</div><p>after</p></body></html>",
            "<html><body><div data-x='a>b' \(Self.script.dropFirst())<p>x</p></body></html>",
            "<html><body><p>one<SCRIPT type=\"text/javascript\">\(String(repeating: "y", count: 300))</ScRiPt><p>two</body></html>",
            "<html><body><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"\(String(repeating: "h", count: 300))\"}</script><p>x</p></body></html>",
        ]
        #expect(ScriptBodies.setAside(in: Array(pages[0].utf8))?.bodies.map(\.name) == ["script", "style", "script"])
        for page in pages {
            let bytes = Array(page.utf8)
            let aside = try #require(PageTree(utf8: bytes, baseURL: nil))
            let whole = try #require(PageTree(utf8: bytes, baseURL: nil, settingScriptsAside: false))
            #expect(aside.elements.count == whole.elements.count, "\(page)")
            for (a, w) in zip(aside.elements, whole.elements) {
                #expect(PageTree.name(a) == PageTree.name(w))
                #expect(aside.text(a) == whole.text(w), "\(page)")
            }
            #expect(PageMetadata.read(aside).headline == PageMetadata.read(whole).headline)
        }
    }

    /// `UTF8Validity` against the standard library's validator: fixed edge cases (overlong forms,
    /// surrogates, the last scalar, cut sequences at word boundaries) and 20,000 seeded random byte strings
    /// mostly of ASCII with valid and broken sequences among them.
    @Test func utf8ValidityAgreesWithTheStandardLibrary() {
        func reference(_ bytes: [UInt8]) -> Bool { (try? UTF8Span(validating: bytes.span)) != nil }
        var cases: [[UInt8]] = [[], [0x41], [0xC0, 0x80], [0xC1, 0xBF], [0xC2, 0x80], [0xE0, 0x9F, 0x80], [0xE0, 0xA0, 0x80],
            [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0x80], [0xE2, 0x82], Array("Grüße, €, 😀".utf8)]
        for shift in 0..<9 { cases.append(Array(repeating: 0x61, count: shift) + [0xE2, 0x82, 0xAC] + Array(repeating: 0x62, count: 9 - shift)) }
        for shift in 0..<9 { cases.append(Array(repeating: 0x61, count: 7 + shift) + [0xE2, 0x82]) }
        let pieces: [[UInt8]] = [Array("<p>ab".utf8), Array(" script x=1;".utf8), [0xC3, 0xA4], [0xE2, 0x80, 0x9C], [0xF0, 0x9F, 0x98, 0x80],
                                 [0xC3], [0xA4], [0xED, 0xA0, 0x80], [0xE0, 0x80, 0x80], [0xF8], [0xC0, 0xAF], [0x00]]
        var generator = SeededRandom(seed: 8201)
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                bytes += Int.random(in: 0..<4, using: &generator) == 0 ? pieces.randomElement(using: &generator)! : Array(repeating: 0x61, count: Int.random(in: 0...17, using: &generator))
            }
            cases.append(bytes)
        }
        for bytes in cases { #expect(UTF8Validity.isValid(bytes) == reference(bytes), "\(bytes)") }
    }

    /// `PageTag` of an element against its lower-cased name: every tag's name in three spellings, names
    /// that only start like one, longer names, and a name with the Kelvin sign (which lower-cases to `k`).
    @Test func pageTagAgreesWithTheName() throws {
        var names = PageTag.byName.keys.flatMap { [$0, $0.uppercased(), $0.prefix(1).uppercased() + $0.dropFirst()] }
        names += ["abbr", "ax", "divs", "h7", "blockquotes", "blockquot", "textareas", "custom-element", "x"]
        for name in names {
            let page = "<html><body><\(name) class=\"c\">text</\(name)></body></html>"
            let tree = try #require(PageTree(utf8: Array(page.utf8), baseURL: nil, settingScriptsAside: false))
            var next: xmlNodePtr? = tree.root
            while let node = next {
                if node.pointee.type == XML_ELEMENT_NODE {
                    let tag = PageTag(node)
                    #expect(tag == (PageTag.byName[PageTree.name(node)] ?? .other), "\(name)")
                }
                next = PageTree.nextInDocumentOrder(after: node, within: tree.root!)
            }
        }
        #expect(PageTag.byName.count == 59)
        #expect(PageTag.byName["blockquote"] == .blockquote && PageTag.byName["a"] == .a)
        // libxml2 keeps a name it does not know as written: `\u{212A}` lower-cases to `k`, no tag here.
        let kelvin = try #require(PageTree(utf8: Array("<html><body><\u{212A}bd>x</\u{212A}bd><p>y</p></body></html>".utf8), baseURL: nil))
        for node in kelvin.elements { #expect(PageTag(node) == (PageTag.byName[PageTree.name(node)] ?? .other)) }
    }

    /// Attributes nothing reads left out before the parse: the same elements in the same order, the
    /// same text, and the same value of every attribute the extractor reads, on the test pages and
    /// on tags written every way the scan and libxml2 must agree on.
    @Test func attributesLeftOutLeaveTheReadTreeAsItIs() throws {
        var pages = try PageReadingComparison.testPages()
        let tricky = [
            "<html lang=de onload=x()><body><div ONCLICK=\"a>b\" Class=\"c\" data-x='y \"z' id=i><a href=/x/ target=_blank>l</a></div></body></html>",
            "<body><p data-a=1 data-b= 2 data-c =3 hidden style=\"display:none\">x</p><img src=a.jpg loading=lazy width=1 alt='A'></body>",
            "<body><a/b c=d>x</a><a \"bogus\" href=\"h\" x y=z/>t</a><p x=foo/>y</p><p x=foo />z</p></body>",
            "<body><!-- <a onclick=\"x\" class=\"c\"> --><!--> <p data-q=\"1\" class=k>after</p><!---><p data-r=2>r</p></body>",
            "<body><script data-x=\"1\">var a = '<p data-y=1 class=c>';\(String(repeating: "a", count: 300))</script><p data-z=1 class=d>x</p></body>",
            "<body><\(String(repeating: "q", count: 120)) data-w=1 class=e>long</\(String(repeating: "q", count: 120))><p \(String(repeating: "n", count: 110))=1 class=f>n</p></body>",
            "<body><p data-u=\"&quot;>\" class=g>&amp; x</p><p data-v='a&#39;b' class=h>y</p><p data-t=\"unclosed class=i>z</p></body>",
            "<body><textarea data-a=1><p data-b=2 class=j>t</p></textarea><title data-c=1>x</title><p data-d=1>",
            "<html><body><div data-k=1 role=dialog itemprop=articleBody><meta property=og:title content=T data-m=1><time datetime=2020 data-n=1>t</time></div>",
        ]
        pages += tricky.map { Array($0.utf8) }
        var leftOut = 0
        for bytes in pages {
            leftOut += ScriptBodies.setAside(in: bytes, keepingAttribute: PageTree.isRead)?.attributesLeftOut ?? 0
            // Beside the shared comparison: an element that lost its attributes had none that are read,
            // and `hidden` (read by presence) is kept wherever it was.
            try PageReadingComparison.expectSameReading(bytes) { a, w, page in
                #expect(PageTree.mayHaveAttributes(a) || !PageTree.mayHaveAttributes(w) || PageTree.readAttributes.allSatisfy {
                    PageTree.attribute(w, String(decoding: $0, as: UTF8.self)) == nil
                }, "\(page)")
                #expect(xmlHasProp(a, "hidden") == nil ? xmlHasProp(w, "hidden") == nil : xmlHasProp(w, "hidden") != nil)
            }
        }
        #expect(leftOut > 20)
    }

    /// The statistics kept up while furniture is removed (`PageTree.removeMeasured`) against the tree
    /// measured again after the removal, on the test pages (with and without the title kept).
    @Test func furnitureRemovalKeepsTheMeasuresOfARemeasure() throws {
        var pages = try PageReadingComparison.testPages()
        pages.append(Array("<html><body><div><nav><p>a</p></nav><p>text, text</p></div><div><aside>x</aside>y<footer><div>f</div></footer></div></body></html>".utf8))
        var removedAny = false
        for (page, keepTitle) in pages.flatMap({ [($0, true), ($0, false)] }) {
            let tree = try #require(PageTree(utf8: page, baseURL: nil))
            let before = tree.elements.count
            let title = keepTitle ? TitleFinder(tree: tree, metadata: PageMetadata.read(tree)).find().element : nil
            var furniture = PageFurniture()
            furniture.remove(from: tree, keeping: title, baseURL: nil)
            removedAny = removedAny || tree.elements.count < before
            let (elements, tags, stats) = (tree.elements, tree.tags, tree.stats)
            tree.measure()
            #expect(tree.elements == elements)
            #expect(tree.tags == tags)
            #expect(tree.stats.count == stats.count)
            for (a, b) in zip(tree.stats, stats) {
                #expect(a.textLength == b.textLength && a.linkLength == b.linkLength && a.commas == b.commas)
                #expect(a.links == b.links && a.hasBlockChild == b.hasBlockChild && a.end == b.end)
            }
        }
        #expect(removedAny)
    }

    /// `HiddenStyle` against the expression it stands in for: fixed styles (spaces, case, CR LF, marks
    /// and characters beyond ASCII) and 2,000 random ones built of those pieces.
    @Test func hiddenStyleAgreesWithFoundation() {
        func reference(_ style: String) -> Bool {
            let folded = style.lowercased().replacingOccurrences(of: " ", with: "")
            return folded.contains("display:none") || folded.contains("visibility:hidden")
        }
        var styles = ["display:none", "DISPLAY : NONE", "color:red; display: none;", "visibility:hidden", "Visibility : Hidden",
                      "display:\r\nnone", "display:block", "", "display:nonE\u{301}", "display:\u{212A}none", "display: none\u{A0}",
                      "dis play:no ne", "visibility:visible", "display:inline-none"]
        let pieces = ["display", ":", "none", " ", "visibility", "hidden", ";", "\r\n", "\u{301}", "Ä", "\u{A0}", "D", "NONE", "x"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            styles.append((0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for style in styles { #expect(HiddenStyle.hides(style) == reference(style), "\(style.debugDescription)") }
    }

    /// `<br>`-separated text cut into paragraphs on the bytes, against the pattern: fixed cases (white
    /// space of every kind around the breaks, CR LF, marks and no-break spaces next to them) and
    /// random strings over those pieces.
    @Test func blankLinePiecesAgreeWithThePattern() {
        func reference(_ text: String) -> [String] {
            text.split(separator: /\x{1F}[\s]*\x{1F}[\s\x{1F}]*/)
                .map { TextFolding.collapsingWhitespace($0.replacingOccurrences(of: HTMLWalker.lineBreak, with: " ")) }
                .filter { !$0.isEmpty }
        }
        var texts = [
            "one\u{1F}\u{1F}two", "one\u{1F} \n\u{1F}\u{1F} two\u{1F}three", "\u{1F}\u{1F}lead\u{1F}", "a\u{1F}\r\n\u{1F}b",
            "a\u{1F} \u{301}\u{1F}b", "a\u{1F}\u{A0}\u{1F}b", "a\u{1F}\u{1F}\u{A0}b", "Grüße\u{1F}\u{1F}Straße\u{1F}é",
            "a\u{1F}\u{1E}\u{1F}b", "a\u{1F}\u{1C} \u{1F}b\u{1F}\u{1F}\u{1F}", "\u{1F}", "x \u{1F} \u{1F} \u{2003}y",
        ]
        let pieces = ["\u{1F}", " ", "\n", "\t", "\r\n", "\r", "a", "ü", "\u{301}", "\u{A0}", "\u{2003}", "\u{1E}", "語", "."]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            texts.append((0..<Int.random(in: 1...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for text in texts {
            let expected = reference(text)
            #expect(HTMLWalker.splitAtBlankLines(text) == (HTMLWalker.hasLineBreak(text) ? expected : HTMLWalker.splitAtBlankLines(text)), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            if let bytes = HTMLWalker.blankLinePieces(text) {
                #expect(bytes.map(TextFolding.collapsingWhitespace).filter { !$0.isEmpty } == expected, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            }
        }
    }

    /// The nesting depth counted with `memchr` against a plain count of the same rules.
    @Test func nestingDepthAgreesWithAPlainCount() {
        func plain(_ bytes: [UInt8], _ limit: Int) -> Int {
            var depth = 0, deepest = 0, index = 0
            while index < bytes.count {
                guard bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count else { index += 1; continue }
                let next = bytes[index + 1]
                if next == UInt8(ascii: "/") { depth = max(0, depth - 1); index += 2; continue }
                guard (next | 0x20) >= UInt8(ascii: "a"), (next | 0x20) <= UInt8(ascii: "z") else { index += 1; continue }
                var end = index + 1
                while end < bytes.count, bytes[end] != UInt8(ascii: ">"), bytes[end] != UInt8(ascii: " "), bytes[end] != UInt8(ascii: "/") { end += 1 }
                let isVoid = HTMLBlockReader.voidElements.contains(String(decoding: bytes[(index + 1)..<end], as: UTF8.self).lowercased())
                while end < bytes.count, bytes[end] != UInt8(ascii: ">") { end += 1 }
                let selfClosing = end > 0 && end < bytes.count && bytes[end - 1] == UInt8(ascii: "/")
                if !selfClosing, !isVoid {
                    depth += 1
                    if depth > deepest { deepest = depth; if deepest >= limit { return deepest } }
                }
                index = end + 1
            }
            return deepest
        }
        var pages = ["<html><body><div><p>a<br>b<img src=x/></p><div/><p class=\"x\">c", "<a", "<", "<div", "<div x", "</a></b><i><b>", "<BR><Br/><p><P>"]
        let pieces = ["<div>", "</div>", "<br>", "<img src=a>", "<p/>", "<", "/", ">", "a", " ", "<X y=1>", "</", "<!-- -->"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            pages.append((0..<Int.random(in: 1...20, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for page in pages {
            let bytes = Array(page.utf8)
            for limit in [3, 1000] { #expect(HTMLBlockReader.nestingDepth(bytes, stoppingAt: limit) == plain(bytes, limit), "\(page)") }
        }
    }
}
