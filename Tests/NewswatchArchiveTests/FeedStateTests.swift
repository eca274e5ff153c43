import Foundation
import NewswatchArchive
import Testing

@Suite struct FeedStateTests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)

    @Test func savesAndLoadsThePollingFields() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        #expect(try archive.feedState("news.de") == nil)
        var state = FeedState(feed: "news.de")
        state.etag = "\"abc\""
        state.lastModified = "Mon, 09 Dec 2024 14:05:00 GMT"
        state.effectiveURL = "https://www.news.de/rss/politik/"
        state.errorCount = 2
        state.errorKind = "http 503"
        state.errorMessage = "Service Unavailable"
        state.lastAttempt = now
        state.lastSuccess = now.addingTimeInterval(-3600)
        state.nextPoll = now.addingTimeInterval(1200)
        state.backoff = 1200
        try archive.save(state)
        #expect(try archive.feedState("news.de") == state)

        // Reopened from the file.
        let reopened = try Archive(path: archive.path)
        #expect(try reopened.feedState("news.de") == state)
        #expect(try reopened.feedStates().map(\.feed) == ["news.de"])
    }

    @Test func recordKeepsThePublishingStatisticsAndSaveLeavesThemAlone() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let seeds = try Seeds.all()
        let loadedBefore = FeedState(feed: "news.de", etag: "\"v1\"")

        _ = try archive.record(feed: "news.de", articles: [seeds[0], seeds[1]], at: now)
        _ = try archive.record(feed: "news.de", articles: [seeds[0], seeds[1]], at: now.addingTimeInterval(600))
        _ = try archive.record(feed: "news.de", articles: [seeds[0], seeds[1], seeds[2]], at: now.addingTimeInterval(3600))
        try archive.save(loadedBefore)

        let state = try #require(try archive.feedState("news.de"))
        #expect(state.etag == "\"v1\"")
        #expect(state.polls == 3)
        #expect(state.itemsSeen == 7)
        #expect(state.newArticles == 3)
        #expect(state.firstPoll == now)
        #expect(state.lastNewArticle == now.addingTimeInterval(3600))
        #expect(state.meanNewArticleInterval == 3600)
        #expect(state.newArticlesPerDay(now: now.addingTimeInterval(86_400)) == 3)
    }
}
