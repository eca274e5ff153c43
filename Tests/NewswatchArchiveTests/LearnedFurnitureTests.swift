import Foundation
@testable import NewswatchArchive
import NewswatchNormalize
import NewswatchTestSupport
import Testing

@Suite struct LearnedFurnitureTests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)
    let newsletter = "Jetzt den News.de-Newsletter abonnieren und keine Eilmeldung mehr verpassen!"
    let newFooter = "News.de jetzt auch auf Bluesky: Folgen Sie uns für Eilmeldungen und Hintergründe."

    func withLine(_ line: String, _ indexes: [Int]) throws -> [Article] {
        try indexes.map { index in
            var article = try Seeds.article(index)
            article.body.append(.paragraph(line))
            return article
        }
    }

    @Test func aLineOnManyArticlesOfASourceIsLearnedAndLeftOut() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let seeds = try Seeds.all()
        let outcomes = try archive.record(feed: "news.de", articles: try withLine(newsletter, [0, 1, 2, 3, 4]), at: now)
        #expect(outcomes.map(\.kind) == Array(repeating: .new, count: 5))
        // Stored without the line: the same ids as the seeds themselves.
        #expect(outcomes.map(\.id) == seeds.map(\.id))
        #expect(try archive.article(id: seeds[2].id)?.article.body == seeds[2].body)
        #expect(try archive.learnedFurniture(source: "news.de") == [newsletter])
        #expect(try archive.search(query: "Eilmeldung").isEmpty)
    }

    @Test func aSiteThatChangesItsFooterDoesNotMakeItsArticlesNew() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        _ = try archive.record(feed: "news.de", articles: try withLine(newsletter, [0, 1, 2, 3, 4]), at: now)
        let changed = try archive.record(feed: "news.de", articles: try withLine(newFooter, [0, 1, 2, 3, 4]), at: now.addingTimeInterval(600))
        #expect(changed.map(\.kind) == Array(repeating: .seenBefore, count: 5))
        #expect(changed.map(\.id) == (try Seeds.all()).map(\.id))
        #expect(Set(try archive.learnedFurniture(source: "news.de")) == [newsletter, TextFolding.canonical(newFooter)])
        #expect(try archive.stats().articles == 5)
    }

    @Test func learningNeverTurnsAnUnchangedItemIntoAnUpdateOrANewArticle() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let early = try withLine(newsletter, [0, 1])
        // Two articles: not yet furniture, stored with the line.
        let first = try archive.record(feed: "news.de", articles: early, at: now)
        #expect(first.map(\.kind) == [.new, .new])
        #expect(first.map(\.id) == early.map(\.id))

        // Three more carry it: now it is learned, and the two unchanged items stay seen-before.
        let all = try withLine(newsletter, [0, 1, 2, 3, 4])
        let second = try archive.record(feed: "news.de", articles: all, at: now.addingTimeInterval(600))
        #expect(second.map(\.kind) == [.seenBefore, .seenBefore, .new, .new, .new])
        #expect(second[0].id == early[0].id)
        #expect(second[2].id == (try Seeds.article(2)).id)
        let third = try archive.record(feed: "news.de", articles: all, at: now.addingTimeInterval(1200))
        #expect(third.map(\.kind) == Array(repeating: .seenBefore, count: 5))
    }

    @Test func revisionsOfOneItemDoNotTeachItsOwnLines() throws {
        let dir = try TemporaryDirectory()
        let archive = try dir.archive()
        let seed = try Seeds.article(4)
        for version in 0..<6 {
            var revised = seed
            revised.body.append(.paragraph("Aktualisiert: Fassung \(version)."))
            _ = try archive.record(feed: "news.de", articles: [revised], at: now.addingTimeInterval(Double(version) * 600))
        }
        #expect(try archive.learnedFurniture(source: "news.de").isEmpty)
    }

    @Test func theSeedsOwnFurnitureIsLearnedFromTheRawSeeds() throws {
        // The seeds as a feed without any furniture rules would deliver them: every block a paragraph.
        let raw: [Article] = try (0..<5).map { index in
            let file = try FileManager.default.contentsOfDirectory(atPath: Seeds.directory.path)
                .filter { $0.hasSuffix(".txt") }.sorted()[index]
            let text = try String(contentsOf: Seeds.directory.appendingPathComponent(file), encoding: .utf8)
            let title = try PlainTextArticleReader().read(text).title
            let blocks = text.components(separatedBy: "\n\n")
                .map { $0.split(separator: "\n").joined(separator: " ").trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && $0 != title }
            return Article(title: title, body: blocks.map { .paragraph($0) }, url: "https://www.news.de/\(index)", source: "news.de")
        }
        let dir = try TemporaryDirectory()
        let archive = try dir.archive(ArchiveOptions(furnitureThreshold: 3))
        let outcomes = try archive.record(feed: "news.de", articles: raw, at: now)
        let learned = try archive.learnedFurniture(source: "news.de")
        #expect(learned.contains("Erfahren Sie hier mehr über die journalistischen Standards und die Redaktion von news.de."))
        #expect(learned.contains("Erstellt von - Uhr"))
        for outcome in outcomes {
            let stored = try #require(try archive.article(id: outcome.id))
            #expect(!stored.article.body.contains(.paragraph("Erfahren Sie hier mehr über die journalistischen Standards und die Redaktion von news.de.")))
        }
        // Article text is never learned: no paragraph of one seed is in three.
        #expect(learned.count == 2)
    }
}

