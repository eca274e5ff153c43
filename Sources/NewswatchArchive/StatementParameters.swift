import Foundation
import GRDB
import GRDBSQLite

// Why the recording's hot statements bind through SQLite's C API: GRDB's `execute(arguments:)` turns
// every argument into a `DatabaseValue`, validates the list, nests a closure per string to bind it
// without a copy, and tells its observation machinery about every statement. For the dozen small
// statements a new article costs, that was about as much CPU as SQLite's own work on some of them
// (bench/README.md, "Archive speed work, session 10"). The statements are still GRDB's cached ones
// (prepared once per connection, finalized with it); only binding and stepping bypass it, and errors
// come back as GRDB's `DatabaseError`, so `ArchiveError` maps them as before (disk full, locked…).
// Used for statements whose effect is rows changed or one value read, never for schema changes or
// transactions (GRDB must see those to track its state).

/// The parameters of one run of a statement, bound in order (`?1`, `?2`, …) as they are given.
struct StatementParameters {
    fileprivate let statement: SQLiteStatement
    fileprivate var index: CInt = 1

    mutating func bind(_ value: Int64) {
        sqlite3_bind_int64(statement, index, value)
        index += 1
    }

    mutating func bind(_ value: Int64?) {
        if let value { bind(value) } else { bindNull() }
    }

    mutating func bind(_ value: Int) { bind(Int64(value)) }

    mutating func bind(_ value: String) {
        var text = value
        // A native string is contiguous UTF-8 already: SQLite copies it (SQLITE_TRANSIENT). Up to its
        // first NUL, as GRDB binds a string (as a C string): what the archive has always stored.
        text.withUTF8 { bytes in
            guard let start = bytes.baseAddress else {
                sqlite3_bind_text(statement, index, "", 0, transient)
                return
            }
            let length = memchr(start, 0, bytes.count).map { start.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? bytes.count
            start.withMemoryRebound(to: CChar.self, capacity: bytes.count) { chars in
                _ = sqlite3_bind_text(statement, index, chars, CInt(length), transient)
            }
        }
        index += 1
    }

    /// Text already in UTF-8 (without NULs: SQLite would keep them, where a `String` stops at one).
    mutating func bind(utf8Text bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                guard let start = chars.baseAddress else {
                    sqlite3_bind_text(statement, index, "", 0, transient)
                    return
                }
                _ = sqlite3_bind_text(statement, index, start, CInt(chars.count), transient)
            }
        }
        index += 1
    }

    mutating func bind(_ value: String?) {
        if let value { bind(value) } else { bindNull() }
    }

    mutating func bindNull() {
        sqlite3_bind_null(statement, index)
        index += 1
    }

    private var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }
}

extension Statement {
    /// Runs the statement to its end with the parameters `bind` sets. Returns the number of rows it
    /// changed.
    @discardableResult
    func run(in db: Database, _ bind: (inout StatementParameters) -> Void) throws -> Int {
        try withParameters(in: db, bind) { statement in
            while true {
                switch sqlite3_step(statement) {
                case SQLITE_DONE: return Int(sqlite3_changes(db.sqliteConnection))
                case SQLITE_ROW: continue
                case let code: throw failure(code, in: db)
                }
            }
        }
    }

    /// The first column of the statement's first row as an integer, nil when it returns no row or NULL.
    func firstInteger(in db: Database, _ bind: (inout StatementParameters) -> Void) throws -> Int64? {
        try withParameters(in: db, bind) { statement in
            switch sqlite3_step(statement) {
            case SQLITE_ROW:
                return sqlite3_column_type(statement, 0) == SQLITE_NULL ? nil : sqlite3_column_int64(statement, 0)
            case SQLITE_DONE: return nil
            case let code: throw failure(code, in: db)
            }
        }
    }

    private func withParameters<T>(in db: Database, _ bind: (inout StatementParameters) -> Void,
                                   _ body: (SQLiteStatement) throws -> T) throws -> T {
        let statement = sqliteStatement
        // A statement GRDB ran last may not be reset yet; a failed one must be, before it runs again.
        sqlite3_reset(statement)
        var parameters = StatementParameters(statement: statement)
        bind(&parameters)
        precondition(parameters.index - 1 == sqlite3_bind_parameter_count(statement),
                     "\(parameters.index - 1) parameters bound for \(sqlite3_bind_parameter_count(statement)) in \(sql)")
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        return try body(statement)
    }

    private func failure(_ code: CInt, in db: Database) -> DatabaseError {
        // The extended code (SQLITE_FULL, SQLITE_BUSY_SNAPSHOT…) as GRDB reports it.
        let extended = sqlite3_extended_errcode(db.sqliteConnection)
        let message = sqlite3_errmsg(db.sqliteConnection).map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: extended != 0 ? extended : code), message: message, sql: sql)
    }
}
