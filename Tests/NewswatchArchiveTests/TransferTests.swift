import Foundation
import NewswatchArchive
import NewswatchNormalize
import Testing

@Suite struct TransferTests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)

    func export(_ archive: Archive, to file: String, since: Date? = nil) throws {
        var lines: [String] = []
        try archive.forEachArticle(since: since) { lines.append(try Archive.exportLine($0)) }
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: file))
    }

    @Test func exportThenImportRebuildsTheArchiveAndImportingTwiceAddsNothing() throws {
        let dir = try TemporaryDirectory()
        let source = try Archive(path: dir.file("a.sqlite"))
        let seeds = try Seeds.all()
        var copy = seeds[0]
        copy.url = "https://elsewhere.example/0"
        _ = try source.record(feed: "news.de", articles: seeds, at: now)
        _ = try source.record(feed: "elsewhere", articles: [copy], at: now.addingTimeInterval(60))
        let revised = seeds[1].replacingParagraph(0, with: "Neue Fassung des ersten Absatzes.")
        _ = try source.record(feed: "news.de", articles: [revised], at: now.addingTimeInterval(120))

        let file = dir.file("export.jsonl")
        try export(source, to: file)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 6)

        let target = try Archive(path: dir.file("b.sqlite"))
        let first = try target.importArticles(from: file)
        #expect(first == ImportSummary(lines: 6, added: 6, alreadyThere: 0, tombstoned: 0))
        let statsAfterFirst = try target.stats()
        let second = try target.importArticles(from: file)
        #expect(second.added == 0)
        #expect(second.alreadyThere == 6)
        var statsAfterSecond = try target.stats()
        statsAfterSecond.bytes = statsAfterFirst.bytes
        #expect(statsAfterSecond == statsAfterFirst)

        #expect(statsAfterFirst.articles == 6)
        #expect(statsAfterFirst.sightings == 7)
        #expect(statsAfterFirst.revisions == 1)
        let moved = try #require(try target.article(id: seeds[0].id))
        #expect(moved.sightings.map(\.feed) == ["news.de", "elsewhere"])
        #expect(moved.article == seeds[0])
        #expect(try target.article(id: revised.id)?.revises == seeds[1].id)
    }

    @Test func plainArticleJSONImportsToo() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let seed = try Seeds.article(3)
        let line = String(decoding: try Article.jsonEncoder(pretty: false).encode(seed), as: UTF8.self)
        let file = dir.file("one.jsonl")
        try Data((line + "\n\n").utf8).write(to: URL(fileURLWithPath: file))
        #expect(try archive.importArticles(from: file).added == 1)
        #expect(try archive.article(id: seed.id)?.sightings.map(\.feed) == ["import"])
    }

    @Test func aBadLineIsNamedByNumber() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let seed = try Seeds.article(3)
        let line = String(decoding: try Article.jsonEncoder(pretty: false).encode(seed), as: UTF8.self)
        let file = dir.file("bad.jsonl")
        try Data((line + "\n{\"title\": 5}\n").utf8).write(to: URL(fileURLWithPath: file))
        do {
            _ = try archive.importArticles(from: file)
            Issue.record("imported a bad line")
        } catch let error as ImportError {
            #expect(error.file == file)
            #expect(error.line == 2)
            #expect(error.description.hasPrefix("\(file):2: not an article"))
        }
        #expect(throws: ImportError.self) { try archive.importArticles(from: dir.file("missing.jsonl")) }
    }

    @Test func findsArticlesByIDPrefix() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let seeds = try Seeds.all()
        _ = try archive.record(feed: "news.de", articles: seeds, at: now)
        for seed in seeds {
            #expect(try archive.article(idPrefix: String(seed.id.hex.prefix(8))).article.id == seed.id)
            #expect(try archive.article(idPrefix: seed.id.hex.uppercased()).article.id == seed.id)
        }
        #expect(throws: ArchiveError.invalidIDPrefix("abc1234")) { try archive.article(idPrefix: "abc1234") }
        #expect(throws: ArchiveError.invalidIDPrefix("xyzxyzxyz")) { try archive.article(idPrefix: "xyzxyzxyz") }
        let absent = seeds[0].id.hex.hasPrefix("00000000") ? "ffffffff" : "00000000"
        #expect(throws: ArchiveError.noSuchArticle(absent)) { try archive.article(idPrefix: absent) }
    }

    @Test func exportSinceLeavesOlderArticlesOut() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let seeds = try Seeds.all()
        _ = try archive.record(feed: "news.de", articles: [seeds[0]], at: now)
        _ = try archive.record(feed: "news.de", articles: [seeds[1]], at: now.addingTimeInterval(86_400))
        var ids: [ContentHash] = []
        try archive.forEachArticle(since: now.addingTimeInterval(3600)) { ids.append($0.article.id) }
        #expect(ids == [seeds[1].id])
    }
}
