import Foundation
import NewswatchNormalize
import NewswatchTestSupport
import Testing
@testable import NewswatchParse

/// `LanguageGuess` on the UTF-8 bytes (session 8) against the scalar-array version it replaced, kept
/// here as the reference: the same tally and the same guess for random texts in ASCII, German,
/// French, Spanish, mixed scripts, with combining marks, joiners and the lookalike capitals, longer
/// and shorter than `wordLimit`, given as lines that are joined by spaces.
@Suite struct LanguageGuessBytesTests {
    /// Session 7's `tallyScalars`, word for word.
    static func referenceTallyScalars(_ text: String, into tally: inout LanguageGuess.Tally) -> Bool {
        UTF8Bytes.with(text) { bytes -> Bool in
            var scalars: [Unicode.Scalar] = []
            scalars.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                let lead = bytes[index]
                let width = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                var value = width == 1 ? UInt32(lead) : UInt32(lead) & (0xFF >> (width + 1))
                for offset in 1..<width { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
                guard let scalar = Unicode.Scalar(value), LanguageGuess.isSingleCharacterScalar(scalar) else { return false }
                scalars.append(scalar)
                index += width
            }
            var word = ""
            var letters = 0
            func endWord() {
                guard letters > 0 else { return }
                tally.count(letters <= LanguageGuess.longestMarker ? word : nil)
                word = ""
                letters = 0
            }
            for scalar in scalars {
                if tally.words >= LanguageGuess.wordLimit { return true }
                let lower: Unicode.Scalar
                if scalar.isASCII {
                    lower = scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(UInt8(scalar.value | 0x20)) : scalar
                    guard lower.value >= 0x61 && lower.value <= 0x7A else { endWord(); continue }
                } else {
                    lower = scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar
                    guard lower.properties.isAlphabetic else { endWord(); continue }
                }
                letters += 1
                if letters <= LanguageGuess.longestMarker { word.unicodeScalars.append(lower) }
            }
            if tally.words < LanguageGuess.wordLimit { endWord() }
            return true
        }
    }

