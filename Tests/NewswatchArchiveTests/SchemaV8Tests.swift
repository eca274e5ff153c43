import Foundation
import GRDB
@testable import NewswatchArchive
import NewswatchNormalize
import Testing

/// Schema v8's search index keeps no copy of the text: it reads it from the article's JSON through the
/// `article_search_text` view (FTS5 external content). FTS5 trusts what it is told there, so these
/// check that the view gives exactly the text each entry was made from, that deletions and pruning
/// take out every word they put in, and that a v7 archive keeps what it could find.
@Suite struct SchemaV8Tests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)

    /// Seeds with every kind of line an entry is made of: highlights, a list, a quote, a heading, no
    /// teaser, and characters the JSON escapes.
    func varied() throws -> [Article] {
        var seeds = try Seeds.all()
        seeds[0].highlights = ["Das Wichtigste: Verhandlungen in Genf", "Zweiter Punkt \"zitiert\" mit \\ und Tab\t"]
        seeds[1].body.insert(.list(["erster Listenpunkt zyxliste", "zweiter Listenpunkt", ""]), at: 1)
        seeds[1].body.append(.quote("„Wir bleiben“, sagte sie."))
        seeds[2].teaser = nil
        seeds[2].body.insert(.heading("Zwischenüberschrift mit Emoji 🇺🇦 und\u{2028}Trenner"), at: 0)
        seeds[3].body.append(.list([]))
        return seeds
    }

    /// The entries as written, and as FTS5 makes them again from the view (`rebuild`): equal when the
    /// view gives each article the text its entry was made from.
    func expectEntriesMatchTheView(_ archive: Archive, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let written = try archive.pool.write { try SearchIndexContents.entries($0) }
        let rebuilt = try archive.pool.write { db -> [[String]] in
            try db.execute(sql: "INSERT INTO article_search (article_search) VALUES ('rebuild')")
            return try SearchIndexContents.entries(db)
        }
        #expect(!written.isEmpty, sourceLocation: sourceLocation)
        #expect(written == rebuilt, sourceLocation: sourceLocation)
        try archive.pool.write { db in
            try db.execute(sql: "INSERT INTO article_search (article_search) VALUES ('integrity-check')")
        }
    }

    func words(_ archive: Archive, _ term: String) throws -> Int {
        try archive.pool.write { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_rows USING fts5vocab(main, article_search, row)")
            return try Int.fetchOne(db, sql: "SELECT coalesce(sum(cnt), 0) FROM temp.search_rows WHERE term = ?",
                                    arguments: [term]) ?? 0
        }
    }

    @Test func theViewGivesEachArticleTheTextItsEntryWasMadeFrom() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let articles = try varied()
        _ = try archive.record(feed: "news.de", articles: articles, at: now)
        try archive.indexForSearch()
        let rows = try archive.read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.id, a.json, v.title, v.teaser, v.body FROM article a JOIN article_search_text v ON v.seq = a.seq
                """)
        }
        #expect(rows.count == articles.count)
        for row in rows {
            let stored = try JSONDecoder().decode(Article.self, from: Data((row["json"] as String).utf8))
            let entry = SearchBacklog.Entry(id: row["id"], article: stored)
            let viewed: [String] = [row["title"], row["teaser"], row["body"]]
            #expect(viewed == [entry.title, entry.teaser, entry.body])
        }
        try expectEntriesMatchTheView(archive)
    }

    @Test func aSnippetMarksTheMatchInAListItem() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let articles = try varied()
        _ = try archive.record(feed: "news.de", articles: articles, at: now)
        let hits = try archive.search(query: "zyxliste")
        #expect(hits.map(\.id) == [articles[1].id])
        #expect(hits.first?.snippet.contains("erster Listenpunkt «zyxliste»") == true, "\(hits.first?.snippet ?? "none")")
    }

    @Test func deletingAndPruningTakeOutEveryWordTheyPutIn() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        var articles = try varied()
        articles[1].body.append(.paragraph("Ein Wort nur hier: zyxgeloescht."))
        articles[3].title = "Zyxtitel bleibt"
        articles[3].body.append(.paragraph("Ein Wort nur hier: zyxgekuerzt."))
        // articles[3] is older than the others: pruning takes its text.
        _ = try archive.record(feed: "news.de", articles: [articles[3]], at: now.addingTimeInterval(-86_400))
        _ = try archive.record(feed: "news.de", articles: [articles[0], articles[1], articles[2], articles[4]], at: now)
        try archive.indexForSearch()
        #expect(try words(archive, "zyxgeloescht") == 1)
        #expect(try words(archive, "zyxgekuerzt") == 1)

        #expect(try archive.delete(articles[1].id, at: now))
        #expect(try archive.prune(firstSeenBefore: now.addingTimeInterval(-3_600)) == 1)
        #expect(try words(archive, "zyxgeloescht") == 0)
        #expect(try words(archive, "zyxliste") == 0)
        #expect(try words(archive, "zyxgekuerzt") == 0)
        #expect(try archive.search(query: "zyxtitel").map(\.id) == [articles[3].id])
        try expectEntriesMatchTheView(archive)
        #expect(try archive.integrityCheck() == "ok")
    }

    /// Deleted or pruned before its entry was written: nothing to take out, and the entry written later
    /// is the pruned one (the title).
    @Test func deletingAndPruningBeforeIndexingLeaveTheIndexSound() throws {
        let dir = try TemporaryDirectory()
        var options = ArchiveOptions()
        options.searchIndexBatch = 1_000
        let archive = try dir.archive(options)
        var articles = try varied()
        articles[3].body.append(.paragraph("Ein Wort nur hier: zyxgekuerzt."))
        _ = try archive.record(feed: "news.de", articles: [articles[3]], at: now.addingTimeInterval(-86_400))
        _ = try archive.record(feed: "news.de", articles: [articles[0], articles[1]], at: now)
        #expect(try archive.pool.write { try SearchIndexContents.entries($0) }.isEmpty)
        #expect(try archive.delete(articles[1].id, at: now))
        #expect(try archive.prune(firstSeenBefore: now.addingTimeInterval(-3_600)) == 1)
        try archive.indexForSearch()
        #expect(try archive.pool.write { try SearchIndexContents.entries($0) }.count == 2)
        #expect(try words(archive, "zyxgekuerzt") == 0)
        #expect(try archive.search(query: articles[3].title).map(\.id) == [articles[3].id])
        try expectEntriesMatchTheView(archive)
    }

    /// What a v7 build wrote: the article and its entry, the text copied into the index.
    func insertAsV7(_ article: Article, seq: Int64, in db: Database) throws {
        let firstSeen = StoredTime.seconds(now)
        try db.execute(sql: "INSERT INTO story (id, created, updated, articleCount) VALUES (?, ?, ?, 1)",
                       arguments: [seq, firstSeen, firstSeen])
        try db.execute(sql: """
            INSERT INTO article (seq, id, story, entry, title, firstSeen, simhash, json) VALUES (?, ?, ?, 'new', ?, ?, 0, ?)
            """, arguments: [seq, article.id.hex, seq, article.title, firstSeen, ArticleJSONWriter.compact(article)])
        let entry = SearchBacklog.Entry(id: article.id.hex, article: article)
        try db.execute(sql: "INSERT INTO article_search (rowid, title, teaser, body) VALUES (?, ?, ?, ?)",
                       arguments: [seq, entry.title, entry.teaser, entry.body])
    }

    @Test func aV7ArchiveKeepsItsEntriesWithoutTheCopy() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("v7.sqlite")
        let articles = try varied()
        do {
            let pool = try DatabasePool(path: path)
            try ArchiveSchema.migrator.migrate(pool, upTo: "v7: near-duplicate keys indexed by the recorder")
            try pool.write { db in
                for (index, article) in articles.enumerated() { try insertAsV7(article, seq: Int64(index + 1), in: db) }
            }
            try pool.close()
        }
        let archive = try Archive(path: path)
        let tables = try archive.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name LIKE 'article_search%' ORDER BY name")
        }
        #expect(tables == ["article_search", "article_search_config", "article_search_data", "article_search_docsize",
                           "article_search_idx", "article_search_text"])
        #expect(try archive.pool.write { try SearchIndexContents.entries($0) }.count == articles.count)
        #expect(try archive.search(query: "fluchtlinge").map(\.id) == [articles[2].id])
        let hits = try archive.search(query: "zyxliste")
        #expect(hits.map(\.id) == [articles[1].id])
        #expect(hits.first?.snippet.contains("«zyxliste»") == true)
        try expectEntriesMatchTheView(archive)
        #expect(try archive.integrityCheck() == "ok")
    }
}
