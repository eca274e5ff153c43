import Foundation
import GRDB
import NewswatchNormalize

/// Furniture learned from the archive: a short body line that recurs, word for word, in many different
/// articles of one source (share-bar text, `Folgen Sie …`, a newsletter prompt, a new footer) is page
/// furniture, whatever it says. No list written by hand keeps up with every site; this one learns.
///
/// A line counts once per item (feed and guid/URL), so the revisions of one article never teach that
/// its own lines are furniture. Lines are counted in the poll's own transaction, before the poll's
/// articles are hashed: when a site changes its footer on every page at once, the first poll that
/// shows it already has it on enough items to learn it, and its articles keep their ids.
struct LearnedFurniture {
    let db: Database
    /// Different articles a line must appear in.
    let threshold: Int

    /// Lines longer than this are the article's own text: furniture is short.
    static let maximumLineLength = 200

    /// The candidate lines of an article: its short paragraphs, canonically folded, once each.
    static func candidateLines(of text: FoldedText) -> Set<String> {
        var lines: Set<String> = []
        for case let line? in text.paragraphs where !line.isEmpty && line.count <= maximumLineLength {
            lines.insert(line)
        }
        return lines
    }

    /// Counts the lines of an article text not seen before, once per item.
    func count(_ text: FoldedText, source: String, item: String, at time: Int64) throws {
        let itemRef = Int64(bitPattern: Shingles.stableHash(item))
        let mark = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO learned_line_item (source, lineHash, item) VALUES (?, ?, ?)
            """)
        let count = try db.cachedStatement(sql: """
            INSERT INTO learned_line (source, line, articles, lastSeen) VALUES (?, ?, 1, ?)
            ON CONFLICT (source, line) DO UPDATE SET articles = articles + 1, lastSeen = excluded.lastSeen
            """)
        for line in Self.candidateLines(of: text) {
            try mark.execute(arguments: [source, Int64(bitPattern: Shingles.stableHash(line)), itemRef])
            if db.changesCount > 0 { try count.execute(arguments: [source, line, time]) }
        }
    }

    /// The article without the lines learned as furniture of `source`, and the folded lines taken out.
    func clean(_ article: Article, text: FoldedText, source: String) throws -> (article: Article, dropped: Set<String>) {
        let candidates = Self.candidateLines(of: text)
        guard !candidates.isEmpty else { return (article, []) }
        let statement = try db.cachedStatement(sql: "SELECT articles FROM learned_line WHERE source = ? AND line = ?")
        var furniture: Set<String> = []
        for line in candidates {
            if let count = try Int.fetchOne(statement, arguments: [source, line]), count >= threshold {
                furniture.insert(line)
            }
        }
        guard !furniture.isEmpty else { return (article, []) }
        var cleaned = article
        cleaned.body = zip(article.body, text.paragraphs).compactMap { block, folded in
            guard let folded, furniture.contains(folded) else { return block }
            return nil
        }
        return (cleaned, furniture)
    }
}

extension Archive {
    /// The lines learned as furniture of `source`, most frequent first.
    public func learnedFurniture(source: String) throws -> [String] {
        try read { db in
            try String.fetchAll(db, sql: """
                SELECT line FROM learned_line WHERE source = ? AND articles >= ? ORDER BY articles DESC, line
                """, arguments: [source, options.furnitureThreshold])
        }
    }
}
