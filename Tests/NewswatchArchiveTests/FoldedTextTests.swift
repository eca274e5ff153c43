@testable import NewswatchArchive
import NewswatchNormalize
import Testing

@Suite struct FoldedTextTests {
    /// Shingles are cut from FoldedText, the content hash from ContentHash: the two must agree.
    @Test func theCanonicalTextIsTheContentHashes() throws {
        var articles = try Seeds.all()
        articles.append(Article(
            title: "Kicker: Die  „Überschrift“", teaser: "  ",
            body: [.heading("Zwischen\u{00A0}titel"), .paragraph(""), .list(["eins", " zwei ", ""]),
                   .quote("„Zitat“ – sagt er…"), .paragraph("Folgen Sie uns")]))
        articles.append(Article(title: "Nur ein Titel"))
        for article in articles {
            let expected = ContentHash.canonicalText(headline: article.headline, teaser: article.teaser, body: article.body)
            #expect(FoldedText(article).canonicalText() == expected)
        }
    }

    @Test func droppingParagraphsIsTheCleanedArticlesText() throws {
        let seed = try Seeds.article(0)
        var withFooter = seed
        withFooter.body.append(.paragraph("Folgen  Sie uns auf „Mastodon“"))
        let text = FoldedText(withFooter)
        let dropped: Set<String> = [TextFolding.canonical("Folgen  Sie uns auf „Mastodon“")]
        #expect(text.canonicalText(droppedParagraphs: dropped)
            == ContentHash.canonicalText(headline: seed.headline, teaser: seed.teaser, body: seed.body))
    }
}
