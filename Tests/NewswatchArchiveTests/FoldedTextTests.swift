@testable import NewswatchArchive
import NewswatchNormalize
import NewswatchTestSupport
import Testing

@Suite struct FoldedTextTests {
    /// Shingles are cut from FoldedText, the content hash from ContentHash: the two must agree.
    @Test func theCanonicalTextIsTheContentHashes() throws {
        var articles = try Seeds.all()
        articles.append(Article(
            title: "Kicker: Die  „Überschrift“", teaser: "  ",
            body: [.heading("Zwischen\u{00A0}titel"), .paragraph(""), .list(["eins", " zwei ", ""]),
                   .quote("„Zitat“ – sagt er…"), .paragraph("Folgen Sie uns")]))
        articles.append(Article(title: "Nur ein Titel"))
        for article in articles {
            let expected = ContentHash.canonicalText(headline: article.headline, teaser: article.teaser, body: article.body)
            #expect(FoldedText(article).canonicalText() == expected)
        }
    }

    @Test func droppingParagraphsIsTheCleanedArticlesText() throws {
        let seed = try Seeds.article(0)
        var withFooter = seed
        withFooter.body.append(.paragraph("Folgen  Sie uns auf „Mastodon“"))
        let text = FoldedText(withFooter)
        let dropped: Set<String> = [TextFolding.canonical("Folgen  Sie uns auf „Mastodon“")]
        #expect(text.canonicalText(droppedParagraphs: dropped)
            == ContentHash.canonicalText(headline: seed.headline, teaser: seed.teaser, body: seed.body))
    }
}

@Suite struct ShinglesTests {
    /// The shingles are cut word by word without building joined strings; they must hash exactly as
    /// the words joined by spaces (stored fingerprints depend on it), ASCII and beyond.
    @Test func shinglesHashTheWordsJoinedBySpaces() throws {
        let texts = try Seeds.all().map { ContentHash.canonicalText(headline: $0.headline, teaser: $0.teaser, body: $0.body) } + [
            "Putin laufen die Soldaten davon", "Zwei", "", "Ä Ö Ü ß 2024 e\u{301}té — Flüchtlinge\r\nin Köln", "a,b;c  d",
        ]
        // Every count of words from none to a dozen, of every length from one letter up.
        var random = SeededRandom(seed: 313)
        let letters = Array("abcdefghijklmnopqrstuvwxyzäöüß0123456789")
        let generated = (0..<300).map { _ in
            (0..<Int(random.next() % 13)).map { _ in
                String((0...Int(random.next() % 9)).map { _ in letters[Int(random.next() % UInt64(letters.count))] })
            }.joined(separator: " ")
        }
        for text in texts + generated {
            let words = text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
            let count = words.count >= 3 ? words.count - 2 : (words.isEmpty ? 0 : 1)
            let expected = (0..<count).map { Shingles.stableHash(words[$0..<min($0 + 3, words.count)].joined(separator: " ")) }
            #expect(Shingles(canonicalText: text).hashes == expected)
        }
    }
}

@Suite struct LatinWordsTests {
    /// Random texts of ASCII and the fast path's scalars, words of any length, the same words as the
    /// general path.
    @Test func randomLatinTextsCutTheGeneralPathsWords() {
        var random = SeededRandom(seed: 300)
        let pool: [Unicode.Scalar] = (0x20..<0x7f).compactMap(Unicode.Scalar.init) + (0xa0..<0x300).compactMap(Unicode.Scalar.init).filter { $0.value != 0x130 }
        for _ in 0..<400 {
            var text = ""
            for _ in 0..<Int(random.next() % 300) { text.unicodeScalars.append(pool[Int(random.next() % UInt64(pool.count))]) }
            let general = text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map { Array($0.utf8) }
            guard let fast = LatinWords(text) else {
                Issue.record("not taken: \(text.unicodeScalars.map { String($0.value, radix: 16) })")
                continue
            }
            #expect((0..<fast.count).map { Array(fast.bytes(of: $0)) } == general)
        }
    }

    /// Every scalar the fast path accepts, alone and between words, cuts the same words as
    /// `lowercased()` and a split on letters and digits.
    @Test func latinWordsAreTheGeneralPathsWords() {
        for value in UInt32(0)..<0x300 {
            let text = "Ab\(Character(Unicode.Scalar(value)!))Cd ÄÖÜ ß \(Character(Unicode.Scalar(value)!))"
            let general = text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map { Array($0.utf8) }
            guard let fast = LatinWords(text) else {
                #expect(value == 0x130, "U+\(String(value, radix: 16)) not taken by the fast path")
                continue
            }
            #expect((0..<fast.count).map { Array(fast.bytes(of: $0)) } == general, "U+\(String(value, radix: 16))")
        }
        #expect(LatinWords("Flüchtlinge in Köln") != nil)
        #expect(LatinWords("ȺȾȺȾ")?.count == 1, "each scalar's lowercase is a byte longer")
        #expect(LatinWords("ȺȾȺȾ").map { Array($0.bytes(of: 0)) } == Array("ȺȾȺȾ".lowercased().utf8))
        #expect(LatinWords("e\u{301}té") == nil)
        #expect(LatinWords("Ελλάδα") == nil)
    }
}
