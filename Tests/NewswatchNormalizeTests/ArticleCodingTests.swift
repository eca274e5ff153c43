import Foundation
import Testing
@testable import NewswatchNormalize

@Suite struct ArticleCodingTests {
    @Test func leavesOutEmptyFieldsButAlwaysHasTheRequiredOnes() throws {
        let article = Article(title: "Nur ein Titel", teaser: "", fetched: Date(timeIntervalSince1970: 0))
        let object = try JSONSerialization.jsonObject(with: Article.jsonEncoder().encode(article)) as! [String: Any]
        #expect(Set(object.keys) == ["id", "title", "headline", "body", "fetched"])
        #expect(object["body"] as? [Any] != nil)
        #expect(object["fetched"] as? String == "1970-01-01T00:00:00Z")
    }

    @Test func encodesTheModelShape() throws {
        let article = Article(
            title: "Wladimir Putin: Soldaten laufen davon",
            teaser: "Ein Teaser.",
            body: [.paragraph("Absatz."), .heading("Zwischenzeile"), .list(["a", "b"]), .quote("Zitat")],
            url: "https://www.news.de/x", image: ArticleImage(caption: "Bild", credit: "dpa"),
            related: [RelatedLink(title: "Mehr", url: "https://www.news.de/y")],
            authors: ["bua"], agencies: ["dpa"], language: "de",
            published: RFC3339.date(from: "2024-12-09T14:05:00+01:00"),
            enclosures: [Enclosure(url: "https://www.news.de/a.jpg", type: "image/jpeg", length: 1200)],
            fetched: Date(timeIntervalSince1970: 1_733_753_100))
        let data = try Article.jsonEncoder().encode(article)
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(object["kicker"] as? String == "Wladimir Putin")
        #expect(object["headline"] as? String == "Soldaten laufen davon")
        #expect(object["published"] as? String == "2024-12-09T13:05:00Z")
        let body = object["body"] as! [[String: Any]]
        #expect(body.map { $0["type"] as! String } == ["paragraph", "heading", "list", "quote"])
        #expect(body[2]["items"] as? [String] == ["a", "b"])
        let decoded = try JSONDecoder().decode(Article.self, from: data)
        #expect(decoded == article)
    }

    @Test func decodingRecomputesTheID() throws {
        let json = #"{"id":"0000000000000000000000000000000000000000000000000000000000000000","title":"T: eins zwei","headline":"eins zwei","body":[]}"#
        let article = try JSONDecoder().decode(Article.self, from: Data(json.utf8))
        #expect(article.id == Article(title: "T: eins zwei").id)
    }

    @Test func refusesUnknownBlockTypes() {
        let json = #"{"title":"T","headline":"T","body":[{"type":"table","text":"x"}]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Article.self, from: Data(json.utf8)) }
    }
}

@Suite struct RFC3339Tests {
    @Test func roundTripsInUTC() {
        let date = RFC3339.date(from: "2024-12-09T14:05:00+01:00")
        #expect(date.map(RFC3339.string) == "2024-12-09T13:05:00Z")
        #expect(RFC3339.date(from: "2024-02-29T23:59:59.5Z").map(RFC3339.string) == "2024-02-29T23:59:59Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }

    @Test(arguments: ["2024-13-01T00:00:00Z", "2024-12-09 14:05", "2024-12-09T14:05:00", "yesterday", "2024-12-09T14:05:00+0100"])
    func refusesWhatIsNotRFC3339(_ text: String) {
        #expect(RFC3339.date(from: text) == nil)
    }
}

@Suite struct OrderedJSONEncoderTests {
    @Test func keepsTheModelsKeyOrder() throws {
        let article = Article(title: "K: eins zwei", teaser: "T", body: [.paragraph("P")], url: "https://x.example/",
                              fetched: Date(timeIntervalSince1970: 0))
        let text = String(decoding: try Article.jsonEncoder(pretty: false).encode(article), as: UTF8.self)
        let keys = ["\"id\"", "\"url\"", "\"title\"", "\"kicker\"", "\"headline\"", "\"teaser\"", "\"body\"", "\"fetched\""]
        let offsets = keys.map { text.range(of: $0)?.lowerBound }
        #expect(offsets.allSatisfy { $0 != nil })
        #expect(offsets.compactMap { $0 } == offsets.compactMap { $0 }.sorted())
        #expect(text.hasPrefix("{\"id\":\""))
    }

    @Test func escapesAndRoundTrips() throws {
        let article = Article(title: "Zitat: \"a\\b\"\n\u{1}\u{2028} ü", body: [.list(["x", "y"])], fetched: Date(timeIntervalSince1970: 0))
        let data = try Article.jsonEncoder().encode(article)
        #expect(try JSONDecoder().decode(Article.self, from: data) == article)
        #expect(String(decoding: data, as: UTF8.self).contains("\\u0001"))
    }
}
