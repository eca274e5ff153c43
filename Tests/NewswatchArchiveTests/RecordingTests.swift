import Foundation
import GRDB
@testable import NewswatchArchive
import NewswatchNormalize
import Testing

@Suite struct RecordingTests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)

    @Test func sameArticleFromTwoFeedsIsStoredOnceWithTwoSightings() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let seed = try Seeds.article(0)
        var elsewhere = seed
        elsewhere.url = "https://aggregator.example/item/77?utm_source=x"
        elsewhere.guid = "agg-77"

        let first = try archive.record(feed: "news.de", articles: [seed], at: now)
        #expect(first.map(\.kind) == [.new])
        #expect(first[0].isNewStory)
        let again = try archive.record(feed: "news.de", articles: [seed], at: now.addingTimeInterval(600))
        #expect(again.map(\.kind) == [.seenBefore])
        let other = try archive.record(feed: "aggregator", articles: [elsewhere], at: now.addingTimeInterval(900))
        #expect(other.map(\.kind) == [.seenBefore])
        #expect(other[0].story == first[0].story)

        let stored = try #require(try archive.article(id: seed.id))
        #expect(stored.article == seed)
        #expect(stored.sightings.map(\.feed) == ["news.de", "aggregator"])
        #expect(stored.sightings[0].lastSeen == now.addingTimeInterval(600))
        #expect(stored.sightings[1].guid == "agg-77")
        let stats = try archive.stats()
        #expect(stats.articles == 1)
        #expect(stats.sightings == 2)
        #expect(stats.stories == 1)
    }

    @Test func changedTextUnderAKnownGuidIsARevisionOfTheSameStory() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let original = try Seeds.article(1)
        let edited = original.replacingParagraph(2, with: "Update: Der Kreml hat die Berichte inzwischen dementiert.")
        #expect(edited.id != original.id)

        let first = try archive.record(feed: "news.de", articles: [original], at: now)
        let second = try archive.record(feed: "news.de", articles: [edited], at: now.addingTimeInterval(3600))
        #expect(second[0].kind == .revision(of: original.id))
        #expect(second[0].isUpdate)
        #expect(!second[0].isNewStory)
        #expect(second[0].story == first[0].story)

        let stored = try #require(try archive.article(id: edited.id))
        #expect(stored.entry == .revision)
        #expect(stored.revises == original.id)
        let story = try archive.story(try #require(first[0].story))
        #expect(story.map(\.article.id) == [original.id, edited.id])
        // The old version is kept, and seeing it again is not news.
        #expect(try archive.record(feed: "news.de", articles: [original], at: now.addingTimeInterval(7200)).map(\.kind) == [.seenBefore])
    }

    @Test func changedTextUnderAKnownURLInAnotherFeedIsARevision() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let original = try Seeds.article(2)
        var edited = original.replacingParagraph(0, with: "Ein ganz neuer erster Absatz.")
        edited.guid = nil
        _ = try archive.record(feed: "a", articles: [original], at: now)
        let outcome = try archive.record(feed: "b", articles: [edited], at: now.addingTimeInterval(60))
        #expect(outcome[0].kind == .revision(of: original.id))
    }

    @Test func repeatedGuidsInsideOneFeedAreToldApartByURL() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        var one = try Seeds.article(1)
        var two = try Seeds.article(3)
        one.guid = "https://www.news.de/politik/"
        two.guid = "https://www.news.de/politik/"

        let first = try archive.record(feed: "news.de", articles: [one, two], at: now)
        #expect(first.map(\.kind) == [.new, .new])
        #expect(first[0].story != first[1].story)

        let twoEdited = two.replacingParagraph(1, with: "Korrektur: Die Zahl der Soldaten war falsch angegeben.")
        let second = try archive.record(feed: "news.de", articles: [one, twoEdited], at: now.addingTimeInterval(600))
        #expect(second.map(\.kind) == [.seenBefore, .revision(of: two.id)])
        #expect(second[1].story == first[1].story)
    }

    @Test func repeatedGuidAndURLAreToldApartByPosition() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        var one = try Seeds.article(0)
        var two = try Seeds.article(4)
        for i in [0, 1] {
            if i == 0 { one.guid = "same"; one.url = "https://example.org/" } else { two.guid = "same"; two.url = "https://example.org/" }
        }
        let first = try archive.record(feed: "f", articles: [one, two], at: now)
        #expect(first.map(\.kind) == [.new, .new])
        let twoEdited = two.replacingParagraph(0, with: "Neu gefasster Absatz.")
        let second = try archive.record(feed: "f", articles: [one, twoEdited], at: now.addingTimeInterval(60))
        #expect(second.map(\.kind) == [.seenBefore, .revision(of: two.id)])
    }

    @Test func aDeletedArticleIsNotAddedAgain() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let seed = try Seeds.article(3)
        _ = try archive.record(feed: "news.de", articles: [seed], at: now)
        #expect(try archive.delete(seed.id, at: now))
        #expect(try archive.article(id: seed.id) == nil)
        #expect(try archive.isTombstoned(seed.id))
        let again = try archive.record(feed: "news.de", articles: [seed], at: now.addingTimeInterval(600))
        #expect(again.map(\.kind) == [.tombstoned])
        #expect(try archive.article(id: seed.id) == nil)
        #expect(try archive.search(query: "Assad").isEmpty)
        #expect(try archive.stats().articles == 0)
        #expect(try archive.integrityCheck() == "ok")
    }

    @Test func deletingAMiddleRevisionKeepsTheChain() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let v1 = try Seeds.article(4)
        let v2 = v1.replacingParagraph(0, with: "Zweite Fassung.")
        let v3 = v1.replacingParagraph(0, with: "Dritte Fassung.")
        for (i, v) in [v1, v2, v3].enumerated() {
            _ = try archive.record(feed: "f", articles: [v], at: now.addingTimeInterval(Double(i) * 60))
        }
        try archive.delete(v2.id)
        #expect(try archive.article(id: v3.id)?.revises == v1.id)
    }

    @Test func aPollIsOneTransaction() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        // A trigger that fails the second article of the batch, as a full disk or a crash would.
        let queue = try DatabaseQueue(path: archive.path)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TRIGGER poison BEFORE INSERT ON article WHEN NEW.title LIKE 'Poison%'
                BEGIN SELECT RAISE(ABORT, 'poisoned'); END
                """)
        }
        let good = try Seeds.article(0)
        let poison = Article(title: "Poison pill", body: [.paragraph("x")], url: "https://example.org/p")
        #expect(throws: ArchiveError.self) { try archive.record(feed: "f", articles: [good, poison], at: now) }
        #expect(try archive.article(id: good.id) == nil)
        #expect(try archive.stats().sightings == 0)
        #expect(try archive.feedState("f") == nil)
        #expect(try archive.record(feed: "f", articles: [good], at: now).map(\.kind) == [.new])
    }

    @Test func theFileIsWALWithForeignKeysAndFullSync() throws {
        let dir = try TemporaryDirectory()
        let path: String
        do {
            let archive = try dir.archive()
            path = archive.path
            _ = try archive.record(feed: "news.de", articles: try Seeds.all(), at: now)
        }
        let reopened = try Archive(path: path)
        #expect(try reopened.stats().articles == 5)
        let queue = try DatabaseQueue(path: path)
        try queue.read { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
            let migrations = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            #expect(Set(migrations) == Set(ArchiveSchema.migrator.migrations))
        }
        #expect(try reopened.connectionSettings() == ConnectionSettings(journalMode: "wal", synchronous: 1, foreignKeys: true))
    }
}
