import CLibXML2
import Foundation
import NewswatchTestSupport
import Testing
@testable import NewswatchParse

/// Runs of text handed to libxml2 as one marker character each and put back during the parse
/// (`ScriptBodies.textMarker`, `nw_html_characters`) against the page parsed whole: every node the
/// same, on the test pages, on markup that reads text otherwise, and on random pages.
@Suite struct PageTextMarkerTests {
    /// The tree of `page` parsed from `ScriptBodies`' copy with texts marked (and long script bodies
    /// set aside, put back here), described node by node; nil when the parse gave the copy up.
    static func markedTree(_ page: [UInt8], keepingAttribute: ((UnsafeBufferPointer<UInt8>) -> Bool)? = nil, markingTexts: Bool = true) throws -> (lines: [String], texts: Int)? {
        guard let aside = ScriptBodies.setAside(in: page, keepingAttribute: keepingAttribute, markingTexts: markingTexts) else { return nil }
        guard let document = PageTree.parse(aside.bytes, markedValues: aside.values, markedTexts: aside.texts, of: page) else { return nil }
        defer { xmlFreeDoc(document) }
        // A tree this refuses is not used: the page is parsed whole.
        guard let elements = aside.elements(in: document, page: page) else { return nil }
        for (element, body) in zip(elements, aside.bodies) {
            var text = try #require(ScriptBodies.text(of: body, in: page))
            text.append(0)
            text.withUnsafeBufferPointer { xmlNodeSetContent(element.pointee.children, $0.baseAddress) }
        }
        return (PageReadingShortcutRoundFourTests.describe(document), aside.texts.count)
    }

    /// Parses every page marked and whole and expects the same tree; answers how many texts were
    /// marked in all (pages that got no marked copy are left out).
    static func markedTreesMatch(_ pages: [[UInt8]]) throws -> Int {
        var marked = 0
        for page in pages {
            let whole = try wholeTree(page)
            guard let tree = try markedTree(page) else { continue }
            marked += tree.texts
            #expect(tree.lines == whole, "\(String(decoding: page.prefix(100), as: UTF8.self))")
        }
        return marked
    }

    static func wholeTree(_ page: [UInt8]) throws -> [String] {
        let document = try #require(PageTree.parse(page))
        defer { xmlFreeDoc(document) }
        return PageReadingShortcutRoundFourTests.describe(document)
    }

    /// Text after comments, declarations and end tags that libxml2 drops; text before `<html>`, in
    /// `head` (which opens the body), after `</html>`; text with white space before it (which libxml2
    /// skips at the top of a document), with character references, a `<` that opens no tag, CR LF,
    /// tabs, control characters, U+FFFE and U+FFFF; text in `title`, `textarea`, `pre`, `option`;
    /// text beside script bodies and inside an unclosed comment; a page with a character of plane 16.
    @Test func markedTextsBuildTheSameTree() throws {
        let tricky = [
            "<!-- lead comment -->   Some text before the root element<html><head><title>A title of the page</title>Text in the head opens the body<meta name=x></head><body><p>First paragraph of text.</p></body></html>   Text after the end of it all",
            "<!DOCTYPE html>\n   Text after the doctype, with blanks before it<p>Paragraph text here</p>",
            "<html><body><p>Fish &amp; chips and more</p><p>a < b holds and more text</p><p>Line one\r\nline two\r\n</p><p>Tab\there and there</p></body></html>",
            "<html><body><p>Control \u{1} character in text</p><p>Not a character \u{FFFE} here</p><p>Nor \u{FFFF} this one</p><p>Replacement \u{FFFD} is one</p></body></html>",
            "<html><body><textarea>Text in a text area here</textarea><pre>  Preformatted   text here </pre><select><option>Option text one<option>Option text two</select></body></html>",
            "<html><body><p>Unmatched end tag</span> follows with text</p></foo>Text after an unknown end tag<br/>Text after br<hr>Text after hr</body></html>",
            "<html><body><p>Before a comment<!-- a comment with text in it -->After the comment text</p><p>Never closed <!-- comment with text then </p></body></html>",
            "<html><body><script>var text = 'script text that is long enough';</script>Text after a script<style>p { color: red }</style>Text after a style</body></html>",
            "<html><body><p>Plane sixteen \u{100001} character</p><p>Another text run here</p></body></html>",
            "<html><body><div>Text<b>bold text run</b>text after bold<i>italic text</i>    \n   indented text run   </div></body></html>",
            "<html><body><p>Ünïcödé text in Latin</p><p>北京的新闻文本在这里</p><p>نص عربي هنا أيضا</p></body></html>",
            "<html><body><table><tr><td>Cell text one</td>Text between cells<td>Cell text two</td></tr></table><ul>Text in a list<li>Item text</li></ul></body></html>",
            "<html><body><p attr=\"value with > inside\">Text after the tag with a quoted value</p><p attr='x>y' other=bare>Text again after</p></body></html>",
            "<html><body><p>Text ending the page without a tag after it",
            "<html><body><p>Text before a broken tag <p class=\"unclosed>More text in the value</p><p>and after</p></body></html>",
        ]
        let marked = try Self.markedTreesMatch(try PageReadingComparison.testPages() + tricky.map { Array($0.utf8) })
        #expect(marked > 500)
        // A page with a byte 0xF4 (a character of plane 16) gets no text markers.
        #expect(ScriptBodies.setAside(in: Array(tricky[8].utf8), markingTexts: true)?.texts.isEmpty ?? true)
        #expect((ScriptBodies.setAside(in: Array(tricky[2].utf8), markingTexts: true)?.texts.count ?? 0) == 2)
    }

