import Foundation
import GRDB
import NewswatchNormalize

/// One article found by `Archive.search`, best match first.
public struct SearchHit: Sendable, Equatable, Encodable {
    public var id: ContentHash
    public var title: String
    public var source: String?
    public var url: String?
    public var published: Date?
    public var firstSeen: Date
    public var story: StoryID
    /// A few words around the match, the matched words in «».
    public var snippet: String
    /// bm25 score (SQLite's sign: lower is better).
    public var rank: Double

    enum CodingKeys: String, CodingKey { case id, title, source, url, published, firstSeen, story, snippet, rank }

    /// Dates as RFC 3339, like the Article JSON.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encodeIfPresent(source, forKey: .source)
        try c.encodeIfPresent(url, forKey: .url)
        try c.encodeIfPresent(published.map(RFC3339.string(from:)), forKey: .published)
        try c.encode(RFC3339.string(from: firstSeen), forKey: .firstSeen)
        try c.encode(story, forKey: .story)
        if !snippet.isEmpty { try c.encode(snippet, forKey: .snippet) }
        try c.encode(rank, forKey: .rank)
    }
}

extension Archive {
    /// Full-text search over title, teaser and body (highlights included), diacritics folded, every
    /// word of `query` required (a word ending in `*` matches as a prefix), ranked by bm25 with the
    /// title weighing most. Filters: `since` (published, else first seen), `source` (the article's
    /// source or a feed it was seen in, case-insensitive), `topic`. An empty query lists the newest.
    /// Articles archived but not yet in the index are indexed first (a write), so they are found; if
    /// that write fails, the search answers from the index as it is (the last batch may be missing).
    public func search(
        query: String, since: Date? = nil, source: String? = nil, topic: String? = nil, limit: Int = 20
    ) throws -> [SearchHit] {
        // Articles archived since the index's last batch are indexed first (`SearchIndexer`). When that
        // write cannot be made (a full disk, another writer holding the lock past the busy timeout),
        // the search answers from the index as it is rather than not at all.
        try? catchUpSearchIndex()
        let match = SearchQuery.matchExpression(query)
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let match {
            conditions.append("article_search MATCH ?")
            arguments.append(match)
        }
        if let since {
            conditions.append("coalesce(a.published, a.firstSeen) >= ?")
            arguments.append(StoredTime.seconds(since))
        }
        if let source, !source.isEmpty {
            conditions.append("(a.source = ? COLLATE NOCASE OR EXISTS (SELECT 1 FROM sighting s WHERE s.article = a.seq AND s.feed = ? COLLATE NOCASE))")
            arguments.append(source)
            arguments.append(source)
        }
        if let topic, !topic.isEmpty {
            conditions.append("EXISTS (SELECT 1 FROM article_topic t WHERE t.article = a.seq AND t.topic = ?)")
            arguments.append(topic)
        }
        let sql: String
        if match != nil {
            // Ranked without snippets first: SQLite would make a snippet (reading the text back and
            // tokenizing it again) for every match before sorting, not only for the `limit` shown; a
            // common word matches a large share of a million articles.
            sql = """
                SELECT a.id, a.title, a.source, a.url, a.published, a.firstSeen, a.story, a.seq,
                       bm25(article_search, 10.0, 4.0, 1.0) AS rank
                FROM article_search JOIN article a ON a.seq = article_search.rowid
                WHERE \(conditions.joined(separator: " AND "))
                ORDER BY rank LIMIT ?
                """
        } else {
            sql = """
                SELECT a.id, a.title, a.source, a.url, a.published, a.firstSeen, a.story, a.seq, 0.0 AS rank
                FROM article a \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
                ORDER BY coalesce(a.published, a.firstSeen) DESC LIMIT ?
                """
        }
        arguments.append(max(limit, 0))
        return try read { db in
            let snippets = try db.cachedStatement(sql: """
                SELECT snippet(article_search, -1, '«', '»', '…', 16) FROM article_search
                WHERE article_search MATCH ? AND rowid = ?
                """)
            let rows: [Row]
            if let match, conditions.count == 1 {
                // Words alone: ranked in the index alone, then the `limit` winners' article rows read.
                // Joined first, SQLite read every match's article row (a random page of the largest
                // table) before sorting: half the time of a two-word query at 200,000 articles. Same
                // hits in the same order (each entry has its article; the sort sees the same rows).
                let ranked = try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT rowid, bm25(article_search, 10.0, 4.0, 1.0) AS rank FROM article_search
                    WHERE article_search MATCH ? ORDER BY rank LIMIT ?
                    """), arguments: [match, max(limit, 0)])
                let article = try db.cachedStatement(sql: """
                    SELECT id, title, source, url, published, firstSeen, story, seq, ? AS rank FROM article WHERE seq = ?
                    """)
                rows = try ranked.compactMap { hit in
                    try Row.fetchOne(article, arguments: [hit["rank"] as Double, hit["rowid"] as Int64])
                }
            } else {
                rows = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
            }
            return try rows.compactMap { row in
                guard let id = ContentHash(hex: row["id"]) else { return nil }
                let text = try match.flatMap { match in
                    try String.fetchOne(snippets, arguments: [match, row["seq"] as Int64])
                }
                return SearchHit(
                    id: id, title: row["title"], source: row["source"], url: row["url"],
                    published: (row["published"] as Int64?).map(StoredTime.date),
                    firstSeen: StoredTime.date(row["firstSeen"]), story: row["story"],
                    snippet: text ?? "", rank: row["rank"])
            }
        }
    }
}

/// A user's words as an FTS5 expression. FTS5's own syntax (quotes, `-`, `AND`, column filters) would
/// turn ordinary input such as `Kreml-Chef` or `"Putin` into a syntax error, so each word is quoted as
/// a literal; a trailing `*` stays a prefix search.
enum SearchQuery {
    static func matchExpression(_ query: String) -> String? {
        let words = query.split(whereSeparator: { $0.isWhitespace }).compactMap { raw -> String? in
            let prefix = raw.hasSuffix("*")
            let word = String(raw.drop(while: { $0 == "*" })).trimmingCharacters(in: CharacterSet(charactersIn: "*"))
            guard word.contains(where: { $0.isLetter || $0.isNumber }) else { return nil }
            let quoted = "\"" + word.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            return prefix ? quoted + " *" : quoted
        }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }
}
