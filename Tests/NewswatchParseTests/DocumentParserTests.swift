import Foundation
import Testing
@testable import NewswatchParse

@Suite struct DocumentParserTests {
    @Test func refusesEmptyBinaryAndInvalidUTF8() {
        #expect(throws: DocumentError.empty) { try DocumentParser().parse(Array("  \n\t ".utf8)) }
        #expect(throws: DocumentError.binary) { try DocumentParser().parse([0x41, 0x00, 0x42]) }
        #expect(throws: DocumentError.notUTF8(offset: 5)) {
            try DocumentParser().parse(Array("Titel".utf8) + [0xFC, 0x72])
        }
    }

    @Test func readsPlainTextAsOneArticle() throws {
        let text = "Politik\n\nEin Titel: mit Kicker und Headline\n\nEin Absatz mit Text.\n"
        let document = try DocumentParser().parse(Array(text.utf8))
        #expect(document.feed.format == .text)
        #expect(document.articles.count == 1)
        #expect(document.articles[0].kicker == "Ein Titel")
        #expect(document.articles[0].section == "Politik")
    }

    @Test func libxml2IsLinked() {
        XMLLibrary.initialize()
        #expect(XMLLibrary.version >= 20900)
    }
}
