import Foundation
import GRDB

/// What went wrong with the archive, always naming the file, in words a user can act on.
public enum ArchiveError: Error, Equatable, CustomStringConvertible {
    /// The file exists but is not an SQLite database (or its header is damaged).
    case notADatabase(path: String)
    /// SQLite found the database damaged.
    case corrupt(path: String, detail: String)
    /// The file or its directory cannot be written (the directory must be writable too: WAL keeps
    /// `-wal` and `-shm` files beside the database).
    case readOnly(path: String, detail: String)
    /// Another process holds the write lock longer than the busy timeout.
    case locked(path: String, seconds: Double)
    /// The disk (or quota) is full; the transaction was rolled back, nothing half-written.
    case diskFull(path: String)
    /// The file could not be opened or created.
    case cannotOpen(path: String, detail: String)
    /// The database was written by a newer newswatch whose migrations this build does not know.
    case newerSchema(path: String, unknown: [String])
    /// Any other SQLite failure.
    case sqlite(path: String, detail: String)

    /// An id prefix that is not 8 to 64 hex digits.
    case invalidIDPrefix(String)
    case noSuchArticle(String)
    case ambiguousIDPrefix(String, matches: [String])

    public var description: String {
        switch self {
        case .notADatabase(let path):
            return "\(path): is not an SQLite database (a newswatch archive is an SQLite file; move this file away or choose another path with --archive)"
        case .corrupt(let path, let detail):
            return "\(path): the database is damaged: \(detail)"
        case .readOnly(let path, let detail):
            return "\(path): cannot be written (\(detail)); the archive and its directory must be writable"
        case .locked(let path, let seconds):
            if seconds == 0 { return "\(path): is locked by another process, which holds its write lock" }
            return "\(path): is locked by another process (waited \(seconds.formatted()) s for its write lock)"
        case .diskFull(let path):
            return "\(path): the disk is full; nothing of the last batch was written"
        case .cannotOpen(let path, let detail):
            return "\(path): cannot be opened: \(detail)"
        case .newerSchema(let path, let unknown):
            return "\(path): was written by a newer newswatch (unknown migrations: \(unknown.joined(separator: ", ")))"
        case .sqlite(let path, let detail):
            return "\(path): \(detail)"
        case .invalidIDPrefix(let prefix):
            return "\(prefix): not an article id (give at least 8 of its hex digits)"
        case .noSuchArticle(let prefix):
            return "\(prefix): no article with this id in the archive"
        case .ambiguousIDPrefix(let prefix, let matches):
            return "\(prefix): matches \(matches.count) articles (\(matches.joined(separator: ", "))); give more digits"
        }
    }

    /// Turns a GRDB/SQLite error into the case a user can act on.
    static func from(_ error: any Error, path: String, busyTimeout: Double) -> ArchiveError {
        if let error = error as? ArchiveError { return error }
        guard let error = error as? DatabaseError else {
            return .sqlite(path: path, detail: String(describing: error))
        }
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_NOTADB: return .notADatabase(path: path)
        case .SQLITE_CORRUPT: return .corrupt(path: path, detail: detail)
        case .SQLITE_READONLY: return .readOnly(path: path, detail: detail)
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .locked(path: path, seconds: busyTimeout)
        case .SQLITE_FULL: return .diskFull(path: path)
        case .SQLITE_CANTOPEN: return .cannotOpen(path: path, detail: detail)
        case .SQLITE_IOERR: return .sqlite(path: path, detail: "I/O error: \(detail)")
        default: return .sqlite(path: path, detail: detail)
        }
    }
}
