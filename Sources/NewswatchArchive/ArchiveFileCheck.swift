import Foundation

/// What is checked before SQLite opens the file, so the common mistakes get plain answers instead of
/// SQLite's "unable to open database file": a missing directory is created, a directory where the file
/// should be, a file that is not SQLite, and a directory or file that cannot be written are refused.
struct ArchiveFileCheck {
    let path: String

    static let sqliteHeader = Array("SQLite format 3\u{0}".utf8)

    func prepare() throws {
        let directory = (path as NSString).deletingLastPathComponent
        let dir = directory.isEmpty ? "." : directory
        var info = stat()
        if stat(dir, &info) != 0 {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            } catch {
                throw ArchiveError.cannotOpen(path: path, detail: "its directory \(dir) does not exist and cannot be created (\(Self.reason(of: error)))")
            }
        } else if info.st_mode & S_IFMT != S_IFDIR {
            throw ArchiveError.cannotOpen(path: path, detail: "\(dir) is not a directory")
        }

        if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: throw ArchiveError.cannotOpen(path: path, detail: "is a directory, not a database file")
            default: throw ArchiveError.cannotOpen(path: path, detail: "is not a regular file")
            }
            if info.st_size > 0 {
                guard let handle = FileHandle(forReadingAtPath: path) else {
                    throw ArchiveError.cannotOpen(path: path, detail: String(cString: strerror(errno)))
                }
                defer { try? handle.close() }
                let head = (try? handle.read(upToCount: Self.sqliteHeader.count)) ?? Data()
                if [UInt8](head) != Self.sqliteHeader { throw ArchiveError.notADatabase(path: path) }
            }
            if access(path, W_OK) != 0 {
                throw ArchiveError.readOnly(path: path, detail: String(cString: strerror(errno)))
            }
        }
        // WAL mode creates `-wal` and `-shm` files beside the database: the directory must be writable
        // even when the database file is.
        if access(dir, W_OK) != 0 {
            throw ArchiveError.readOnly(path: path, detail: "directory \(dir): \(String(cString: strerror(errno)))")
        }
    }

    static func reason(of error: any Error) -> String {
        if let error = error as? CocoaError, let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return error.localizedDescription
    }
}
