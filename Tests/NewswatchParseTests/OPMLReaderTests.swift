import Foundation
import NewswatchParse
import Testing

@Suite struct OPMLReaderTests {
    @Test func nestedOutlinesBecomeFeedsWithFolderTags() throws {
        let document = try OPMLReader().read(Array("""
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <opml version="1.0"><head><title>Abos f\u{FC}r mich</title></head><body>
              <outline title="Politik">
                <outline text="Nur Text" xmlUrl="https://a.example/rss" htmlUrl="https://a.example/" category="/x/y, z ,,"/>
                <outline title="Leer"/>
              </outline>
              <outline type="link" text="kein Feed" url="https://b.example/"/>
              <outline text="  " title="" xmlUrl="https://c.example/feed"/>
            </body></opml>
            """.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }))
        #expect(document.title == "Abos für mich")
        #expect(document.feeds == [
            OPMLFeed(title: "Nur Text", feedURL: "https://a.example/rss", siteURL: "https://a.example/", tags: ["Politik", "x/y", "z"]),
            OPMLFeed(title: nil, feedURL: "https://c.example/feed"),
        ])
    }

    @Test func writerOutputReadsBackToTheSameFeeds() throws {
        let feeds = [
            OPMLFeed(title: "A & B <\"C\"> 'd'\ttab", feedURL: "https://x.example/?a=1&b=2", siteURL: "https://x.example/", tags: ["eins", "zwei/drei"]),
            OPMLFeed(title: "Ümlaut 🗞", feedURL: "http://y.example/feed"),
        ]
        let text = OPMLWriter().write(OPMLDocument(title: "T & T", feeds: feeds))
        let document = try OPMLReader().read(Array(text.utf8))
        #expect(document.title == "T & T")
        #expect(document.feeds == feeds)
    }

    @Test func otherDocumentsAreRefused() {
        #expect(throws: OPMLError.notOPML(rootElement: "feed")) {
            try OPMLReader().read(Array("<feed xmlns=\"http://www.w3.org/2005/Atom\"/>".utf8))
        }
        #expect(throws: OPMLError.noBody) { try OPMLReader().read(Array("<opml version=\"2.0\"><head/></opml>".utf8)) }
        #expect(throws: OPMLError.notWellFormed("the file is empty")) { try OPMLReader().read([]) }
        #expect(throws: OPMLError.self) { try OPMLReader().read(Array("<opml><body><outline></body></opml>".utf8)) }
    }
}
