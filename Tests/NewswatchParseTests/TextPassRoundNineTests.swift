import Foundation
import NewswatchTestSupport
import Testing
@testable import NewswatchNormalize
@testable import NewswatchParse

/// Session 9's fast paths in the text passes against the code they stand in front of.
@Suite struct TextPassRoundNineTests {
    /// `PageArticleAssembly.bulletItem` as it was before its first-byte test.
    static func bulletItemReference(_ line: String) -> String? {
        guard let mark = line.first, ["•", "▪", "‣", "◦", "·"].contains(mark) else { return nil }
        let item = TextFolding.collapsingWhitespace(String(line.dropFirst()))
        return item.isEmpty ? nil : item
    }

    static let linePieces = [
        "•", "▪", "‣", "◦", "·", "\u{0387}", "\u{0301}", "\u{200D}", " ", "  ", "\t", "Punkt", "ä", "Ä", "x", "-", "*", "“", "😀",
        "中文", "\u{00A0}", "\r\n", "\n", "e\u{0301}", "\u{2022}\u{0308}", "\u{FE0F}", "\u{1F1E9}",
    ]

    @Test func bulletItemsAreTheCharacterComparisons() {
        var generator = SeededRandom(seed: 9101)
        var lines = Self.linePieces
        for _ in 0..<8000 {
            lines.append((0..<Int.random(in: 0...6, using: &generator)).map { _ in Self.linePieces.randomElement(using: &generator)! }.joined())
        }
        var found = 0
        for line in lines {
            let item = PageArticleAssembly.bulletItem(line)
            if item != nil { found += 1 }
            #expect(item == Self.bulletItemReference(line), "\(Array(line.unicodeScalars))")
        }
        #expect(found > 1000)
        // Every scalar that opens a line: only those led by C2, CE or E2 can be a mark.
        for value in UInt32(0)..<0x3_0000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let line = String(scalar) + " Punkt"
            #expect(PageArticleAssembly.bulletItem(line) == Self.bulletItemReference(line), "\(value)")
        }
    }

    /// Long runs of ASCII around sequences outside it, at every offset of the 32-byte steps, valid
    /// and broken, against the standard library's validator.
    @Test func utf8ValidityOverLongASCIIRuns() {
        func reference(_ bytes: [UInt8]) -> Bool { (try? UTF8Span(validating: bytes.span)) != nil }
        let sequences: [[UInt8]] = [[0xC3, 0xA4], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0xC3], [0xA4], [0xED, 0xA0, 0x80],
                                    [0xE0, 0x80, 0x80], [0xF8], [0xC0, 0xAF], [0xE2, 0x82], [0x7F], [0x00]]
        var cases: [[UInt8]] = []
        for run in 0..<70 {
            for sequence in sequences {
                cases.append(Array(repeating: 0x61, count: run) + sequence)
                cases.append(Array(repeating: 0x61, count: run) + sequence + Array(repeating: 0x62, count: 70 - run))
            }
        }
        var generator = SeededRandom(seed: 9102)
        for _ in 0..<6000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...8, using: &generator) {
                bytes += Int.random(in: 0..<3, using: &generator) == 0 ? sequences.randomElement(using: &generator)!
                    : Array(repeating: 0x3C, count: Int.random(in: 0...90, using: &generator))
            }
            cases.append(bytes)
        }
        for bytes in cases { #expect(UTF8Validity.isValid(bytes) == reference(bytes), "\(bytes)") }
    }

    /// `mayBeNoticeBytes` and `holdsDigitOrNonASCII`, which skip eight ASCII bytes at a time, against
    /// their byte-at-a-time definitions, with every piece at every offset of the eight-byte steps.
    @Test func noticeAndDigitScansAgreeWithTheBytes() {
        func noticeReference(_ bytes: [UInt8]) -> Bool {
            var previous: UInt8 = 0
            for index in bytes.indices {
                let byte = bytes[index]
                let rest = bytes[index...].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
                if rest.starts(with: Array("(c)".utf8)) || rest.starts(with: Array("copyright".utf8)) { return true }
                if PageStampLines.mayMatchOutsideASCII(byte, after: previous) { return true }
                previous = byte
            }
            return false
        }
        let pieces = ["(c)", "(C)", "(", "c", "C", "copyright", "COPYRIGHT", "Copy", "©", "ſ", "\u{212A}", "é", "中", "9", "0", "/", ":",
                      "plain text ", "abdefghijklmnopqrstuvwxyz", "ABDEFGHIJ", "\u{1E9E}", "\u{FB01}", "~", "\u{7F}"]
        var generator = SeededRandom(seed: 9103)
        var lines: [String] = []
        for run in 0..<20 {
            for piece in pieces { lines.append(String(repeating: "x", count: run) + piece + String(repeating: "y", count: 20 - run)) }
        }
        for _ in 0..<6000 {
            lines.append((0..<Int.random(in: 0...10, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for line in lines {
            let bytes = Array(line.utf8)
            let notice = bytes.withUnsafeBufferPointer { PageStampLines.mayBeNoticeBytes($0) }
            #expect(notice == noticeReference(bytes), "\(line)")
            let digits = bytes.withUnsafeBufferPointer { UTF8Bytes.holdsDigitOrNonASCII($0) }
            #expect(digits == bytes.contains { $0 >= 0x80 || ($0 >= 0x30 && $0 <= 0x39) }, "\(line)")
        }
    }

    /// `ArticlePageExtractor.lineFeedPieces` against the `Character` split it stands in for, and
    /// `paragraphs(ofStated:)` against its old form.
    @Test func statedBodyLinesAreTheCharacterSplit() {
        let pieces = ["\n", "\n\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{0085}", "\u{2028}", "\u{2029}", " ", "\u{00A0}", "Satz.", "ä",
                      "中文", "\u{0301}", "e\u{0301}", "\n\u{0301}", "x", "  \n  ", "\t"]
        var generator = SeededRandom(seed: 9104)
        var decided = 0
        for _ in 0..<6000 {
            let text = (0..<Int.random(in: 0...14, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let expected = text.split(whereSeparator: \.isNewline).map(String.init)
            if let pieces = ArticlePageExtractor.lineFeedPieces(text) {
                decided += 1
                #expect(pieces == expected && pieces.map { Array($0.utf8) } == expected.map { Array($0.utf8) }, "\(Array(text.unicodeScalars))")
            }
            let plain = HTMLBlockReader.paragraphs(text)
            let old = (plain.count > 1 ? plain : text.split(whereSeparator: \.isNewline).map { TextFolding.collapsingWhitespace(String($0)) })
                .filter { !$0.isEmpty }.map(ArticleBlock.paragraph)
            #expect(ArticlePageExtractor.paragraphs(ofStated: text) == old, "\(Array(text.unicodeScalars))")
        }
        #expect(decided > 1000)
    }

    /// `CommonDateForms` with fractions of a second: whenever it reads a date, the general reader
    /// (`FeedDate.iso8601`, the pattern) reads the same instant, over dates built from valid and
    /// broken pieces.
    @Test func datesWithFractionsAreThePatterns() {
        var generator = SeededRandom(seed: 9105)
        let years = ["2023", "1999", "0999", "2024", "20x3"], months = ["01", "02", "11", "12", "13", "00"], days = ["01", "28", "29", "30", "31", "00"]
        let times = ["02:22:09", "23:59:60", "24:00:00", "00:00:00", "12:60:00", "1:2:3"]
        let fractions = ["", ".651", ".000", ".5", ".000000", ".", ",5", ".12345678901234567890", ".\u{0663}"]
        let zones = ["Z", "z", "+01:00", "-05:00", "+14:00", "+15:00", "-0700", "+09", "EET", "", "+1:00", "Z ", "+01:60"]
        var read = 0
        for _ in 0..<6000 {
            let text = years.randomElement(using: &generator)! + "-" + months.randomElement(using: &generator)! + "-"
                + days.randomElement(using: &generator)! + (Bool.random(using: &generator) ? "T" : " ") + times.randomElement(using: &generator)!
                + fractions.randomElement(using: &generator)! + zones.randomElement(using: &generator)!
            guard let date = CommonDateForms.parse(text) else { continue }
            read += 1
            #expect(FeedDate.iso8601(text) == date, "\(text)")
            #expect(FeedDate.parse(text) == date, "\(text)")
        }
        #expect(read > 100)
        #expect(CommonDateForms.parse("2023-11-07T02:22:09.651Z") == FeedDate.iso8601("2023-11-07T02:22:09.651Z"))
        #expect(CommonDateForms.parse("2023-11-07T02:00:00.000-05:00") != nil)
    }
}
