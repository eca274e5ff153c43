import Foundation
import Testing
@testable import NewswatchNormalize

@Suite struct ContentHashTests {
    let body: [ArticleBlock] = [
        .paragraph("Die Truppen ziehen sich zurück, heißt es aus Moskau."),
        .heading("Was jetzt geschieht"),
        .list(["Erstens: Verhandlungen", "Zweitens: Waffenruhe"]),
    ]

    func article(title: String = "Kreml: Truppen ziehen ab", teaser: String? = "Ein Teaser.", body: [ArticleBlock]? = nil) -> Article {
        Article(title: title, teaser: teaser, body: body ?? self.body)
    }

    @Test func isLowercaseHexSHA256() {
        let id = article().id.hex
        #expect(id.count == 64)
        #expect(id.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(ContentHash(hex: id) == article().id)
        #expect(ContentHash(hex: id.uppercased()) == nil)
    }

    @Test func ignoresWhiteSpace() {
        let spaced = article(
            title: "Kreml:   Truppen\tziehen ab",
            teaser: "  Ein\u{00A0}Teaser. ",
            body: [.paragraph("Die  Truppen ziehen sich\nzurück, heißt es aus Moskau. "), .heading(" Was jetzt geschieht"),
                   .list(["Erstens:  Verhandlungen", "Zweitens: Waffenruhe\u{202F}"])])
        #expect(spaced.id == article().id)
    }

    @Test func ignoresUnicodeNormalisationForm() {
        let nfd = article(body: [.paragraph("Die Truppen ziehen sich zuru\u{0308}ck, heißt es aus Moskau."),
                                 .heading("Was jetzt geschieht"), .list(["Erstens: Verhandlungen", "Zweitens: Waffenruhe"])])
        #expect(nfd.id == article().id)
    }

    @Test func ignoresTypographicQuotesDashesAndInvisibles() {
        let plain = Article(title: "Putin: \"Wir gehen\" - sagt er", body: [.paragraph("Ein Wort... mit 'Zitat' und Binde-strich.")])
        let typographic = Article(
            title: "Putin: „Wir gehen“ – sagt er",
            body: [.paragraph("Ein Wort… mit ‚Zitat‘ und Bin\u{00AD}de\u{2011}strich\u{200B}.")])
        #expect(plain.id == typographic.id)
        let guillemets = Article(title: "Putin: «Wir gehen» — sagt er", body: [.paragraph("Ein Wort... mit ’Zitat’ und Binde-strich.")])
        #expect(guillemets.id == plain.id)
    }

    @Test func ignoresURLGuidSourceAndMetadata() {
        var other = article()
        other.url = "https://www.news.de/politik/855/?utm_source=rss&wt_mc=feed"
        other.guid = "urn:x"
        other.source = "news.de"
        other.topics = ["Ukraine"]
        other.image = ArticleImage(caption: "Bild", credit: "dpa")
        #expect(other.id == article().id)
    }

    @Test func ignoresFurnitureLinesInTheBody() {
        let withFurniture = FurnitureFilter.clean(body + [
            .paragraph("Folgen Sie News.de schon bei Facebook und YouTube? Hier finden Sie brandheiße News."),
            .list(["Artikel teilen:"]),
            .paragraph("Erfahren Sie hier mehr über die journalistischen Standards und die Redaktion von news.de."),
            .paragraph("/bua/news.de/dpa"),
        ])
        #expect(Article(title: "Kreml: Truppen ziehen ab", teaser: "Ein Teaser.", body: withFurniture.blocks).id == article().id)
        #expect(withFurniture.authors == ["bua"])
    }

    @Test func ignoresBlockKindsButNotOrder() {
        let retyped = article(body: [.paragraph("Die Truppen ziehen sich zurück, heißt es aus Moskau."),
                                     .paragraph("Was jetzt geschieht"), .list(["Erstens: Verhandlungen", "Zweitens: Waffenruhe"])])
        #expect(retyped.id == article().id)
        let reordered = article(body: [body[1], body[0], body[2]])
        #expect(reordered.id != article().id)
    }

    @Test func changesWhenAWordChanges() {
        let edited = article(body: [.paragraph("Die Truppen ziehen sich zurück, heißt es aus Kiew."), body[1], body[2]])
        #expect(edited.id != article().id)
        #expect(article(teaser: "Ein anderer Teaser.").id != article().id)
        #expect(article(title: "Kreml: Truppen ziehen nicht ab").id != article().id)
        #expect(article(body: [body[0], body[1], .list(["Erstens: Verhandlungen"])]).id != article().id)
    }

    @Test func followsTheTextWhenFieldsChange() {
        var changing = article()
        let before = changing.id
        changing.body.append(.paragraph("Ein neuer Absatz."))
        #expect(changing.id != before)
        changing.body.removeLast()
        #expect(changing.id == before)
        changing.title = "Kreml: Truppen bleiben"
        #expect(changing.headline == "Truppen bleiben")
        #expect(changing.id != before)
    }

    @Test func kickerIsNotPartOfTheContent() {
        #expect(article(title: "Moskau: Truppen ziehen ab").id == article().id)
    }
}

@Suite struct CanonicalURLTests {
    @Test func removesTrackingParameters() {
        #expect(CanonicalURL.clean("https://www.News.de/politik/855/?utm_source=rss&utm_medium=feed&wt_mc=x&fbclid=abc")
                == "https://www.news.de/politik/855/")
        #expect(CanonicalURL.clean("HTTPS://example.com/a?id=7&utm_campaign=z&gclid=1#top") == "https://example.com/a?id=7#top")
        #expect(CanonicalURL.clean("https://example.com") == "https://example.com/")
    }

    @Test func refusesWhatIsNotAnAbsoluteWebLink() {
        #expect(CanonicalURL.clean("/politik/855") == nil)
        #expect(CanonicalURL.clean("file:///etc/passwd") == nil)
        #expect(CanonicalURL.clean("javascript:alert(1)") == nil)
    }
}