    /// Random pages of tags, comments, texts and white space: the parse puts every marker back or is
    /// given up, and a tree it keeps is the page's.
    @Test func randomPagesBuildTheSameTree() throws {
        let pieces = [
            "<p>", "</p>", "<div class=\"box\">", "</div>", "<b>", "</b>", "<br>", "<br/>", "<!-- note -->", "<!-->", "<html>", "</html>",
            "<head>", "</head>", "<body>", "</body>", "<title>", "</title>", "<meta name=\"a\" content=\"b\">", "<li>", "<ul>", "</ul>",
            "<table>", "<td>", "</tr>", "<option>", "<select>", "</select>", "<script>x = 1;</script>", "<a href=\"/x\">", "</a>", "<!DOCTYPE html>",
            "<?php echo 1 ?>", "</unknown>", "<img src=x alt='a > b'>", "<p title=\"open", "\">",
            "Some words of text", "more text here", "  ", "\n", "\t", "\r\n", "   \n  ", "&amp;", "&nbsp;", "< 5", "<", ">", "\u{1}", "\u{FFFE}",
            "ü", "北京新闻", "x", "a longer run of plain article text, with commas, and more",
        ]
        var generator = SeededRandom(seed: 9001)
        var kept = 0
        var givenUp = 0
        var marked = 0
        for _ in 0..<1_500 {
            let page = Array((0..<Int.random(in: 1...24, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined().utf8)
            let whole = try Self.wholeTree(page)
            guard let aside = ScriptBodies.setAside(in: page, markingTexts: true), !aside.texts.isEmpty else { continue }
            guard let tree = try Self.markedTree(page) else { givenUp += 1; continue }
            kept += 1
            marked += tree.texts
            #expect(tree.lines == whole, "\(String(decoding: page, as: UTF8.self).debugDescription)")
        }
        #expect(kept > 300)
        #expect(givenUp < kept / 10)
        #expect(marked > 500)
    }

    /// A marker the parse does not read as a run of text of its own (here one written into an
    /// attribute value and one inside a comment, where the scan would never put them) is not put
    /// back, and the parse is given up.
    @Test func markersReadOtherwiseGiveTheParseUp() throws {
        let page = Array("<html><body><p>Plain text of the page</p></body></html>".utf8)
        let range = 15..<37
        for copy in ["<html><body><p title=\"\u{100000}\">x</p></body></html>", "<html><body><!--\u{100000}--><p>x</p></body></html>",
                     "<html><body><p>x\u{100000}</p></body></html>", "<html><body><p>\u{100001}</p></body></html>"] {
            #expect(PageTree.parse(Array(copy.utf8), markedTexts: [ScriptBodies.MarkedText(range: range)], of: page) == nil, "\(copy)")
        }
        let document = try #require(PageTree.parse(Array("<html><body><p> \n\u{100000}</p></body></html>".utf8), markedTexts: [ScriptBodies.MarkedText(range: range)], of: page))
        defer { xmlFreeDoc(document) }
        #expect(PageReadingShortcutRoundFourTests.describe(document).contains { $0.hasSuffix("[ \nPlain text of the page]") })
        // A marker of white space where libxml2 opens a paragraph for it (in `head`, in `html`, before
        // any element) gives the parse up; inside the body it is put back, shortened when so marked.
        let blankPage = Array("<html><head> \n\t\n <title>t</title></head></html>".utf8)
        let blank = ScriptBodies.MarkedText(range: 12..<17)
        for copy in ["<html><head>\u{100000}<title>t</title></head></html>", "<html>\u{100000}<body></body></html>", "\u{100000}<p>x</p>"] {
            #expect(PageTree.parse(Array(copy.utf8), markedTexts: [blank], of: blankPage) == nil, "\(copy)")
            #expect(PageTree.parse(Array(copy.utf8), markedTexts: [ScriptBodies.MarkedText(range: 12..<17, shortened: true)], of: blankPage) == nil, "\(copy)")
        }
        for (marked, expected) in [(blank, "[ \n\t\n ]"), (ScriptBodies.MarkedText(range: 12..<17, shortened: true), "[ \n ]")] {
            let inBody = try #require(PageTree.parse(Array("<html><body><div>\u{100000}</div></body></html>".utf8), markedTexts: [marked], of: blankPage))
            defer { xmlFreeDoc(inBody) }
            #expect(PageReadingShortcutRoundFourTests.describe(inBody).contains { $0.hasSuffix(expected) })
        }
        // Text in `head` opens the body and a paragraph, for the marker as for the text.
        let inHead = try #require(PageTree.parse(Array("<html><head>\u{100000}</head></html>".utf8), markedTexts: [ScriptBodies.MarkedText(range: range)], of: page))
        defer { xmlFreeDoc(inHead) }
        let plainHead = try #require(PageTree.parse(Array("<html><head>Plain text of the page</head></html>".utf8)))
        defer { xmlFreeDoc(plainHead) }
        #expect(PageReadingShortcutRoundFourTests.describe(inHead) == PageReadingShortcutRoundFourTests.describe(plainHead))
    }

    /// White space between tags inside the body goes as a marker too (libxml2 then compares no names
    /// for it, `areBlanks`); where libxml2 would open a paragraph for the marker (white space in `html`
    /// or `head` after a `<body` tag the parse set aside), the parse is given up. Pages with white
    /// space in the head, after `</body>`, around a misplaced `<head>` and `<html>`, inline between
    /// `b` and `i`, at the end of the page.
    @Test func markedWhiteSpaceBuildsTheSameTree() throws {
        let tricky = [
            "<html>\n <head>\n  <title>T</title>\n  <meta name=a content=b>\n </head>\n <body>\n  <div>\n   <p>One <b>bold</b> <i>it</i></p>\n  </div>\n </body>\n</html>\n",
            "<html><body>  <p>x</p>  </body>   <p>after the body</p>   </html>   ",
            "<html><head><title>T</title><body class=\"b\">  <p>x</p>   <head>   <meta name=a>   </head>   <p>y</p></body></html>",
            "<html><body><div>  <html lang=\"de\">  <p>z</p>  </html>  <p>w</p>  </div></body></html>",
            "<body>   <div>   </div>   ",
            "<html><head></head>   <body>   <table>   <tr>   <td>cell</td>   </tr>   </table>  <ul>  <li>a</li>  </ul>  </body></html>",
            "<html><body><p>a</p>\r\n   <p>b</p>\t\t<p>c</p> \n \n <br> \n <p>d</p></body></html>",
        ]
        let marked = try Self.markedTreesMatch(try PageReadingComparison.testPages() + tricky.map { Array($0.utf8) })
        #expect(marked > 1_000)
        let blanks = try #require(ScriptBodies.setAside(in: Array(tricky[0].utf8), markingTexts: true))
        // Four runs in the body (after `<body>`, `<div>`, `</p>`, `</div>`) and the one between `b` and `i`.
        #expect(blanks.texts.count == 5)
    }

    /// With attributes left out and white space shortened (as `PageTree` reads a page), the tree with
    /// texts and white space as markers is the tree without them, node for node: on the test pages
    /// and on random pages.
    @Test func markersChangeNothingOfTheShortenedCopy() throws {
        let keep: (UnsafeBufferPointer<UInt8>) -> Bool = { PageTree.isRead($0) }
        var pages = try PageReadingComparison.testPages()
        var generator = SeededRandom(seed: 9003)
        let pieces = ["<p class=\"lead text\" data-x=\"1\">", "</p>", "<body>", "</body>", "<head>", "<html>", "<div>", "</div>", "   \n   ", "  ", "\t",
                      "Words of the text here", "&amp;", "<b>", "</b>", "<br>", "<!-- c -->", "x"]
        for _ in 0..<600 {
            pages.append(Array((0..<Int.random(in: 1...30, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined().utf8))
        }
        var compared = 0
        var givenUp = 0
        for page in pages {
            guard let plain = try Self.markedTree(page, keepingAttribute: keep, markingTexts: false) else { continue }
            guard let marked = try Self.markedTree(page, keepingAttribute: keep, markingTexts: true) else { givenUp += 1; continue }
            if marked.texts > 0 { compared += 1 }
            #expect(marked.lines == plain.lines, "\(String(decoding: page.prefix(100), as: UTF8.self))")
        }
        #expect(compared > 200)
        #expect(givenUp < compared / 10)
        // The test pages are never given up.
        for page in try PageReadingComparison.testPages() {
            #expect(try Self.markedTree(page, keepingAttribute: keep, markingTexts: true) != nil)
        }
    }

    /// `ScriptBodies.isPlainText` (eight bytes at a time) against a test of each byte with the two
    /// before it, on bodies of every length up to 40 with control characters, U+FFFE, U+FFFF and
    /// their neighbours at every place (across the eight-byte words too).
    @Test func plainTextAgreesWithAByteTest() {
        func reference(_ bytes: [UInt8]) -> Bool {
            var previous: (UInt8, UInt8) = (0, 0)
            for byte in bytes {
                if byte < 0x20 && byte != 0x09 && byte != 0x0A { return false }
                if previous == (0xEF, 0xBF) && (byte == 0xBE || byte == 0xBF) { return false }
                previous = (previous.1, byte)
            }
            return true
        }
        let special: [[UInt8]] = [[0x00], [0x09], [0x0A], [0x0D], [0x1F], [0x20], [0x7F], [0xEF, 0xBF, 0xBE], [0xEF, 0xBF, 0xBF],
                                  [0xEF, 0xBF, 0xBD], [0xEF, 0xBB, 0xBF], [0xBF, 0xBE], [0xEF], [0xBF], [0xE4, 0xB8, 0xAD]]
        var generator = SeededRandom(seed: 9004)
        for length in 0...40 {
            for _ in 0..<80 {
                var bytes = (0..<length).map { _ in UInt8.random(in: 0x20...0x7E, using: &generator) }
                for _ in 0..<Int.random(in: 0...2, using: &generator) where length > 0 {
                    let at = Int.random(in: 0..<length, using: &generator)
                    let piece = special.randomElement(using: &generator)!
                    for (offset, byte) in piece.enumerated() where at + offset < length { bytes[at + offset] = byte }
                }
                #expect(bytes.withUnsafeBufferPointer { ScriptBodies.isPlainText($0) } == reference(bytes), "\(bytes)")
            }
        }
    }

    /// `ScriptBodies.isVerbatimText` (eight bytes at a time) against a test of each byte, on runs of
    /// every length up to 40 with bytes of interest at every place.
    @Test func verbatimTextAgreesWithAByteTest() {
        func reference(_ bytes: [UInt8]) -> Bool {
            for (index, byte) in bytes.enumerated() {
                if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D { return false }
                if byte == UInt8(ascii: "&") { return false }
                if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBF, bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF { return false }
            }
            return true
        }
        let special: [[UInt8]] = [[0x00], [0x09], [0x0A], [0x0D], [0x1F], [0x20], [0x26], [0x7F], [0xEF, 0xBF, 0xBE], [0xEF, 0xBF, 0xBF],
                                  [0xEF, 0xBF, 0xBD], [0xEF, 0xBB, 0xBF], [0xC3, 0xBC], [0xE0], [0xEF]]
        var generator = SeededRandom(seed: 9002)
        for length in 0...40 {
            for _ in 0..<60 {
                var bytes = (0..<length).map { _ in UInt8.random(in: 0x21...0x7E, using: &generator) }.map { $0 == 0x26 ? 0x41 : $0 }
                for _ in 0..<Int.random(in: 0...2, using: &generator) where length > 0 {
                    let at = Int.random(in: 0..<length, using: &generator)
                    let piece = special.randomElement(using: &generator)!
                    for (offset, byte) in piece.enumerated() where at + offset < length { bytes[at + offset] = byte }
                }
                #expect(bytes.withUnsafeBufferPointer { ScriptBodies.isVerbatimText($0) } == reference(bytes), "\(bytes)")
            }
        }
    }
}
