import Foundation
import NewswatchNormalize
import Testing
@testable import NewswatchParse

/// Page shapes met in the wild that the seed pages do not have.
@Suite struct ArticlePageShapeTests {
    static let paragraphs = [
        "Die Stadtwerke haben am Montag angekündigt, die Preise für Fernwärme zum ersten Januar um neun Prozent zu erhöhen, weil die Kosten für Erdgas gestiegen sind.",
        "Betroffen sind rund 40.000 Haushalte im Stadtgebiet. Eine Familie in einer Wohnung mit 80 Quadratmetern zahlt damit im Jahr etwa 120 Euro mehr, rechnet der Versorger vor.",
        "Der Mieterverein kritisierte die Erhöhung scharf. Viele Haushalte könnten die Nebenkosten schon jetzt kaum bezahlen, sagte die Vorsitzende, und forderte einen Härtefallfonds.",
        "Der Stadtrat will sich in seiner nächsten Sitzung mit dem Thema befassen. Ein Antrag auf einen Sozialtarif liegt bereits vor, über ihn wird im Februar abgestimmt.",
    ]

    static func html(_ body: String, head: String = "") -> [UInt8] {
        Array("<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>Fernwärme wird teurer | Stadtanzeiger</title>\(head)</head><body>\(body)</body></html>".utf8)
    }

    @Test func textSplitByAnUnnamedBlockIsReadWhole() throws {
        let p = Self.paragraphs.map { "<p>\($0)</p>" }
        let page = Self.html("""
            <div class="a1"><a href="/">Start</a> <a href="/a">Lokales</a> <a href="/b">Sport</a> <a href="/c">Kultur</a></div>
            <div class="x"><h1>Fernwärme wird teurer</h1><time datetime="2024-11-04T08:00:00+01:00">4.11.2024</time>
            <div class="y">\(p[0])\(p[1])</div><div class="z"><img src="/karte.png" alt="Karte"></div><div class="y">\(p[2])\(p[3])</div></div>
            <div class="q"><a href="/1">Andere Meldung eins</a><br><a href="/2">Andere Meldung zwei</a><br><a href="/3">Andere Meldung drei</a><br><a href="/4">Andere Meldung vier</a></div>
            """)
        let article = try ArticlePageExtractor().extract(bytes: page, baseURL: "https://stadtanzeiger.example/lokales/fernwaerme")
        #expect(article.title == "Fernwärme wird teurer")
        #expect([article.teaser].compactMap { $0 } + article.body.flatMap(\.lines) == Self.paragraphs)
        #expect(article.published.map(RFC3339.string(from:)) == "2024-11-04T07:00:00Z")
        #expect(article.url == "https://stadtanzeiger.example/lokales/fernwaerme")
        #expect(article.source == "stadtanzeiger.example")
    }

