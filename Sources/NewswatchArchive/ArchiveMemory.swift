import GRDBSQLite

extension Archive {
    /// Bytes SQLite holds in this process now (page caches, statements, sorts), and its peak. Most of
    /// it is the page caches, which fill as pages are read and stop at their bound (2 MiB for the
    /// writer, 2 MiB for each of at most 3 readers): a daemon's resident memory rises with them until
    /// the archive is larger than they are, which the status line lets an operator tell from a leak.
    public static var sqliteMemory: (inUse: Int, peak: Int) {
        (Int(sqlite3_memory_used()), Int(sqlite3_memory_highwater(0)))
    }
}
