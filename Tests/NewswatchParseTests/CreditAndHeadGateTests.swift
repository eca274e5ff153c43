import Foundation
import NewswatchNormalize
import NewswatchTestSupport
import Testing
@testable import NewswatchParse

/// Session 8's byte shortcuts of the page head: `CreditLine` against `HTMLBlockReader.creditLine`,
/// and `PageHeadGates` against the byline and date patterns they stand in front of.
@Suite struct CreditAndHeadGateTests {
    static let creditPieces = [
        "Foto:", "Foto :", "Foto  :", "Fotos:", "Bild:", "Bild", "Bildquelle:", "Quelle:", "Photo:", "Image:", "Credit:", "Credit",
        "©", "© ", ":", " ", " ", " ", "  ", "dpa", "Reuters", "Die Kanzlerin", "café", "Äußerung", "中文", "\u{212A}", "x", ".",
        "(Foto) Suche", "foto:", "FOTO:", "Bild:dpa", "Fotograf",
    ]
    /// Pieces that leave the line to the pattern: combining marks, emoji, white space but the space.
    static let rareCreditPieces = ["e\u{0301}", "\u{0301}", "\t", "\u{00A0}", "\u{2009}", "\n", "\r\n", "👍🏽", "\u{0085}"]

    static func randomLines(_ pieces: [String], rare: [String] = [], count: Int, seed: UInt64, length: [Int] = [1, 2, 3, 4, 6, 9]) -> [String] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in
            (0..<random.pick(length)).map { _ in !rare.isEmpty && random.chance(0.05) ? random.pick(rare) : random.pick(pieces) }.joined()
        }
    }

    /// Where the bytes decide, they find the pattern's match with the same groups.
    @Test func creditLineOnBytesAgreesWithThePattern() {
        var decided = 0
        var matches = 0
        let fixed = ["Foto: dpa", "Ein Bild Foto: dpa", "Bild:", "Bild: ", "© x", "a © b © c", "Foto:  ", "x Foto :y", "Bildquelle: a", "a  Quelle:  b"]
        for line in fixed + Self.randomLines(Self.creditPieces, rare: Self.rareCreditPieces, count: 8000, seed: 0xC4ED_17) {
            guard let found = CreditLine.match(line) else { continue }
            decided += 1
            let reference = line.wholeMatch(of: HTMLBlockReader.creditLine)
            switch found {
            case .none:
                #expect(reference == nil, "\(Array(line.unicodeScalars))")
            case .parts(let caption, let credit):
                matches += 1
                #expect(reference.map { $0.1.map(String.init) } == caption, "\(Array(line.unicodeScalars))")
                #expect(reference.map { String($0.2) } == credit, "\(Array(line.unicodeScalars))")
            }
        }
        #expect(decided > 4000 && matches > 1000)
    }

    /// `splitCredit` as it was (both patterns), for every line.
    @Test func splitCreditAgreesWithThePatterns() {
        for line in Self.randomLines(Self.creditPieces, rare: Self.rareCreditPieces, count: 6000, seed: 0x5917) {
            let (caption, credit) = HTMLBlockReader.splitCredit(line)
            let reference = Self.referenceSplitCredit(line)
            #expect(caption == reference.caption && credit == reference.credit, "\(Array(line.unicodeScalars))")
        }
    }

    static func referenceSplitCredit(_ text: String) -> (caption: String?, credit: String?) {
        var line = TextFolding.collapsingWhitespace(text)
        if let match = line.wholeMatch(of: HTMLBlockReader.photoViewerCaption) { line = String(match.1) }
        if let match = line.wholeMatch(of: HTMLBlockReader.creditLine) {
            let caption = (match.1.map(String.init) ?? "").trimmingSpaces()
            let credit = String(match.2).trimmingSpaces()
            return (caption.isEmpty ? nil : caption, credit.isEmpty ? nil : credit)
        }
        return (line.isEmpty ? nil : line, nil)
    }

    static let headPieces = [
        "Von ", "von ", "VON ", "By ", "by", "Text: ", "Autor: ", "author: ", "Author:", "Anna ", "Müller", "Smith", " und ", " and ", "& ",
        ", ", " | ", " - ", "dpa", "Aktualisiert: ", "Veröffentlicht ", "Updated ", "Stand: ", "am ", "Mo., ", "Montag, ", "Tue ",
        "4.", " 12.", "2024", "04.12.2024", "4. Dezember ", "December 4, ", "Dec ", "Mär ", "09:15", " Uhr", " PM", "um ", "at ",
        "١٢", "٢٠٢٤", "²", "½", "Ⅻ", "一", "\u{212A}", "ſ", "ı", "İ", "e\u{0301}", "\u{0301}", " ", "  ", "Die Regierung sagt", ".",
        "Vᴏn ", "Ｂy ", "３",
    ]

    /// A line the byline or a date pattern matches passes the gate in front of it.
    @Test func headGatesStayOpenForMatchingLines() {
        var bylines = 0
        var dates = 0
        for line in Self.randomLines(Self.headPieces, count: 12000, seed: 0x4EAD) + Self.dateShapedLines(count: 4000, seed: 0xDA7E) {
            if line.wholeMatch(of: PageArticleAssembly.byline) != nil {
                bylines += 1
                #expect(PageHeadGates.mayBeByline(line), "\(Array(line.unicodeScalars))")
            }
            if line.wholeMatch(of: PageArticleAssembly.dateLine) != nil || line.wholeMatch(of: PageArticleAssembly.namedDateLine) != nil {
                dates += 1
                #expect(PageHeadGates.mayBeDateLine(line), "\(Array(line.unicodeScalars))")
            }
        }
        #expect(bylines > 100 && dates > 100)
    }

    /// Lines in the shape of the date patterns (prefix, weekday, day, month, year, time), each part
    /// left out or swapped for another piece now and then.
    static func dateShapedLines(count: Int, seed: UInt64) -> [String] {
        let parts = [
            ["", "Aktualisiert: ", "Veröffentlicht ", "Updated ", "Stand: ", "am ", "Published: "],
            ["", "Mo., ", "Montag, ", "Tue ", "Sat, "],
            ["4.", "04.", "12/", "2024-", "١٢.", "３.", "4 ", "December ", "0.", "00/"],
            ["12.", "Dezember ", "Dec ", "Mär ", "mai ", "06-", "4, ", "0.", "00-"],
            ["2024", "24", "2024, ", "٢٠٢٤", "1999", "00", "0000"],
            ["", " 09:15", " um 9.15 Uhr", ", 9:15 PM", " at 21:15", "09:15 h"],
        ]
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in
            parts.map { choices in random.chance(0.1) ? random.pick(Self.headPieces) : random.pick(choices) }.joined()
        }
    }

    /// `isHeadNoise` answers, and takes authors, as when every pattern was asked.
    @Test func headNoiseAgreesWithEveryPatternAsked() {
        var assembly = PageArticleAssembly(parts: [], description: nil)
        var authors: [String] = []
        for line in Self.randomLines(Self.headPieces, count: 4000, seed: 0x4015E) + Self.dateShapedLines(count: 1000, seed: 0x4016) {
            var reference = false
            if UTF8Bytes.hasAtMost(FurnitureFilter.maximumFurnitureLengthForTeaser, charactersIn: line), PageLine.classify(line) != .text {
                reference = true
            } else if line.count <= 120, let match = line.wholeMatch(of: PageArticleAssembly.byline) {
                if !authors.contains(String(match.1)) { authors.append(String(match.1)) }
                reference = true
            } else if line.count <= 80,
                      line.wholeMatch(of: PageArticleAssembly.dateLine) != nil || line.wholeMatch(of: PageArticleAssembly.namedDateLine) != nil {
                reference = true
            } else {
                reference = PageStampLines.isStamp(line) || PageStampLines.isCopyright(line)
            }
            #expect(assembly.isHeadNoise(line) == reference, "\(Array(line.unicodeScalars))")
        }
        #expect(assembly.authors == authors)
    }
}
