import Foundation
import GRDB
@testable import NewswatchArchive
import NewswatchNormalize
import Testing

/// Schema v7 drops the trigger that copied each `story_keys` row into the FTS5 key index: the recorder
/// writes the index itself. Every article must still be in the index exactly once, old and new ones
/// alike, and deletions must still take keys out (the deletion trigger stays).
@Suite struct SchemaV7Tests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)

    /// How many index rows each of the article's band keys matches.
    func matches(_ archive: Archive, _ article: Article) throws -> [Int] {
        let keys = StoryBands.keys(of: Shingles(article: article))
        return try archive.read { db in
            try keys.map { key in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM story_key_index WHERE story_key_index MATCH ?",
                                 arguments: [StoryBands.token(key)]) ?? 0
            }
        }
    }

    /// FTS5's own check of an external-content index: every row of `story_keys` indexed with exactly
    /// its keys, nothing else in the index. Throws SQLITE_CORRUPT_VTAB otherwise.
    func checkKeyIndex(_ archive: Archive) throws {
        try archive.pool.write { db in
            try db.execute(sql: "INSERT INTO story_key_index (story_key_index) VALUES ('integrity-check')")
        }
    }

    func triggerNames(_ archive: Archive) throws -> [String] {
        try archive.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        }
    }

    /// What a build before v7 wrote for a new article: its story, its row and its `story_keys` row, and
    /// nothing into the key index itself (its trigger did that, where there still is one).
    func insertAsAnOlderBuild(_ article: Article, seq: Int64, story: Int64, in db: Database) throws {
        let firstSeen = StoredTime.seconds(now)
        let simhash = SimHash(article: article).storedValue
        let keys = StoryBands.keys(of: Shingles(article: article)).map(StoryBands.token).joined(separator: " ")
        try db.execute(sql: "INSERT INTO story (id, created, updated, articleCount) VALUES (?, ?, ?, 1)",
                       arguments: [story, firstSeen, firstSeen])
        try db.execute(sql: """
            INSERT INTO article (seq, id, story, entry, title, firstSeen, simhash, json) VALUES (?, ?, ?, 'new', ?, ?, ?, '{}')
            """, arguments: [seq, article.id.hex, story, article.title, firstSeen, simhash])
        try db.execute(sql: "INSERT INTO story_keys (article, simhash, firstSeen, keys) VALUES (?, ?, ?, ?)",
                       arguments: [seq, simhash, firstSeen, keys])
    }

    /// Through the FTS5 index alone (the in-memory window never answers).
    var indexOnly: ArchiveOptions {
        var options = ArchiveOptions()
        options.nearDuplicateLookupsBeforeWindow = .max
        return options
    }

    /// Seven migrations each commit the schema's pages again: folded into the file once they ran, so a
    /// new archive does not start with hundreds of kilobytes of log.
    @Test func aNewArchiveStartsWithItsLogCheckpointed() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let log = try FileManager.default.attributesOfItem(atPath: archive.path + "-wal")[.size] as? Int
        #expect(log != nil && log! < 64 * 1024, "the WAL holds \(log ?? -1) bytes after opening a new archive")
        _ = try archive.record(feed: "news.de", articles: [try Seeds.article(0)], at: now)
        #expect(try archive.integrityCheck() == "ok")
    }

    @Test func aV6ArchiveKeepsItsIndexedKeysAndIndexesNewArticlesOnce() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("v6.sqlite")
        let seeds = try Seeds.all()
        do {
            // What v6 wrote: a row of `story_keys`, indexed by the trigger.
            let pool = try DatabasePool(path: path)
            try ArchiveSchema.migrator.migrate(pool, upTo: "v6: no sighting_feed index")
            try pool.write { db in try insertAsAnOlderBuild(seeds[4], seq: 7, story: 1, in: db) }
            try pool.close()
        }

        let archive = try Archive(path: path, options: indexOnly)
        #expect(try triggerNames(archive) == ["story_keys_removed"])
        #expect(try matches(archive, seeds[4]) == Array(repeating: 1, count: StoryBands.bands))
        let later = now.addingTimeInterval(600)
        #expect(try archive.nearDuplicate(of: try NearDuplicateTests().outletCopy(of: 4), at: later) == seeds[4].id)

        _ = try archive.record(feed: "news.de", articles: [seeds[0], seeds[2]], at: later)
        #expect(try matches(archive, seeds[0]) == Array(repeating: 1, count: StoryBands.bands))
        #expect(try matches(archive, seeds[2]) == Array(repeating: 1, count: StoryBands.bands))
        let copy = try archive.record(feed: "beispiel", articles: [try NearDuplicateTests().outletCopy(of: 2)],
                                      at: later.addingTimeInterval(60))
        #expect(copy[0].kind == .nearDuplicate(of: seeds[2].id))
        try checkKeyIndex(archive)
        #expect(try archive.integrityCheck() == "ok")
    }

    /// A daemon of a build before v7, still running after a newer process migrated the file, adds
    /// `story_keys` rows without index entries: the next writer to open the file indexes them.
    @Test func keysAnOlderBuildAddedAfterTheMigrationAreIndexedAtTheNextOpen() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("mixed.sqlite")
        let seeds = try Seeds.all()
        do {
            let archive = try Archive(path: path, options: indexOnly)
            _ = try archive.record(feed: "news.de", articles: [seeds[0]], at: now)
            // What the old build's recorder writes for seeds[4]: the article and its keys row, no index entry.
            try archive.pool.write { db in try insertAsAnOlderBuild(seeds[4], seq: 9, story: 50, in: db) }
            #expect(try matches(archive, seeds[4]) == Array(repeating: 0, count: StoryBands.bands))
        }
        let archive = try Archive(path: path, options: indexOnly)
        #expect(try matches(archive, seeds[4]) == Array(repeating: 1, count: StoryBands.bands))
        #expect(try matches(archive, seeds[0]) == Array(repeating: 1, count: StoryBands.bands))
        try checkKeyIndex(archive)
        #expect(try archive.catchUpKeyIndex() == 0)
        #expect(try archive.nearDuplicate(of: try NearDuplicateTests().outletCopy(of: 4), at: now.addingTimeInterval(60)) == seeds[4].id)
    }

    @Test func everyPollKeepsTheKeyIndexEqualToItsContent() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive(indexOnly)
        let seeds = try Seeds.all()
        let copies = try (0..<seeds.count).map { try NearDuplicateTests().outletCopy(of: $0) }
        // New articles, a repeat inside the poll, near-duplicates, a revision, a deletion, a prune.
        _ = try archive.record(feed: "news.de", articles: Array(seeds.prefix(3)) + [seeds[0]], at: now)
        try checkKeyIndex(archive)
        let second = try archive.record(feed: "beispiel", articles: Array(copies.prefix(2)) + [seeds[3]],
                                        at: now.addingTimeInterval(60))
        #expect(second.map(\.kind) == [.nearDuplicate(of: seeds[0].id), .nearDuplicate(of: seeds[1].id), .new])
        let revised = seeds[2].replacingParagraph(1, with: "Neu gefasst: die Lage am Abend.")
        let third = try archive.record(feed: "news.de", articles: [revised, seeds[4]], at: now.addingTimeInterval(120))
        #expect(third[0].kind == .revision(of: seeds[2].id))
        try checkKeyIndex(archive)
        #expect(try archive.delete(seeds[3].id, at: now.addingTimeInterval(180)))
        #expect(try matches(archive, seeds[3]) == Array(repeating: 0, count: StoryBands.bands))
        try checkKeyIndex(archive)
        #expect(try archive.prune(firstSeenBefore: now.addingTimeInterval(30)) > 0)
        try checkKeyIndex(archive)
        #expect(try matches(archive, seeds[4]) == Array(repeating: 1, count: StoryBands.bands))
        #expect(try archive.integrityCheck() == "ok")
    }
}
