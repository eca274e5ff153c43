import Foundation
import GRDB
@testable import NewswatchArchive
import NewswatchNormalize
import Testing

/// `prepare` then `record(_:at:)` files a poll exactly as `record(feed:articles:at:)` does: the same
/// outcomes and the same rows in every table, whatever furniture was learned between the preparation
/// and the recording, and whatever the preparation assumed about it.
@Suite struct PreparedRecordingTests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)
    let newsletter = "Jetzt den News.de-Newsletter abonnieren und keine Eilmeldung mehr verpassen!"
    let footer = "News.de jetzt auch auf Bluesky: Folgen Sie uns für Eilmeldungen und Hintergründe."

    /// Every table recording writes, in a fixed order, and the search index once written.
    func contents(_ archive: Archive) throws -> [String: [Row]] {
        try archive.indexWaitingForSearch()
        let searchEntries = try archive.pool.write { db in
            try SearchIndexContents.entries(db).map { Row(["entry": $0.joined(separator: " ")]) }
        }
        return try archive.read { db in
            var tables: [String: [Row]] = ["article_search": searchEntries]
            for (table, order) in [("article", "seq"), ("sighting", "article, feed, url, guid"), ("story", "id"),
                                   ("story_keys", "article"), ("article_topic", "article, topic"), ("tombstone", "id"),
                                   ("feed_state", "feed"), ("learned_line", "source, line"),
                                   ("learned_line_item", "source, lineHash, item"), ("received_id", "id")] {
                tables[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(order)")
            }
            tables["story_key_index"] = try Row.fetchAll(db, sql: "SELECT rowid, * FROM story_key_index ORDER BY rowid")
            return tables
        }
    }

    func withLine(_ line: String, _ indexes: [Int], url: (Int) -> String? = { _ in nil }) throws -> [Article] {
        try indexes.map { index in
            var article = try Seeds.article(index)
            article.body.append(.paragraph(line))
            article.source = "news.de"
            if let url = url(index) { article.url = url }
            return article
        }
    }

    /// One poll for both archives: `plain` records it as it comes, `prepared` from `prepare`.
    struct Pair {
        let plain: Archive
        let prepared: Archive

        init(_ dir: TemporaryDirectory, options: ArchiveOptions = ArchiveOptions()) throws {
            plain = try Archive(path: dir.file("plain.sqlite"), options: options)
            prepared = try Archive(path: dir.file("prepared.sqlite"), options: options)
        }

        @discardableResult
        func record(feed: String, _ articles: [Article], at time: Date) throws -> [ArchiveOutcome] {
            let expected = try plain.record(feed: feed, articles: articles, at: time)
            let outcomes = try prepared.record(prepared.prepare(feed: feed, articles: articles), at: time)
            #expect(outcomes == expected)
            return outcomes
        }
    }

    @Test func aSeriesOfPollsGivesTheSameOutcomesAndRows() throws {
        let dir = try TemporaryDirectory()
        let pair = try Pair(dir)
        let seeds = try Seeds.all()
        // New articles, two of them learning nothing yet.
        let first = try pair.record(feed: "news.de", try withLine(newsletter, [0, 1]), at: now)
        #expect(first.map(\.kind) == [.new, .new])
        // The line reaches the threshold inside this poll: the three new articles are stored without it,
        // the two known ones stay seen-before.
        let second = try pair.record(feed: "news.de", try withLine(newsletter, [0, 1, 2, 3, 4]), at: now.addingTimeInterval(600))
        #expect(second.map(\.kind) == [.seenBefore, .seenBefore, .new, .new, .new])
        #expect(second[2].id == seeds[2].id)
        // A new footer on every item, learned in the poll: the three stored without the newsletter are
        // seen before; the two stored with it (before it was learned) are revised.
        let third = try pair.record(feed: "news.de", try withLine(footer, [0, 1, 2, 3, 4]), at: now.addingTimeInterval(1200))
        #expect(third.map(\.kind) == [.revision(of: first[0].id), .revision(of: first[1].id), .seenBefore, .seenBefore, .seenBefore])
        // A revision by guid, a near-duplicate from another feed under another URL, a repeat in the poll,
        // a tombstoned text, and an article with topics.
        _ = try pair.plain.delete(seeds[3].id, at: now.addingTimeInterval(1300))
        _ = try pair.prepared.delete(seeds[3].id, at: now.addingTimeInterval(1300))
        var revised = seeds[4].replacingParagraph(2, with: "Die Meldung wurde um neue Zahlen ergänzt und neu gefasst.")
        revised.guid = seeds[4].guid
        var twin = seeds[1].replacingParagraph(3, with: "Ein Absatz, den nur diese Fassung der Agenturmeldung hat.")
        twin.url = "https://aggregator.example/twin"
        twin.guid = nil
        var tagged = seeds[0].replacingParagraph(1, with: "Eine ganz neue Fassung des zweiten Absatzes.")
        tagged.topics = ["Politik", "Wahl"]
        tagged.guid = "tagged-1"
        let fourth = try pair.record(feed: "aggregator", [twin, tagged, seeds[3], tagged, revised], at: now.addingTimeInterval(1800))
        #expect(fourth[2].kind == .tombstoned)
        #expect(fourth[3].kind == .seenBefore)
        #expect(try contents(pair.prepared) == contents(pair.plain))
    }

    @Test func furnitureLearnedBetweenPreparationAndRecordingIsTakenOut() throws {
        let dir = try TemporaryDirectory()
        let pair = try Pair(dir, options: ArchiveOptions(furnitureThreshold: 3))
        let late = try withLine(newsletter, [3, 4], url: { "https://www.news.de/late/\($0)" })
        // Prepared while nothing is learned: the preparation keeps the line in the stored text.
        let preparedLate = pair.prepared.prepare(feed: "news.de", articles: late)
        #expect(preparedLate.prepared.allSatisfy { $0?.assumedFurniture.isEmpty == true })
        // Another feed's poll teaches the line before the prepared one is recorded.
        try pair.record(feed: "news.de/wirtschaft", try withLine(newsletter, [0, 1, 2], url: { "https://www.news.de/w/\($0)" }), at: now)
        #expect(try pair.prepared.learnedFurniture(source: "news.de") == [newsletter])
        let expected = try pair.plain.record(feed: "news.de", articles: late, at: now.addingTimeInterval(600))
        let outcomes = try pair.prepared.record(preparedLate, at: now.addingTimeInterval(600))
        #expect(outcomes == expected)
        // Stored without the line: the seeds' own ids.
        #expect(outcomes.map(\.id) == [try Seeds.article(3).id, try Seeds.article(4).id])
        #expect(try contents(pair.prepared) == contents(pair.plain))
        // What the recording found is what the next preparation assumes.
        let next = pair.prepared.prepare(feed: "news.de", articles: try withLine(newsletter, [2]))
        #expect(next.prepared[0]?.assumedFurniture == [newsletter])
    }

    @Test func aWrongAssumptionAboutFurnitureChangesNothing() throws {
        let dir = try TemporaryDirectory()
        let pair = try Pair(dir)
        let articles = try withLine(newsletter, [0, 1, 2])
        // Assumed learned, but it is on three articles of a threshold of four: it stays in the text.
        let wrong = PreparedPoll(articles: articles, feed: "news.de", furnitureLearning: true) { _, candidates in
            candidates.filter { $0 == newsletter }
        }
        #expect(wrong.prepared.allSatisfy { $0?.assumedFurniture == [newsletter] })
        let expected = try pair.plain.record(feed: "news.de", articles: articles, at: now)
        let outcomes = try pair.prepared.record(wrong, at: now)
        #expect(outcomes == expected)
        #expect(outcomes.map(\.id) == articles.map(\.id))
        #expect(try contents(pair.prepared) == contents(pair.plain))
        // The recording corrected the guess.
        #expect(pair.prepared.prepare(feed: "news.de", articles: articles).prepared[0]?.assumedFurniture == [])
    }

    @Test func thePollsKnownIDsAreThoseIsKnownFindsOneByOne() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let seeds = try Seeds.all()
        // Stored: seeds 0–2 (0 and 1 under a received id, the newsletter learned); tombstoned: seed 2.
        let received = try withLine(newsletter, [0, 1, 2, 3])
        _ = try archive.record(feed: "news.de", articles: received, at: now)
        _ = try archive.delete(seeds[2].id, at: now.addingTimeInterval(60))
        var other = seeds[4]
        other.title = "Ein Titel, den kein Artikel hat"
        let asked = received.map(\.id) + seeds.map(\.id) + [other.id, seeds[0].id]
        try archive.read { db in
            let recorder = ArticleRecorder(db: db, options: archive.options)
            let known = try recorder.knownIDs(asked)
            #expect(known == Set(try asked.filter { try recorder.isKnown($0) }))
            #expect(known.contains(received[0].id) && known.contains(seeds[0].id) && known.contains(seeds[2].id))
            #expect(!known.contains(other.id) && !known.contains(seeds[4].id))
            #expect(try recorder.knownIDs([]).isEmpty)
        }
    }

    @Test func aPollPreparedByAnArchiveThatDoesNotLearnFurnitureIsFiledAlikeByOneThatDoes() throws {
        let dir = try TemporaryDirectory()
        let pair = try Pair(dir)
        let notLearning = try Archive(path: dir.file("other.sqlite"), options: ArchiveOptions(furnitureThreshold: 0))
        let articles = try withLine(newsletter, [0, 1, 2, 3, 4])
        let expected = try pair.plain.record(feed: "news.de", articles: articles, at: now)
        let outcomes = try pair.prepared.record(notLearning.prepare(feed: "news.de", articles: articles), at: now)
        #expect(outcomes == expected)
        #expect(outcomes.map(\.id) == (try Seeds.all()).map(\.id))
        #expect(try contents(pair.prepared) == contents(pair.plain))
    }

    @Test func withoutFurnitureLearningThePreparedPollIsFiledAlike() throws {
        let dir = try TemporaryDirectory()
        let pair = try Pair(dir, options: ArchiveOptions(furnitureThreshold: 0))
        try pair.record(feed: "news.de", try withLine(newsletter, [0, 1, 2, 3, 4]), at: now)
        try pair.record(feed: "news.de", try withLine(newsletter, [0, 1, 2, 3, 4]) + [try Seeds.article(2)], at: now.addingTimeInterval(600))
        #expect(try contents(pair.prepared) == contents(pair.plain))
    }
}
