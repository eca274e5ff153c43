import CLibXML2
import Foundation
import NewswatchNormalize
import Testing
@testable import NewswatchParse

/// The shortcuts of session 6 against what they stand in for: attribute values and white space
/// handed to libxml2 shorter, and `HTMLWalker.isFurniture` on the bytes.
@Suite struct PageReadingShortcutRoundThreeTests {
    /// Long attribute values go to libxml2 as markers and come back: values with character
    /// references, line breaks, tabs, both quotes, `>`, text in other scripts, bare values; duplicate
    /// attributes, a misplaced `<html>`/`<body>` (libxml2 moves their attributes), `meta`, `id` and
    /// `name` (left as they are), a page with a character of plane 15 (no markers at all).
    @Test func valueMarkersLeaveTheReadTreeAsItIs() throws {
        let tricky = [
            "<html><body><div class=\"article-body main-content\" id=\"main-article-1\"><a href=\"https://example.com/a/b/c?x=1&amp;y=2\">l</a><a href=\"https://example.com/plain/path\">m</a></div></body></html>",
            "<html><body><p class=\"first\nsecond\" title=\"x\"><img src=\"photo-big.jpg\" alt='He said \"hello there\"' srcset=\"a.jpg 1x, b.jpg 2x\">t</p><p class=\"tab\there\">u</p></body></html>",
            "<html><body><p class=\"a>b>c>d\" style='display: none; color: red'>v</p><p class=bare-value-long>w</p><img alt=\"北京的新闻照片说明\" src=/x/y/z.png></body></html>",
            "<html><body><p class=\"duplicate-one\" class=\"duplicate-two\">x</p><p class=\"after-duplicate\">y</p></body></html>",
            "<html class=\"root-class-name\"><body class=\"body-class-name\"><p>x</p><html class=\"misplaced-html-class\" lang=\"de-DE-1996\"><body class=\"second-body-class\" style=\"margin: 0 auto\"><p class=\"last-paragraph\">y</p></body></html>",
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"><meta name=\"description\" content=\"A long description\"></head><body><a name=\"anchor-name-long\" id=\"anchor-identifier\" class=\"anchor-class\">x</a></body></html>",
            "<html><body><p class=\"plane-fifteen-value\">\u{F0001} and \u{F0002}</p><p class=\"\u{F0003}\">y</p></body></html>",
            "<html><body><p class=\"unclosed-value>z</p><p class=\"next-value\">w</p></body></html>",
            "<html><body><div data-x=\"1\" class=\"kept-class-after-left-out\" onclick=\"alert('long handler')\" role=\"complementary\">x</div></body></html>",
            "<html><body><p class=\"value-with-&#39;-reference\">x</p><p class='single-quoted-value'>y</p><p class = \"spaced-equals\">z</p></body></html>",
        ]
        var pages = try PageReadingComparison.testPages()
        pages += tricky.map { Array($0.utf8) }
        for bytes in pages { try PageReadingComparison.expectSameReading(bytes) }
        // Markers are used where they can be, and not on a page with a byte 0xF3.
        #expect((ScriptBodies.setAside(in: Array(tricky[0].utf8), keepingAttribute: PageTree.isRead)?.values.count ?? 0) >= 2)
        #expect(ScriptBodies.setAside(in: Array(tricky[6].utf8), keepingAttribute: PageTree.isRead)?.values.isEmpty ?? true)
        let testPageValues = try PageReadingComparison.testPages().reduce(0) { $0 + (ScriptBodies.setAside(in: $1, keepingAttribute: PageTree.isRead)?.values.count ?? 0) }
        #expect(testPageValues > 100)
    }

