import Testing
@testable import NewswatchNormalize
import NewswatchTestSupport

/// The byte-level paths of parse-speed5b (`PageLine.lowercase`, the canonical comparison and the
/// canonical bytes) held to the String code they stand in front of.
@Suite struct ByteFoldingTests {
    /// Text in the shapes news lines take: ASCII words, Latin-1 letters and capitals, typographic
    /// quotes and dashes, white space of every kind, invisible and combining characters, scalars whose
    /// lower case is longer or outside Latin-1 (İ, Σ, ǅ, Kelvin sign).
    static let pieces = [
        "Wort", "KÖLN", "Straße", "ÀÉÎÕÜ", "×", "Þ", "ÿ", "µ", "„Zitat“", "–", "…", " ", "  ", "\t", "\n", "\u{00A0}",
        "\u{2009}", "\u{00AD}", "\u{200B}", "e\u{0301}", "\u{0308}", "İSTANBUL", "ΟΔΟΣ", "ǅ", "\u{212A}", "ſ", "Ж", "€",
        "\u{1F}", "'", "«", "»", "A", "z", ":", "\u{FEFF}", "한국", "😀",
    ]

    static func randomLines(_ count: Int) -> [String] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
    }

    @Test func lowercaseIsLowercased() {
        for line in Self.pieces + Self.randomLines(5000) {
            #expect(Array(PageLine.lowercase(line).utf8) == Array(line.lowercased().utf8), "\(line.unicodeScalars.map(\.value))")
        }
        for value in UInt32(0)...0x2FFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let line = "a" + String(scalar) + "B"
            #expect(Array(PageLine.lowercase(line).utf8) == Array(line.lowercased().utf8), "U+\(String(value, radix: 16))")
        }
    }

    @Test func latinTitleShapeAgreesWithTheCharacters() {
        let pieces = ["Putin", " ", "  ", ".", "!", "ü", "Ä", "ß", "ÿ", "×", "À", "e\u{0301}", "ü\u{0308}", "„", "«", "\r", "x", "Köln", "Straßenbahn"]
        var generator = SeededRandom(seed: 7101)
        func text() -> String { (0..<Int.random(in: 0...16, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined() }
        var decided = 0
        for _ in 0..<6000 {
            let kicker = text(), headline = text()
            if let shape = TitleShape.asciiShape(kicker: kicker, headline: headline) {
                if kicker.utf8.contains(0xC3) || headline.utf8.contains(0xC3) { decided += 1 }
                #expect(shape == ByteLevelShapeTests.referenceShape(kicker: kicker, headline: headline), "\(kicker) | \(headline)")
            }
        }
        #expect(decided > 100)
        #expect(TitleShape.split("Ärger für Müller: Schock für den Präsidenten").kicker == "Ärger für Müller")
        #expect(TitleShape.split("Sehr lange Überschrift mit sieben Wörtern davor: und danach").kicker == nil)
    }

    @Test func canonicalComparisonAndBytesAreCanonical() {
        let lines = Self.randomLines(3000)
        var scratch: [UInt8] = []
        for (index, line) in lines.enumerated() {
            let canonical = TextFolding.canonical(line)
            #expect(TextFolding.withCanonicalUTF8(line, scratch: &scratch) { Array($0) } == Array(canonical.utf8))
            for other in [lines[(index + 1) % lines.count], canonical, line + " ", " " + line, TextFolding.collapsingWhitespace(line)] {
                #expect(TextFolding.haveSameCanonicalForm(line, other) == (canonical == TextFolding.canonical(other)))
            }
        }
    }
}
