import GRDB

extension Database {
    /// Those of `values` a query of the form `… IN (marks)` returns, asked 500 at a time: SQLite's
    /// default limit on host parameters is 999 in older builds, so stay well under it. `sql` is given
    /// the `?` marks of one chunk; `leading` are the arguments before the chunk's.
    ///
    /// A chunk is padded to a power of two marks with its last value repeated (an `IN` list ignores
    /// repeats), so each shape of query has at most ten statements, prepared once per connection and
    /// cached: a first poll of 1,000 feeds prepared five of them per feed, ~60 µs each.
    func valuesFound(among values: [String], leading: [String] = [], sql: (String) -> String) throws -> Set<String> {
        var found: Set<String> = []
        for start in stride(from: 0, to: values.count, by: 500) {
            let chunk = Array(values[start..<min(start + 500, values.count)])
            let marks = Self.paddedCount(chunk.count)
            let statement = try cachedStatement(sql: sql(Array(repeating: "?", count: marks).joined(separator: ",")))
            let padding = Array(repeating: chunk[chunk.count - 1], count: marks - chunk.count)
            found.formUnion(try String.fetchAll(statement, arguments: StatementArguments(leading + chunk + padding)))
        }
        return found
    }

    /// The smallest power of two not below `count` (1 for 1).
    static func paddedCount(_ count: Int) -> Int {
        count <= 1 ? 1 : 1 << (Int.bitWidth - (count - 1).leadingZeroBitCount)
    }
}
