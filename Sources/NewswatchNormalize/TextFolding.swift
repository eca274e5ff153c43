import Foundation

/// The typographic folding that canonical content is built from: the same text typed on two desks,
/// copied through two CMSs, must compare equal.
///
/// Every line of every article passes through here (for its content hash, and for display), so both
/// foldings work on the UTF-8 bytes and decode a scalar only where a byte is not ASCII.
public enum TextFolding {
    /// NFC, soft hyphens and zero-width characters dropped, typographic quotes, dashes and ellipses
    /// folded to ASCII, every run of white space (including no-break and thin spaces) folded to one
    /// space, and the ends trimmed.
    public static func canonical(_ text: String) -> String {
        // Foundation's normalization costs more than all the rest of folding; text that is NFC
        // already (nearly all news text) skips it.
        let composed = UnicodeNormalForm.isNFCByQuickCheck(text) ? text : text.precomposedStringWithCanonicalMapping
        return fold(composed, typography: true)
    }

    /// White space folded to single spaces and trimmed, nothing else changed. For display text.
    public static func collapsingWhitespace(_ text: String) -> String {
        fold(text, typography: false)
    }

    /// `collapsingWhitespace(String(decoding: bytes, as: UTF8.self))` for bytes that are valid UTF-8,
    /// nil for others: the String is made once, of the folded bytes, where making it of the bytes
    /// and folding that made a second one (every paragraph of every item's HTML is folded).
    public static func collapsingWhitespace(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let content = UTF8Validity.content(of: bytes) else { return nil }
        if bytes.isEmpty { return "" }
        if isFolded(bytes, typography: false) {
            return String(copying: UTF8Span(unchecked: bytes.span, isKnownASCII: content == .ascii))
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { output in
            let count = foldBytes(bytes, into: output, typography: false, composedOnly: false)!
            return CheckedUTF8String.make(UnsafeBufferPointer(rebasing: output[..<count]))
        }
    }

    /// Invisible characters dropped, white space runs to one space, ends trimmed; with `typography`,
    /// quotes, dashes and ellipses to ASCII too. The output is never longer than the input: every
    /// replacement is no longer in UTF-8 than what it replaces.
    private static func fold(_ text: String, typography: Bool) -> String {
        UTF8Bytes.with(text) { input in
            if input.isEmpty { return "" }
            // Most text reaching here is folded already (a line is folded for display, then again
            // for classifying and hashing): checking costs less than writing it again.
            if isFolded(input, typography: typography) { return text }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: input.count) { output in
                let count = foldBytes(input, into: output, typography: typography, composedOnly: false)!
                return CheckedUTF8String.make(UnsafeBufferPointer(rebasing: output[..<count]))
            }
        }
    }

