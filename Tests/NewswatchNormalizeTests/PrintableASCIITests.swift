import Testing
@testable import NewswatchNormalize
import NewswatchTestSupport

/// `TextFolding.isFolded` reads printable ASCII eight bytes at a time (`PrintableASCII`); its answer
/// must stay what it means: folding would leave the bytes as they are.
@Suite struct PrintableASCIITests {
    @Test func spacesAreExactlyTheSpaceBytes() {
        var generator = SeededRandom(seed: 8101)
        let bytes: [UInt8] = [0x00, 0x01, 0x09, 0x0A, 0x1F, 0x20, 0x21, 0x41, 0x7E, 0x7F, 0x80, 0xC3, 0xFF]
        for _ in 0..<50_000 {
            let chunk = (0..<8).map { _ in bytes.randomElement(using: &generator)! }
            let word = chunk.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            let expected: UInt64? = chunk.allSatisfy { $0 >= 0x20 && $0 < 0x80 }
                ? chunk.enumerated().reduce(UInt64(0)) { $0 | ($1.element == 0x20 ? UInt64(0x80) << (8 * UInt64($1.offset)) : 0) }
                : nil
            #expect(PrintableASCII.spaces(in: word) == expected, "\(chunk)")
        }
    }

    /// Pieces that meet at every offset of an eight-byte word: spaces alone and doubled, white space
    /// that folds, non-ASCII letters, typographic and invisible characters, control bytes.
    static let pieces = ["a", "Wort", "Nachrichten", " ", "  ", "\t", "\n", "\r", "ä", "ß", "é", "—", "„", "…", "\u{00A0}",
                         "\u{00AD}", "\u{200B}", "\u{01}", "\u{7F}", "e\u{0301}", "Ж", "😀", ".", "x"]

    @Test func foldedMeansFoldingChangesNothing() {
        var generator = SeededRandom(seed: 8102)
        var folded = 0, checked = 0
        let fixed = ["", " ", "abcdefgh", " abcdefg", "abcdefg ", "abcdefg  hijklmno", "abcdefg hijklmno", "abcdefgh ijklmnop",
                     "abcdefgh  ijklmnop", "abcdefg\u{20}\u{20}", "abcdefghijklmnop ", "a b c d e f g h i j", "a b  c d e f g h",
                     "Sie sagte: „Nein“ und ging.", "0123456\t89abcdef"]
        let random = (0..<40_000).map { _ in
            (0..<Int.random(in: 0...24, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
        }
        for text in fixed + random {
            let bytes = Array(text.utf8)
            for typography in [false, true] {
                let unchanged = bytes.withUnsafeBufferPointer { input in
                    [UInt8](unsafeUninitializedCapacity: input.count) { output, count in
                        count = TextFolding.foldBytes(input, into: output, typography: typography, composedOnly: false)!
                    } == Array(input)
                }
                let answer = bytes.withUnsafeBufferPointer { TextFolding.isFolded($0, typography: typography) }
                if text.isEmpty {
                    #expect(answer == false)
                } else {
                    #expect(answer == unchanged, "\(Array(text.utf8)) typography \(typography)")
                }
                if answer { folded += 1 }
                checked += 1
            }
        }
        // Both answers must have been asked about often enough for the check to mean something.
        #expect(folded > 5_000 && checked - folded > 5_000, "\(folded) of \(checked)")
    }
}
