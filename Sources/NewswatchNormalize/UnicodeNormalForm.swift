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

    /// True when every scalar of `text` is one that is NFC in any context: then `text` is NFC. False
    /// says only that the full normalization must decide.
    static func isNFCByQuickCheck(_ text: String) -> Bool {
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