    /// `canonical(text)`'s UTF-8 bytes, handed to `body` without making a String of them: folded into
    /// `scratch` in one pass that also makes the NFC quick check. Text that may need normalizing (the
    /// quick check fails on a scalar) goes through `canonical` itself.
    static func withCanonicalUTF8<R>(_ text: String, scratch: inout [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        // A line of an article reaches the hash folded for display already, and most are canonical
        // too (no typographic quote or dash, nothing to compose): then its own bytes are the answer.
        if let result = UTF8Bytes.with(text, { input in
            isFolded(input, typography: true, composedOnly: true) ? body(input) : nil
        }) { return result }
        let count = text.utf8.count
        if scratch.count < count { scratch = [UInt8](repeating: 0, count: max(count, 2 * scratch.count)) }
        var written = UTF8Bytes.with(text) { input in
            scratch.withUnsafeMutableBufferPointer { output in foldBytes(input, into: output, typography: true, composedOnly: true) }
        }
        // A scalar outside `isAlwaysNFC` (a line in Chinese, Arabic, Thai): text that passes the
        // standard quick check is its own NFC, so `canonical` would fold it as it is.
        if written == nil, UnicodeNormalForm.passesStandardQuickCheck(text) {
            if let result = UTF8Bytes.with(text, { input in isFolded(input, typography: true) ? body(input) : nil }) { return result }
            written = UTF8Bytes.with(text) { input in
                scratch.withUnsafeMutableBufferPointer { output in foldBytes(input, into: output, typography: true, composedOnly: false) }
            }
        }
        guard let written else { return UTF8Bytes.with(canonical(text), body) }
        return scratch.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[..<written])) }
    }

    /// Whether `canonical(first) == canonical(second)`. When both texts are made of scalars that are
    /// NFC whatever stands around them (nearly all news text), their folded forms are NFC and so
    /// equal exactly when their bytes are: they are compared folded on the stack, without a String
    /// each. Otherwise the Strings decide, as `==` on the canonical forms always did.
    public static func haveSameCanonicalForm(_ first: String, _ second: String) -> Bool {
        let answer = UTF8Bytes.with(first) { one in
            UTF8Bytes.with(second) { two -> Bool? in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: one.count + two.count + 1) { scratch -> Bool? in
                    let oneOut = UnsafeMutableBufferPointer(rebasing: scratch[0..<one.count])
                    let twoOut = UnsafeMutableBufferPointer(rebasing: scratch[one.count..<(one.count + two.count)])
                    guard let oneCount = foldBytes(one, into: oneOut, typography: true, composedOnly: true),
                          let twoCount = foldBytes(two, into: twoOut, typography: true, composedOnly: true)
                    else { return nil }
                    guard oneCount == twoCount else { return false }
                    return oneCount == 0 || memcmp(oneOut.baseAddress!, twoOut.baseAddress!, oneCount) == 0
                }
            }
        }
        return answer ?? (canonical(first) == canonical(second))
    }

    /// The folding loop: writes the folded `input` to `output` (at least as long) and returns the
    /// length. With `composedOnly`, it stops with nil at the first scalar that
    /// `UnicodeNormalForm.isAlwaysNFC` would not pass.
    static func foldBytes(
        _ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>, typography: Bool, composedOnly: Bool
    ) -> Int? {
        var written = 0
        var pendingSpace = false
        func emit(_ byte: UInt8) {
            if pendingSpace, written > 0 { output[written] = 0x20; written += 1 }
            pendingSpace = false
            output[written] = byte
            written += 1
        }
        var index = 0
        let count = input.count
        while index < count {
            // Eight bytes of printable ASCII and U+00C0–U+00FF letters with single spaces inside them
            // (none first or last) are their own folding: copied as one word, after a pending space.
            if count - index >= 8 {
                let word = UInt64(littleEndian: UnsafeRawPointer(input.baseAddress! + index).loadUnaligned(as: UInt64.self))
                if let spaces = PlainLatinBytes.spaces(in: word), spaces & (spaces << 8 | 0x80 | 0x80 << 56) == 0 {
                    if pendingSpace, written > 0 { output[written] = 0x20; written += 1 }
                    pendingSpace = false
                    UnsafeMutableRawPointer(output.baseAddress! + written).storeBytes(of: word.littleEndian, as: UInt64.self)
                    written += 8
                    index += 8
                    continue
                }
            }
            let lead = input[index]
            // ASCII is most of any news text and nothing in it folds: only the space test applies.
            if lead < 0x80 {
                if lead == 0x20 || (lead >= 0x09 && lead <= 0x0D) { pendingSpace = true; index += 1; continue }
                emit(lead)
                index += 1
                // The rest of a word: bytes that are neither white space nor outside ASCII are copied
                // as they are, without the questions above.
                while index < count {
                    let byte = input[index]
                    guard byte > 0x20, byte < 0x80 else { break }
                    output[written] = byte
                    written += 1
                    index += 1
                }
                continue
            }
            // U+00C0–U+00FF (ä, é, ß): letters, nothing to drop or fold, and composed.
            if lead == 0xC3 {
                emit(lead)
                output[written] = input[index + 1]
                written += 1
                index += 2
                continue
            }
            let (scalar, width) = UTF8Bytes.scalar(in: input, at: index)
            if composedOnly, lead >= 0xCC, !UnicodeNormalForm.isAlwaysNFC(scalar.value) { return nil }
            defer { index += width }
            if isInvisible(scalar) { continue }
            if typography, let folded = fold(scalar) {
                for byte in folded.utf8 { emit(byte) }
            } else if isSpace(scalar) {
                pendingSpace = true
            } else {
                emit(input[index])
                for offset in 1..<width {
                    output[written] = input[index + offset]
                    written += 1
                }
            }
        }
        return written
    }

    /// Whether folding would leave these bytes as they are: no white space but single spaces between
    /// words, nothing invisible, and (with `typography`) nothing to fold to ASCII.
    /// With `composedOnly`, also false at the first scalar `UnicodeNormalForm.isAlwaysNFC` would
    /// not pass (then the bytes are `canonical`'s whenever the answer is true).
    static func isFolded(_ input: UnsafeBufferPointer<UInt8>, typography: Bool, composedOnly: Bool = false) -> Bool {
        var afterSpace = true // a space at the start is one to trim
        var index = 0
        let count = input.count
        while index < count {
            // Eight bytes of printable ASCII, spaces and U+00C0–U+00FF letters at a time: such a run is
            // folded unless a space follows a space (within it, or the one before it).
            if count - index >= 8 {
                let word = UInt64(littleEndian: UnsafeRawPointer(input.baseAddress! + index).loadUnaligned(as: UInt64.self))
                if let spaces = PlainLatinBytes.spaces(in: word) {
                    if spaces & (spaces << 8 | (afterSpace ? 0x80 : 0)) != 0 { return false }
                    afterSpace = spaces >> 63 != 0
                    index += 8
                    continue
                }
            }
            let byte = input[index]
            if byte < 0x80 {
                if byte == 0x20 {
                    if afterSpace { return false }
                    afterSpace = true
                } else if byte >= 0x09 && byte <= 0x0D {
                    return false
                } else {
                    afterSpace = false
                    // The rest of a word needs no look but for its end.
                    index += 1
                    while index < count, input[index] > 0x20, input[index] < 0x80 { index += 1 }
                    continue
                }
                index += 1
                continue
            }
            if byte == 0xC3 {
                afterSpace = false
                index += 2
                continue
            }
            let (scalar, width) = UTF8Bytes.scalar(in: input, at: index)
            if composedOnly, byte >= 0xCC, !UnicodeNormalForm.isAlwaysNFC(scalar.value) { return false }
            if isInvisible(scalar) || isSpace(scalar) || (typography && fold(scalar) != nil) { return false }
            afterSpace = false
            index += width
        }
        return !afterSpace
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        // The Unicode property lookup is the costliest step of folding; in ASCII, White_Space is
        // exactly TAB, LF, VT, FF, CR and SPACE.
        if scalar.isASCII { return scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value) }
        // Below U+1680 (OGHAM SPACE MARK), only U+0085 and the no-break space are White_Space; the
        // letters of European text need no lookup.
        if scalar.value < 0x1680 { return scalar.value == 0x85 || scalar.value == 0xA0 }
        return scalar.properties.isWhitespace || scalar == "\u{00A0}" || scalar == "\u{202F}" || scalar == "\u{2007}"
    }

    /// Soft hyphen, zero-width space/joiners, word joiner, byte-order mark.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: return true
        default: return false
        }
    }

    /// The ASCII form of a typographic character, or nil to keep it as it is. (Invisible characters
    /// are dropped before this is asked.)
    private static func fold(_ scalar: Unicode.Scalar) -> StaticString? {
        switch scalar.value {
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x00AB, 0x00BB, 0x2033, 0x2036, 0x275D, 0x275E, 0x301D, 0x301E, 0xFF02:
            return "\""
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2039, 0x203A, 0x2032, 0x2035, 0x275B, 0x275C, 0xFF07:
            return "'"
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D:
            return "-"
        case 0x2026:
            return "..."
        default:
            return nil
        }
    }
}

private extension StaticString {
    var utf8: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: utf8Start, count: utf8CodeUnitCount) }
}
