import Foundation
import NewswatchArchive
import NewswatchNormalize
import Testing

@Suite struct RetentionTests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)

    @Test func prunedArticlesKeepTheirIdsAndAreNotReAdded() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let seeds = try Seeds.all()
        _ = try archive.record(feed: "news.de", articles: Array(seeds[0...3]), at: now)
        _ = try archive.record(feed: "news.de", articles: [seeds[4]], at: now.addingTimeInterval(400 * 86_400))

        #expect(try archive.prune(firstSeenBefore: now.addingTimeInterval(365 * 86_400)) == 4)
        #expect(try archive.prune(firstSeenBefore: now.addingTimeInterval(365 * 86_400)) == 0)
        let stats = try archive.stats()
        #expect(stats.pruned == 4)
        #expect(stats.articles == 5)

        let pruned = try #require(try archive.article(id: seeds[2].id))
        #expect(pruned.pruned)
        #expect(pruned.id == seeds[2].id)
        #expect(pruned.article.body.isEmpty)
        #expect(pruned.article.title == seeds[2].title)
        #expect(try archive.article(id: seeds[4].id)?.article == seeds[4])

        // Body words are gone from the index, titles are still found.
        #expect(try archive.search(query: "fluchtlinge").isEmpty)
        #expect(try archive.search(query: "Generäle").map(\.id) == [seeds[2].id])

        // The feed still carries them: seen before, not new.
        let again = try archive.record(feed: "news.de", articles: seeds, at: now.addingTimeInterval(401 * 86_400))
        #expect(again.map(\.kind) == Array(repeating: .seenBefore, count: 5))
        #expect(try archive.stats().articles == 5)
        #expect(try archive.integrityCheck() == "ok")
    }

    @Test func aPrunedArticleMovesAsATombstone() throws {
        let dir = try TemporaryDirectory()
        let source = try Archive(path: dir.file("a.sqlite"))
        let seeds = try Seeds.all()
        _ = try source.record(feed: "news.de", articles: [seeds[0], seeds[1]], at: now)
        try source.prune(firstSeenBefore: now.addingTimeInterval(1))
        var lines: [String] = []
        try source.forEachArticle { lines.append(try Archive.exportLine($0)) }
        let file = dir.file("export.jsonl")
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: file))

        let target = try Archive(path: dir.file("b.sqlite"))
        #expect(try target.importArticles(from: file) == ImportSummary(lines: 2, added: 0, alreadyThere: 0, tombstoned: 2))
        #expect(try target.importArticles(from: file).alreadyThere == 2)
        #expect(try target.isTombstoned(seeds[0].id))
        #expect(try target.record(feed: "news.de", articles: [seeds[0]], at: now).map(\.kind) == [.tombstoned])
    }
}
