import Foundation
import GRDB
import NewswatchNormalize

// Why GRDB rather than the SQLite C API: the archive needs versioned migrations, WAL with one writer
// and concurrent readers (the daemon writes while `newswatch search` reads), typed errors with SQLite's
// result codes, and FTS5 — GRDB gives all of these over the system libsqlite3 with statement caching
// and without a hand-written C shim; a C-API layer would re-implement the same pieces with more
// unsafe pointer code to review. GRDB is on the project's allowed package list (7.10.0).

/// The user's record of everything their feeds published: one SQLite file (WAL mode, foreign keys
/// on) holding every article once, keyed by its content hash, with every feed/URL/guid it was seen
/// under, its story (revisions and near-duplicates), tombstones, per-feed state and a full-text index.
///
/// Durability promise: WAL mode with `synchronous = NORMAL`, and a sync where it matters.
/// - When `record(feed:articles:at:)` (or any other write) returns, its transaction is committed to the
///   WAL: it survives a kill of the process at any point. A write that did not return (killed, disk
///   full, locked out) left nothing: SQLite's WAL commit is atomic, so a feed's batch is archived
///   completely, with its sightings, or not at all.
/// - Against an OS crash or a power cut, a commit is safe once the WAL is synced: by `syncToDisk()`,
///   which the daemon's archive writer has the log thread run at most a second after a write (so the
///   window is about a second and that fsync's duration), by `recordAlerts` before it returns (so an
///   alert is never written to the log about an article a power cut could take back, and thus never
///   repeated), and by SQLite's checkpoints.
///   `synchronous = FULL` would fsync at every commit: with one transaction per polled feed that was
///   a thousand fsyncs per cycle for a thousand feeds, more time than the cycle has on a common disk.
/// - Search: an article's full-text search entry is not part of the poll's transaction. The writer
///   adds the entries of the articles archived since its last batch in a transaction of its own, once
///   `ArchiveOptions.searchIndexBatch` of them wait; `search` (and every open for writing) first writes whatever
///   is missing, so a search finds every committed article. A crash between the two commits leaves
///   the articles archived and their entries to the next open or search (`SearchIndexer`).
public final class Archive: Sendable {
    /// The database file.
    public let path: String
    public let options: ArchiveOptions
    /// Page cache per connection, in KiB: at most writer + 3 readers, 8 MiB in all. Issue 4 wants a
    /// daemon polling 1,000 feeds in under 64 MB, of which the process itself (the Swift runtime and
    /// Foundation, libcurl, libxml2, SQLite) takes about 35 MB before any work: a 32 MiB writer cache,
    /// which a first poll fills, put it at 86 MiB; 8 MiB still left it at 63 MiB (bench/README.md,
    /// "Polling, session 5"). 2 MiB, SQLite's default, left the 1,000-feed first poll ~1.5 MB lower
    /// than 4 MiB at no cost in time, nor in the archive benchmark's insert rate ("Polling, session 12"):
    /// that memory went to the daemon's deeper queue.
    static let writerCacheKiB = 2_048
    static let readerCacheKiB = 2_048
    /// WAL pages between automatic checkpoints (see `init`).
    static let checkpointPages = 10_000
    /// With a log thread: how many times `checkpointPages` the log grows before the writer checkpoints
    /// (`LogCheckpointer`).
    static let logsCopiedAhead = 4
    let pool: DatabasePool
    /// The near-duplicate window's keys in memory (see `NearDuplicateWindow`).
    let nearDuplicateWindow: NearDuplicateWindow
    /// Search entries of articles this process archived, not yet in the index (see `SearchIndexer`).
    let searchBacklog = SearchBacklog()
    /// The furniture `prepare` assumes learned (see `PreparedArticle`).
    let furnitureGuess = LearnedFurnitureGuess()
    /// The thread that copies the log ahead of the writer and syncs it (with
    /// `ArchiveOptions.copiesLogInBackground`), and the writer's WAL hook that calls on it.
    let logCheckpointer: LogCheckpointer?
    private let logGrowth: LogGrowth?

