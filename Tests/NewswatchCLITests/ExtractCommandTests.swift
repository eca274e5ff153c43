import Foundation
import NewswatchNormalize
import NewswatchTestSupport
import Testing

/// `newswatch extract URL` and `newswatch parse PAGE.html`, run as the real binary; pages served by a
/// loopback HTTP server the test starts.
@Suite struct ExtractCommandTests {
    static let pages = NewswatchBinary.repository.appendingPathComponent("Tests/NewswatchParseTests/Pages")

    static func page(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: pages.appendingPathComponent(name)))
    }

    static func seedID(_ prefix: String) throws -> String {
        let directory = NewswatchBinary.repository.appendingPathComponent("seeds")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: directory.path).first { $0.hasPrefix(prefix) && $0.hasSuffix(".txt") })
        return try PlainTextArticleReader().read(String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)).id.hex
    }

    @Test func extractsTheArticleOfAServedPage() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/politik/putin/", ScriptedResponse(headers: [("Content-Type", "text/html; charset=utf-8")], body: try Self.page("003-jsonld.html")))

        let json = try NewswatchBinary.run(["extract", "--json", "--allow-private", server.url("/politik/putin/")])
        #expect(json.status == 0, "\(json.stderr)")
        let article = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(article["id"] as? String == (try Self.seedID("003")))
        #expect(article["kicker"] as? String == "Wladimir Putin")
        #expect((article["highlights"] as? [String])?.count == 3)

        let text = try NewswatchBinary.run(["extract", "--allow-private", server.url("/politik/putin/")])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("Politik\n\nWladimir Putin: Kremlchef gewährt Assad Asyl") || text.stdout.contains("Wladimir Putin: Kremlchef gewährt Assad Asyl"))
        #expect(text.stdout.contains("  • Rebellen stürzen syrischen Machthaber Baschar al-Assad"))
        for furniture in ["Cookies", "Kommentare", "Newsletter", "Impressum"] {
            #expect(!text.stdout.contains(furniture), "furniture in output: \(furniture)")
        }
    }

    @Test func aPageThatIsNoArticleIsOneLineAndExitOne() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/politik/", ScriptedResponse(headers: [("Content-Type", "text/html")], body: try Self.page("not-article-section-front.html")))
        let outcome = try NewswatchBinary.run(["extract", "--allow-private", server.url("/politik/")])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.hasPrefix("newswatch: \(server.url("/politik/")): no article found: "), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)

        let refused = try NewswatchBinary.run(["extract", server.url("/politik/")])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("refused_address"))
    }

    @Test func parseReadsAPageFile() throws {
        let outcome = try NewswatchBinary.run(["parse", "--json", "Tests/NewswatchParseTests/Pages/000-divs.html"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect((document["feed"] as? [String: Any])?["format"] as? String == "html")
        let articles = try #require(document["articles"] as? [[String: Any]])
        #expect(articles.first?["id"] as? String == (try Self.seedID("000")))

        for name in ["not-article-video.html", "not-article-404.html"] {
            let refused = try NewswatchBinary.run(["parse", "--json", "Tests/NewswatchParseTests/Pages/" + name])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("\(name): no article found: "), "\(refused.stderr)")
            #expect(refused.stderr.split(separator: "\n").count == 1)
        }
    }
}
