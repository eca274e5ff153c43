import Foundation
import NewswatchTestSupport
import Testing
@testable import NewswatchNormalize

/// The byte-level fast paths must give the answers of the slower code they stand in front of.
@Suite struct ByteLevelEquivalenceTests {
    /// Text mixing what folding treats specially: spaces of every kind, invisibles, typographic
    /// punctuation, decomposed letters, letters that NFC composes, the long s and the Kelvin sign.
    static let pieces = [
        "a", "Zurück", "Zuru\u{0308}ck", " ", "  ", "\t", "\n", "\r\n", "\u{00A0}", "\u{202F}", "\u{2007}", "\u{3000}",
        "\u{00AD}", "\u{200B}", "\u{FEFF}", "„", "“", "–", "—", "…", "«", "»", "‚", "’", "€", "™", "e\u{0301}",
        "\u{212B}", "\u{212A}", "\u{017F}", "ß", "Привет", "中文", "😀", "Ä", "A\u{0308}", "\u{0301}", "x",
    ]

    static func randomTexts(count: Int, seed: UInt64) -> [String] {
        var generator = SeededRandom(seed: seed)
        return (0..<count).map { _ in
            (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
    }

    @Test func foldingMatchesTheScalarDefinition() {
        for text in Self.randomTexts(count: 3000, seed: 7) + Self.pieces {
            #expect(TextFolding.canonical(text) == Self.referenceFold(text.precomposedStringWithCanonicalMapping, typography: true), "\(Array(text.unicodeScalars))")
            #expect(TextFolding.collapsingWhitespace(text) == Self.referenceFold(text, typography: false), "\(Array(text.unicodeScalars))")
        }
    }

    @Test func theNFCQuickCheckNeverPassesTextThatNormalizationChanges() {
        for text in Self.randomTexts(count: 3000, seed: 11) where UnicodeNormalForm.isNFCByQuickCheck(text) {
            #expect(Array(text.precomposedStringWithCanonicalMapping.utf8) == Array(text.utf8))
        }
        #expect(UnicodeNormalForm.isNFCByQuickCheck("„Zurück“ – 5 € … ™"))
        #expect(!UnicodeNormalForm.isNFCByQuickCheck("Zuru\u{0308}ck"))
    }

    /// Every line that a pattern matches passes that pattern's gate, in any letter case.
    @Test(arguments: [
        "Lesen Sie auch: Folter", "LESEN SIE MEHR:", "Das könnte Sie auch interessieren", "Read more: x", "See also", "Related",
        "Themen: A, B", "Schlagwörter: x", "TAGS", "Erstellt von Anna - 09.12.2024 10:15 Uhr", "Bild (Foto) Suche",
        "Folgen Sie News.de bei WhatsApp", "Follow us on X", "Beliebteste Artikel Aktuell:", "Meistgelesen", "Most popular:",
        "Alle aktuellen Infos lesen Sie hier.", "Anzeige", "WERBUNG", "Zurück zur Startseite", "Back to top",
        "Jetzt den Newsletter abonnieren", "Der Newsletter: jetzt anmelden", "Sign up for our daily newsletter",
        "© dpa-infocom, dpa:241209", "(c) dpa-infocom", "12 Kommentare (3)", "Comments", "Copyright 2024 X. All rights reserved.",
        "© 2024 Verlag", "Stand: 13.12.2024 09:41 Uhr", "Lesezeit: 4 Minuten", "Reading time 5 min", "Artikel anhören",
        "Vorlesen", "Listen to this article", "Mehr Artikel aus Berlin:", "Weitere News von dpa", "Artikel teilen:",
        "Share on Facebook Twitter", "Teilen | Tweet | E-Mail", "Erfahren Sie hier mehr über die journalistischen Standards",
        "leſen ſie auch: x", "Themen\u{212A}", "\u{212A}ommentare", "Share on FACEBOOK",
    ])
    func gatesStayOpenForMatchingLines(line: String) {
        let gates = PageLine.PatternGates(line)
        let lower = line.lowercased()
        var matched = 0
        if line.wholeMatch(of: PageLine.Patterns.relatedLabel) != nil { matched += 1; #expect(gates.mayBeRelatedLabel) }
        if line.wholeMatch(of: PageLine.Patterns.topics) != nil { matched += 1; #expect(gates.mayBeTopics) }
        if line.wholeMatch(of: PageLine.Patterns.byline) != nil { matched += 1; #expect(gates.mayBeByline) }
        if line.wholeMatch(of: PageLine.Patterns.photoViewer) != nil { matched += 1; #expect(gates.mayBePhotoViewer) }
        if PageLine.isShareBar(lower) { matched += 1; #expect(gates.mayBeShareBar) }
        if PageLine.Patterns.furniture.contains(where: { lower.wholeMatch(of: $0) != nil }) { matched += 1; #expect(gates.mayBeFurniture) }
        // The lookalike lines (long s, Kelvin sign) are here for their gates; the patterns themselves
        // may not take them.
        if matched > 0 { #expect(PageLine.classify(line) != .text) }
    }

    @Test func ordinaryTextClosesEveryGate() {
        let gates = PageLine.PatternGates("Die Bundesregierung beschließt am Montag in Berlin mehr Geld für Schulen.")
        #expect(!gates.mayBeRelatedLabel && !gates.mayBeTopics && !gates.mayBeByline && !gates.mayBePhotoViewer)
        #expect(!gates.mayBeShareBar && !gates.mayBeFurniture)
    }

    @Test func shareTriggerBytesAreTheShareTriggers() {
        #expect(Set(PageLine.shareTriggerWords.map(\.description)) == PageLine.shareTriggers)
    }

    @Test func boundedCharacterCountsAgreeWithCount() {
        for text in Self.randomTexts(count: 2000, seed: 3) {
            for limit in [0, 1, 3, 8, 20] {
                #expect(UTF8Bytes.hasAtMost(limit, charactersIn: text) == (text.count <= limit))
            }
        }
    }

    @Test func trimmingIsSkippedOnlyWhereThereIsNothingToTrim() {
        for text in Self.randomTexts(count: 2000, seed: 5) + ["a b", " a", "a\n", "x"] where UTF8Bytes.hasNoSpaceToTrim(text) {
            #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == text)
        }
    }

    @Test func kickerSeparatorIsFoundationsFirstColonSpace() {
        for title in ["Putin: Schock", "a: b: c", "kein Doppelpunkt", "a:b", "a: \u{0301}b: c", "ends with: ", ":"] {
            #expect(TitleShape.kickerSeparator(in: title) == title.range(of: ": "), "\(title)")
        }
    }

    /// The folding as first written, scalar by scalar: the definition the byte loop must keep.
    static func referenceFold(_ text: String, typography: Bool) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if TextFolding.isInvisible(scalar) { continue }
            var folded: String?
            if typography {
                switch scalar.value {
                case 0x201C, 0x201D, 0x201E, 0x201F, 0x00AB, 0x00BB, 0x2033, 0x2036, 0x275D, 0x275E, 0x301D, 0x301E, 0xFF02: folded = "\""
                case 0x2018, 0x2019, 0x201A, 0x201B, 0x2039, 0x203A, 0x2032, 0x2035, 0x275B, 0x275C, 0xFF07: folded = "'"
                case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: folded = "-"
                case 0x2026: folded = "..."
                default: folded = nil
                }
            }
            let isSpace = scalar.properties.isWhitespace || scalar == "\u{00A0}" || scalar == "\u{202F}" || scalar == "\u{2007}"
            if folded == nil, isSpace {
                pendingSpace = true
                continue
            }
            if pendingSpace, !out.isEmpty { out.append(" ") }
            pendingSpace = false
            out.append(contentsOf: (folded ?? String(scalar)).unicodeScalars)
        }
        return String(out)
    }
}
