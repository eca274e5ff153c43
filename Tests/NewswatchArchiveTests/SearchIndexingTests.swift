import Foundation
import GRDB
@testable import NewswatchArchive
import NewswatchNormalize
import Testing

/// The search index is written after the poll's transaction (`SearchIndexer`): these check, on real
/// files, that what it holds in the end is what writing it in the poll's transaction held, whatever
/// happened in between.
@Suite struct SearchIndexingTests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)

    /// Options under which a writer leaves its search entries waiting (a poll never fills the batch).
    static var deferred: ArchiveOptions {
        var options = ArchiveOptions()
        options.searchIndexBatch = 1_000
        return options
    }

    /// Options under which every poll's entries are written right after it.
    static var immediate: ArchiveOptions {
        var options = ArchiveOptions()
        options.searchIndexBatch = 1
        return options
    }

    /// The index's entries, read from the file by a connection of its own.
    func searchRows(_ path: String) throws -> [[String]] {
        try DatabaseQueue(path: path).write { db in try SearchIndexContents.entries(db) }
    }

    func articleCount(_ path: String) throws -> Int {
        try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0 }
    }

    func recordSeeds(_ archive: Archive) throws {
        let seeds = try Seeds.all()
        _ = try archive.record(feed: "news.de", articles: Array(seeds[0...3]), at: now)
        _ = try archive.record(feed: "other-feed", articles: [seeds[4]], at: now)
    }

    /// The same polls into a file whose entries were written right after each poll, from memory.
    func referenceRows() throws -> [[String]] {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive(Self.immediate)
        try recordSeeds(archive)
        return try searchRows(archive.path)
    }

    @Test func aWriterGoneBeforeIndexingIsCaughtUpAtTheNextOpen() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("archive.sqlite")
        do {
            // The archive goes away with its entries unwritten: what a kill after the poll's commit leaves.
            let archive = try dir.archive(Self.deferred)
            try recordSeeds(archive)
            #expect(try articleCount(path) == 5)
            #expect(try searchRows(path).isEmpty, "the entries waited for a batch")
        }
        _ = try dir.archive(Self.deferred)
        // Read back from the stored JSON, the entries are those the recorder would have written.
        #expect(try searchRows(path) == referenceRows())
    }

    @Test func aSearchFindsArticlesNotYetIndexed() throws {
        let dir = try TemporaryDirectory()
        let writer = try dir.archive(Self.deferred)
        // Opened before the polls, like `newswatch search` beside a running daemon.
        let other = try dir.archive(Self.deferred)
        try recordSeeds(writer)
        let seed2 = try Seeds.article(2)
        #expect(try searchRows(writer.path).isEmpty)
        #expect(try other.search(query: "fluchtlinge").map(\.id) == [seed2.id])
        #expect(try writer.search(query: "Flüchtlinge").map(\.id) == [seed2.id])
        #expect(try searchRows(writer.path) == referenceRows())
        // Later polls too.
        let late = Article(title: "Nachtrag zur Zeitenwende", body: [.paragraph("Ein später Artikel.")], url: "https://example.org/late")
        _ = try writer.record(feed: "news.de", articles: [late], at: now)
        #expect(try other.search(query: "zeitenwende").map(\.id) == [late.id])
    }

    @Test func aFullBatchIsWrittenAfterThePoll() throws {
        let dir = try TemporaryDirectory()
        var options = ArchiveOptions()
        options.searchIndexBatch = 5
        let archive = try dir.archive(options)
        let seeds = try Seeds.all()
        _ = try archive.record(feed: "news.de", articles: Array(seeds[0...3]), at: now)
        #expect(try searchRows(archive.path).isEmpty)
        _ = try archive.record(feed: "other-feed", articles: [seeds[4]], at: now)
        #expect(try searchRows(archive.path) == referenceRows())
    }

    @Test func pruningAndDeletingBeforeIndexingLeaveTheSameIndex() throws {
        func pruneAndDelete(_ options: ArchiveOptions) throws -> (rows: [[String]], hits: [[ContentHash]]) {
            let dir = try TemporaryDirectory()
            let archive = try dir.archive(options)
            try recordSeeds(archive)
            let seeds = try Seeds.all()
            try archive.delete(seeds[3].id)
            #expect(try archive.prune(firstSeenBefore: now.addingTimeInterval(1)) == 4)
            let hits = try ["Assad Putin", "fluchtlinge", "nordkoreaner", "putin"].map { try archive.search(query: $0).map(\.id) }
            return (try searchRows(archive.path), hits)
        }
        let deferred = try pruneAndDelete(Self.deferred)
        let immediate = try pruneAndDelete(Self.immediate)
        #expect(deferred.rows.count == 4)
        #expect(deferred.rows.allSatisfy { $0.count > 1 && $0.dropFirst().allSatisfy { $0.hasPrefix("title:") } },
                "pruned: titles only")
        #expect(deferred.rows == immediate.rows)
        #expect(deferred.hits == immediate.hits)
        #expect(deferred.hits[0].isEmpty, "deleted, and the others' bodies pruned")
    }

    @Test func importedArticlesAreIndexedWhenTheImportReturns() throws {
        let source = try TemporaryDirectory()
        let archive = try source.archive(Self.deferred)
        try recordSeeds(archive)
        var lines: [String] = []
        try archive.forEachArticle { lines.append(try Archive.exportLine($0)) }
        let file = source.file("export.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)

        let dir = try TemporaryDirectory()
        let target = try dir.archive(Self.deferred)
        #expect(try target.importArticles(from: file).added == 5)
        #expect(try searchRows(target.path).count == 5)
        #expect(try searchRows(target.path).map { Array($0.dropFirst()) } == referenceRows().map { Array($0.dropFirst()) })
    }

    @Test func anEntryIsWrittenOnceWhateverTheOrderOfWriters() throws {
        let dir = try TemporaryDirectory()
        let first = try dir.archive(Self.deferred)
        let second = try dir.archive(Self.deferred)
        let seeds = try Seeds.all()
        _ = try first.record(feed: "news.de", articles: Array(seeds[0...1]), at: now)
        _ = try second.record(feed: "other-feed", articles: Array(seeds[2...4]), at: now)
        // Each writes what is missing: its own entries from memory, the other's from the JSON.
        try second.indexForSearch()
        #expect(try first.indexForSearch() == 0)
        #expect(try searchRows(first.path).map { Array($0.dropFirst()) } == referenceRows().map { Array($0.dropFirst()) })
        #expect(try first.integrityCheck() == "ok")
    }
}
