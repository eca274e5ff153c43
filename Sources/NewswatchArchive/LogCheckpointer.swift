import Foundation
import GRDB
import GRDBSQLite
import Synchronization

// Why a thread of its own copies the write-ahead log into the database file: a checkpoint copies every
// page the log holds into the file and fdatasyncs both, and SQLite runs it on the writing connection,
// inside the commit that crossed `wal_autocheckpoint`. In a daemon's first poll of 1,000 feeds the log
// took ~70 MB a second: every ~0.6 s a commit paid for ~40 MB of copying and two syncs, 26 times, on the
// archive writer's thread, the one every feed's batch passes through (bench/README.md, "Polling,
// session 11"). That thread also waited for the group commit's fsync of the log.
//
// With a log thread, a second connection copies the log into the file each time it grows by
// `Archive.checkpointPages` (a PASSIVE checkpoint: it waits for nothing and holds up no one), and fsyncs
// the log for the daemon's group commit (`syncToDiskInBackground`). The writer still checkpoints, at
// four times that length: SQLite starts the log over only after a checkpoint has copied all of it, and
// only the writer's own checkpoint can end with nothing left to copy while its commits go on. That one
// finds all but the last stretch copied. The log grows to ~160 MB in a long burst of polls instead of
// ~40 MB; its file is reused from the start once started over.

/// Watches the log's length after each commit, as SQLite reports it to the writing connection, and
/// runs the checkpoint SQLite's automatic one would. Set as that connection's WAL hook, which takes
/// the place of `PRAGMA wal_autocheckpoint` (SQLite implements that pragma with the same hook).
final class LogGrowth: Sendable {
    let checkpointPages: Int
    /// The log is copied ahead each time it grows by this many pages.
    let aheadStep: Int
    /// Asked to copy each time the log crosses a multiple of `aheadStep`, from the writer's thread inside
    /// its commit (where nothing may block); told to drop a copy not yet started when the writer's own
    /// checkpoint falls due, since that one fails (to be tried at the commit after) while another runs.
    let checkpointer: LogCheckpointer
    /// The log's length after the last commit (written by the writer's thread, in the hook).
    private let pages = Atomic<Int>(0)

    init(aheadStep: Int, checkpointPages: Int, checkpointer: LogCheckpointer) {
        self.aheadStep = max(aheadStep, 1)
        self.checkpointPages = max(checkpointPages, self.aheadStep)
        self.checkpointer = checkpointer
    }

    func install(on db: Database) {
        sqlite3_wal_hook(db.sqliteConnection, { context, connection, name, length in
            Unmanaged<LogGrowth>.fromOpaque(context!).takeUnretainedValue().committed(length: Int(length), connection, name)
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    private func committed(length: Int, _ connection: OpaquePointer?, _ name: UnsafePointer<CChar>?) {
        // A log that was started over is shorter than before: its steps are counted afresh.
        let before = pages.exchange(length, ordering: .relaxed)
        if length >= checkpointPages {
            checkpointer.withdrawCopy()
            // What `wal_autocheckpoint` does: a PASSIVE checkpoint, whose errors do not fail the commit.
            _ = sqlite3_wal_checkpoint(connection, name)
        } else if length / aheadStep > (length >= before ? before / aheadStep : 0) {
            checkpointer.requestCopy()
        }
    }
}

/// The thread that copies the log ahead of the writer and fsyncs it on request, with a connection of
/// its own. Requests made while it works are merged into one more round.
final class LogCheckpointer: @unchecked Sendable {
    // @unchecked: the mutable properties are guarded by `condition`, but `connection`, which the thread
    // alone uses (and `deinit`, after it ended: the thread holds the object while it runs).
    private let condition = NSCondition()
    private var copyRequested = false
    private var syncRequested = false
    private var stopped = false
    private var finished = false
    private var started = false
    private var failure: Error?
    private let path: String
    private let sync: @Sendable () throws -> Void
    /// Opened by the thread at its first copy.
    private var connection: OpaquePointer?

    init(path: String, sync: @escaping @Sendable () throws -> Void) {
        self.path = path
        self.sync = sync
    }

    /// Copy the log into the file soon (the writer's WAL hook, as the log grows).
    func requestCopy() {
        request { copyRequested = true }
    }

    /// Drop a copy asked for and not yet started (`LogGrowth`, when the writer's checkpoint falls due).
    func withdrawCopy() {
        condition.withLock { copyRequested = false }
    }

    /// fsync the log soon.
    func requestSync() {
        request { syncRequested = true }
    }

    /// The last sync or copy that failed since the last call, if any.
    func takeFailure() -> Error? {
        condition.withLock {
            defer { failure = nil }
            return failure
        }
    }

    /// Lets the round in hand finish and ends the thread; requests not yet started are dropped.
    func stop() {
        condition.withLock {
            stopped = true
            condition.broadcast()
            while started && !finished { condition.wait() }
        }
    }

    /// The thread starts with the first request: an archive that never asks has none.
    private func request(_ change: () -> Void) {
        condition.withLock {
            guard !stopped else { return }
            change()
            if !started {
                started = true
                let thread = Thread { [self] in run() }
                thread.name = "archive-log"
                thread.start()
            }
            condition.signal()
        }
    }

    private func run() {
        while true {
            let (copy, sync) = condition.withLock {
                while !copyRequested && !syncRequested && !stopped { condition.wait() }
                defer { copyRequested = false; syncRequested = false }
                return stopped ? (false, false) : (copyRequested, syncRequested)
            }
            if !copy && !sync { break }
            // The sync first: it is what a power cut cares about, and a copy takes longer.
            if sync {
                do { try self.sync() } catch { failed(error) }
            }
            if copy {
                do { try copyAhead() } catch { failed(error) }
            }
        }
        condition.withLock {
            finished = true
            condition.broadcast()
        }
    }

    private func failed(_ error: Error) {
        condition.withLock { failure = error }
    }

    /// A PASSIVE checkpoint on the thread's own connection, through SQLite's C API: a connection that
    /// runs this one call and nothing else needs none of GRDB's queue, schema or transaction machinery.
    private func copyAhead() throws {
        if connection == nil {
            var opened: OpaquePointer?
            let code = sqlite3_open_v2(path, &opened, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
            guard code == SQLITE_OK, let opened else {
                let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
                sqlite3_close_v2(opened)
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
            }
            // A connection sees that the file is in WAL mode at its first read; until then a
            // checkpoint on it does nothing.
            let read = sqlite3_exec(opened, "SELECT 1 FROM sqlite_schema LIMIT 1", nil, nil, nil)
            guard read == SQLITE_OK else {
                let error = DatabaseError(resultCode: ResultCode(rawValue: read), message: String(cString: sqlite3_errmsg(opened)))
                sqlite3_close_v2(opened)
                throw error
            }
            connection = opened
        }
        let code = sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        // BUSY: the writer's own checkpoint is running, and copies what this one would have.
        if code != SQLITE_OK && code != SQLITE_BUSY && code != SQLITE_LOCKED {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
        }
    }

    deinit {
        sqlite3_close_v2(connection)
    }
}
