import Foundation
import NewswatchTestSupport
import Testing
@testable import NewswatchNormalize

/// `PageLine.PatternGates` looks for its words anywhere in a line only where `openingPairs` has the
/// line's two bytes: its gates must be those of the scan that asked at every byte (session 9's).
@Suite struct PatternGatePairTests {
    /// The gates as the scan at every byte set them.
    static func referenceGates(_ line: String) -> PageLine.PatternGates? {
        var copy = line
        return copy.withUTF8 { bytes -> PageLine.PatternGates? in
            // The first words are read as before; only the scan for words anywhere is the reference's.
            var gates = PageLine.PatternGates(String(decoding: bytes.prefix(0), as: UTF8.self))
            gates.setStartGates(of: bytes)
            gates.mayBePhotoViewer = false
            gates.mayBeShareBar = false
            var mentionsNewsletter = false
            for index in bytes.indices {
                func at(_ word: StaticString) -> Bool { UTF8Bytes.hasPrefix(bytes, word, at: index, caseInsensitive: true) }
                func then(_ letter: Unicode.Scalar) -> Bool { index + 1 < bytes.count && bytes[index + 1] | 0x20 == UInt8(ascii: letter) }
                switch bytes[index] | 0x20 {
                case UInt8(ascii: "n"):
                    if !mentionsNewsletter, then("e"), at("newsletter") { mentionsNewsletter = true }
                case UInt8(ascii: "d"):
                    if then("p"), at("dpa-infocom") { gates.furniturePatterns |= PageLine.PatternGates.dpaInfocomPatterns }
                case UInt8(ascii: "k"):
                    if then("o"), at("kommentare") { gates.furniturePatterns |= PageLine.PatternGates.commentPatterns }
                case UInt8(ascii: "c"):
                    if then("o"), at("comments") { gates.furniturePatterns |= PageLine.PatternGates.commentPatterns }
                case UInt8(ascii: "t"):
                    if then("e") && at("teilen") || then("w") && (at("twitter") || at("tweet")) { gates.mayBeShareBar = true }
                case UInt8(ascii: "s"):
                    if then("h"), at("share") { gates.mayBeShareBar = true }
                case UInt8(ascii: "f"):
                    if then("a"), at("facebook") { gates.mayBeShareBar = true }
                case UInt8(ascii: "w"):
                    if then("h"), at("whatsapp") { gates.mayBeShareBar = true }
                case UInt8(ascii: "p"):
                    if then("i"), at("pinterest") { gates.mayBeShareBar = true }
                case UInt8(ascii: "l"):
                    if then("i"), at("linkedin") { gates.mayBeShareBar = true }
                case UInt8(ascii: "("):
                    if UTF8Bytes.hasPrefix(bytes, "(Foto)", at: index) { gates.mayBePhotoViewer = true }
                case 0xE2, 0xE4, 0xE5:
                    if PageLine.PatternGates.lookalikes.contains(where: { UTF8Bytes.hasPrefix(bytes, $0, at: index) }) { return nil }
                default:
                    break
                }
            }
            if mentionsNewsletter {
                if PageLine.PatternGates.newsletterVerbs.contains(where: { UTF8Bytes.contains(bytes, $0, caseInsensitive: true) }) {
                    gates.furniturePatterns |= 1 << 9
                }
            } else {
                gates.furniturePatterns &= ~PageLine.PatternGates.newsletterPatterns
            }
            return gates
        }
    }

    static func same(_ line: String) -> Bool {
        let gates = PageLine.PatternGates(line)
        // A line with a lookalike opens every gate (`PatternGates()`), which the reference says as nil.
        guard let reference = referenceGates(line) else {
            return gates.mayBeRelatedLabel && gates.mayBeTopics && gates.mayBeByline && gates.mayBePhotoViewer
                && gates.mayBeShareBar && gates.furniturePatterns == UInt32.max
        }
        return gates.mayBeRelatedLabel == reference.mayBeRelatedLabel && gates.mayBeTopics == reference.mayBeTopics
            && gates.mayBeByline == reference.mayBeByline && gates.mayBePhotoViewer == reference.mayBePhotoViewer
            && gates.mayBeShareBar == reference.mayBeShareBar && gates.furniturePatterns == reference.furniturePatterns
    }

