import Foundation
import NewswatchTestSupport
import Testing
@testable import NewswatchNormalize

/// Session 8's shortcuts in front of `PageLine`'s patterns: a gate per furniture pattern, the share
/// words trimmed without Foundation, the single-scalar test. Each against what it stands in for.
@Suite struct PatternGateRoundFiveTests {
    /// Pieces of the furniture patterns and of ordinary text, in any case, with the characters that
    /// make bytes and `Character`s differ.
    static let pieces = [
        "folgen sie ", "Folgen Sie uns ", "bei ", "auf ", "follow ", "us ", "on ", "X", "erfahren sie hier mehr über die journalistischen standards",
        "beliebteste artikel", " aktuell", ":", "meistgelesen", "Most Read", "most popular", "popular now", "trending now", "alle ",
        "aktuellen ", "entwicklungen", "news", " lesen sie ", "hier", "in unserem ", ".", "anzeige", "Werbung", "ADVERTISEMENT",
        "sponsored", "gesponsert", "promotion", "zur startseite", "zurück ", "back to top", "nach oben", "melden sie sich ", "jetzt ",
        "abonnieren sie ", "newsletter", " anmelden", " abonnieren", "sign up ", "subscribe ", "for ", "to ", "our ", "the ", "©", "(c)",
        "dpa-infocom", "kommentare", "Comments", "12 ", " (3)", "copyright ", "all rights reserved", "2024", "stand: ", "13.12.2024",
        "09:41 uhr", "lesezeit", "reading time", "4 ", "min", "minuten", "artikel anhören", "artikel vorlesen", "vorlesen",
        "listen to this article", "audio version", "mehr ", "weitere ", "artikel ", "nachrichten ", "videos ", "aus ", "von ", "zu ",
        "Berlin", "Die Regierung", " ", " ", " ", "  ", "\u{212A}ommentare", "\u{0130}", "ſ", "e\u{0301}", "\u{0308}", "ä", "ß", "中文",
        "teilen", "share", "facebook", "twitter", "|", ",", "·", "•",
    ]

