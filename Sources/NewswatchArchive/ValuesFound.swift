import GRDB

extension Database {
    /// Those of `values` a query of the form `… IN (marks)` returns, asked 500 at a time: SQLite's
    /// default limit on host parameters is 999 in older builds, so stay well under it. `sql` is given
    /// the `?` marks of one chunk; `leading` are the arguments before the chunk's.
    ///
    /// Each statement is prepared for its call, not cached: the number of marks differs from poll to
    /// poll, and a cached statement per count would keep hundreds of statements in a long-running daemon.
    func valuesFound(among values: [String], leading: [String] = [], sql: (String) -> String) throws -> Set<String> {
        var found: Set<String> = []
        for start in stride(from: 0, to: values.count, by: 500) {
            let chunk = Array(values[start..<min(start + 500, values.count)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            found.formUnion(try String.fetchAll(self, sql: sql(marks), arguments: StatementArguments(leading + chunk)))
        }
        return found
    }
}
