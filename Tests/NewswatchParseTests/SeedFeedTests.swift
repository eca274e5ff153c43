import Foundation
import NewswatchNormalize
import Testing
@testable import NewswatchParse

/// `seeds/news.de.rss` carries the five seed articles as feed HTML with the furniture real pages have;
/// each item must be the same article (the same content hash) as its seed read as plain text.
@Suite struct SeedFeedTests {
    static let seeds = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("seeds")

    static func seedFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: seeds, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func feed() throws -> ParsedDocument {
        let bytes = [UInt8](try Data(contentsOf: seeds.appendingPathComponent("news.de.rss")))
        return try DocumentParser().parse(bytes)
    }

    @Test func eachItemHasItsSeedsID() throws {
        let files = try Self.seedFiles()
        let document = try Self.feed()
        #expect(files.count == 5)
        #expect(document.feed.format == .rss20)
        #expect(document.articles.count == files.count)
        #expect(document.warnings.isEmpty)
        for (file, item) in zip(files, document.articles) {
            let seed = try PlainTextArticleReader().read(String(contentsOf: file, encoding: .utf8))
            #expect(item.id == seed.id, "\(file.lastPathComponent): feed item \(item.id) ≠ seed \(seed.id)")
            #expect(item.title == seed.title)
            #expect(item.headline == seed.headline)
            #expect(item.related.map(\.title) == seed.related.map(\.title))
            #expect(item.agencies == seed.agencies)
            #expect(item.highlights == seed.highlights)
            #expect(item.image?.credit == seed.image?.credit)
            // Nothing of the furniture in the feed HTML reaches the text.
            let text = ([item.title, item.teaser ?? ""] + item.body.flatMap(\.lines)).joined(separator: "\n")
            for furniture in ["Folgen Sie", "Erfahren Sie hier mehr", "(Foto) Suche", "Erstellt von", "Facebook Twitter", "newsde.track", "/news.de"] {
                #expect(!text.contains(furniture), "\(file.lastPathComponent): \"\(furniture)\" reached the text")
            }
        }
    }

    @Test func itemsCarryTheFeedsFacts() throws {
        let document = try Self.feed()
        #expect(document.feed.title == "news.de - Politik")
        #expect(document.feed.language == "de-DE")
        #expect(document.feed.ttl == 1)
        let first = document.articles[0]
        // Tracking parameters are gone from the link; the guid is the permalink.
        #expect(first.url?.hasPrefix("https://www.news.de/politik/856000000/") == true)
        #expect(first.url?.contains("utm_") == false && first.url?.contains("wt_mc") == false)
        #expect(first.guid == first.url)
        #expect(first.source == "news.de")
        #expect(first.topics == ["Politik"])
        #expect(first.related.first?.url?.hasPrefix("https://www.news.de/politik/folter-knast-tod") == true)
        #expect(first.related.first?.url?.contains("utm_") == false)
        #expect(first.image?.url?.hasPrefix("https://images.news.de/0/") == true)
        #expect(document.articles[3].authors == ["bua"])
        #expect(document.articles[3].agencies == ["dpa"])
        // `Mo, 16 Jan 2023 06:30:00 +0100` (German weekday) on the third item.
        #expect(document.articles[2].published.map(RFC3339.string(from:)) == "2023-01-16T05:30:00Z")
        #expect(document.articles[3].published.map(RFC3339.string(from:)) == "2024-12-09T13:05:00Z")
    }

    @Test func itemsWrittenAsTextReadBackToTheSameID() throws {
        for item in try Self.feed().articles {
            let text = PlainTextArticleWriter().write(item)
            let again = try PlainTextArticleReader().read(text)
            #expect(again.id == item.id, "\(item.title)")
        }
    }
}
