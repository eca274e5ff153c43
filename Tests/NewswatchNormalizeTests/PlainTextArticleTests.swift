import Foundation
import Testing
@testable import NewswatchNormalize

/// What a person reading each article sees: the facts the reader must get, per file.
struct ArticleExpectation: Sendable, CustomTestStringConvertible {
    var file: String
    var kicker: String?
    var section: String?
    var teaserStart: String?
    var caption: String?
    var credit: String?
    var highlights = 0
    /// One letter per body block: Paragraph, Heading, List, Quote.
    var blocks: String
    var related: [String] = []
    var authors: [String] = []
    var agencies: [String] = []
    var topics: [String] = []
    var source: String?

    var testDescription: String { file }

    func url() throws -> URL {
        if let seed = Corpus.seedFiles.first(where: { $0.lastPathComponent.hasPrefix(file) }) { return seed }
        return Corpus.own(file)
    }
}

let expectations: [ArticleExpectation] = [
    ArticleExpectation(
        file: "000", kicker: "Wladimir Putin", teaserStart: "Schock für Wladimir Putin. Erste",
        caption: "Berichte über Desertionen! Laufen Putin jetzt die Truppen davon?",
        credit: "picture alliance/dpa/Sputnik | Konstantin Mihalchevskiy", blocks: "PHPPHPHP",
        related: ["Folter, Knast, Tod: DAS droht Wladimir Putins Deserteuren"], source: "news.de"),
    ArticleExpectation(
        file: "001", kicker: "Wladimir Putin betrogen", section: "Politik",
        caption: "Immer mehr Soldaten wenden sich von Wladimir Putin ab.",
        credit: "picture alliance/dpa/Pool Sputnik Kremlin/AP | Alexei Nikolsky", blocks: "PHPHPHPHPP",
        authors: ["loc"], source: "news.de"),
    ArticleExpectation(file: "002", blocks: "PHPHP"),
    ArticleExpectation(
        file: "003", kicker: "Wladimir Putin", teaserStart: "Syriens Machthaber Assad ist nach Russland geflohen",
        caption: "Russland hat Assad Asyl gewährt, aber seine Truppen offenbar zurückgelassen.",
        credit: "picture alliance / Mikhail Klimentyev/POOL SPUTNIK KREMLIN/dpa | Mikhail Klimentyev",
        highlights: 3, blocks: "PHPPHPHPL", related: ["Assad-Sturz stellt Wladimir Putin vor unerwartete Probleme"],
        authors: ["bua"], agencies: ["dpa"], source: "news.de"),
    ArticleExpectation(
        file: "004", kicker: "Pleite für Wladimir Putin", teaserStart: "Nordkoreanische Soldaten sollen",
        caption: "Kim Jong Un (l.) soll Wladimir Putin Soldaten geschickt haben. Jetzt sind Berichten zufolge rund 18 von ihnen von der Ukraine-Front geflüchtet.",
        credit: "picture alliance/dpa/KCNA/KNS | Uncredited", highlights: 3, blocks: "PPHP",
        related: ["Pleite für Wladimir Putin: Bericht über Desertation von Nordkorea-Soldaten"],
        authors: ["bua"], source: "news.de"),
    ArticleExpectation(
        file: "inland_haushalt.txt", kicker: "Haushaltsstreit", section: "Inland", teaserStart: "Nach wochenlangem Streit",
        caption: "Finanzminister am Rednerpult im Bundestag.", credit: "IMAGO / Political-Moments", blocks: "PHPP",
        related: ["Was die Schuldenbremse erlaubt und was nicht", "Länder fordern mehr Geld für Kommunen"]),
    ArticleExpectation(
        file: "world_gas_prices_en.txt", kicker: "Analysis", teaserStart: "Storage sites are fuller",
        caption: "A liquefied natural gas tanker approaches the terminal in Wilhelmshaven.",
        credit: "Reuters / Fabian Bimmer", blocks: "PHPP",
        related: ["Germany's new LNG terminals are running below capacity"], topics: ["Energy", "Europe", "Markets"]),
    ArticleExpectation(file: "zeit_demo_liste.txt", blocks: "PPLQP"),
    ArticleExpectation(
        file: "bild_sturm_highlights.txt", kicker: "Nach Sturm-Chaos", teaserStart: "Orkanböen, umgestürzte Bäume",
        highlights: 3, blocks: "PPHP", related: ["Wie Sie bei Zugausfall Ihr Geld zurückbekommen"],
        authors: ["mue"], agencies: ["afp"], source: "bild.de"),
    ArticleExpectation(file: "sport_kurz.txt", blocks: "P"),
    ArticleExpectation(
        file: "wirtschaft_strompreise_crlf.txt", kicker: "Energiepreise", section: "Wirtschaft",
        teaserStart: "Mehrere große Grundversorger senken zum 1. Januar ihre Preise. Verbraucher sollten",
        caption: "Ein Stromzähler in einem Keller.", credit: "IMAGO / Sven Simon", blocks: "PHP",
        authors: ["Anna Schmidt", "asc"], agencies: ["dpa", "reuters"], topics: ["Wirtschaft", "Energie", "Verbraucher"],
        source: "wirtschaft.example.de"),
]

