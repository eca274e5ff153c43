import Foundation
import GRDB
@testable import NewswatchArchive
import NewswatchNormalize
import Testing

/// Deleting and pruning overwrite what they take out (`secure_delete` on for their transactions,
/// whatever the SQLite build's default): the text is gone from the file's bytes, not only from its
/// tables. Polls keep the build's setting.
@Suite struct ErasureTests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)

    /// Longer than a furniture candidate (200 characters), so no table keeps it as a line of its own.
    func secret(_ name: String) -> String {
        "Vertraulich \(name): " + String(repeating: "Diese Zeile darf nach dem Löschen nirgends mehr in der Datei stehen. ", count: 4)
    }

    func fileHolds(_ path: String, _ text: String) throws -> Bool {
        try Data(contentsOf: URL(fileURLWithPath: path)).range(of: Data(text.utf8)) != nil
    }

    func checkpoint(_ archive: Archive) throws {
        try archive.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    @Test func deletedAndPrunedTextIsOverwrittenInTheFile() throws {
        let dir = try TemporaryDirectory()
        // Search entries left unwritten: the index's new segments would take the freed pages at once and
        // hide whether they were overwritten.
        var options = ArchiveOptions()
        options.searchIndexBatch = 1_000
        let archive = try dir.archive(options)
        // As SQLite's own builds have it (Debian's has it on).
        try archive.pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA secure_delete = OFF") }
        var deleted = try Seeds.article(1)
        deleted.body.append(.paragraph(secret("gelöscht")))
        var pruned = try Seeds.article(3)
        pruned.body.append(.paragraph(secret("gekürzt")))
        _ = try archive.record(feed: "news.de", articles: [pruned], at: now.addingTimeInterval(-86_400))
        _ = try archive.record(feed: "news.de", articles: [try Seeds.article(0), deleted], at: now)
        try checkpoint(archive)
        #expect(try fileHolds(archive.path, secret("gelöscht")), "the text was in the file")
        #expect(try fileHolds(archive.path, secret("gekürzt")))

        #expect(try archive.delete(deleted.id, at: now))
        try checkpoint(archive)
        #expect(try !fileHolds(archive.path, secret("gelöscht")))
        #expect(try archive.prune(firstSeenBefore: now.addingTimeInterval(-3_600)) == 1)
        try checkpoint(archive)
        #expect(try !fileHolds(archive.path, secret("gekürzt")))
        #expect(try archive.integrityCheck() == "ok")
        #expect(try archive.pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA secure_delete") } == 0,
                "the connection's own setting again after")
    }
}
