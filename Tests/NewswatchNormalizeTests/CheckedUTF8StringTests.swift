import NewswatchTestSupport
import Testing
@testable import NewswatchNormalize

/// `CheckedUTF8String.make` must be `String(decoding:as:)`: the same String for valid UTF-8 (made
/// unchecked after `UTF8Validity`'s check), the standard library's repair for anything else.
@Suite struct CheckedUTF8StringTests {
    static func expectSame(_ bytes: [UInt8]) {
        let made = CheckedUTF8String.make(bytes)
        let reference = String(decoding: bytes, as: UTF8.self)
        #expect(made == reference, "\(bytes)")
        #expect(Array(made.utf8) == Array(reference.utf8), "\(bytes)")
        #expect(made.count == reference.count && made.unicodeScalars.count == reference.unicodeScalars.count, "\(bytes)")
        #expect(made.hashValue == reference.hashValue, "\(bytes)")
        #expect(made.lowercased() == reference.lowercased(), "\(bytes)")
        let content = bytes.withUnsafeBufferPointer { UTF8Validity.content(of: $0) }
        let valid = String(validating: bytes, as: UTF8.self) != nil
        #expect((content != nil) == valid, "\(bytes)")
        if valid { #expect((content == .ascii) == bytes.allSatisfy { $0 < 0x80 }, "\(bytes)") }
    }

    @Test func randomTextAndBytesMakeTheDecodedString() {
        let pieces: [[UInt8]] = [
            "a", "Text ", " ", "\n", "\r\n", "ä", "ß", "€", "„", "“", "–", "…", "e\u{301}", "🇩🇪", "中文", "\u{0}", "12345678", "\u{1F}",
        ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0x80]]
        var random = SeededRandom(seed: 0x5_7A1E)
        for _ in 0..<20_000 {
            let bytes = (0..<random.pick([0, 1, 2, 3, 5, 9, 20, 40])).flatMap { _ in random.pick(pieces) }
            Self.expectSame(bytes)
        }
    }

    /// Western text (two-byte letters among ASCII), with stray lead and continuation bytes and other
    /// sequences among them at every offset.
    @Test func westernTextWithStrayBytesMakesTheDecodedString() {
        let pieces: [[UInt8]] = ["Grüße ", "für", "ä", "ß", "«", "»", "\u{A0}", "é", "abc", "abcdefg", " ", "€", "„", "\u{BF}", "\u{C0}", "ÿ"]
            .map { Array($0.utf8) } + [[0xC2], [0xC3], [0x80], [0xBF], [0xC3, 0xC3], [0xC2, 0xC0], [0xC1, 0x80], [0xDF, 0xBF], [0xE2, 0x82]]
        var random = SeededRandom(seed: 0x1A71_4)
        for _ in 0..<30_000 {
            let bytes = (0..<random.pick([1, 3, 6, 10, 16, 30])).flatMap { _ in random.pick(pieces) }
            Self.expectSame(bytes)
        }
    }

    @Test func everyShortSequenceMakesTheDecodedString() {
        // Every one- and two-byte sequence, and three-byte ones around the edges of UTF-8's table.
        for first in 0...255 {
            Self.expectSame([UInt8(first)])
            for second in stride(from: 0, through: 255, by: 5) { Self.expectSame([UInt8(first), UInt8(second)]) }
        }
        for lead: UInt8 in [0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5] {
            for second: UInt8 in [0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0] {
                Self.expectSame([lead, second, 0x80])
                Self.expectSame([lead, second, 0x80, 0x80])
            }
        }
    }

    @Test func slicesAndEmptyBuffersMakeTheirStrings() {
        let bytes = Array("Grüße aus Köln".utf8)
        #expect(CheckedUTF8String.make(bytes[2..<9]) == String(decoding: bytes[2..<9], as: UTF8.self))
        #expect(CheckedUTF8String.make([UInt8]()) == "")
        #expect(CheckedUTF8String.make(UnsafeBufferPointer<UInt8>(start: nil, count: 0)) == "")
    }
}
