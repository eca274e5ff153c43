import Foundation
import GRDB
import NewswatchArchive
import NewswatchNormalize
import Testing

@Suite struct BadFileTests {
    @Test func aFileThatIsNotSQLiteIsRefusedByName() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("archive.sqlite")
        try Data("this is a feed list, not a database\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ArchiveError.notADatabase(path: path)) { try Archive(path: path) }
        let error = ArchiveError.notADatabase(path: path)
        #expect(error.description.hasPrefix(path + ": is not an SQLite database"))
        // The file is left as it was.
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "this is a feed list, not a database\n")
    }

    @Test func aDamagedSQLiteFileIsRefusedByName() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("archive.sqlite")
        // A valid header followed by garbage: SQLite itself must reject it.
        var bytes = Array("SQLite format 3\u{0}".utf8)
        bytes += [UInt8](repeating: 0xAB, count: 8192)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do {
            _ = try Archive(path: path)
            Issue.record("opened a damaged file")
        } catch let error as ArchiveError {
            #expect(error.description.hasPrefix(path + ":"))
        }
    }

    @Test func aDirectoryAtThePathIsRefused() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("archive.sqlite")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        #expect(throws: ArchiveError.cannotOpen(path: path, detail: "is a directory, not a database file")) { try Archive(path: path) }
    }

    @Test func aMissingDirectoryIsCreated() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("state/newswatch/archive.sqlite")
        let archive = try Archive(path: path)
        #expect(try archive.stats().articles == 0)
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func aReadOnlyDirectoryIsRefusedByName() throws {
        let dir = try TemporaryDirectory()
        let readOnly = try ReadOnlyDirectory(inside: dir)
        defer { readOnly.release() }
        let path = (readOnly.path as NSString).appendingPathComponent("archive.sqlite")
        do {
            _ = try Archive(path: path)
            Issue.record("opened an archive in a read-only directory")
        } catch let error as ArchiveError {
            guard case .readOnly(let errorPath, _) = error else {
                Issue.record("expected readOnly, got \(error)")
                return
            }
            #expect(errorPath == path)
            #expect(error.description.contains(path))
        }
    }

    @Test func aDatabaseLockedByAnotherWriterGivesALockedError() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive(ArchiveOptions(busyTimeout: 0.2))
        let other = try DatabaseQueue(path: archive.path)
        let seed = try Seeds.article(0)
        try other.inDatabase { db in
            try db.execute(sql: "BEGIN EXCLUSIVE")
            defer { try? db.execute(sql: "ROLLBACK") }
            #expect(throws: ArchiveError.locked(path: archive.path, seconds: 0.2)) {
                try archive.record(feed: "news.de", articles: [seed])
            }
        }
        // Once the lock is gone the same poll goes through.
        #expect(try archive.record(feed: "news.de", articles: [seed]).map(\.kind) == [.new])
    }

    @Test func aNewerSchemaIsRefused() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.archive().path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
        }
        #expect(throws: ArchiveError.newerSchema(path: path, unknown: ["v99: from the future"])) { try Archive(path: path) }
    }
}

/// A directory the archive cannot write to. As root, permission bits do not stop writes, so there a
/// read-only tmpfs is mounted instead.
struct ReadOnlyDirectory {
    let path: String
    let mounted: Bool

    init(inside dir: TemporaryDirectory) throws {
        path = dir.file("readonly")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        if getuid() == 0 {
            let mount = Process()
            mount.executableURL = URL(fileURLWithPath: "/bin/mount")
            mount.arguments = ["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", path]
            try mount.run()
            mount.waitUntilExit()
            guard mount.terminationStatus == 0 else { throw POSIXError(.EPERM) }
            mounted = true
        } else {
            chmod(path, 0o555)
            mounted = false
        }
    }

    func release() {
        if mounted {
            let umount = Process()
            umount.executableURL = URL(fileURLWithPath: "/bin/umount")
            umount.arguments = [path]
            try? umount.run()
            umount.waitUntilExit()
        } else {
            chmod(path, 0o755)
        }
    }
}

@Suite struct FullDiskTests {
    /// A small tmpfs fills up mid-poll: the poll fails with `.diskFull` naming the file, nothing of it is
    /// stored, everything committed before is intact. Mounting needs root (CI runs as root).
    @Test(.enabled(if: getuid() == 0, "mounting a small tmpfs needs root"))
    func aFullDiskFailsThePollWhole() throws {
        let dir = try TemporaryDirectory()
        let mountPoint = dir.file("small")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: false)
        // Room for a new archive (~270 kB with its log and shared memory) and a few polls.
        try SmallFilesystem.mount(at: mountPoint, size: "1m")
        defer { SmallFilesystem.unmount(mountPoint) }

        let path = (mountPoint as NSString).appendingPathComponent("archive.sqlite")
        let archive = try Archive(path: path)
        let seeds = try Seeds.all()
        _ = try archive.record(feed: "news.de", articles: [seeds[0]])

        var polls = 0
        var failure: ArchiveError?
        while failure == nil, polls < 200 {
            // Large, distinct articles: each poll needs real pages.
            let articles = (0..<5).map { i in
                Article(title: "Poll \(polls) item \(i)", body: (0..<20).map { p in
                    .paragraph(String(repeating: "Wort\(polls)x\(i)y\(p) ", count: 40))
                }, url: "https://example.org/\(polls)/\(i)")
            }
            do {
                _ = try archive.record(feed: "filler", articles: articles)
                polls += 1
            } catch let error as ArchiveError {
                failure = error
            }
        }
        #expect(failure == .diskFull(path: path))
        #expect(failure?.description.hasPrefix(path + ": the disk is full") == true)
        let stats = try archive.stats()
        #expect(stats.articles == 1 + polls * 5, "a poll was half-written")
        #expect(try archive.article(id: seeds[0].id) != nil)
        #expect(try archive.integrityCheck() == "ok")
    }
}

enum SmallFilesystem {
    static func mount(at path: String, size: String) throws {
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", path]
        try mount.run()
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else { throw POSIXError(.EPERM) }
    }

    static func unmount(_ path: String) {
        let umount = Process()
        umount.executableURL = URL(fileURLWithPath: "/bin/umount")
        umount.arguments = [path]
        try? umount.run()
        umount.waitUntilExit()
    }
}
