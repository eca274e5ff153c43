/// Eight bytes at a time, read as one little-endian word: the questions the folding loops ask of
/// every byte of ASCII text, answered for a whole word with no branch per byte.
enum PrintableASCII {
    private static let high: UInt64 = 0x8080_8080_8080_8080
    private static let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// Nil unless every byte of `word` is U+0020–U+007F; otherwise the high bit of each byte that is
    /// a space (0x20), and no other bit. Exact per byte: no carry crosses from one byte to the next.
    @inline(__always)
    static func spaces(in word: UInt64) -> UInt64? {
        // A byte below 0x80 plus 0x60 reaches 0x80 exactly when it is 0x20 or more, and stays
        // below 0x100; so with no high bit set anywhere, a clear high bit marks a control byte.
        guard word & high == 0, (word &+ 0x6060_6060_6060_6060) & high == high else { return nil }
        // Bytes equal to 0x20 become zero; a zero byte is the one whose low seven bits plus 0x7F
        // leave its high bit clear (and which had no high bit of its own).
        let flipped = word ^ 0x2020_2020_2020_2020
        return ~((flipped & low) &+ low | flipped) & high
    }
}
