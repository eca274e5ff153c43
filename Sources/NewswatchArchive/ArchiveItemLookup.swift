import GRDB

extension Archive {
    /// Which of these article links the archive has already seen, through any feed. The daemon asks
    /// before fetching full-text pages, so an item's page is fetched once, not on every poll.
    public func knownURLs(_ urls: [String]) throws -> Set<String> {
        let candidates = Array(Set(urls.filter { !$0.isEmpty }))
        guard !candidates.isEmpty else { return [] }
        return try read { db in
            var known: Set<String> = []
            // `url <> ''` lets SQLite use the partial index `sighting_url` (else it reads every sighting).
            // SQLite's default limit on host parameters is 999 (older builds); stay well under it.
            for start in stride(from: 0, to: candidates.count, by: 500) {
                let chunk = Array(candidates[start..<min(start + 500, candidates.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let rows = try String.fetchAll(db, sql: "SELECT DISTINCT url FROM sighting WHERE url IN (\(marks)) AND url <> ''",
                                               arguments: StatementArguments(chunk))
                known.formUnion(rows)
            }
            return known
        }
    }
}
