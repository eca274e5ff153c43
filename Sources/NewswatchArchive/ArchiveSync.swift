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
        try Self.syncLog(of: path)
    }

    /// `syncToDisk` on the archive's log thread, which the writer does not wait for (with
    /// `ArchiveOptions.copiesLogInBackground`; on the calling thread without). A failure is kept for
    /// `takeBackgroundFailure`.
    public func syncToDiskInBackground() throws {
        guard let logCheckpointer else { return try syncToDisk() }
        logCheckpointer.requestSync()
    }

    /// What went wrong on the archive's log thread since the last call: a sync or a checkpoint.
    public func takeBackgroundFailure() -> Error? {
        logCheckpointer?.takeFailure().map { ArchiveError.from($0, path: path, busyTimeout: options.busyTimeout) }
    }

    /// Ends the log thread once the round in hand is done (see `LogCheckpointer`).
    public func stopBackgroundWork() {
        logCheckpointer?.stop()
    }

    static func syncLog(of path: String) throws {
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
