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
        for case let line? in text.paragraphs where !line.isEmpty && isShort(line) {
            lines.insert(line)
        }
        return lines
    }

    /// `line.count <= maximumLineLength`, without breaking a whole paragraph into characters (that was
    /// ~10 µs of every new article's preparation): a line of no more bytes has no more characters; one
    /// of ASCII but for CR (CR LF is one character) has as many characters as bytes; one whose scalars
    /// never join another into a character (`standsAlone`: German text, typographic quotes and
    /// dashes) has as many characters as scalars, counted up to the limit; any other is walked as
    /// characters, as far as the limit.
    static func isShort(_ line: String) -> Bool {
        let utf8 = line.utf8
        if utf8.count <= maximumLineLength { return true }
        if utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) { return false }
        var scalars = 0
        for scalar in line.unicodeScalars {
            guard standsAlone(scalar) else { return line.dropFirst(maximumLineLength).isEmpty }
            scalars += 1
            if scalars > maximumLineLength { return false }
        }
        return true
    }

    /// A scalar that is a character of its own whatever stands around it (grapheme cluster break
    /// property Other, or a control other than CR): below U+0300, where the combining marks begin, but
    /// CR; general punctuation from ‐ to ‧ and from ‰ to ⁞ (not the joiners, separators and invisible
    /// operators around them); currency signs.
    static func standsAlone(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0D: return false
        case 0..<0x300, 0x2010...0x2027, 0x2030...0x205E, 0x20A0...0x20CF: return true
        default: return false
        }
    }

    /// A candidate line and the stable hash it is counted under.
    struct Candidate: Sendable {
        let line: String
        let hash: Int64

        init(_ line: String) {
            self.line = line
            hash = Int64(bitPattern: Shingles.stableHash(line))
        }
    }

    /// The stable hash of the item a line is counted for: the feed's item key, or the text's id when
    /// the item has no key.
    static func itemReference(feed: String, itemKey: String, id: ContentHash) -> Int64 {
        Int64(bitPattern: Shingles.stableHash(itemKey.isEmpty ? "text:" + id.hex : feed + "\u{0}" + itemKey))
    }

    /// Counts the candidate lines of an article text not seen before, once per item.
    func count(_ candidates: [Candidate], source: String, item: Int64, at time: Int64) throws {
        let mark = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO learned_line_item (source, lineHash, item) VALUES (?, ?, ?)
            """)
        let count = try db.cachedStatement(sql: """
            INSERT INTO learned_line (source, line, articles, lastSeen) VALUES (?, ?, 1, ?)
            ON CONFLICT (source, line) DO UPDATE SET articles = articles + 1, lastSeen = excluded.lastSeen
            """)
        for candidate in candidates {
            let marked = try mark.run(in: db) {
                $0.bind(source)
                $0.bind(candidate.hash)
                $0.bind(item)
            }
            guard marked > 0 else { continue }
            try count.run(in: db) {
                $0.bind(source)
                $0.bind(candidate.line)
                $0.bind(time)
            }
        }
    }

    /// The candidate lines learned as furniture of `source`.
    func learned(among candidates: Set<String>, source: String) throws -> Set<String> {
        guard !candidates.isEmpty else { return [] }
        let statement = try db.cachedStatement(sql: "SELECT articles FROM learned_line WHERE source = ? AND line = ?")
        var furniture: Set<String> = []
        for line in candidates {
            let count = try statement.firstInteger(in: db) {
                $0.bind(source)
                $0.bind(line)
            }
            if let count, count >= threshold { furniture.insert(line) }
        }
        return furniture
    }

    /// The article without the paragraphs whose folded text (`text`, the article folded) is in `furniture`.
    static func cleaned(_ article: Article, text: FoldedText, dropping furniture: Set<String>) -> Article {
        guard !furniture.isEmpty else { return article }
        var cleaned = article
        cleaned.body = zip(article.body, text.paragraphs).compactMap { block, folded in
            guard let folded, furniture.contains(folded) else { return block }
            return nil
        }
        return cleaned
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