    /// Opens the archive at `path`, creating the file (and its directory) when missing and migrating
    /// its schema to this build's version. With `.reading` access the open never waits for another
    /// process's write lock (see `ArchiveAccess`).
    public init(path: String, options: ArchiveOptions = ArchiveOptions(), access: ArchiveAccess = .readWrite) throws {
        self.path = path
        self.options = options
        nearDuplicateWindow = NearDuplicateWindow(windowSeconds: Int64(options.nearDuplicateWindow),
                                                  lookupsBeforeLoading: options.nearDuplicateLookupsBeforeWindow)
        if options.copiesLogInBackground && access == .readWrite {
            let checkpointer = LogCheckpointer(path: path, sync: { try Archive.syncLog(of: path) })
            logCheckpointer = checkpointer
            logGrowth = LogGrowth(aheadStep: options.checkpointPages, checkpointPages: options.checkpointPages * Self.logsCopiedAhead,
                                  checkpointer: checkpointer)
        } else {
            logCheckpointer = nil
            logGrowth = nil
        }
        try ArchiveFileCheck(path: path).prepare()

        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(options.busyTimeout)
        config.label = "newswatch archive"
        config.prepareDatabase { db in
            // Readers (search, status, exports) get `readerCacheKiB` of page cache; the writer more below.
            // Sorts and temporary b-trees stay in memory. (No mmap: with it a read error from the
            // disk is a SIGBUS, not an error.)
            try db.execute(sql: "PRAGMA cache_size = -\(Self.readerCacheKiB); PRAGMA temp_store = MEMORY")
        }
        // The cache is allocated as pages are used, so a long-running daemon's memory grows until
        // every connection's cache is full: readers are few, so that ceiling stays small.
        config.maximumReaderCount = 3
        if access == .reading {
            // The writer connection of a reading process gives up at once when another process holds
            // the write lock. (Its readers keep GRDB's own timeout for WAL's rare busy moments, such
            // as the recovery after a crash.)
            config.busyMode = .immediateError
        }
        do {
            pool = try Self.openPool(path: path, configuration: config, access: access)
            try Self.migrate(pool, path: path)
            // A reading process sets none of the writer's settings below and writes no missing
            // search entries at open: `search` writes them itself, and no other reading command
            // needs them.
            if access == .reading { return }
            // See the durability promise above. Set here, on the pool's one writer connection, and not
            // in `prepareDatabase`, where GRDB's own choice would override it after the hook runs.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
            // The one writer gets `writerCacheKiB` of page cache (SQLite's default is 2 MB). (Pages it
            // misses come back from the OS's file cache: a first poll of 1,000 feeds cost the same
            // CPU with 8 MiB as with 32 MiB, and 4 MiB as 8, bench/README.md "Polling, session 5";
            // 2 MiB as 4, "Polling, session 12".)
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -\(Self.writerCacheKiB)") }
            // A checkpoint copies every page changed since the last one into the database file and syncs
            // it. At SQLite's default (1,000 pages, 4 MB) a poll of a few hundred new articles checkpoints
            // at every commit, so the pages every poll changes again (the tables' and indexes' last
            // pages, the search index's newest segments) were copied and synced poll after poll. At
            // `checkpointPages` the log holds several polls (up to ~40 MB) and each page is copied once.
            // With a log thread, the hook that stands in for `wal_autocheckpoint` has it copy most
            // pages ahead (`LogCheckpointer`).
            try pool.writeWithoutTransaction { db in
                if let logGrowth {
                    logGrowth.install(on: db)
                } else {
                    try db.execute(sql: "PRAGMA wal_autocheckpoint = \(options.checkpointPages)")
                }
            }
        } catch {
            throw ArchiveError.from(error, path: path, busyTimeout: access == .reading ? 0 : options.busyTimeout)
        }
        // Search entries a killed writer did not get to write (see `SearchIndexer`). Not an error here:
        // a later write or search retries.
        try? catchUpSearchIndex()
        _ = try? catchUpKeyIndex()
    }

    deinit {
        logCheckpointer?.stop()
    }

    /// GRDB's pool makes sure the WAL file is not empty with a small write transaction, which waits
    /// for (or, reading, fails on) another process's write lock. A reading process that meets the lock
    /// there opens read-only connections instead: the file is already in WAL mode, or the other
    /// process could not hold a WAL write lock on it.
    static func openPool(path: String, configuration: Configuration, access: ArchiveAccess) throws -> DatabasePool {
        do {
            return try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError where access == .reading && error.resultCode == .SQLITE_BUSY {
            var readOnly = configuration
            readOnly.readonly = true
            return try DatabasePool(path: path, configuration: readOnly)
        }
    }

    /// Brings the schema to this build's version. An archive that is already there is only read, so a
    /// reading process does not need the write lock; one written by a newer build is refused.
    static func migrate(_ pool: DatabasePool, path: String) throws {
        let migrator = ArchiveSchema.migrator
        let (unknown, complete) = try pool.read { db -> ([String], Bool) in
            guard try db.tableExists("grdb_migrations") else { return ([], false) }
            let known = Set(migrator.migrations)
            let unknown = try migrator.appliedIdentifiers(db).filter { !known.contains($0) }.sorted()
            return (unknown, try migrator.hasCompletedMigrations(db))
        }
        if !unknown.isEmpty { throw ArchiveError.newerSchema(path: path, unknown: unknown) }
        if !complete {
            try migrator.migrate(pool)
            // Each migration commits its own copy of the schema's pages to the WAL, which is not
            // checkpointed before 10,000 pages (`checkpointPages`): a new archive's log held several
            // hundred kilobytes of superseded schema pages. Folded into the file now (best effort: a
            // reader of another process may hold the log, and the next checkpoint does it then).
            _ = try? pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
    }

    /// `$STATE_DIRECTORY/archive.sqlite` (systemd's state directory), else `./var/archive.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let state = environment["STATE_DIRECTORY"], !state.isEmpty {
            // systemd may pass several directories separated by colons; the first is ours.
            let first = state.split(separator: ":").first.map(String.init) ?? state
            return (first as NSString).appendingPathComponent("archive.sqlite")
        }
        return "var/archive.sqlite"
    }

