/// Eight bytes of UTF-8 at a time, read as one little-endian word: the questions the folding loops
/// ask of every byte of plain Western text, answered for a whole word with no branch per byte.
enum PlainLatinBytes {
    private static let high: UInt64 = 0x8080_8080_8080_8080
    private static let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// The high bit of each byte of `word` equal to `byte`, and no other bit. Exact per byte: no
    /// carry crosses from one byte to the next.
    @inline(__always)
    private static func bytes(of word: UInt64, equalTo byte: UInt8) -> UInt64 {
        // A zero byte is the one whose low seven bits plus 0x7F leave its high bit clear, and which
        // had no high bit of its own.
        let flipped = word ^ (UInt64(byte) &* 0x0101_0101_0101_0101)
        return ~((flipped & low) &+ low | flipped) & high
    }

    /// Nil unless every byte of `word` is printable ASCII or space (U+0020–U+007F), or one of a pair
    /// C3 80–C3 BF (U+00C0–U+00FF: `ä`, `é`, `ß`) that lies wholly inside the word; otherwise the high
    /// bit of each byte that is a space (0x20), and no other bit.
    @inline(__always)
    static func spaces(in word: UInt64) -> UInt64? {
        let highBytes = word & high
        if highBytes != 0 {
            let leads = bytes(of: word, equalTo: 0xC3)
            // Every byte from 0x80 up is a C3 or the byte after one, that byte is below 0xC0, and no
            // C3 stands last (its partner would be in the next word).
            guard leads >> 63 == 0, highBytes == leads | leads << 8, word & (leads << 7) == 0 else { return nil }
        }
        // Low seven bits plus 0x60 reach 0x80 exactly when a byte below 0x80 is 0x20 or more.
        let printable = ((word & low) &+ 0x6060_6060_6060_6060) & high
        guard printable | highBytes == high else { return nil }
        return bytes(of: word, equalTo: 0x20)
    }
}
