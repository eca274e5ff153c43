import Foundation
import NewswatchTestSupport
import Testing
@testable import NewswatchNormalize

/// `UTF8Bytes`' character counts with session 9's kinds of scalars that begin a character (Latin-1
/// and Latin Extended letters, Greek, Cyrillic, Hebrew, Arabic letters and digits, CJK punctuation
/// and extension A, the katakana marks, general punctuation's dashes and quotes) against `count`.
@Suite struct CharacterCountRoundNineTests {
    static let pieces = [
        "a", "Zurück", "straße", "Ä", "é", "ñ", "ā", "ő", "ș", "ƒ", "ɐ", " ", "  ", "\r", "\n", "\r\n", "\t", "Ελληνικά", "ά", "\u{0387}",
        "Привет", "\u{0483}", "שלום", "\u{05BC}", "مرحبا", "٣", "\u{0600}", "\u{064B}", "\u{0670}", "「", "」", "々", "〇", "ー", "・",
        "ヽ", "\u{3099}", "\u{302A}", "〰", "中文", "㐀", "한국어", "\u{1161}", "ไทย", "\u{0E33}", "–", "—", "„", "“", "…", "•", "\u{2028}",
        "\u{200D}", "\u{0301}", "\u{FE0F}", "😀", "🇩", "🇪", "Ａ", "\u{FF9E}", "é", "e\u{0301}", "\u{1F3FB}",
        "ภาษาไทย", "เ", "แ", "ไ", "า", "\u{0E33}", "\u{0E48}", "\u{0E31}", "๑", "฿", "มြန်မာ", "က", "\u{102C}", "\u{1031}", "\u{103A}", "၁", "။",
    ]

    @Test func boundsAndSingleScalarsAgreeWithCount() {
        var generator = SeededRandom(seed: 9201)
        for _ in 0..<6000 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
            let count = text.count
            #expect(UTF8Bytes.hasSingleScalarCharacters(text) == (count == text.unicodeScalars.count), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            for limit in Set([0, max(0, count - 2), max(0, count - 1), count, count + 1, Int.random(in: 0...60, using: &generator)]) {
                #expect(UTF8Bytes.hasAtMost(limit, charactersIn: text) == (count <= limit), "\(text.unicodeScalars.map { String($0.value, radix: 16) }) \(limit)")
            }
        }
        // Eight-byte words of plain Latin at every alignment, around a mark that joins the letter before.
        for shift in 0..<16 {
            let text = String(repeating: "x", count: shift) + "Grüße aus Köln, schön" + "e\u{0301}" + "Äpfel über Straßen"
            let count = text.count
            for limit in [count - 1, count, count + 1, 10, 20] {
                #expect(UTF8Bytes.hasAtMost(limit, charactersIn: text) == (count <= limit), "\(shift) \(limit)")
            }
            #expect(!UTF8Bytes.hasSingleScalarCharacters(text))
        }
    }

    /// `PageLine.furnitureOnBytes` against the two patterns it stands in for, and the Foundation-free
    /// trim against Foundation's, over lines built from their pieces.
    @Test func advertisementAndCommentLinesAgreeWithThePatterns() {
        let pieces = ["anzeige", "werbung", "advertisement", "sponsored", "gesponsert", "promotion", "kommentare", "comments", "12", "3",
                      " ", "(", ")", " (", ":", "x", "\r", "ä", "٣", "kommentar", "comment", "\u{212A}", "\t", "\u{00A0}", "anzeigen"]
        var generator = SeededRandom(seed: 9202)
        var lines = pieces + ["12 kommentare (3):", "comments (12)", "kommentare ()", "1 comments (2", "comments:", "7  comments", "٣ comments"]
        for _ in 0..<8000 {
            lines.append((0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        var decided = 0
        for line in lines {
            for index in [6, 12] {
                guard let answer = PageLine.furnitureOnBytes(index, line) else { continue }
                decided += 1
                #expect(answer == (line.wholeMatch(of: PageLine.Patterns.furniture[index]) != nil), "\(index) \(Array(line.unicodeScalars))")
            }
            #expect(PageLine.trimmingWhitespaces(Substring(line)) == line.trimmingCharacters(in: .whitespaces), "\(Array(line.unicodeScalars))")
        }
        #expect(decided > 8000)
    }
}
