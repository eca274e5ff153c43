import Foundation
import NewswatchArchive
import NewswatchNormalize
import Testing

@Suite struct SearchTests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)

    func seededArchive(_ dir: TemporaryDirectory) throws -> Archive {
        let archive = try dir.archive()
        var seeds = try Seeds.all()
        seeds[0].topics = ["Ukraine-Krieg", "Russland"]
        seeds[4].topics = ["Nordkorea"]
        seeds[1].source = "bild.de"
        for i in seeds.indices { seeds[i].published = now.addingTimeInterval(Double(i - 4) * 86_400) }
        _ = try archive.record(feed: "news.de", articles: Array(seeds[0...3]), at: now)
        _ = try archive.record(feed: "other-feed", articles: [seeds[4]], at: now)
        return archive
    }

    @Test func foldsDiacritics() throws {
        let dir = try TemporaryDirectory()
        let archive = try seededArchive(dir)
        let seed2 = try Seeds.article(2)
        #expect(try archive.search(query: "fluchtlinge").map(\.id) == [seed2.id])
        #expect(try archive.search(query: "Flüchtlinge").map(\.id) == [seed2.id])
        let hit = try #require(try archive.search(query: "fluchtlinge").first)
        #expect(hit.snippet.contains("«Flüchtlinge»"))
    }

    @Test func everyWordIsRequiredAndTitleMatchesRankFirst() throws {
        let dir = try TemporaryDirectory()
        let archive = try seededArchive(dir)
        let seeds = try Seeds.all()
        // "Nordkoreaner" is in seed 4's title; other seeds do not mention it.
        #expect(try archive.search(query: "nordkoreaner").first?.id == seeds[4].id)
        #expect(try archive.search(query: "Assad Putin").map(\.id) == [seeds[3].id])
        #expect(try archive.search(query: "Assad Nordkoreaner").isEmpty)
        let putin = try archive.search(query: "Putin")
        #expect(putin.count == 5)
        #expect(putin.map(\.rank) == putin.map(\.rank).sorted())
        // "Truppen" is in the titles of seeds 1 and 3 and only in the bodies of 0 and 4.
        let troops = try archive.search(query: "truppen")
        #expect(Set(troops.prefix(2).map(\.id)) == [seeds[1].id, seeds[3].id])
        #expect(Set(troops.map(\.id)) == [seeds[0].id, seeds[1].id, seeds[3].id, seeds[4].id])
    }

    @Test func aTitleMatchOutranksTheSameWordInTheBody() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let filler = "Der Haushaltsausschuss beriet am Dienstag über die Vorlage des Ministeriums und vertagte sich."
        let inBody = Article(title: "Haushalt vertagt", body: [.paragraph(filler + " Von einer Zeitenwende sprach niemand.")], url: "https://example.org/1")
        let inTitle = Article(title: "Zeitenwende im Kanzleramt", body: [.paragraph(filler)], url: "https://example.org/2")
        _ = try archive.record(feed: "f", articles: [inBody, inTitle], at: now)
        #expect(try archive.search(query: "zeitenwende").map(\.id) == [inTitle.id, inBody.id])
    }

    @Test func hostileQueriesAreWordsNotSyntax() throws {
        let dir = try TemporaryDirectory()
        let archive = try seededArchive(dir)
        for query in ["\"Putin", "Kreml-Chef", "NOT", "title:Putin", "(", "*", "-", "Putin AND"] {
            _ = try archive.search(query: query)
        }
        #expect(try archive.search(query: "Kreml-Chef").contains { $0.id == (try Seeds.article(0)).id })
        #expect(try archive.search(query: "Nordkorea*").contains { $0.id == (try Seeds.article(4)).id })
    }

    @Test func filtersBySourceTopicAndTime() throws {
        let dir = try TemporaryDirectory()
        let archive = try seededArchive(dir)
        let seeds = try Seeds.all()
        #expect(try archive.search(query: "Putin", source: "bild.de").map(\.id) == [seeds[1].id])
        #expect(try archive.search(query: "Putin", source: "OTHER-FEED").map(\.id) == [seeds[4].id])
        #expect(try archive.search(query: "Putin", topic: "russland").map(\.id) == [seeds[0].id])
        let recent = try archive.search(query: "Putin", since: now.addingTimeInterval(-1.5 * 86_400))
        #expect(Set(recent.map(\.id)) == [seeds[3].id, seeds[4].id])
        // No words: the newest articles, filters still apply.
        #expect(try archive.search(query: "", since: now.addingTimeInterval(-0.5 * 86_400)).map(\.id) == [seeds[4].id])
        #expect(try archive.search(query: "Putin", limit: 2).count == 2)
    }
}
