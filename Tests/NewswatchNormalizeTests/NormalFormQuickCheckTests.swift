import Foundation
import NewswatchTestSupport
import Testing
@testable import NewswatchNormalize

/// The standard library's NFC quick check stands in front of Foundation's normalization for text
/// outside Latin and Cyrillic: its yes must always be text that Foundation leaves as it is, and the
/// canonical forms built on it must be the ones built on Foundation's normalization.
@Suite struct NormalFormQuickCheckTests {
    /// Scripts of news pages with the marks that make normalization work: Thai tone marks and vowels
    /// below, Arabic harakat and the madda/hamza that compose, Burmese vowel signs (U+102E composes
    /// with U+1025), Hangul syllables and conjoining jamo, kana and the voicing marks, Devanagari with
    /// nukta, Greek with tonos and the ano teleia, Hebrew points, CJK and its compatibility
    /// ideographs (which NFC replaces), combining marks in every order.
    static let pieces = [
        "ก", "ข", "ั", "ิ", "ุ", "ู", "่", "้", "๊", "็", "ไทย", "ภาษา", "ม", "ำ", "\u{0E4D}\u{0E32}",
        "ا", "ل", "م", "َ", "ِ", "ّ", "ٓ", "ٔ", "ٕ", "آ", "أ", "مرحبا", "\u{0627}\u{0653}", "\u{0648}\u{0654}",
        "မ", "ြ", "န", "မာ", "\u{1025}", "\u{102E}", "\u{1026}", "\u{1037}", "\u{103A}", "\u{1039}",
        "한", "국", "어", "\u{1100}", "\u{1161}", "\u{11A8}", "가", "각", "\u{AC00}\u{11A8}",
        "か", "が", "\u{3099}", "\u{309A}", "カ", "ハ", "\u{30AB}\u{3099}", "日本", "語", "。", "、",
        "क", "\u{093C}", "क़", "\u{0915}\u{093C}", "ि", "ी", "\u{0928}\u{093C}",
        "α", "ά", "\u{0301}", "\u{0308}", "\u{0344}", "\u{0387}", "\u{037E}", "ΐ", "ι\u{0308}\u{0301}",
        "ש", "\u{05BC}", "\u{05C1}", "\u{05B8}", "\u{FB2A}",
        "中", "文", "\u{F900}", "\u{2F800}", "\u{FA10}", "\u{212B}", "\u{2126}",
        "e", "a\u{0316}\u{0301}", "a\u{0301}\u{0316}", "\u{0323}", "\u{0302}", " ", "\u{00A0}", "„", "“", "–", "…",
        "\u{200B}", "\u{00AD}", "\u{FEFF}", "😀", "x", "Zurück", "\u{1F1E9}\u{1F1EA}",
    ]

    static func randomTexts(count: Int, seed: UInt64) -> [String] {
        var generator = SeededRandom(seed: seed)
        return (0..<count).map { _ in
            (0..<Int.random(in: 0...10, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
    }

    @Test func aYesIsTextThatFoundationLeavesAsItIs() {
        var yes = 0
        for text in Self.randomTexts(count: 6000, seed: 901) + Self.pieces where UnicodeNormalForm.isNFCByQuickCheck(text) {
            yes += 1
            #expect(Array(text.precomposedStringWithCanonicalMapping.utf8) == Array(text.utf8), "\(Array(text.unicodeScalars))")
        }
        // The check says yes to most of the text of these scripts, not only to Latin.
        #expect(yes > 1500)
        for text in ["日本語のテキスト。", "한국어 기사", "ภาษาไทย", "مرحبا بالعالم", "မြန်မာ", "Ελληνικά"] {
            #expect(UnicodeNormalForm.isNFCByQuickCheck(text), "\(text)")
        }
        for text in ["\u{1100}\u{1161}", "\u{AC00}\u{11A8}", "a\u{0301}", "\u{F900}", "\u{0387}", "a\u{0301}\u{0316}"] {
            #expect(!UnicodeNormalForm.isNFCByQuickCheck(text), "\(Array(text.unicodeScalars))")
        }
    }

    /// Every scalar of the Basic Multilingual Plane alone, and after a letter of its script's block
    /// (so that a mark that composes with the letter before it is asked with one): a yes is text
    /// that Foundation leaves as it is.
    @Test func everyScalarOfThePlaneAloneAndAfterALetter() {
        for value in UInt32(0x80)..<0x1_0000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let alone = String(scalar)
            if UnicodeNormalForm.passesStandardQuickCheck(alone) {
                #expect(Array(alone.precomposedStringWithCanonicalMapping.utf8) == Array(alone.utf8), "\(value)")
            }
            for base in ["a", "\u{0915}", "\u{0E01}", "\u{1025}", "\u{3046}", "\u{30A6}", "\u{0627}", "\u{0648}", "\u{AC00}", "\u{1100}", "\u{05E9}", "\u{03B1}"] {
                let pair = base + alone
                if UnicodeNormalForm.passesStandardQuickCheck(pair) {
                    #expect(Array(pair.precomposedStringWithCanonicalMapping.utf8) == Array(pair.utf8), "\(Array(pair.unicodeScalars))")
                }
            }
        }
    }

    /// Every scalar that Foundation decomposes, of every plane, decomposed again: a yes for the
    /// decomposed text is text that Foundation leaves as it is (so no pair that Foundation composes
    /// passes), and the conjoining jamo go to Foundation.
    @Test func everyDecompositionFoundationComposes() {
        for value in UInt32(0xC0)..<0x11_0000 {
            guard let scalar = Unicode.Scalar(value), scalar.properties.generalCategory != .unassigned else { continue }
            let decomposed = String(scalar).decomposedStringWithCanonicalMapping
            guard decomposed.unicodeScalars.count > 1 else { continue }
            if UnicodeNormalForm.passesStandardQuickCheck(decomposed) {
                #expect(Array(decomposed.precomposedStringWithCanonicalMapping.utf8) == Array(decomposed.utf8), "\(value)")
            }
        }
        #expect(!UnicodeNormalForm.passesStandardQuickCheck("\u{1100}\u{1176}"))
        #expect(!UnicodeNormalForm.passesStandardQuickCheck("\u{A960}") && !UnicodeNormalForm.passesStandardQuickCheck("x\u{D7B0}"))
        #expect(UnicodeNormalForm.passesStandardQuickCheck("\u{3131}\u{314F}"))
    }

    /// The canonical forms: `canonical` and the hash's `withCanonicalUTF8` equal folding Foundation's
    /// NFC by the scalar definition, and `haveSameCanonicalForm` agrees with comparing them.
    @Test func canonicalFormsAreFoundationsNormalizationFolded() {
        let texts = Self.randomTexts(count: 4000, seed: 902) + Self.pieces
        var scratch: [UInt8] = []
        for text in texts {
            let expected = ByteLevelEquivalenceTests.referenceFold(text.precomposedStringWithCanonicalMapping, typography: true)
            #expect(TextFolding.canonical(text) == expected, "\(Array(text.unicodeScalars))")
            let hashed = TextFolding.withCanonicalUTF8(text, scratch: &scratch) { Array($0) }
            #expect(hashed == Array(expected.utf8), "\(Array(text.unicodeScalars))")
        }
        for (first, second) in zip(texts, texts.dropFirst()) {
            #expect(TextFolding.haveSameCanonicalForm(first, second) == (TextFolding.canonical(first) == TextFolding.canonical(second)))
        }
    }
}
