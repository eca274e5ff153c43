import Foundation
import NewswatchArchive
import Testing

@Suite struct FeedHealthTests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)

    @Test func countsArticlesNewInTheWindowPerFeed() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let seeds = try Seeds.all()
        _ = try archive.record(feed: "a", articles: [seeds[0]], at: now.addingTimeInterval(-2 * 86_400))
        _ = try archive.record(feed: "a", articles: [seeds[1], seeds[2]], at: now.addingTimeInterval(-3600))
        // "b" brings one new article and one the archive has had for two days: only the new one counts.
        _ = try archive.record(feed: "b", articles: [seeds[3], seeds[0]], at: now.addingTimeInterval(-60))
        try archive.save(FeedState(feed: "c", errorCount: 2, errorKind: "http_404", lastAttempt: now))
        try archive.save(FeedState(feed: "a", lastSuccess: now.addingTimeInterval(-3600)))

        let records = try archive.feedHealth(since: now.addingTimeInterval(-86_400))
        #expect(records.map(\.feed) == ["a", "b", "c"])
        #expect(records.map(\.recentArticles) == [2, 1, 0])
        // The saved success is used as it is; where none was saved, the last sighting stands in.
        #expect(records[0].lastSighting == nil)
        #expect(records[1].lastSighting == now.addingTimeInterval(-60))
        #expect(records[2].state?.lastHTTPStatus == 404)
        #expect(FeedState(feed: "x", errorKind: "gone").lastHTTPStatus == 410)
        #expect(FeedState(feed: "x", errorKind: "timeout").lastHTTPStatus == nil)
    }
}
