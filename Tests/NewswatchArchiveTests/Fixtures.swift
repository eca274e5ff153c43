import Foundation
import GRDB
import NewswatchArchive
import NewswatchNormalize

/// The five seed articles, read the way newswatch reads them.
enum Seeds {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("seeds")

    static let fetched = Date(timeIntervalSince1970: 1_733_750_000)

    /// Seed `index` (0…4) with a URL and guid of its own.
    static func article(_ index: Int) throws -> Article {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".txt") }.sorted()
        let text = try String(contentsOf: directory.appendingPathComponent(files[index]), encoding: .utf8)
        var article = try PlainTextArticleReader().read(text, fetched: fetched)
        article.url = "https://www.news.de/politik/seed-\(index)/"
        article.guid = "news.de-\(index)"
        return article
    }

    static func all() throws -> [Article] { try (0..<5).map(article) }
}

/// A directory under the system temp directory, removed at deinit.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let template = (NSTemporaryDirectory() as NSString).appendingPathComponent("newswatch-archive-XXXXXX")
        var bytes = Array(template.utf8CString)
        guard mkdtemp(&bytes) != nil else { throw POSIXError(.EIO) }
        path = String(decoding: bytes.prefix(while: { $0 != 0 }).map(UInt8.init(bitPattern:)), as: UTF8.self)
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    func archive(_ options: ArchiveOptions = ArchiveOptions()) throws -> Archive {
        try Archive(path: file("archive.sqlite"), options: options)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

extension Article {
    /// The article with body paragraph `index` (counting paragraphs only) replaced.
    func replacingParagraph(_ index: Int, with text: String) -> Article {
        var copy = self
        var seen = 0
        copy.body = body.map { block in
            guard case .paragraph = block else { return block }
            defer { seen += 1 }
            return seen == index ? .paragraph(text) : block
        }
        return copy
    }
}

/// What the full-text index itself holds: one row per entry, its rowid and then its words, each as
/// column:position:term (FTS5's own word list, an fts5vocab table). Since schema v8 the index has
/// external content, and `SELECT … FROM article_search` reads every article's text through a view,
/// whether or not its entry was written.
enum SearchIndexContents {
    static func entries(_ db: Database) throws -> [[String]] {
        try db.execute(sql: """
            CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words USING fts5vocab(main, article_search, instance)
            """)
        var words: [Int64: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT doc, col, offset, term FROM temp.search_words ORDER BY doc, col, offset") {
            words[row[0], default: []].append("\(row[1] as String):\(row[2] as Int):\(row[3] as String)")
        }
        return try Int64.fetchAll(db, sql: "SELECT id FROM article_search_docsize ORDER BY id").map { seq in
            [String(seq)] + (words[seq] ?? [])
        }
    }
}
