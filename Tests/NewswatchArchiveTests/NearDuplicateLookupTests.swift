import Foundation
import GRDB
@testable import NewswatchArchive
import NewswatchNormalize
import Testing

@Suite struct NearDuplicateLookupTests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)

    @Test func theLookupFindsWhatRecordWouldLinkAndWritesNothing() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let seeds = try Seeds.all()
        _ = try archive.record(feed: "news.de", articles: [seeds[1], seeds[3]], at: now)
        let copy = try NearDuplicateTests().outletCopy(of: 3)
        let later = now.addingTimeInterval(1800)

        #expect(try archive.nearDuplicate(of: copy, at: later) == seeds[3].id)
        #expect(try archive.nearDuplicate(of: seeds[4], at: later) == nil)
        // Outside the window: what record would file as new, the lookup does not find.
        #expect(try archive.nearDuplicate(of: copy, at: now.addingTimeInterval(4 * 86_400)) == nil)
        #expect(try archive.stats().articles == 2)

        let outcome = try archive.record(feed: "beispiel", articles: [copy], at: later)
        #expect(outcome[0].kind == .nearDuplicate(of: seeds[3].id))
    }
}

@Suite struct NearDuplicateIndexTests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)

    func indexed(_ archive: Archive, _ article: Article) throws -> Int {
        let keys = StoryBands.keys(of: Shingles(article: article))
        return try archive.read { db in
            try keys.reduce(0) { sum, key in
                sum + (try Int.fetchOne(db, sql: "SELECT count(*) FROM story_key_index WHERE story_key_index MATCH ?",
                                        arguments: [StoryBands.token(key)]) ?? 0)
            }
        }
    }

    @Test func deletingOrPruningAnArticleTakesItsKeysOut() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let seeds = try Seeds.all()
        _ = try archive.record(feed: "news.de", articles: [seeds[0], seeds[2]], at: now)
        #expect(try indexed(archive, seeds[0]) == StoryBands.bands)
        #expect(try archive.delete(seeds[0].id, at: now))
        #expect(try indexed(archive, seeds[0]) == 0)
        #expect(try indexed(archive, seeds[2]) == StoryBands.bands)
        #expect(try archive.prune(firstSeenBefore: now.addingTimeInterval(1)) == 1)
        #expect(try indexed(archive, seeds[2]) == 0)
        #expect(try archive.nearDuplicate(of: try NearDuplicateTests().outletCopy(of: 2), at: now) == nil)
    }

    /// An archive written before schema v5 kept its keys in the `story_band` table: the migration moves
    /// them into the FTS5 index, so its articles are still found as near-duplicates.
    @Test func keysFromBeforeSchemaV5AreMigrated() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("old.sqlite")
        let seed = try Seeds.article(4)
        do {
            let pool = try DatabasePool(path: path)
            try ArchiveSchema.migrator.migrate(pool, upTo: "v4: indexes for deletes and alert replay")
            try pool.write { db in
                let firstSeen = StoredTime.seconds(now)
                try db.execute(sql: "INSERT INTO story (id, created, updated, articleCount) VALUES (1, ?, ?, 1)",
                               arguments: [firstSeen, firstSeen])
                try db.execute(sql: """
                    INSERT INTO article (seq, id, story, entry, title, firstSeen, simhash, json) VALUES (7, ?, 1, 'new', ?, ?, ?, '{}')
                    """, arguments: [seed.id.hex, seed.title, firstSeen, SimHash(article: seed).storedValue])
                for (band, key) in StoryBands.keys(of: Shingles(article: seed)).enumerated() {
                    try db.execute(sql: "INSERT INTO story_band (band, key, firstSeen, article) VALUES (?, ?, ?, 7)",
                                   arguments: [band, key, firstSeen])
                }
            }
            try pool.close()
        }
        let archive = try Archive(path: path)
        #expect(try indexed(archive, seed) == StoryBands.bands)
        #expect(try archive.nearDuplicate(of: try NearDuplicateTests().outletCopy(of: 4), at: now.addingTimeInterval(600)) == seed.id)
    }
}
