/// What a process opening the archive means to do with it.
public enum ArchiveAccess: Sendable {
    /// The daemon, `import`, `prune`: writes, waiting up to `ArchiveOptions.busyTimeout` for another
    /// process's write lock.
    case readWrite
    /// `search`, `show`, `export`, `status`, …: reads, and never waits for the write lock. WAL lets them
    /// read while the daemon writes; what they would write on the side (a missing search entry, the
    /// file's WAL set-up) is skipped when another process holds the lock, so a long poll or import
    /// does not make them fail with "locked".
    case reading
}
