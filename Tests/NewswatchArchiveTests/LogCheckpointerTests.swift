import Foundation
import GRDB
@testable import NewswatchArchive
import NewswatchNormalize
import Testing

/// The log thread (`LogCheckpointer`): it copies the write-ahead log into the file as the log grows, so
/// that the writer's own checkpoint finds little left to copy; the writer still checkpoints, so the log
/// is started over and stays bounded; nothing written is lost or damaged on the way.
@Suite struct LogCheckpointerTests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)

    func options(background: Bool, checkpointPages: Int) -> ArchiveOptions {
        var options = ArchiveOptions()
        options.copiesLogInBackground = background
        options.checkpointPages = checkpointPages
        return options
    }

    func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0
    }

    /// Pages of the log file (header 32 bytes, then a 24-byte header and a page per frame).
    func logFrames(_ archive: Archive) -> Int {
        max(size(archive.path + "-wal") - 32, 0) / (4096 + 24)
    }

    /// The log's length now, as a checkpoint reports it (retried while the log thread runs one).
    func logLength(_ archive: Archive) throws -> Int {
        for _ in 0..<200 {
            do {
                return try archive.pool.writeWithoutTransaction { db in try db.checkpoint(.passive).walFrameCount }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
        return try archive.pool.writeWithoutTransaction { db in try db.checkpoint(.passive).walFrameCount }
    }

    /// `count` transactions of `rows` rows of about a page each, through the archive's writer connection.
    func fill(_ archive: Archive, transactions count: Int, rows: Int = 4) throws {
        try archive.pool.write { db in try db.execute(sql: "CREATE TABLE IF NOT EXISTS filler (x BLOB)") }
        for _ in 0..<count {
            try archive.pool.write { db in
                for _ in 0..<rows { try db.execute(sql: "INSERT INTO filler (x) VALUES (randomblob(3000))") }
            }
        }
    }

    /// Waits (at most ten seconds) for `condition`; the log thread works on its own time.
    func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<500 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }

    @Test func theLogIsCopiedIntoTheFileBeforeTheWriterCheckpoints() async throws {
        let dir = try TemporaryDirectory()
        // Copied ahead every 50 pages; the writer itself checkpoints at 200.
        let archive = try dir.archive(options(background: true, checkpointPages: 50))
        let before = size(archive.path)
        try fill(archive, transactions: 20)
        let frames = logFrames(archive)
        #expect(frames >= 50 && frames < 200, "the test wants the log between the two thresholds: \(frames) frames")
        // Only a checkpoint writes the main file (the writer writes the log): the log thread copied it.
        #expect(try await eventually { size(archive.path) >= before + 50 * 4096 },
                "the database file stayed at \(size(archive.path)) bytes (\(before) before) with \(frames) pages in the log")
        #expect(archive.takeBackgroundFailure() == nil)
    }

    @Test func withoutTheLogThreadTheFileWaitsForTheWritersCheckpoint() async throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive(options(background: false, checkpointPages: 1_000))
        let before = size(archive.path)
        try fill(archive, transactions: 20)
        try await Task.sleep(for: .milliseconds(300))
        #expect(size(archive.path) == before)
    }

    /// SQLite starts the log over only after a checkpoint copied all of it, seen by the writer: the hook
    /// that stands in for `wal_autocheckpoint` must still run the writer's checkpoint, or the log grows
    /// with every poll.
    @Test(arguments: [true, false]) func theLogIsStartedOver(background: Bool) throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive(options(background: background, checkpointPages: 50))
        try fill(archive, transactions: 600)
        // 2,400 pages were written. The writer checkpoints at 200 with the log thread (at 50 without);
        // a checkpoint of the log thread in progress then makes it skip to its next commit, so the log
        // can run somewhat past 200, but not to 2,400.
        let length = try logLength(archive)
        #expect(length < (background ? 1_000 : 100), "the log is \(length) pages long")
        #expect(logFrames(archive) < 1_200, "the log file reached \(logFrames(archive)) pages")
        let rows = try archive.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM filler") }
        #expect(rows == 2_400)
        #expect(try archive.integrityCheck() == "ok")
    }

    /// Copies, syncs and the writer's checkpoints all at once, with articles: every committed article
    /// is there once and the file is sound, including after the archive is opened again.
    @Test func articlesSurviveCopiesWhileTheyAreWritten() async throws {
        let dir = try TemporaryDirectory()
        let path: String
        let seeds = try Seeds.all()
        do {
            let archive = try dir.archive(options(background: true, checkpointPages: 20))
            path = archive.path
            for round in 0..<40 {
                var articles: [Article] = []
                for (index, seed) in seeds.enumerated() {
                    var article = seed
                    article.title = "\(seed.title) (\(round)-\(index))"
                    articles.append(article)
                }
                let outcomes = try archive.record(feed: "feed-\(round)", articles: articles, at: now.addingTimeInterval(Double(round)))
                #expect(outcomes.count == seeds.count)
                try archive.syncToDiskInBackground()
                try fill(archive, transactions: 2)
            }
            archive.stopBackgroundWork()
            // After stopping, requests are dropped, not run on a thread started again.
            try archive.syncToDiskInBackground()
            #expect(archive.takeBackgroundFailure() == nil)
            #expect(try archive.integrityCheck() == "ok")
        }
        let reopened = try Archive(path: path)
        let count = try reopened.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM article") }
        let distinct = try reopened.read { db in try Int.fetchOne(db, sql: "SELECT count(DISTINCT id) FROM article") }
        #expect(count == 200 && distinct == 200)
        #expect(try reopened.integrityCheck() == "ok")
    }
}
