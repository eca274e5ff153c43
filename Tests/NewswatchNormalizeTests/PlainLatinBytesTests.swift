import Testing
@testable import NewswatchNormalize
import NewswatchTestSupport

/// `TextFolding.isFolded` reads plain Western text eight bytes at a time (`PlainLatinBytes`); its
/// answer must stay what it means: folding would leave the bytes as they are.
@Suite struct PlainLatinBytesTests {
    /// The answer byte by byte: nil unless each byte is printable ASCII or space, or a C3 80–BF pair
    /// inside the eight; else the spaces' high bits.
    static func expectedSpaces(_ chunk: [UInt8]) -> UInt64? {
        var index = 0, spaces: UInt64 = 0
        while index < 8 {
            let byte = chunk[index]
            if byte >= 0x20 && byte < 0x80 {
                if byte == 0x20 { spaces |= UInt64(0x80) << (8 * UInt64(index)) }
                index += 1
            } else if byte == 0xC3, index < 7, chunk[index + 1] >= 0x80, chunk[index + 1] < 0xC0 {
                index += 2
            } else {
                return nil
            }
        }
        return spaces
    }

    @Test func spacesAreExactlyTheSpaceBytes() {
        var generator = SeededRandom(seed: 8101)
        let bytes: [UInt8] = [0x00, 0x01, 0x09, 0x0A, 0x1F, 0x20, 0x20, 0x21, 0x41, 0x61, 0x7E, 0x7F, 0x80, 0xA4, 0xBF, 0xC0, 0xC2, 0xC3, 0xC3, 0xC3, 0xE2, 0xFF]
        var plain = 0, withLetters = 0
        for _ in 0..<200_000 {
            // Mostly plain pieces (letters, spaces, C3 pairs), now and then any byte at all.
            var chunk: [UInt8] = []
            while chunk.count < 8 {
                switch Int.random(in: 0..<10, using: &generator) {
                case 0..<4: chunk.append(UInt8.random(in: 0x21...0x7E, using: &generator))
                case 4, 5: chunk.append(0x20)
                case 6, 7: chunk += [0xC3, UInt8.random(in: 0x80...0xBF, using: &generator)]
                default: chunk.append(bytes.randomElement(using: &generator)!)
                }
            }
            chunk = Array(chunk.prefix(8))
            let word = chunk.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            let expected = Self.expectedSpaces(chunk)
            #expect(PlainLatinBytes.spaces(in: word) == expected, "\(chunk)")
            if expected != nil { plain += 1; if chunk.contains(0xC3) { withLetters += 1 } }
        }
        for text in ["abcdefgh", "Straße x", "äöüÄÖÜß ", " für die", "ü  abcde", "abcdefgä", "é\u{A0}abcd"] {
            let chunk = Array(Array(text.utf8).prefix(8))
            let word = chunk.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            #expect(PlainLatinBytes.spaces(in: word) == Self.expectedSpaces(chunk), "\(text)")
        }
        // Random bytes rarely make a plain word; enough of them must, with letters, for this to test.
        #expect(plain > 20_000 && withLetters > 10_000 && plain < 190_000, "\(plain) \(withLetters)")
    }

    /// Pieces that meet at every offset of an eight-byte word: spaces alone and doubled, white space
    /// that folds, non-ASCII letters, typographic and invisible characters, control bytes.
    static let pieces = ["a", "Wort", "Nachrichten", "Straße", "Größe", " ", "  ", "\t", "\n", "\r", "ä", "ß", "é", "—", "„", "…", "\u{00A0}",
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

    /// What folding means, scalar by scalar: invisible characters dropped, the typographic ones of
    /// `pieces` to ASCII, white space runs to one space, the ends trimmed.
    static func meaningOfFolding(_ text: String, typography: Bool) -> [UInt8] {
        let typographic: [Unicode.Scalar: String] = ["—": "-", "„": "\"", "…": "..."]
        var words: [String] = [], word = ""
        for scalar in text.unicodeScalars {
            if TextFolding.isInvisible(scalar) { continue }
            if TextFolding.isSpace(scalar) {
                if !word.isEmpty { words.append(word); word = "" }
            } else if typography, let folded = typographic[scalar] {
                word += folded
            } else {
                word.unicodeScalars.append(scalar)
            }
        }
        if !word.isEmpty { words.append(word) }
        return Array(words.joined(separator: " ").utf8)
    }

    @Test func foldingCopiesPlainWordsAsTheyAre() {
        var generator = SeededRandom(seed: 8103)
        let random = (0..<40_000).map { _ in
            (0..<Int.random(in: 0...24, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
        }
        for text in ["abcdefghijklmnop", "  abcdefgh  ijklmnop  ", "\tStraße über Größe\n", "a b c d e f g h i j k"] + random {
            let bytes = Array(text.utf8)
            for typography in [false, true] {
                let folded = bytes.withUnsafeBufferPointer { input in
                    [UInt8](unsafeUninitializedCapacity: input.count) { output, count in
                        count = TextFolding.foldBytes(input, into: output, typography: typography, composedOnly: false)!
                    }
                }
                #expect(folded == Self.meaningOfFolding(text, typography: typography), "\(bytes) typography \(typography)")
            }
        }
    }
}