    static func randomLines(count: Int, seed: UInt64) -> [String] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in
            var line = ""
            for _ in 0..<random.pick([1, 1, 2, 2, 3, 4, 6]) {
                var piece = random.pick(Self.pieces)
                if random.chance(0.2) { piece = piece.uppercased() } else if random.chance(0.2) { piece = piece.capitalized }
                line += piece
            }
            return line
        }
    }

    /// Every furniture pattern that matches a line's lower-cased form has its bit set in the gates.
    @Test func eachFurniturePatternsGateStaysOpenForItsLines() {
        var matched = 0
        for line in Self.randomLines(count: 6000, seed: 0x5E55_1018) {
            let gates = PageLine.PatternGates(line)
            let lower = PageLine.lowercase(line)
            if ShareBarWordsTests.splitReading(lower) { #expect(gates.mayBeShareBar, "\(line)") }
            for (index, pattern) in PageLine.Patterns.furniture.enumerated() where lower.wholeMatch(of: pattern) != nil {
                matched += 1
                #expect(gates.furniturePatterns & (1 << index) != 0, "pattern \(index): \(line)")
            }
        }
        #expect(matched > 300)
    }

    /// `classify` with its gates answers as every pattern asked in turn (session 7's order).
    @Test func classifyAgreesWithEveryPatternAsked() {
        for line in Self.randomLines(count: 4000, seed: 0xC1A5_5) {
            #expect(PageLine.classify(line) == Self.referenceClassify(line), "\(line)")
        }
    }

    static func referenceClassify(_ rawLine: String) -> PageLine {
        let line = TextFolding.collapsingWhitespace(rawLine)
        if line.isEmpty { return .furniture }
        if let match = line.wholeMatch(of: PageLine.Patterns.relatedLabel) {
            let headline = (match.1 ?? "").trimmingCharacters(in: .whitespaces)
            return .relatedLabel(headline: headline.isEmpty ? nil : headline)
        }
        if let author = PageLine.authorLine(line) { return author }
        if let match = line.wholeMatch(of: PageLine.Patterns.topics) {
            let topics = match.2.split(whereSeparator: { ",·|;".contains($0) })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return topics.isEmpty ? .furniture : .topics(topics)
        }
        if let match = line.wholeMatch(of: PageLine.Patterns.byline) {
            let name = match.1.trimmingCharacters(in: CharacterSet(charactersIn: " -–,"))
            if name.isEmpty || name.allSatisfy({ $0.isNumber || ".:, ".contains($0) }) { return .furniture }
            return .byline(author: name)
        }
        if let match = line.wholeMatch(of: PageLine.Patterns.photoViewer) { return .photoViewer(caption: String(match.1)) }
        let lower = line.lowercased()
        if ShareBarWordsTests.splitReading(lower) { return .furniture }
        if PageLine.Patterns.furniture.contains(where: { lower.wholeMatch(of: $0) != nil }) { return .furniture }
        return .text
    }

    /// The share words' punctuation trimmed as Foundation's `trimmingCharacters(in:)` trims it,
    /// around combining marks and other scalars too.
    @Test func shareWordTrimmingAgreesWithFoundation() {
        let pieces = [":", ".", "!", "•", "share", "e\u{0301}", "\u{0301}", ":\u{0301}", "a", " ", "\u{2022}\u{0308}", "ä", "中", "..", "!:"]
        var random = SeededRandom(seed: 0x7219)
        for _ in 0..<3000 {
            let word = (0..<random.pick([0, 1, 2, 3, 5])).map { _ in random.pick(pieces) }.joined()
            let reference = word.trimmingCharacters(in: PageLine.shareWordPunctuation)
            #expect(PageLine.trimmingShareWordPunctuation(word[...]) == reference, "\(Array(word.unicodeScalars))")
            #expect(Array(PageLine.trimmingShareWordPunctuation(word[...]).unicodeScalars) == Array(reference.unicodeScalars))
        }
    }

    @Test func singleScalarCharactersAreCountedAsTheStandardLibraryCounts() {
        let texts = ByteLevelEquivalenceTests.randomTexts(count: 3000, seed: 0x51) + ["", "a\r\nb", "a\rb", "abcdefghijklmnop\r", "x\u{0301}"]
        for text in texts {
            #expect(UTF8Bytes.hasSingleScalarCharacters(text) == (text.count == text.unicodeScalars.count), "\(Array(text.unicodeScalars))")
        }
    }

    /// `UTF8Bytes.contains` as the plain search it is: every start, every byte folded.
    @Test func byteSearchAgreesWithAPlainSearch() {
        let needles: [StaticString] = ["(c)", "copyright", "newsletter", "\u{00A9}", "x", "年", "dpa-infocom", "(Foto)"]
        let pieces = ["(c)", "(C)", "COPYRIGHT", "Copy", "right", "c", "(", "x", "X", "©", "年", "\r", "-", "\u{0D}", "dpa-", "DPA-INFOCOM", "newsLetter", "(Foto)", "(FOTO)", " "]
        var random = SeededRandom(seed: 0xC0_97A1)
        for _ in 0..<3000 {
            let text = (0..<random.pick([0, 1, 2, 4, 8])).map { _ in random.pick(pieces) }.joined()
            let bytes = Array(text.utf8)
            for needle in needles {
                let literal = Array(UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount))
                for caseInsensitive in [false, true] {
                    func fold(_ byte: UInt8) -> UInt8 { caseInsensitive && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
                    let reference = bytes.count >= literal.count && (0...(bytes.count - literal.count)).contains { start in
                        literal.indices.allSatisfy { fold(bytes[start + $0]) == literal[$0] }
                    }
                    #expect(bytes.withUnsafeBufferPointer { UTF8Bytes.contains($0, needle, caseInsensitive: caseInsensitive) } == reference, "\(text) \(needle)")
                }
            }
        }
    }

    /// A `Character` that is a number has a numeric scalar, which the byte test finds.
    @Test func numericScalarsAreFound() {
        let texts = ByteLevelEquivalenceTests.randomTexts(count: 2000, seed: 0x4E) + ["", "abc", "a1", "²", "½", "٣", "三", "ⅻ", "1\u{20E3}", "Ä ö ß é", "١٢"]
        for text in texts {
            let reference = text.unicodeScalars.contains { $0.properties.numericType != nil }
            #expect(UTF8Bytes.hasNumericScalar(text) == reference, "\(Array(text.unicodeScalars))")
            if text.contains(where: \.isNumber) { #expect(UTF8Bytes.hasNumericScalar(text)) }
        }
    }

    /// The share bar read on the bytes answers as the split on `Character`s with Foundation's
    /// trimming, for lines of share words, separators, punctuation, and the scalars that make bytes
    /// and `Character`s differ.
    @Test func shareBarOnBytesAgreesWithTheSplit() {
        let pieces = [
            "share", "teilen", "facebook", "twitter", "e-mail", "artikel", "x", "tweet", "whatsapp", "shares", "naïve", " ", " ", "|", ",",
            "·", "\u{0387}", ":", ".", "!", "•", "teilen:", "share:", "e\u{0301}", "\u{0301}", " \u{0301}", "·\u{0308}", "中文", "ſhare",
            "\u{212A}", "linkedin", "print",
        ]
        var random = SeededRandom(seed: 0x54A2E)
        var bars = 0
        for _ in 0..<6000 {
            let lower = (0..<random.pick([1, 2, 3, 5, 8])).map { _ in random.pick(pieces) }.joined()
            let reference = ShareBarWordsTests.splitReading(lower)
            if reference { bars += 1 }
            #expect(PageLine.isShareBar(lower) == reference, "\(Array(lower.unicodeScalars))")
        }
        #expect(bars > 300)
    }

    /// The related-link label and the topics label on the bytes: where they decide, the patterns'
    /// match and capture.
    @Test func labelsOnBytesAgreeWithThePatterns() {
        let pieces = [
            "Lesen Sie auch", "LESEN SIE MEHR", "ebenfalls interessant", "Auch interessant", "Mehr zum Thema", "Das könnte Sie auch interessieren",
            "DAS KÖNNTE SIE INTERESSIEREN", "das könnte sie interessieren", "Weiterlesen", "mehr dazu", "Read more", "READ ALSO", "Also read",
            "Related", "See also", "More on this story", "more on this topic", "Themen", "Schlagwörter", "SCHLAGWÖRTER", "Schlagworte", "Tags",
            "Topics", "Themenwoche", ":", ": ", " :", " ", " ", "  ", "Folter", "Budget, Steuern", "a·b|c;d", "\u{212A}", "ſ", "ı", "İ",
            "e\u{0301}", "\u{0301}", "\t", "\u{00A0}", "中文", "Leſen Sie auch", "Ko\u{0308}nnte", "Read  more", "Lesen Sie auch:",
        ]
        var random = SeededRandom(seed: 0x1ABE1)
        var decided = 0
        var matched = 0
        for _ in 0..<8000 {
            let line = (0..<random.pick([1, 2, 3, 4])).map { _ in random.pick(pieces) }.joined()
            let related = PageLine.relatedLabelOnBytes(line)
            if related != .undecided {
                decided += 1
                let reference = line.wholeMatch(of: PageLine.Patterns.relatedLabel)
                #expect(related == (reference.map { .match($0.1) } ?? .noMatch), "\(Array(line.unicodeScalars))")
                if reference != nil { matched += 1 }
            }
            let topics = PageLine.topicsOnBytes(line)
            if topics != .undecided {
                let reference = line.wholeMatch(of: PageLine.Patterns.topics)
                #expect(topics == (reference.map { .match($0.2) } ?? .noMatch), "\(Array(line.unicodeScalars))")
                if reference != nil { matched += 1 }
            }
            #expect(PageLine.classify(line) == Self.referenceClassify(line), "\(line)")
        }
        #expect(decided > 4000 && matched > 1500, "\(decided) \(matched)")
    }

    /// The heading test's word count on the bytes is the split's.
    @Test func wordCountIsTheSplitsCount() {
        let texts = ByteLevelEquivalenceTests.randomTexts(count: 3000, seed: 0x3D) + ["", " ", "a  b", " a b ", "a \u{0301}b", "\u{0301} a"]
        for text in texts {
            #expect(BlockShape.wordCount(text) == text.split(separator: " ").count, "\(Array(text.unicodeScalars))")
        }
    }
}
