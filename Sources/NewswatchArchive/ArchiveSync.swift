import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension Archive {
    /// Makes every transaction committed so far survive an OS crash or a power cut: one fsync of the
    /// write-ahead log, which is all `synchronous = FULL` adds to NORMAL at each commit. The archive
    /// runs at NORMAL and its writers sync when it matters (see the durability promise on `Archive`),
    /// so a thousand feeds polled in a second cost one fsync, not a thousand.
    public func syncToDisk() throws {
        let log = path + "-wal"
        let descriptor = open(log, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            // No log: every commit is in the database file, which the checkpoint that emptied the
            // log synced.
            if errno == ENOENT { return }
            throw ArchiveError.sqlite(path: path, detail: "cannot open \(log) to sync it: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            let problem = errno
            if problem == ENOSPC || problem == EDQUOT { throw ArchiveError.diskFull(path: path) }
            throw ArchiveError.sqlite(path: path, detail: "fsync of \(log) failed: \(String(cString: strerror(problem)))")
        }
    }
}
