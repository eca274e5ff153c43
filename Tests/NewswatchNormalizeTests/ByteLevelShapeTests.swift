import Foundation
import NewswatchTestSupport
import Testing
@testable import NewswatchNormalize

/// The byte-level shortcuts of title splitting and link cleaning give the answers of the code they
/// stand in front of.
@Suite struct ByteLevelShapeTests {
    /// The title test as written for Characters, which `TitleShape.asciiShape` shortens.
    static func referenceShape(kicker: String, headline: String) -> Bool {
        !kicker.isEmpty && kicker.split(separator: " ").count <= TitleShape.maximumKickerWords
            && kicker.count <= TitleShape.maximumKickerLength
            && !kicker.contains(where: { ".!?;\"„“”«»".contains($0) })
            && headline.split(separator: " ").count >= 2
    }

    static let titlePieces = [
        "a", "Putin", " ", "  ", ".", "!", "?", ";", "\"", "„", "«", "ü", "e\u{0301}", " \u{0301}", "\r", "\t", "x", "Wort",
        "Sehr langes Wort ohne Ende", "1", ":", "-",
    ]

    @Test func asciiTitleShapeAgreesWithTheCharacters() {
        var generator = SeededRandom(seed: 17)
        func text() -> String {
            (0..<Int.random(in: 0...14, using: &generator)).map { _ in Self.titlePieces.randomElement(using: &generator)! }.joined()
        }
        var decided = 0
        for _ in 0..<4000 {
            let kicker = text(), headline = text()
            if let shape = TitleShape.asciiShape(kicker: kicker, headline: headline) {
                decided += 1
                #expect(shape == Self.referenceShape(kicker: kicker, headline: headline), "\(kicker) | \(headline)")
            }
        }
        #expect(decided > 100)
        #expect(TitleShape.split("Wladimir Putin: Schock für den Präsidenten!").kicker == "Wladimir Putin")
        #expect(TitleShape.split("election: economy denies strike").kicker == "election")
        #expect(TitleShape.split("Er sagte. Dann: alles anders").kicker == nil)
    }

    static let linkPieces = [
        "https://", "http://", "HTTPS://", "ftp://", "www.", "news", "News", "de", ".", "..", "-", "_", "~", "/", "//", "/.",
        "/..", "?", "utm_source=x", "&", "#top", ":8080", "%20", "1", "123", "ü", " ", "@", "a", "artikel-336.html",
        "xn--bcher-kva", "[::1]", "=", "+", ",",
    ]

    @Test func plainLinksAreCleanedAsURLComponentsCleansThem() {
        var generator = SeededRandom(seed: 23)
        var decided = 0
        for _ in 0..<6000 {
            let scheme = ["https://", "http://", "HTTP://", "https:/", ""].randomElement(using: &generator)!
            let link = scheme + (0..<Int.random(in: 0...9, using: &generator)).map { _ in Self.linkPieces.randomElement(using: &generator)! }.joined()
            if let plain = CanonicalURL.plainLink(link) {
                decided += 1
                #expect(plain == CanonicalURL.cleanedComponents(link), "\(link)")
            }
        }
        #expect(decided > 20)
        for link in ["https://www.reuters.com/technology/artikel-336.html", "http://example.com", "https://a.de/x/", "https://1.2.3.4/",
                     "https://www.News.de/", "https://a.de//x", "https://a.de/./x", "https://a.de/x?y=1",
                     "https://xn--bcher-kva.de/", "https://a--b.de/", "https://-a.de/", "https://a-.de/", "https://a..de/"] {
            #expect(CanonicalURL.clean(link) == CanonicalURL.cleanedComponents(link), "\(link)")
        }
    }
}
