import Foundation
import GRDB
@testable import NewswatchArchive
import Testing

/// The recording's hot statements bind through SQLite's C API: the rows must be what GRDB's own
/// binding writes, and failures must come back as GRDB's errors with the statement usable again.
@Suite struct StatementParametersTests {
    func queue() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (k INTEGER PRIMARY KEY, i INTEGER, s TEXT, n TEXT)")
        }
        return queue
    }

    @Test func boundValuesAreStoredAsGRDBStoresThem() throws {
        let texts = ["", "Flüchtlinge", "emoji 🗞️ und \u{0} Nullbyte", String(repeating: "Wort ", count: 5_000), "ß".uppercased()]
        let direct = try queue(), viaGRDB = try queue()
        for (index, text) in texts.enumerated() {
            let number: Int64? = index % 2 == 0 ? Int64(index) * -1_000_000_007 : nil
            try direct.write { db in
                let changed = try db.cachedStatement(sql: "INSERT INTO t (k, i, s, n) VALUES (?, ?, ?, ?)").run(in: db) {
                    $0.bind(index)
                    $0.bind(number)
                    $0.bind(text)
                    $0.bind(index % 3 == 0 ? nil : text as String?)
                }
                #expect(changed == 1)
            }
            try viaGRDB.write { db in
                try db.execute(sql: "INSERT INTO t (k, i, s, n) VALUES (?, ?, ?, ?)",
                               arguments: [index, number, text, index % 3 == 0 ? nil : text])
            }
        }
        let sql = "SELECT k, i, typeof(i), s, typeof(s), length(CAST(s AS BLOB)), n, typeof(n) FROM t ORDER BY k"
        let rows = try direct.read { try Row.fetchAll($0, sql: sql) }
        #expect(rows.count == texts.count)
        #expect(rows == (try viaGRDB.read { try Row.fetchAll($0, sql: sql) }))
    }

    /// The stored JSON is bound as bytes: the column holds the text of those bytes, as text.
    @Test func utf8BytesAreStoredAsTheirText() throws {
        let texts = ["", "Flüchtlinge", "emoji 🗞️ und \"Anführung\"", String(repeating: "Wort ", count: 5_000)]
        let queue = try queue()
        try queue.write { db in
            for (index, text) in texts.enumerated() {
                try db.cachedStatement(sql: "INSERT INTO t (k, s) VALUES (?, ?)").run(in: db) {
                    $0.bind(index)
                    $0.bind(utf8Text: Array(text.utf8))
                }
            }
        }
        let rows = try queue.read { try Row.fetchAll($0, sql: "SELECT s, typeof(s) FROM t ORDER BY k") }
        #expect(rows.map { $0[0] as String } == texts)
        #expect(rows.allSatisfy { ($0[1] as String) == "text" })
    }

    @Test func aFailureIsGRDBsErrorAndTheStatementRunsAgain() throws {
        let queue = try queue()
        try queue.write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO t (k, s) VALUES (?, ?)")
            try insert.run(in: db) { $0.bind(1); $0.bind("eins") }
            #expect {
                try insert.run(in: db) { $0.bind(1); $0.bind("doppelt") }
            } throws: { error in
                (error as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT
                    && (error as? DatabaseError)?.sql?.contains("INSERT INTO t") == true
            }
            try insert.run(in: db) { $0.bind(2); $0.bind("zwei") }
            let ignored = try db.cachedStatement(sql: "INSERT OR IGNORE INTO t (k, s) VALUES (?, ?)").run(in: db) {
                $0.bind(2)
                $0.bind("wieder")
            }
            #expect(ignored == 0)

            let lookup = try db.cachedStatement(sql: "SELECT i FROM t WHERE s = ?")
            #expect(try lookup.firstInteger(in: db) { $0.bind("eins") } == nil) // NULL
            #expect(try lookup.firstInteger(in: db) { $0.bind("keins") } == nil) // no row
            try db.execute(sql: "UPDATE t SET i = 42 WHERE k = 2")
            #expect(try lookup.firstInteger(in: db) { $0.bind("zwei") } == 42)
            // GRDB runs the same cached statement afterwards as usual.
            #expect(try Int.fetchOne(lookup, arguments: ["zwei"]) == 42)
        }
        #expect(try queue.read { try String.fetchAll($0, sql: "SELECT s FROM t ORDER BY k") } == ["eins", "zwei"])
    }
}
