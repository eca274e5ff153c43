import Foundation
import GRDB
import NewswatchArchive
import NewswatchNormalize
import Testing

/// The reading commands run while another process holds the archive's write lock, as they do beside a
/// daemon in the middle of a long poll or an import: they answer, and `search` says what its results
/// leave out, instead of failing with "locked" after the busy timeout.
@Suite struct ReadingBesideWriterTests {
    @Test func readingCommandsAnswerWhileAnotherProcessHoldsTheWriteLock() throws {
        let dir = try ArchiveCLITemporaryDirectory()
        let path = dir.file("archive.sqlite")
        let seeds = try ArchiveCLISeeds.all()
        // Three seeds archived and indexed (the second open writes their entries), two archived by a
        // writer that was gone before it wrote theirs.
        _ = try Archive(path: path).record(feed: "news.de", articles: Array(seeds[0..<3]))
        var waiting = ArchiveOptions()
        waiting.searchIndexBatch = 10_000
        _ = try Archive(path: path, options: waiting).record(feed: "news.de", articles: Array(seeds[3..<5]))

        let other = try DatabaseQueue(path: path)
        try other.inDatabase { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            defer { try? db.execute(sql: "ROLLBACK") }

            // "Wladimir" is in the titles of seeds 0, 1, 3 and 4: the indexed ones are found.
            let search = try ArchiveCLI.run(["search", "Wladimir", "--archive", path])
            #expect(search.status == 0, "\(search.stderr)")
            #expect(search.stderr.contains("2 recently archived articles are not in the search index yet"), "\(search.stderr)")
            for seed in [seeds[0], seeds[1]] { #expect(search.stdout.contains(String(seed.id.hex.prefix(12))), "\(search.stdout)") }
            #expect(!search.stdout.contains(String(seeds[4].id.hex.prefix(12))))

            let show = try ArchiveCLI.run(["show", String(seeds[4].id.hex.prefix(8)), "--archive", path])
            #expect(show.status == 0, "\(show.stderr)")
            #expect(show.stdout == PlainTextArticleWriter().write(seeds[4]))

            let export = try ArchiveCLI.run(["export", "--archive", path])
            #expect(export.status == 0, "\(export.stderr)")
            #expect(export.stdout.split(separator: "\n").count == 5)

            let stats = try ArchiveCLI.run(["archive", "stats", "--json", "--archive", path])
            #expect(stats.status == 0, "\(stats.stderr)")

            // A writing command still waits for the lock, and says so when it does not get it.
            let imported = try ArchiveCLI.run(["import", dir.file("none.jsonl"), "--archive", path])
            #expect(imported.status != 0)
        }

        // With the lock gone, the next search writes the two missing entries and finds all of them.
        let after = try ArchiveCLI.run(["search", "Wladimir", "--archive", path])
        #expect(after.status == 0, "\(after.stderr)")
        #expect(after.stderr.isEmpty, "\(after.stderr)")
        for seed in [seeds[0], seeds[1], seeds[3], seeds[4]] {
            #expect(after.stdout.contains(String(seed.id.hex.prefix(12))), "\(after.stdout)")
        }
    }
}