    /// One write transaction, taken with BEGIN IMMEDIATE so a busy database is detected before any
    /// work is done; errors come back as `ArchiveError`s naming the file.
    ///
    /// `erasing`: what the transaction deletes is overwritten with zeros in the file, pages that go to
    /// the free list included (`secure_delete`), whatever the SQLite build's default (Debian's is on,
    /// SQLite's own off): deleting and pruning are where a user wants text gone.
    func write<T>(erasing: Bool = false, _ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                let setting = erasing ? try Int.fetchOne(db, sql: "PRAGMA secure_delete") : nil
                if erasing { try db.execute(sql: "PRAGMA secure_delete = ON") }
                defer {
                    let names = [0: "OFF", 1: "ON", 2: "FAST"]
                    if let setting, let name = names[setting] { try? db.execute(sql: "PRAGMA secure_delete = \(name)") }
                }
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw ArchiveError.from(error, path: path, busyTimeout: options.busyTimeout)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch {
            throw ArchiveError.from(error, path: path, busyTimeout: options.busyTimeout)
        }
    }

    /// `PRAGMA integrity_check`: "ok" for a sound file, SQLite's list of problems otherwise.
    public func integrityCheck() throws -> String {
        try read { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n")
        }
    }
}

/// Settings of an open archive.
public struct ArchiveOptions: Sendable {
    /// How long a write waits for another process's write lock before failing with `.locked`.
    public var busyTimeout: Double
    /// Largest SimHash Hamming distance (of 64 bits) for two articles sharing a MinHash band to be the
    /// same story. 12 by default: see `SimHash` for what edits cost in bits.
    public var nearDuplicateDistance: Int
    /// How far back near-duplicates are looked for: wire copies run within days of each other.
    public var nearDuplicateWindow: TimeInterval
    /// In how many different articles of one source a short line must appear to be learned as
    /// furniture (`LearnedFurniture`); 0 turns learning off.
    public var furnitureThreshold: Int
    /// How many near-duplicate lookups are answered by the FTS5 key index before the window's keys are
    /// read into memory (`NearDuplicateWindow`); tests set 0 to use the window from the first lookup.
    var nearDuplicateLookupsBeforeWindow = 16
    /// How many archived articles a writer lets wait before it writes their search entries, in one
    /// transaction after the poll's (see `SearchIndexer`); a search writes them first whatever their number.
    /// Their texts wait in memory: 2,000 of them put a first poll of 1,000 feeds ~4 MiB over issue 4's
    /// 64 MB; 250 do not (their cost in CPU was within the noise: bench/README.md, "Polling, session 5").
    public var searchIndexBatch = 250
    /// Whether a thread of the archive's own copies the log into the file ahead of the writer's
    /// checkpoints and takes `syncToDiskInBackground`'s syncs (`LogCheckpointer`): for the daemon,
    /// whose writer thread every feed's batch waits for.
    public var copiesLogInBackground = false
    /// Log pages at which the writer checkpoints (`Archive.checkpointPages`; tests set fewer).
    var checkpointPages = Archive.checkpointPages

    public init(busyTimeout: Double = 5, nearDuplicateDistance: Int = 12, nearDuplicateWindow: TimeInterval = 3 * 86_400,
                furnitureThreshold: Int = 4) {
        self.busyTimeout = busyTimeout
        self.furnitureThreshold = max(furnitureThreshold, 0)
        self.nearDuplicateDistance = min(max(nearDuplicateDistance, 0), 64)
        self.nearDuplicateWindow = nearDuplicateWindow
    }
}

/// The SQLite settings the durability promise rests on, as the writing connection has them.
public struct ConnectionSettings: Sendable, Equatable {
    public var journalMode: String
    /// 1 = NORMAL, 2 = FULL.
    public var synchronous: Int
    public var foreignKeys: Bool

    public init(journalMode: String, synchronous: Int, foreignKeys: Bool) {
        self.journalMode = journalMode
        self.synchronous = synchronous
        self.foreignKeys = foreignKeys
    }
}

extension Archive {
    public func connectionSettings() throws -> ConnectionSettings {
        do {
            return try pool.writeWithoutTransaction { db in
                ConnectionSettings(
                    journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                    synchronous: try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1,
                    foreignKeys: try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") ?? false)
            }
        } catch {
            throw ArchiveError.from(error, path: path, busyTimeout: options.busyTimeout)
        }
    }
}