    @Test func statedArticleBodyStandsInForTextRenderedByScripts() throws {
        let data: [String: Any] = [
            "@context": "https://schema.org", "@type": "NewsArticle", "headline": "Fernwärme wird teurer",
            "articleBody": Self.paragraphs.joined(separator: "\n"), "author": ["@type": "Person", "name": "Eva Roth"],
        ]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: data), as: UTF8.self)
        let page = Self.html("<div id=\"app\"><h1>Fernwärme wird teurer</h1><div class=\"loading\">Wird geladen …</div></div>",
                             head: "<script type=\"application/ld+json\">\(json)</script>")
        let article = try ArticlePageExtractor().extract(bytes: page)
        #expect(article.body == Self.paragraphs.map(ArticleBlock.paragraph))
        #expect(article.authors == ["Eva Roth"])
    }

    @Test func articleBodyMarkedWithItempropWinsOverALongerComment() throws {
        let comment = String(repeating: "Das sehe ich ganz anders, und zwar aus folgenden Gründen, die ich hier ausführlich darlege. ", count: 3)
        let page = Self.html("""
            <h1>Fernwärme wird teurer</h1>
            <div itemprop="articleBody">\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())</div>
            <div class="k7"><div class="k8"><p>\(comment)</p><p>\(comment)</p></div></div>
            """)
        let article = try ArticlePageExtractor().extract(bytes: page)
        #expect(article.body.flatMap(\.lines).allSatisfy { !$0.contains("Das sehe ich") })
    }

    @Test func pageWrappedInAFormWithALogoHeading() throws {
        let page = Self.html("""
            <form id="aspnetForm" action="/x"><h1 class="logo"><a href="/">Stadtanzeiger</a></h1>
            <div id="content" class="layout-with-sidebar"><h2 class="headline">Fernwärme wird teurer</h2>
            \(Self.paragraphs.map { "<p>\($0)</p>" }.joined())</div>
            <div class="sidebar"><a href="/1">Andere Meldung eins</a> <a href="/2">Andere Meldung zwei</a></div></form>
            """)
        let article = try ArticlePageExtractor().extract(bytes: page)
        #expect(article.title == "Fernwärme wird teurer")
        #expect([article.teaser].compactMap { $0 } + article.body.flatMap(\.lines) == Self.paragraphs)
    }

    @Test func aFewLinkedSubheadingsDoNotMakeAnOverview() throws {
        var body = ""
        for (index, paragraph) in Self.paragraphs.enumerated() {
            body += "<h3><a href=\"/thema/\(index)\">Abschnitt \(index + 1) zum Thema</a></h3><p>\(paragraph)</p><p>\(paragraph)</p>"
        }
        let page = Self.html("<article><h1>Fernwärme wird teurer</h1>\(body)</article>")
        let article = try ArticlePageExtractor().extract(bytes: page)
        #expect(article.body.count == 12)
    }

    @Test func teaserOfAnotherArticleAndAnOrphanedLabelStayOut() throws {
        let p = Self.paragraphs.map { "<p>\($0)</p>" }
        let page = Self.html("""
            <article><h1>Fernwärme wird teurer</h1>\(p[0])\(p[1])
            <p><strong>Lesen Sie auch:</strong></p>
            <div class="inline-teaser"><a href="/andere"><img src="/b.jpg"><h3>Wasserpreise steigen ebenfalls deutlich</h3><p>Auch beim Wasser wird es im kommenden Jahr teurer für alle Haushalte.</p></a></div>
            \(p[2])<blockquote class="twitter-tweet"><p>Ein eingebetteter Tweet über etwas ganz anderes, mit Link</p></blockquote>\(p[3])</article>
            """)
        let article = try ArticlePageExtractor().extract(bytes: page)
        #expect(article.body.flatMap(\.lines) == Self.paragraphs)
    }

    @Test func languageIsGuessedWhenThePageNamesNone() throws {
        let german = Array("<html><body><h1>Fernwärme wird teurer</h1>\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())</body></html>".utf8)
        #expect(try ArticlePageExtractor().extract(bytes: german).language == "de")
        let english = try ArticlePageExtractor().extract(bytes: [UInt8](Data(contentsOf: ArticlePageTests.pages.appendingPathComponent("en-budget.html"))))
        #expect(english.language == "en")
        #expect(LanguageGuess.guess("Kurz.") == nil)
    }

    @Test func paragraphsSeparatedByLineBreaks() throws {
        let text = (Self.paragraphs + Self.paragraphs.reversed()).joined(separator: "<br><br>\n")
        let page = Self.html("<table><tr><td class=\"nav\"><a href=\"/\">Start</a></td><td><font size=\"4\"><b>Fernwärme wird teurer</b></font><br><br>\(text)</td></tr></table>")
        let article = try ArticlePageExtractor().extract(bytes: page)
        #expect(article.title == "Fernwärme wird teurer")
        #expect(article.body.flatMap(\.lines) == Self.paragraphs + Self.paragraphs.reversed())
    }
}
