import Foundation
import Testing
@testable import NewswatchParse
import NewswatchNormalize

/// The word-at-a-time and `memchr` scans must answer as the byte-by-byte loops they replaced.
@Suite struct ByteScanTests {
    struct Draws {
        var state: UInt64
        mutating func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
    }

    /// The first occurrence by comparing at every position.
    static func naiveIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int, caseInsensitive: Bool) -> Int? {
        guard !needle.isEmpty, start <= haystack.count else { return nil }
        var position = start
        while position + needle.count <= haystack.count {
            var matches = haystack[position] == needle[0]
            var offset = 1
            while matches, offset < needle.count {
                var byte = haystack[position + offset]
                if caseInsensitive, byte >= 0x41, byte <= 0x5A { byte |= 0x20 }
                matches = byte == needle[offset]
                offset += 1
            }
            if matches { return position }
            position += 1
        }
        return nil
    }

    @Test func needleSearchFindsWhatComparingEveryPositionFinds() {
        var draws = Draws(state: 7)
        let alphabet = Array("<-/!]>sScCrRiIpPtT".utf8)
        let needles = ["-->", "]]>", "?>", "</script", "</style", "<", "--"].map { Array($0.utf8) }
        for _ in 0..<4000 {
            let haystack = (0..<(draws.next() % 40)).map { _ in alphabet[draws.next() % alphabet.count] }
            let needle = needles[draws.next() % needles.count]
            let start = draws.next() % (haystack.count + 1)
            let caseInsensitive = draws.next() % 2 == 0
            let found = haystack.withUnsafeBufferPointer { bytes in
                needle.withUnsafeBufferPointer { ByteNeedle.firstIndex(of: $0, in: bytes, from: start, caseInsensitive: caseInsensitive) }
            }
            #expect(found == Self.naiveIndex(of: needle, in: haystack, from: start, caseInsensitive: caseInsensitive))
        }
    }

    @Test func characterBoundIsTheCountOfCharacters() {
        var draws = Draws(state: 11)
        let pieces = ["a", "b", " ", "\r", "\n", "\r\n", "ä", "e\u{301}", "€", "🇩🇪", "x", "12345678"]
        for _ in 0..<3000 {
            let text = (0..<(draws.next() % 60)).map { _ in pieces[draws.next() % pieces.count] }.joined()
            let limit = draws.next() % 50
            #expect(UTF8Bytes.hasAtMost(limit, charactersIn: text) == (text.count <= limit), "\(text.debugDescription) \(limit)")
        }
    }

    @Test(arguments: ["FÃ¼r", "Ã", "abcÃ", "â€ž", "Für", "", "Ã\u{83}", "xxÂ yy", "ÃÃ", "plain"])
    func damageIsFoundAsByTheBytePairs(text: String) {
        let bytes = Array(text.utf8)
        let byPairs = zip(bytes, bytes.dropFirst()).contains { $0 == 0xC3 && ($1 == 0x83 || $1 == 0x82 || $1 == 0xA2) }
        #expect(MojibakeRepair.showsDamage(text) == byPairs)
    }
}
