import Foundation
import GRDB
@testable import NewswatchArchive
import NewswatchNormalize
import Testing

/// Schema v6 drops the `sighting_feed` index: an archive written by v5 opens, migrates and keeps every
/// article, sighting and story, and the queries that read sightings by feed answer as before.
@Suite struct SchemaV6Tests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)

    @Test func aV5ArchiveMigratesAndKeepsEverything() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("v5.sqlite")
        var before: (articles: [Row], sightings: [Row], stories: [Row], feeds: [String])?
        do {
            let archive = try Archive(path: path)
            let seeds = try Seeds.all()
            _ = try archive.record(feed: "news.de", articles: Array(seeds.prefix(3)), at: now)
            _ = try archive.record(feed: "aggregator", articles: Array(seeds.suffix(3)), at: now.addingTimeInterval(60))
            _ = try archive.record(feed: "news.de", articles: [seeds[0].replacingParagraph(1, with: "Neu gefasst.")],
                                   at: now.addingTimeInterval(120))
            // Back to what v5 wrote: the same rows, with the index, and v6 not applied.
            try archive.pool.writeWithoutTransaction { db in
                try db.execute(sql: "CREATE INDEX sighting_feed ON sighting(feed)")
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v6:%'")
            }
            before = try archive.read { db in
                (try Row.fetchAll(db, sql: "SELECT * FROM article ORDER BY seq"),
                 try Row.fetchAll(db, sql: "SELECT * FROM sighting ORDER BY article, feed, url, guid"),
                 try Row.fetchAll(db, sql: "SELECT * FROM story ORDER BY id"),
                 try String.fetchAll(db, sql: SightingFeeds.distinct))
            }
        }
        #expect(before?.articles.count == 6)
        #expect(before?.feeds == ["aggregator", "news.de"])

        let archive = try Archive(path: path)
        let after = try archive.read { db in
            (try db.indexes(on: "sighting").map(\.name),
             try Row.fetchAll(db, sql: "SELECT * FROM article ORDER BY seq"),
             try Row.fetchAll(db, sql: "SELECT * FROM sighting ORDER BY article, feed, url, guid"),
             try Row.fetchAll(db, sql: "SELECT * FROM story ORDER BY id"),
             try String.fetchAll(db, sql: SightingFeeds.distinct))
        }
        #expect(!after.0.contains("sighting_feed"))
        #expect(after.0.contains("sighting_item"))
        #expect(after.1 == before?.articles)
        #expect(after.2 == before?.sightings)
        #expect(after.3 == before?.stories)
        #expect(after.4 == before?.feeds)
        #expect(try archive.integrityCheck() == "ok")
        // Recording goes on as before.
        let again = try archive.record(feed: "news.de", articles: [try Seeds.article(0)], at: now.addingTimeInterval(180))
        #expect(again.map(\.kind) == [.seenBefore])
    }
}
