import Testing
@testable import NewswatchRules

/// The matcher's byte tokenizer (ASCII fast path, folding tables, UTF-8 decoding) against the
/// definition it implements: scalar by scalar, ASCII letters lower-cased, digits kept, other ASCII
/// separating, and every other scalar folded by the general rule.
@Suite struct WordTokenizerTests {
    static func reference(_ text: String) -> [String] {
        var words: [String] = []
        var word = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let value = scalar.value
                if (0x41...0x5A).contains(value) {
                    word.unicodeScalars.append(Unicode.Scalar(value + 32)!)
                } else if (0x61...0x7A).contains(value) || (0x30...0x39).contains(value) {
                    word.unicodeScalars.append(scalar)
                } else if !word.isEmpty {
                    words.append(word)
                    word = ""
                }
                continue
            }
            switch WordFolding.foldOther(scalar) {
            case .mark: continue
            case .separator:
                if !word.isEmpty {
                    words.append(word)
                    word = ""
                }
            case .letters(let letters): word += letters
            }
        }
        if !word.isEmpty { words.append(word) }
        return words
    }

    @Test func agreesWithScalarFoldingOnRandomText() {
        var random = MatcherAgreesWithReferenceTests.Generator(state: 7_350_113)
        // ASCII of every kind, Latin letters with and without decomposition, marks, the soft hyphen,
        // typographic punctuation and format characters (joiners are marks), other scripts, emoji.
        let pieces: [String] = [
            "a", "Z", "q", "M", "0", "7", " ", "-", ".", "@", "[", "`", "{", "\u{7F}", "\u{01}", "\n", "'",
            "ä", "Ö", "ü", "ß", "ẞ", "é", "È", "ç", "ñ", "ø", "Ł", "æ", "Œ", "þ", "ı", "İ", "ǅ", "ɐ", "ʼ",
            "\u{0308}", "\u{0301}", "\u{00AD}", "\u{00A0}", "«", "»", "¿", "²", "½", "µ", "×",
            "„", "“", "”", "‚", "‘", "’", "–", "—", "…", "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{2063}",
            "‰", "⁴", "ⁿ", "€", "™", "Ω", "ά", "Ж", "ё", "ع", "中", "ｶ", "Ａ", "😀", "👍🏽", "𝔄", "\u{1F1E9}\u{1F1EA}",
            "Flüchtlinge", "STRASSE", "Ukraine-Front", "Kraków", "Café-Crème",
        ]
        for _ in 0..<3_000 {
            let length = Int.random(in: 0...12, using: &random)
            let text = (0..<length).map { _ in pieces.randomElement(using: &random)! }.joined()
            #expect(WordFolding.words(text) == Self.reference(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func everyScalarOfTheTablesFoldsAsTheGeneralRule() {
        for value in Array(0x80..<0x250) + Array(0x2000..<0x2070) {
            let text = "a\(Unicode.Scalar(UInt32(value))!)b"
            #expect(WordFolding.words(text) == Self.reference(text), "U+\(String(value, radix: 16))")
        }
    }
}

/// The eight-bytes-at-a-time path of the tokenizer (runs of ASCII) and the hash it hands out.
@Suite struct WordBlockTokenizerTests {
    @Test func asciiRunsAtEveryAlignmentAgreeWithScalarFolding() {
        var random = MatcherAgreesWithReferenceTests.Generator(state: 5_150_777)
        let ascii = (0..<128).map { String(Unicode.Scalar(UInt8($0))) }
        let words = ["Ukraine", "STRASSE", "a", "Zz9", "0", "Bundesverfassungsgericht", "x86", "AbCdEfGhIjKlMnOp", "Flüchtlinge", "São"]
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...24, using: &random) {
                text += Bool.random(using: &random) ? ascii.randomElement(using: &random)! : words.randomElement(using: &random)!
            }
            #expect(WordFolding.words(text) == WordTokenizerTests.reference(text), "\(Array(text.utf8))")
        }
    }

    @Test func theTokenizersHashIsTheInternersHash() {
        var random = MatcherAgreesWithReferenceTests.Generator(state: 42)
        var hashes = Set<UInt64>()
        for length in 1...40 {
            for _ in 0..<20 {
                let text = String((0..<length).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789".randomElement(using: &random)! })
                WordFolding.scanWords(in: text) { word, hash in
                    #expect(hash == WordInterner.hash(word))
                    hashes.insert(hash)
                }
                // Words that differ only after their first eight bytes, or in length, hash apart.
                let longer = Array((text + "q").utf8)
                longer.withUnsafeBufferPointer { hashes.insert(WordInterner.hash($0)) }
            }
        }
        #expect(hashes.count > 1_500)
    }
}