    @Test func gatesAreTheScanAtEveryBytesOnRandomLines() {
        let pieces = PatternGateRoundFiveTests.pieces + [
            "(Foto)", "(FOTO)", "(foto)", "\u{08}Foto)", "Bild (Foto) Suche", "N", "E", "ne", "Ne", "nE", "dp", "ko", "co", "te", "tw",
            "sh", "fa", "wh", "pi", "li", "LinkedIn", "Pinterest", "WhatsApp", "Tweet", "\u{C4}", "Ġ", "Ŀ", "ÿ", "€", "„", "–",
            "\u{0130}x", "x\u{0131}", "\u{017F}", "\u{212A}", "k", "K", "news", "dpa", "Kommentar", "com", "t", "e", "(", "F",
        ]
        var random = SeededRandom(seed: 0x0A1E_5BA1)
        var opened = 0
        for _ in 0..<20_000 {
            var line = ""
            for _ in 0..<random.pick([1, 2, 3, 4, 6, 9]) {
                var piece = random.pick(pieces)
                if random.chance(0.2) { piece = piece.uppercased() } else if random.chance(0.2) { piece = piece.capitalized }
                line += piece
            }
            let gates = PageLine.PatternGates(line)
            if gates.mayBeShareBar || gates.mayBePhotoViewer || gates.furniturePatterns != 0 { opened += 1 }
            #expect(Self.same(line), "\(Array(line.unicodeScalars))")
        }
        #expect(opened > 5000)
    }

    /// Lines of random bytes below 0x80 and random scalars: every pair of bytes occurs.
    @Test func gatesAreTheScanAtEveryBytesOnRandomScalars() {
        var random = SeededRandom(seed: 0x9A1E)
        for _ in 0..<20_000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<random.pick([1, 2, 3, 5, 12, 30]) {
                let value = random.chance(0.8) ? UInt32(random.next() % 0x80) : UInt32(random.next() % 0x3000)
                if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
            }
            let line = String(scalars)
            #expect(Self.same(line), "\(Array(line.unicodeScalars))")
        }
    }
}

/// `PageLine.classify(folded:)` skips the folding of a line folded already: on such lines it answers
/// as `classify`, which folds first.
@Suite struct FoldedClassifyTests {
    @Test func foldedLinesAreClassifiedAsBefore() {
        var random = SeededRandom(seed: 0xF01D)
        var furniture = 0
        for _ in 0..<6000 {
            var raw = ""
            for _ in 0..<random.pick([1, 2, 3, 4, 6]) {
                raw += random.pick(PatternGateRoundFiveTests.pieces) + random.pick(["", " ", "  ", "\n", "\t", "\u{A0}", "\u{AD}"])
            }
            let line = TextFolding.collapsingWhitespace(raw)
            let answer = PageLine.classify(folded: line)
            if answer != .text { furniture += 1 }
            #expect(answer == PageLine.classify(raw), "\(raw.debugDescription)")
        }
        #expect(furniture > 500)
    }

    @Test func theFilterJudgesFoldedLinesAsBefore() {
        var random = SeededRandom(seed: 0xF11)
        for _ in 0..<800 {
            let blocks: [ArticleBlock] = (0..<random.pick([1, 2, 4])).map { _ in
                let line = TextFolding.collapsingWhitespace((0..<random.pick([1, 2, 3])).map { _ in random.pick(PatternGateRoundFiveTests.pieces) }.joined())
                return random.chance(0.2) ? .list([line, "Punkt"]) : .paragraph(line)
            }
            #expect(FurnitureFilter.clean(blocks, linesAreFolded: true) == FurnitureFilter.clean(blocks), "\(blocks)")
        }
    }
}
