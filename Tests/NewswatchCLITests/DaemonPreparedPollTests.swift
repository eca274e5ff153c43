import Foundation
import NewswatchArchive
import NewswatchNormalize
import NewswatchParse
import NewswatchTestSupport
import Testing

/// The daemon prepares a never-polled feed's articles on the parsing side (`Archive.prepare`) and
/// records later polls as they come: the real binary's archive holds what `record(feed:articles:at:)`
/// of the same parsed items holds, also when the first poll itself teaches a furniture line (which
/// the preparation could not know).
@Suite(.serialized) struct DaemonPreparedPollTests {
    static let footer = "Mehr aus dem Ressort Politik lesen Sie jeden Abend in unserer kurzen Übersicht."

    /// A feed of `count` items from `first` on, each with two paragraphs of its own and the footer.
    static func feed(items range: Range<Int>) -> String {
        let words = ["Regierung", "Haushalt", "Opposition", "Landtag", "Bürger", "Entscheidung", "Woche", "Koalition",
                     "Gericht", "Kommission", "Antrag", "Sitzung", "Minister", "Stadt", "Ausschuss", "Bericht"]
        let items = range.map { index -> String in
            let sentence = (0..<24).map { words[($0 * 7 + index * 5) % words.count] + "\(index)" }.joined(separator: " ")
            let second = (0..<20).map { words[($0 * 3 + index) % words.count] + "\(index)x" }.joined(separator: " ")
            return """
                <item><title>Meldung \(index): Der Landtag entscheidet</title><link>https://example.org/meldung/\(index)</link>
                <guid>meldung-\(index)</guid>
                <description><![CDATA[<p>\(sentence).</p><p>\(second) \(index).</p><p>\(footer)</p>]]></description></item>
                """
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Landespolitik</title><link>https://example.org/</link>
            \(items.joined(separator: "\n"))
            </channel></rss>
            """
    }

    /// What the archive holds of each stored article that does not depend on when it was fetched.
    func stored(_ archive: Archive, _ ids: [ContentHash]) throws -> [String] {
        try ids.map { id in
            let article = try #require(try archive.article(id: id)).article
            return "\(id.hex) \(SimHash(article: article)) \(article.title) \(article.body.flatMap(\.lines).joined(separator: "|"))"
        }
    }

    @Test func theDaemonsPreparedFirstPollAndItsLaterPollArchiveWhatRecordingTheItemsDoes() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let first = Self.feed(items: 0..<6), second = Self.feed(items: 4..<10)
        server.route("/land.rss", .text(first))
        let daemon = try DaemonHarness()
        try daemon.writeConfig(feed: "land", url: server.url("/land.rss"), logLevel: "warning")
        try daemon.runOnceSucceeding()
        server.route("/land.rss", .text(second))
        try daemon.runOnceSucceeding()

        // The same items parsed here and recorded directly, poll by poll.
        let reference = try TemporaryFolder()
        let expected = try Archive(path: reference.path + "/archive.sqlite")
        var outcomes: [ArchiveOutcome] = []
        for (index, text) in [first, second].enumerated() {
            var articles = try DocumentParser(readsArticlePages: false).parse(Array(text.utf8), baseURL: server.url("/land.rss")).articles
            // The daemon names the source by the feed when the parser found none (here it finds the site).
            for i in articles.indices where articles[i].source == nil { articles[i].source = "Landespolitik" }
            outcomes += try expected.record(feed: "land", articles: articles, at: Date().addingTimeInterval(Double(index)))
        }
        // Six items, the footer learned in the first poll (on all six), then four new ones.
        #expect(outcomes.map(\.kind).filter { $0 == .new }.count == 10)
        #expect(try expected.learnedFurniture(source: "example.org") == [TextFolding.canonical(Self.footer)])

        let archive = try Archive(path: daemon.stateDirectory + "/archive.sqlite")
        #expect(try archive.learnedFurniture(source: "example.org") == [TextFolding.canonical(Self.footer)])
        #expect(try archive.stats().articles == 10)
        let ids = outcomes.filter { $0.kind == .new }.map(\.id)
        #expect(try stored(archive, ids) == stored(expected, ids))
        // Stored without the footer: its first poll learned it before hashing any of its articles.
        #expect(try stored(archive, ids).allSatisfy { !$0.contains("Mehr aus dem Ressort") })
    }
}

/// A folder under /tmp, removed at deinit.
private final class TemporaryFolder {
    let path = "/tmp/nw-prepared-\(UUID().uuidString.prefix(8))"

    init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
