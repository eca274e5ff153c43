import Foundation
import Testing
@testable import NewswatchParse
import NewswatchNormalize

/// The byte-level readers must give the answers of the general code they stand in front of.
@Suite struct ByteLevelReadingTests {
    @Test(arguments: [
        "Sat, 21 Nov 2026 04:27:00 +0000", "Mon, 09 Dec 2024 14:05:00 +0100", "Mon, 09 Dec 2024 14:05:00 -0530",
        "sun, 01 JAN 2023 00:00:00 GMT", "Tue, 29 Feb 2024 23:59:60 +1400", "Wed, 31 Apr 2024 10:00:00 +0000",
        "Thu, 01 Jan 2026 10:00:00 +1500", "Fri, 01 Jan 2026 10:00:00 +0160", "Xyz, 01 Jan 2026 10:00:00 +0000",
        "2026-11-21T04:27:00Z", "2024-12-09T14:05:00+01:00", "2024-12-09T14:05:00-05:30", "2024-13-09T14:05:00Z",
        "2024-12-09T14:05:00+15:00", "2024-12-09T24:00:00Z", "0999-12-09T14:05:00Z",
    ])
    func commonDateFormsAgreeWithTheGeneralReaders(text: String) {
        let general = text.first!.isNumber ? FeedDate.iso8601(text) ?? FeedDate.rfc822(text) : FeedDate.rfc822(text)
        if let fast = CommonDateForms.parse(text) { #expect(fast == general) }
        #expect(FeedDate.parse(text) == general)
    }

    @Test(arguments: [
        "one\n\ntwo", "one\n \t\u{00A0}\ntwo\n\n\nthree", "a\r\n\r\nb", "a\r\r\n\nb", "a\n\u{0301}\nb", "a\n \u{0301}\nb",
        "\n\nleading", "trailing\n\n", "no breaks at all", "", "x\n\u{00A0}\u{0301}\ny", "tab\n\t\t\nbreak",
    ])
    func blankLinePiecesAreThePatternsPieces(text: String) {
        let byPattern = text.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: /\n[ \t\u{00A0}]*\n/)
            .map { TextFolding.collapsingWhitespace(String($0)) }
            .filter { !$0.isEmpty }
        #expect(HTMLBlockReader.paragraphs(text) == byPattern)
    }

    @Test(arguments: ["plain text", "a < b", "Tom & Jerry", "<p>x</p>", "&amp;", "x<", "x&", "<\u{0338} not less", "≮", "ü&ä", "&\u{0301}"])
    func markupSniffingAgreesWithFoundation(text: String) {
        #expect(MarkupSniff.mayHoldMarkup(text) == (text.contains("<") || text.contains("&")))
    }

    @Test func singleByteTablesWriteTheUTF8OfTheirCharacters() {
        for table in [SingleByteTable.windows1252, SingleByteTable.latin9] {
            let bytes = (0...255).map(UInt8.init)
            let expected = bytes.flatMap { Array(String(table.character($0)).utf8) }
            #expect(table.utf8(of: bytes) == expected)
        }
    }
}

/// The shortcuts of reading item HTML give the answers of the code they stand in front of.
@Suite struct ByteLevelHTMLTests {
    @Test func voidElementNamesAreRecognisedOnTheBytes() {
        let names = ["br", "BR", "Img", "source", "SOURCE", "wbr", "track", "p", "div", "brr", "b", "imgs", "lin\u{212A}",
                     "LIN\u{212A}", "embedded", "parameter", "", "h\u{00FC}", "areaarea", "col", "COL\n", "\u{0130}mg"]
        for name in names {
            #expect(HTMLBlockReader.isVoidElement(ArraySlice(Array(name.utf8))) == HTMLBlockReader.voidElements.contains(name.lowercased()), "\(name)")
        }
    }

    @Test func visibleTextIsFoundAsTheCharactersFindIt() {
        let texts = ["", " ", "\n\t ", "a", " a ", "\u{00A0}", "\u{3000}\u{00A0}", " \u{0301}", "\u{0301}", "\u{1F}", " \u{1F} ",
                     "\r\n", "ü", " \u{2028} ", "\u{0600}a", "\u{200B}", "\u{85}"]
        for text in texts {
            #expect(HTMLWalker.hasVisibleText(text) == text.contains(where: { !$0.isWhitespace }), "\(Array(text.unicodeScalars))")
        }
    }

    @Test func namesOfXHTMLElementsAreLowerCased() throws {
        let feed = """
            <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>Eine Meldung aus Berlin</title>
            <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><P>One paragraph of text.</P><H2>A heading</H2>
            <UL><LI>an item</LI></UL><SCRIPT>hidden()</SCRIPT></div></content></entry></feed>
            """
        let document = try DocumentParser().parse(Array(feed.utf8))
        let article = try #require(document.articles.first)
        #expect(article.body == [.paragraph("One paragraph of text."), .heading("A heading"), .list(["an item"])])
    }
}

/// `EntityRepair` counts lines only for its warnings, and skips CDATA, comments and processing
/// instructions with `memchr`: the warnings must name the lines a byte-by-byte count names.
@Suite struct EntityRepairLineTests {
    @Test func warningsNameTheLineOfEachReference() throws {
        let text = "<rss>\n<![CDATA[ & \n\n ]]>\n<!-- & \n -->\n<? & \n ?>&nbsp;\nTom & Jerry\n\n&bogus; &amp; &#160;\n<![CDATA[ never closed & \n"
        let result = try EntityRepair.repair(Array(text.utf8))
        #expect(result.warnings == [
            "line 8: undefined entity &nbsp; (recovered)", "line 9: stray & (recovered)",
            "line 11: unknown entity &bogus; kept as text (recovered)",
        ])
        #expect(String(decoding: result.bytes, as: UTF8.self)
            == "<rss>\n<![CDATA[ & \n\n ]]>\n<!-- & \n -->\n<? & \n ?>&#160;\nTom &amp; Jerry\n\n&amp;bogus; &amp; &#160;\n<![CDATA[ never closed & \n")
    }

    @Test func entityDeclarationsAreRefusedWithTheirLine() {
        let text = "<?xml version=\"1.0\"?>\n<!-- \n -->\n<!DOCTYPE rss [\n<!ENTITY a \"b\">\n]>\n<rss/>"
        #expect(throws: DocumentError.entityDeclarations(line: 4)) { try EntityRepair.repair(Array(text.utf8)) }
    }

    @Test func nestingDepthFindsEachTagWithMemchr() {
        let depths = [
            "<div><p>a<br>b</p><img src=x><p/></div>": 2, "<a><b><c></c>": 3, "text < 3 and <5": 0, "<": 0, "<x": 1,
            "</a></b><a>": 1, "a<b>c<": 1, "": 0,
        ]
        for (html, depth) in depths {
            #expect(HTMLBlockReader.nestingDepth(Array(html.utf8), stoppingAt: 1000) == depth, "\(html)")
        }
        #expect(HTMLBlockReader.nestingDepth(Array("<div><div><div>".utf8), stoppingAt: 2) == 2)
    }
}