    /// White space alone between tags goes to libxml2 as three bytes (its first, a line feed or a space,
    /// its last), except on
    /// pages with an element whose white space is text (`pre`, `textarea`, …).
    @Test func shortenedWhiteSpaceLeavesTheReadingAsItIs() throws {
        let tricky = [
            "<html>\n  <body>\n    <div>\n      <p>One <b>bold</b>   <i>word</i>\t\t<a href=\"/x\">link</a></p>\n\n\n      <p>Two</p>\n    </div>\n  </body>\n</html>",
            "<html><body><div>First line<br>\n   \n   <br>Second paragraph<br>  <br>  Third</div></body></html>",
            "<html><body><h1>Title   </h1>   <h2>  Sub  </h2>\t<ul>\n <li>a</li>\n <li>b</li>\n</ul></body></html>",
            "<html><body><pre>  keep\n    <b>this</b>    as is  </pre>   <p>x</p></body></html>",
            "<html><body><textarea>   x   </textarea>   <p>y</p></body></html>",
            "<html><body><p>a</p>  < 5 and   <p>b</p>   <!-- c -->   <p>d</p>\r\n   <p>e</p></body></html>",
            "<html><body><p><b>x</b>     <i>\u{301}y</i>  \n  <i>\u{200D}z</i></p><p><b>\u{600}</b>      <i>w</i></p></body></html>",
        ]
        var pages = try PageReadingComparison.testPages()
        pages += tricky.map { Array($0.utf8) }
        for bytes in pages { try PageReadingComparison.expectSameReading(bytes) }
        let shortened = try #require(ScriptBodies.setAside(in: Array(tricky[0].utf8), keepingAttribute: PageTree.isRead))
        #expect(shortened.bytes.count < tricky[0].utf8.count - 10)
        #expect(tricky[3].utf8.withContiguousStorageIfAvailable { ScriptBodies.holdsVerbatimText($0) } == true)
        #expect(tricky[0].utf8.withContiguousStorageIfAvailable { ScriptBodies.holdsVerbatimText($0) } == false)
        let kept = ScriptBodies.setAside(in: Array(tricky[3].utf8), keepingAttribute: PageTree.isRead)
        #expect(kept == nil || kept!.bytes.count == tricky[3].utf8.count)
    }

    /// `ScriptBodies.isVerbatim` (eight bytes at a time) against a test of each byte, on values of
    /// every length up to 40 with one or two bytes of interest at every place.
    @Test func verbatimValuesAgreeWithAByteTest() {
        func reference(_ bytes: [UInt8]) -> Bool { !bytes.contains { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "&") } }
        let special: [UInt8] = [0x00, 0x09, 0x0A, 0x1F, 0x20, 0x25, 0x26, 0x27, 0x7E, 0x7F, 0x80, 0xA6, 0xE0, 0xFF]
        var generator = SystemRandomNumberGenerator()
        for length in 0...40 {
            for _ in 0..<60 {
                var bytes = (0..<length).map { _ in UInt8.random(in: 0x21...0x7E, using: &generator) }.map { $0 == 0x26 ? 0x41 : $0 }
                for _ in 0..<Int.random(in: 0...2, using: &generator) where length > 0 {
                    bytes[Int.random(in: 0..<length, using: &generator)] = special.randomElement(using: &generator)!
                }
                #expect(bytes.withUnsafeBufferPointer { ScriptBodies.isVerbatim($0) } == reference(bytes), "\(bytes)")
            }
        }
    }

    /// `HTMLWalker.namesFurniture` on the bytes against the `String` expression: fixed class and id
    /// values and 3,000 random ones built of words, separators, case, CR LF and characters beyond ASCII.
    @Test func furnitureWordsOnTheBytesAgreeWithTheStrings() {
        let pieces = ["share", "Shared", "SHARE", "sharing", "sharebar", "shariff", "social", "Socials", "socialmedia", "socialshareX",
                      "socialbar", "teilen", "TEILEN", "shar", "soc", "x", "article", "body", "-", "_", " ", "  ", "\t", "\n", "\r\n",
                      "é", "\u{212A}", "ſhare", ""]
        var cases: [(String?, String?)] = [(nil, nil), ("", nil), (nil, ""), (" ", " "), ("share", nil), (nil, "social"),
                                           ("shared-content", "x"), ("article_share-bar", nil), ("\u{212A}", "share")]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            func value() -> String? {
                if Int.random(in: 0..<5, using: &generator) == 0 { return nil }
                return (0..<Int.random(in: 0...5, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            }
            cases.append((value(), value()))
        }
        for (classValue, idValue) in cases {
            let reference = HTMLWalker.namesFurniture(((classValue ?? "") + " " + (idValue ?? "")).lowercased())
            let onBytes = HTMLWalker.namesFurniture(class: classValue.flatMap { xmlStrdup($0) }, id: idValue.flatMap { xmlStrdup($0) })
            if let onBytes {
                #expect(onBytes == reference, "\(String(describing: classValue)) \(String(describing: idValue))")
            } else {
                #expect(((classValue ?? "") + (idValue ?? "")).utf8.contains { $0 >= 0x80 })
            }
        }
    }
}