    /// Session 7's `guess`, word for word.
    static func referenceGuess(_ text: String) -> String? {
        var tally = LanguageGuess.Tally()
        if !referenceTallyScalars(text, into: &tally) {
            tally = LanguageGuess.Tally()
            for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) {
                tally.count(String(word))
                if tally.words >= LanguageGuess.wordLimit { break }
            }
        }
        let counts = tally.counts, words = tally.words
        guard words >= 20, let best = counts.indices.max(by: { counts[$0] < counts[$1] }) else { return nil }
        let second = counts.enumerated().filter { $0.offset != best }.map(\.element).max() ?? 0
        guard counts[best] * 10 >= words, counts[best] >= 2 * second else { return nil }
        return LanguageGuess.markers[best].tag
    }

    static let vocabulary: [[String]] = [
        ["der", "die", "das", "und", "ist", "nicht", "mit", "sich", "für", "FÜR", "Für", "über", "Straße", "Maßnahmen", "Äußerungen", "Öl", "DIE", "Nicht", "eine", "auch", "wird", "zu", "im"],
        ["the", "The", "THE", "and", "of", "to", "is", "that", "with", "for", "was", "on", "this", "from", "have", "It", "at", "were", "government", "café", "naïve"],
        ["le", "la", "Les", "et", "est", "des", "une", "du", "que", "pour", "dans", "pas", "sur", "au", "avec", "qui", "ce", "sont", "été", "déjà", "Œuvre", "ça"],
        ["el", "la", "los", "las", "y", "es", "del", "que", "en", "por", "una", "con", "para", "se", "su", "como", "más", "MÁS", "fue", "año", "niño"],
        ["Москва", "и", "в", "Ελλάδα", "και", "東京", "日本語", "ＦＵＬＬ", "ǅemal", "ǈ", "ﬁx", "µm", "ª", "º", "ŉ", "ſie", "ß", "ẞ", "ÿ", "Ÿ"],
    ]
    /// Pieces that are no words of a language: separators, digits, symbols, and scalars that send the
    /// text to the `Character`s (combining marks, joiners, `İ`, Hangul, emoji, CR LF).
    static let pieces = [
        " ", " ", " ", ", ", ". ", " – ", " — ", "„", "“", "”", "…", "€", "©", "®", "™", "→", "½", "²", "12", "2024", "3:45", "\t", "\n", "\u{00A0}",
        "\u{2009}", "\u{202F}", "'", "’", "-", "/", "×", "÷", "§", "°", "·", "•", "\u{212A}elvin", "\u{212B}", "\u{2126}",
    ]
    static let rarePieces = ["e\u{0301}", "\u{0308}", "İstanbul", "\u{200D}", "한국", "👍🏽", "\u{FE0F}", "\r\n", "\u{0130}", "a\u{0327}", "\u{1100}\u{1161}"]

    static func randomText(_ random: inout SeededRandom, words: Int, rare: Bool) -> String {
        let language = random.pick(Self.vocabulary.indices.map { $0 })
        var text = ""
        for _ in 0..<words {
            let pool = random.chance(0.8) ? Self.vocabulary[language] : random.pick(Self.vocabulary)
            text += random.pick(pool)
            text += random.chance(0.7) ? " " : random.pick(Self.pieces)
            if rare, random.chance(0.01) { text += random.pick(Self.rarePieces) }
        }
        return text
    }

    @Test func bytesAgreeWithTheScalarTally() {
        var random = SeededRandom(seed: 0x1A6_2026_08)
        for round in 0..<400 {
            let words = random.pick([0, 1, 5, 19, 20, 21, 60, 300, 1_999, 2_000, 2_001, 2_600])
            let text = Self.randomText(&random, words: words, rare: round % 3 == 0)
            var tally = LanguageGuess.Tally()
            var reference = LanguageGuess.Tally()
            let scalar = LanguageGuess.tallyScalars(text, into: &tally)
            #expect(scalar == Self.referenceTallyScalars(text, into: &reference), "\(round)")
            #expect(tally.counts == reference.counts && tally.words == reference.words, "\(round): \(text.prefix(200))")
            #expect(LanguageGuess.guess(text) == Self.referenceGuess(text), "\(round)")
        }
    }

    /// Lines (empty ones too) tallied one after the other as the text they make joined by spaces:
    /// words end at a line's end, the limit holds across lines, and a line the bytes cannot read
    /// sends the joined text to the `Character`s.
    @Test func linesAgreeWithTheirJoinedText() {
        var random = SeededRandom(seed: 0x11_4E5)
        for round in 0..<300 {
            var lines: [String] = []
            for _ in 0..<random.pick([1, 2, 3, 8, 40]) {
                lines.append(random.chance(0.1) ? "" : Self.randomText(&random, words: random.pick([1, 3, 12, 80, 700]), rare: round % 4 == 0))
            }
            let joined = lines.joined(separator: " ")
            var tally = LanguageGuess.Tally()
            var reference = LanguageGuess.Tally()
            #expect(LanguageGuess.tallyScalars(lines, into: &tally) == Self.referenceTallyScalars(joined, into: &reference), "\(round)")
            #expect(tally.counts == reference.counts && tally.words == reference.words, "\(round)")
            #expect(LanguageGuess.guess(lines: lines) == Self.referenceGuess(joined), "\(round)")
        }
    }

    /// Every scalar below U+3000 that the bytes read (alone, as a word, between ASCII letters, and
    /// after a capital) tallies as the reference does.
    @Test func everyReadableScalarAgrees() {
        var texts: [String] = []
        for value in UInt32(0x80)..<0x3000 {
            guard let scalar = Unicode.Scalar(value), LanguageGuess.isSingleCharacterScalar(scalar) else { continue }
            let piece = String(Character(scalar))
            texts.append("die \(piece) und\(piece)das F\(piece)R \(piece)\(piece)\(piece) the")
        }
        for text in texts {
            var tally = LanguageGuess.Tally()
            var reference = LanguageGuess.Tally()
            #expect(LanguageGuess.tallyScalars(text, into: &tally) == Self.referenceTallyScalars(text, into: &reference))
            #expect(tally.counts == reference.counts && tally.words == reference.words, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
