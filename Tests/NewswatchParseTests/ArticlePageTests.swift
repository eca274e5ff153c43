import Foundation
import NewswatchNormalize
import Testing
@testable import NewswatchParse

/// `Pages/` (built by scripts/make-article-pages.py) holds each seed rendered as three differently
/// built article pages with furniture around the article, two English pages with the article each
/// must give (`en-*.txt`), and three pages that are no article. Every seed page must give the seed's
/// article — the same id — and the other pages must say "no article found".
@Suite struct ArticlePageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let pages = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Pages")

    static func seed(_ number: String) throws -> Article {
        let directory = root.appendingPathComponent("seeds")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .first { $0.hasPrefix(number + "_") && $0.hasSuffix(".txt") })
        return try PlainTextArticleReader().read(String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
    }

    static func page(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: pages.appendingPathComponent(name)))
    }

    static let seedPages: [(String, String)] = ["000", "001", "002", "003", "004"].flatMap { number in
        ["newsde", "jsonld", "divs"].map { (number, $0) }
    }

    @Test(arguments: seedPages)
    func seedPageGivesTheSeedsArticle(number: String, layout: String) throws {
        let seed = try Self.seed(number)
        let name = "\(number)-\(layout).html"
        let article = try ArticlePageExtractor().extract(bytes: Self.page(name), baseURL: "https://www.news.de/politik/x/")
        #expect(article.id == seed.id, "\(name): \(article.id) ≠ seed \(seed.id)\npage: \(ContentHash.canonicalText(headline: article.headline, teaser: article.teaser, body: article.body))\nseed: \(ContentHash.canonicalText(headline: seed.headline, teaser: seed.teaser, body: seed.body))")
        #expect(article.title == seed.title, "\(name)")
        #expect(article.kicker == seed.kicker, "\(name)")
        #expect(article.highlights == seed.highlights, "\(name)")
        #expect(article.image?.credit == seed.image?.credit, "\(name)")
        if layout != "divs" || seed.image?.caption != nil {
            #expect(article.image?.caption == seed.image?.caption, "\(name)")
        }
        for link in seed.related {
            #expect(article.related.contains { $0.title == link.title }, "\(name): related \(link.title) missing")
        }
        let text = article.body.flatMap(\.lines).joined(separator: "\n")
        for furniture in ["Cookies", "Anzeige", "Facebook", "Kommentare", "Impressum", "Meistgelesen", "Bahn-Streik", "Klaus_1961"] {
            #expect(!text.contains(furniture), "\(name): \(furniture) in the body")
        }
    }

    @Test func structuredDataFillsTheFields() throws {
        let article = try ArticlePageExtractor().extract(bytes: Self.page("003-jsonld.html"), baseURL: "https://www.news.de/politik/x/")
        #expect(article.section == "Politik")
        #expect(article.authors.contains("Redaktion news.de"))
        #expect(article.topics.starts(with: ["Wladimir Putin", "Russland"]))
        #expect(article.language == "de-DE")
        #expect(article.published.map(RFC3339.string(from:)) == "2024-12-09T13:05:00Z")
        #expect(article.url?.hasPrefix("https://www.news.de/politik/856000003/") == true)
        #expect(article.url?.contains("utm_") == false)
        #expect(article.source == "news.de")
        #expect(article.agencies == ["dpa"])
        #expect(article.image?.url?.hasSuffix(".jpg") == true)
        // The aside of related links is kept apart, not as body text.
        #expect(article.related.contains { $0.title.hasPrefix("Bundestag beschließt Haushalt") })
    }

    @Test func openGraphFillsTheFields() throws {
        let article = try ArticlePageExtractor().extract(bytes: Self.page("001-newsde.html"))
        #expect(article.section == "Politik")
        #expect(article.language == "de")
        #expect(article.topics.contains("Ukraine-Krieg"))
        #expect(article.published != nil)
        #expect(article.authors.contains("loc"))
    }

    @Test(arguments: ["en-storm", "en-budget"])
    func englishPageGivesItsArticle(name: String) throws {
        let expected = try PlainTextArticleReader().read(String(contentsOf: Self.pages.appendingPathComponent(name + ".txt"), encoding: .utf8))
        let article = try ArticlePageExtractor().extract(bytes: Self.page(name + ".html"))
        #expect(article.id == expected.id, "\(name)\npage: \(ContentHash.canonicalText(headline: article.headline, teaser: article.teaser, body: article.body))\nwant: \(ContentHash.canonicalText(headline: expected.headline, teaser: expected.teaser, body: expected.body))")
        #expect(article.title == expected.title)
    }

    @Test func englishStructuredPage() throws {
        let article = try ArticlePageExtractor().extract(bytes: Self.page("en-storm.html"))
        #expect(article.language == "en-GB")
        #expect(article.authors.contains("Jane Porter"))
        #expect(article.image?.credit == "Alex Reed")
        #expect(article.body.contains(.heading("Rail services suspended")))
        #expect(article.body.contains { if case .quote = $0 { return true } else { return false } })
        #expect(article.related.map(\.title).contains("Rail chaos as storm closes lines"))
    }

    @Test(arguments: [
        ("not-article-section-front.html", "headlines"),
        ("not-article-video.html", "video page"),
        ("not-article-404.html", "does not exist"),
    ])
    func pageThatIsNoArticle(name: String, reason: String) throws {
        #expect {
            try ArticlePageExtractor().extract(bytes: Self.page(name))
        } throws: { error in
            guard let error = error as? ArticlePageError else { return false }
            return error.description.hasPrefix("no article found: ") && error.reason.contains(reason)
        }
    }

    @Test func documentParserRoutesPagesToTheExtractor() throws {
        let document = try DocumentParser().parse(Self.page("004-newsde.html"))
        #expect(document.feed.format == .html)
        #expect(document.articles.count == 1)
        #expect(document.articles.first?.id == (try Self.seed("004")).id)
        #expect(throws: DocumentError.self) { try DocumentParser().parse(Self.page("not-article-404.html")) }
        do {
            _ = try DocumentParser().parse(Self.page("not-article-video.html"))
        } catch let error as DocumentError {
            #expect(error.description.hasPrefix("no article found: a video page"))
        }
    }

    @Test func feedPollsCanRefusePages() throws {
        #expect(throws: DocumentError.notAFeed("is an HTML page, not a feed (RSS, RDF, Atom or JSON Feed)")) {
            try DocumentParser(readsArticlePages: false).parse(Self.page("000-newsde.html"))
        }
    }

    @Test func charsetFromTheMetaTag() throws {
        let page = "<!DOCTYPE html><html><head><meta charset=\"windows-1252\"><title>Gr\u{FC}\u{DF}e</title></head><body><h1>Gr\u{FC}\u{DF}e aus M\u{FC}nchen an alle Leser</h1>"
            + String(repeating: "<p>Die M\u{FC}nchner Stra\u{DF}enbahn f\u{E4}hrt wieder, nachdem die Bauarbeiten an der Strecke nach drei Wochen beendet wurden.</p>", count: 5)
            + "</body></html>"
        let bytes = [UInt8](page.data(using: .windowsCP1252)!)
        let article = try ArticlePageExtractor().extract(bytes: bytes)
        #expect(article.title == "Gr\u{FC}\u{DF}e aus M\u{FC}nchen an alle Leser")
        #expect(article.body.first == .paragraph("Die M\u{FC}nchner Stra\u{DF}enbahn f\u{E4}hrt wieder, nachdem die Bauarbeiten an der Strecke nach drei Wochen beendet wurden."))
    }

    @Test func hostileInputIsAnErrorNotACrash() {
        for page in ["<html>", "<!DOCTYPE html>", "<html><body>" + String(repeating: "<div>", count: 5_000) + "x", "<html>\u{0}</html>"] {
            #expect(throws: ArticlePageError.self) { try ArticlePageExtractor().extract(bytes: Array(page.utf8)) }
        }
    }

    @Test func htmlPagesAreToldFromFeeds() {
        #expect(ArticlePageExtractor.isHTMLPage(Array("<!DOCTYPE html><html>".utf8)))
        #expect(ArticlePageExtractor.isHTMLPage(Array("\u{FEFF}<!-- x -->\n<HTML lang=de>".utf8)))
        #expect(ArticlePageExtractor.isHTMLPage(Array("<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">".utf8)))
        #expect(!ArticlePageExtractor.isHTMLPage(Array("<?xml version=\"1.0\"?><rss version=\"2.0\">".utf8)))
        #expect(!ArticlePageExtractor.isHTMLPage(Array("<feed xmlns=\"http://www.w3.org/2005/Atom\">".utf8)))
    }
}
