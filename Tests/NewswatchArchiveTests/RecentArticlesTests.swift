import Foundation
import NewswatchArchive
import NewswatchNormalize
import Testing

@Suite struct RecentArticlesTests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)

    /// What the daemon's replay took from `forEachArticle` before: unpruned articles, their story,
    /// revision or not, and the first feed that carried them.
    func viaFullRead(_ archive: Archive, since: Date) throws -> [String] {
        var lines: [String] = []
        try archive.forEachArticle(since: since) { archived in
            guard !archived.pruned, let feed = archived.sightings.first?.feed else { return }
            lines.append("\(archived.article.id.hex) \(archived.story) \(archived.entry == .revision) \(feed) \(archived.article.title)")
        }
        return lines
    }

    func viaRecent(_ archive: Archive, since: Date) throws -> [String] {
        var lines: [String] = []
        try archive.forEachRecentArticle(since: since) { recent in
            lines.append("\(recent.article.id.hex) \(recent.story) \(recent.isRevision) \(recent.feed) \(recent.article.title)")
        }
        return lines
    }

    @Test func readsWhatTheFullReadGivesTheRulesAndLeavesPrunedAndOlderArticlesOut() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let seeds = try Seeds.all()
        _ = try archive.record(feed: "old", articles: [seeds[0]], at: now.addingTimeInterval(-86_400))
        // Seen by a second feed earlier than the first: the first sighting names the feed.
        _ = try archive.record(feed: "zeta", articles: [seeds[1], seeds[2]], at: now)
        _ = try archive.record(feed: "alpha", articles: [seeds[1]], at: now.addingTimeInterval(60))
        _ = try archive.record(feed: "beta", articles: [seeds[3].replacingParagraph(0, with: "Ein neuer erster Absatz.")], at: now)
        _ = try archive.record(feed: "beta", articles: [seeds[3], seeds[4]], at: now.addingTimeInterval(120))
        let since = now.addingTimeInterval(-60)

        let expected = try viaFullRead(archive, since: since)
        #expect(expected.count == 5)
        #expect(expected.contains { $0.contains(" true beta ") }, "a revision among them: \(expected)")
        #expect(try viaRecent(archive, since: since) == expected)
        #expect(try viaRecent(archive, since: now.addingTimeInterval(-2 * 86_400)).count == 6)

        // Pruned articles have no text left to match: both leave them out.
        #expect(try archive.prune(firstSeenBefore: now.addingTimeInterval(30)) == 4)
        #expect(try viaRecent(archive, since: since) == viaFullRead(archive, since: since))
        #expect(try viaRecent(archive, since: since).count == 2)
    }
}