/// Strings that are furniture in one article or another and must appear in no text field.
let furnitureFragments = [
    "Erstellt von", "(Foto) Suche", "Artikel teilen", "Folgen Sie", "journalistischen Standards", "Themen",
    "Beliebteste Artikel", "Lesen Sie auch", "Ebenfalls interessant", "Alle aktuellen Entwicklungen",
    "/news.de", "Anzeige", "Artikel anhören", "Mehr zum Thema", "Stand:", "Share this article", "Read more",
    "newsletter", "Topics:", "Kommentare", "Bild:", "Foto:", "©", "Facebook Twitter",
]

@Suite struct PlainTextArticleReaderTests {
    @Test func theCorpusHasElevenArticles() {
        #expect(Corpus.seedFiles.count == 5)
        #expect(Corpus.ownFiles.count >= 6)
        #expect(expectations.count == Corpus.allFiles.count)
    }

    @Test(arguments: expectations)
    func readsWhatAPersonSees(_ expected: ArticleExpectation) throws {
        let article = try Corpus.read(try expected.url())
        #expect(article.kicker == expected.kicker)
        #expect(article.section == expected.section)
        if let start = expected.teaserStart {
            #expect(article.teaser?.hasPrefix(start) == true, "teaser: \(article.teaser ?? "none")")
        } else {
            #expect(article.teaser == nil)
        }
        #expect(article.image?.caption == expected.caption)
        #expect(article.image?.credit == expected.credit)
        #expect(article.highlights.count == expected.highlights)
        let kinds = article.body.map { block -> Character in
            switch block {
            case .paragraph: return "P"
            case .heading: return "H"
            case .list: return "L"
            case .quote: return "Q"
            }
        }
        #expect(String(kinds) == expected.blocks)
        #expect(article.related.map(\.title) == expected.related)
        #expect(article.authors == expected.authors)
        #expect(article.agencies == expected.agencies)
        #expect(article.topics == expected.topics)
        #expect(article.source == expected.source)
        for field in Corpus.textFields(of: article) {
            for fragment in furnitureFragments {
                #expect(!field.contains(fragment), "furniture \"\(fragment)\" in: \(field)")
            }
        }
    }

    @Test func seed003HasTheReaderCommentsAsOneList() throws {
        let article = try Corpus.read(try Corpus.seed("003"))
        guard case .list(let items) = article.body.last else {
            Issue.record("last block is not a list")
            return
        }
        #expect(items.count == 4)
        #expect(items.allSatisfy { $0.hasPrefix("\"") })
        #expect(article.body.contains(.heading("\"Das war von Russlands Militär zu erwarten\"")))
    }

    @Test func refusesTextWithoutATitle() {
        #expect(throws: PlainTextArticleReader.ReadError.noTitle) {
            try PlainTextArticleReader().read("Erstellt von - Uhr\n\nArtikel teilen:\n")
        }
        #expect(throws: PlainTextArticleReader.ReadError.noTitle) {
            try PlainTextArticleReader().read("  • nur\n  • Punkte\n")
        }
    }

    @Test func readsFurnitureTheSeedsDoNotHave() throws {
        let text = """
            Neue Sanktionen gegen Russland beschlossen

            Die EU hat sich auf ein weiteres Sanktionspaket geeinigt. Es trifft vor allem die Rüstungsindustrie.

            Share on Facebook Twitter E-Mail

            Das könnte Sie auch interessieren: Was Sanktionen bisher bewirkt haben

            Die Maßnahmen sollen noch in dieser Woche in Kraft treten.

            Meistgelesen

            © 2024 Example Verlag GmbH
            """
        let article = try PlainTextArticleReader().read(text)
        #expect(article.body == [
            .paragraph("Die EU hat sich auf ein weiteres Sanktionspaket geeinigt. Es trifft vor allem die Rüstungsindustrie."),
            .paragraph("Die Maßnahmen sollen noch in dieser Woche in Kraft treten."),
        ])
        #expect(article.related.map(\.title) == ["Was Sanktionen bisher bewirkt haben"])
    }
}

@Suite struct PlainTextArticleWriterTests {
    static let fetched = Date(timeIntervalSince1970: 1_733_753_100)

    @Test(arguments: Corpus.allFiles.map(\.lastPathComponent))
    func writingAndReadingGivesTheSameArticle(_ name: String) throws {
        let url = Corpus.allFiles.first { $0.lastPathComponent == name }!
        let article = try PlainTextArticleReader().read(try Corpus.text(url), fetched: Self.fetched)
        let written = PlainTextArticleWriter().write(article)
        let again = try PlainTextArticleReader().read(written, fetched: Self.fetched)
        #expect(again.id == article.id)
        #expect(again == article)
        // And the second generation is byte-for-byte stable.
        #expect(PlainTextArticleWriter().write(again) == written)
    }

    @Test(arguments: ["000", "001", "002", "003", "004"])
    func writesTheSeedsOwnLines(_ prefix: String) throws {
        let url = try Corpus.seed(prefix)
        let seedLines = Set(try Corpus.text(url).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        let article = try PlainTextArticleReader().read(try Corpus.text(url))
        let written = PlainTextArticleWriter().write(article)
        for line in written.split(separator: "\n") where !line.hasPrefix("Lesen Sie auch: ") {
            let line = line.trimmingCharacters(in: .whitespaces)
            #expect(seedLines.contains(line), "written line not in the seed: \(line)")
        }
        #expect(written.hasPrefix(article.section.map { "\($0)\n\n" } ?? "") )
    }
}