@Suite struct CandidateLineLengthTests {
    /// `isShort` stands in for `line.count <= maximumLineLength`: the same answer for lines of every
    /// kind around the limit — ASCII, CR LF (two bytes, one character), two- and four-byte letters,
    /// combining marks and emoji sequences (several scalars, one character).
    @Test func isShortIsCountingCharacters() {
        var random = SeededRandom(seed: 211)
        let pieces = ["a", " ", "\r\n", "\r", "\n", "ü", "ß", "e\u{301}", "😀", "👩‍👩‍👧", "🇩🇪", "\u{301}", "Ж", "中",
                      "„", "“", "–", "…", "€", "\u{AD}", "\u{200D}", "‼\u{FE0F}", "\u{2028}"]
        let limit = LearnedFurniture.maximumLineLength
        for _ in 0..<3_000 {
            var line = String(repeating: "x", count: Int(random.next() % UInt64(limit + 20)))
            for _ in 0..<Int(random.next() % 12) {
                let piece = random.pick(pieces)
                let at = line.unicodeScalars.index(line.unicodeScalars.startIndex, offsetBy: Int(random.next() % UInt64(line.unicodeScalars.count + 1)))
                line.unicodeScalars.insert(contentsOf: piece.unicodeScalars, at: at)
            }
            #expect(LearnedFurniture.isShort(line) == (line.count <= limit), "\(line.count) characters, \(line.utf8.count) bytes")
        }
        let exact = String(repeating: "ü", count: limit)
        #expect(LearnedFurniture.isShort(exact) && !LearnedFurniture.isShort(exact + "a"))
        let crlf = String(repeating: "\r\n", count: limit)
        #expect(LearnedFurniture.isShort(crlf) && !LearnedFurniture.isShort(crlf + "a"))
        #expect(!LearnedFurniture.isShort(String(repeating: "a", count: limit + 1)))
        let german = String(repeating: "„Grüße“ – ", count: limit / 10)
        #expect(LearnedFurniture.isShort(german) == (german.count <= limit) && !LearnedFurniture.isShort(german + "ß"))
    }

    /// A line of scalars `standsAlone` takes has as many characters as scalars, which is what lets
    /// `isShort` count scalars: each of them beside itself and beside every other one of them.
    @Test func scalarsThatStandAloneNeverJoin() {
        let taken = (UInt32(0)..<0x2100).compactMap(Unicode.Scalar.init).filter(LearnedFurniture.standsAlone)
        #expect(taken.count > 700)
        #expect(!taken.contains("\r") && !taken.contains("\u{300}") && !taken.contains("\u{200D}"))
        for (index, scalar) in taken.enumerated() {
            var line = String.UnicodeScalarView([scalar, scalar])
            line.append(contentsOf: taken[index...])
            line.append(contentsOf: taken[..<index])
            line.append(scalar)
            #expect(String(line).count == line.count, "U+\(String(scalar.value, radix: 16)) joins a neighbour")
        }
    }
}
