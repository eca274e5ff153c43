/// A quick test for text that Unicode normalization would leave as it is, so the costly
/// normalization (Foundation's) runs only for the rare text that may need it.
enum UnicodeNormalForm {
    /// Scalars that are NFC whatever stands around them: canonical combining class 0, no canonical
    /// decomposition that NFC keeps apart, and none that composes with a scalar before it (checked
    /// against the Unicode data, every pair included). Latin (with all of Latin-1 and Latin
    /// Extended), Cyrillic, general punctuation (typographic quotes, dashes, `…`), currency symbols
    /// (`€`), letterlike symbols (`™`), arrows and mathematical operators.
    static func isAlwaysNFC(_ value: UInt32) -> Bool {
        value < 0x0300 || (0x0400...0x0482).contains(value) || (0x2002...0x20C0).contains(value)
            || (0x2100...0x2125).contains(value) || (0x212C...0x2328).contains(value)
    }

    /// True when every scalar of `text` is one that is NFC in any context, or when the standard
    /// library's NFC quick check answers yes (`passesStandardQuickCheck`): then `text` is NFC. False
    /// says only that the full normalization must decide.
    static func isNFCByQuickCheck(_ text: String) -> Bool {
        hasOnlyAlwaysNFCScalars(text) || passesStandardQuickCheck(text)
    }

    /// Unicode's NFC quick check (UAX #15) as the standard library makes it: every scalar's
    /// NFC_Quick_Check is Yes and the combining marks after each starter are in canonical order. Its
    /// yes means the text is NFC. `isAlwaysNFC` stops at the first scalar outside Latin, Cyrillic and
    /// the common symbols: the lines of pages in Chinese, Japanese, Korean, Arabic, Thai or Burmese
    /// went to Foundation's normalization (5.9 M instructions a pass over the real pages), which
    /// leaves them as they are.
    ///
    /// Text with a conjoining jamo (U+1100–U+11FF, U+A960–A97F, U+D7B0–D7FF; lead bytes E1 84–87,
    /// EA A5, ED 9E–9F) is left to Foundation: it composes an initial with an archaic vowel (U+1100
    /// U+1176) into a modern syllable, which Unicode does not, and the canonical form is Foundation's.
    static func passesStandardQuickCheck(_ text: String) -> Bool {
        guard !holdsConjoiningJamo(text) else { return false }
        var span = text.utf8Span
        return span.checkForNFC(quickCheck: true)
    }

    static func holdsConjoiningJamo(_ text: String) -> Bool {
        UTF8Bytes.with(text) { bytes in
            var index = 0
            let count = bytes.count
            while index + 1 < count {
                let lead = bytes[index], second = bytes[index + 1]
                if lead == 0xE1, second >= 0x84 && second <= 0x87 { return true }
                if lead == 0xEA, second == 0xA5 { return true }
                if lead == 0xED, second == 0x9E || second == 0x9F { return true }
                index += 1
            }
            return false
        }
    }

    /// True when every scalar of `text` is one that `isAlwaysNFC` passes.
    static func hasOnlyAlwaysNFCScalars(_ text: String) -> Bool {
        UTF8Bytes.with(text) { bytes in
            var index = 0
            let count = bytes.count
            while index < count {
                let lead = bytes[index]
                if lead < 0x80 { index += 1; continue }
                // Two-byte sequences led by C2…CB are U+0080…U+02FF.
                if lead < 0xCC { index += 2; continue }
                let (scalar, width) = UTF8Bytes.scalar(in: bytes, at: index)
                guard isAlwaysNFC(scalar.value) else { return false }
                index += width
            }
            return true
        }
    }
}
