import Foundation
import GRDB
@testable import NewswatchArchive
import NewswatchNormalize
import Testing

/// A poll with several new texts reads which of its items were seen before once for the whole poll
/// (`PollItemSightings`), and writes a new story's row complete: the outcomes, stories and rows must be
/// those of recording the articles one poll each.
@Suite struct PollRecordingTests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)

    func item(_ n: Int, text: String = "", guid: String? = nil, url: String? = nil) -> Article {
        Article(title: "Meldung \(n) \(text)", body: [.paragraph("Ganz eigener Text der Meldung \(n) \(text), kurz.")],
                url: url ?? "https://example.org/\(n)", guid: guid ?? "g\(n)", fetched: now)
    }

    @Test func revisionsByGuidAndURLAmongManyNewItemsOfOnePoll() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let first = try archive.record(feed: "a", articles: (0..<5).map { item($0) }, at: now)
        #expect(first.map(\.kind) == Array(repeating: .new, count: 5))
        // Another feed's item whose URL the next poll of `a` gives to a new guid.
        let other = try archive.record(feed: "b", articles: [item(50, url: "https://example.org/shared")], at: now)

        let poll: [Article] = [
            item(0, text: "geändert"),                                         // same guid: revision
            item(1, text: "geändert", guid: "neu-1", url: "https://example.org/1"), // new guid, known URL: revision
            item(60, guid: "neu-60", url: "https://example.org/shared"),          // URL seen in feed b: revision
            item(7), item(8),                                                     // new
            item(9, guid: "g9", url: "https://example.org/9"),                    // new, then its revision in the same poll
            item(9, text: "zweite Fassung", guid: "g9-b", url: "https://example.org/9"),
        ]
        let second = try archive.record(feed: "a", articles: poll, at: now.addingTimeInterval(60))
        #expect(second[0].kind == .revision(of: first[0].id))
        #expect(second[0].story == first[0].story)
        #expect(second[1].kind == .revision(of: first[1].id))
        #expect(second[2].kind == .revision(of: other[0].id))
        #expect(second[2].story == other[0].story)
        #expect(second[3].kind == .new && second[4].kind == .new)
        // The URL repeats in the poll: it does not identify the item, and the guids differ.
        #expect(second[5].kind == .new && second[6].kind == .new)

        // Stories: count and latest article as an insert followed by an update left them.
        try archive.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT s.id, s.created, s.updated, s.latestArticle, s.articleCount,
                       (SELECT max(seq) FROM article WHERE story = s.id) AS latest, (SELECT count(*) FROM article WHERE story = s.id) AS count
                FROM story s ORDER BY s.id
                """)
            #expect(rows.count == 1 + 5 + 4)
            for row in rows {
                #expect(row["latestArticle"] as Int64? == row["latest"] as Int64?)
                #expect(row["articleCount"] as Int == row["count"] as Int)
            }
            let seqs = try Int64.fetchAll(db, sql: "SELECT seq FROM article ORDER BY seq")
            #expect(seqs == Array(1...Int64(seqs.count)))
        }
    }

    @Test func aNewArticleAfterTheHighestWasDeletedGetsTheSeqSQLiteWouldGive() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let first = try archive.record(feed: "a", articles: (0..<5).map { item($0) }, at: now)
        #expect(try archive.delete(first[4].id))
        let second = try archive.record(feed: "a", articles: (10..<15).map { item($0) }, at: now.addingTimeInterval(60))
        #expect(second.allSatisfy { $0.kind == .new })
        let seqs = try archive.read { db in try Int64.fetchAll(db, sql: "SELECT seq FROM article ORDER BY seq") }
        #expect(seqs == [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let latest = try archive.read { db in
            try Int64.fetchAll(db, sql: "SELECT latestArticle FROM story WHERE id IN (SELECT story FROM article WHERE seq >= 5) ORDER BY id")
        }
        #expect(latest == [5, 6, 7, 8, 9])
    }
}
