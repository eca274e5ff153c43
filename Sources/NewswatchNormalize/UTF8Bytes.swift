import Foundation

/// Access to a string's UTF-8 bytes for the loops that every line of text goes through, where
/// walking `Character`s (grapheme breaking) or `unicodeScalars` one by one costs most of the time,
/// and where Foundation's string search (a bridge to NSString on Linux) or the generic `firstRange(of:)`
/// would cost more than the work around it.
public enum UTF8Bytes {
    /// Calls `body` with the string's UTF-8 bytes, without copying them when the string is native.
    public static func with<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        return try copy.withUTF8(body)
    }

    /// The scalar whose encoding starts at `index`, and the length of that encoding. `bytes` must be
    /// valid UTF-8 (a String's bytes are), and `index` the start of a scalar.
    @inlinable
    public static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (scalar: Unicode.Scalar, width: Int) {
        let lead = UInt32(bytes[index])
        if lead < 0x80 { return (Unicode.Scalar(UInt8(lead)), 1) }
        if lead < 0xE0 {
            return (Unicode.Scalar((lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F))!, 2)
        }
        if lead < 0xF0 {
            let value = (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
            return (Unicode.Scalar(value)!, 3)
        }
        let value = (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
            | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
        return (Unicode.Scalar(value)!, 4)
    }

    /// Whether `needle` occurs in `haystack`. With `caseInsensitive`, ASCII capitals in `haystack`
    /// match the lower-case letters of `needle` (which must be lower case).
    public static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: StaticString, caseInsensitive: Bool = false) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard count > 0 else { return true }
        guard haystack.count >= count else { return false }
        let first = needle.utf8Start[0]
        // `fold(byte) == first`: for a lower-case letter, the byte with the case bit set is it; for
        // anything else (folding changes only capitals, into lower-case letters), the byte is it.
        let firstIsLetter = caseInsensitive && first >= 0x61 && first <= 0x7A
        let mask: UInt8 = firstIsLetter ? 0x20 : 0
        let last = haystack.count - count
        var start = 0
        while start <= last {
            if haystack[start] | mask == first, hasPrefix(haystack, needle, at: start, caseInsensitive: caseInsensitive) { return true }
            start += 1
        }
        return false
    }

    /// Whether the bytes from `start` on begin with `prefix` (see `contains` for `caseInsensitive`).
    public static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: StaticString, at start: Int = 0, caseInsensitive: Bool = false) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard bytes.count - start >= count else { return false }
        let literal = prefix.utf8Start
        for offset in 0..<count where fold(bytes[start + offset], caseInsensitive) != literal[offset] { return false }
        return true
    }

    /// `text.count <= limit`, without counting the characters of a long text to its end: a text of
    /// at most `limit` bytes has at most `limit` characters, and a longer one is walked only up to
    /// the character after the limit, unless a lower bound from the bytes is past the limit already.
    public static func hasAtMost(_ limit: Int, charactersIn text: String) -> Bool {
        let byteCount = text.utf8.count
        if byteCount <= limit { return true }
        // Asked first of every text over the limit in bytes: a paragraph of Latin text (most lines asked
        // about) passes the limit within its first `limit` bytes or so, where counting its scalars
        // first walked all its bytes and found more than the limit all the same.
        if leastCharacters(text, stoppingAbove: limit) > limit { return false }
        // An upper bound from the bytes: every character has a scalar of its own at least, and every
        // scalar one byte that is no continuation byte (a line of Chinese of 100 characters is 300 bytes).
        // A text of more than 4 bytes a scalar's worth of the limit has more scalars than that: not
        // counted.
        if byteCount <= 4 * limit, scalarCount(text) <= limit { return true }
        guard let end = text.index(text.startIndex, offsetBy: limit, limitedBy: text.endIndex) else { return true }
        return end == text.endIndex
    }

    /// A lower bound of `text.count` from the bytes, counted until it passes `limit`: a scalar of
    /// `beginsCharacter`'s kinds after another one always starts a character of its own (none
    /// extends the one before it or is a prefix, and none joins with another of them), but LF after
    /// CR: ASCII, and the CJK, kana, Hangul syllables, Thai consonants and full-width forms of pages
    /// in those scripts.
    static func leastCharacters(_ text: String, stoppingAbove limit: Int) -> Int {
        with(text) { bytes in
            var count = 0
            var previous: UInt8 = 0
            var previousBegins = true
            var index = 0
            let total = bytes.count
            // Eight bytes at a time where all are ASCII and none is a line feed (so none is LF after
            // CR): each counts, but the first when the scalar before it is of no such kind. The rest,
            // and the tail, a scalar at a time.
            let high: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101
            guard let base = bytes.baseAddress else { return 0 }
            let raw = UnsafeRawPointer(base)
            while index < total {
                if index + 8 <= total {
                    let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    let lineFeeds = word ^ (ones &* 0x0A)
                    if word & high == 0, (lineFeeds &- ones) & ~lineFeeds & high == 0 {
                        count += previousBegins ? 8 : 7
                        previous = bytes[index + 7]
                        previousBegins = true
                        index += 8
                        if count > limit { return count }
                        continue
                    }
                    // Printable ASCII and whole C3 pairs (U+00C0–U+00FF, `beginsCharacter`'s too): a
                    // scalar for every byte but one of each pair. German and Spanish lines had every
                    // word with an umlaut or accent counted a scalar at a time.
                    if word & high != 0, PlainLatinBytes.spaces(in: word) != nil {
                        let scalars = 8 - (word & high).nonzeroBitCount / 2
                        count += previousBegins ? scalars : scalars - 1
                        previous = bytes[index + 7]
                        previousBegins = true
                        index += 8
                        if count > limit { return count }
                        continue
                    }
                }
                let byte = bytes[index]
                if byte < 0x80 {
                    if previousBegins, !(byte == 0x0A && previous == 0x0D) { count += 1 }
                    previousBegins = true
                    index += 1
                } else {
                    // The text is valid UTF-8: the lead byte gives the length.
                    let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                    var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                    for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
                    let begins = beginsCharacter(value)
                    if begins, previousBegins { count += 1 }
                    previousBegins = begins
                    index += length
                }
                previous = byte
                if count > limit { return count }
            }
            return count
        }
    }

    /// Whether `accepts` holds for every scalar of these (valid UTF-8) bytes beyond ASCII and
    /// U+00C0–U+00FF, which are skipped unread (ASCII eight bytes at a time): for tests that hold for
    /// those scalars anyway.
    @inlinable
    public static func everyScalarBeyondLatin1(in bytes: UnsafeBufferPointer<UInt8>, _ accepts: (Unicode.Scalar) -> Bool) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let total = bytes.count
        var index = 0
        while index < total {
            if index + 8 <= total, raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
                continue
            }
            let byte = bytes[index]
            if byte < 0x80 { index += 1; continue }
            if byte == 0xC3 { index += 2; continue }
            let (scalar, width) = scalar(in: bytes, at: index)
            guard accepts(scalar) else { return false }
            index += width
        }
        return true
    }

    /// Whether every `Character` of `text` is a single scalar, so that a pattern walking `Character`s
    /// walks the scalars. ASCII without CR (only CR LF joins ASCII scalars) is; any other text is
    /// when it has as many `Character`s as scalars (each `Character` has one scalar at least).
    /// Text whose scalars are all ASCII (without CR) or of `beginsCharacter`'s kinds is: each of its
    /// scalars starts a character of its own (German, Spanish, Chinese, Japanese and Korean lines, read
    /// on the bytes instead of counting their `Character`s).
    public static func hasSingleScalarCharacters(_ text: String) -> Bool {
        let isPlain = with(text) { bytes -> Bool in
            guard let base = bytes.baseAddress else { return true }
            return everyScalarBeyondLatin1(in: bytes) { beginsCharacter($0.value) } && memchr(base, 0x0D, bytes.count) == nil
        }
        return isPlain || text.count == scalarCount(text)
    }

    /// Whether `text` has a scalar with a numeric type (an ASCII digit, `²`, `½`, `٣`, `三`…): a
    /// `Character` that is a number (`isNumber`, a pattern's `\d`) has one.
    public static func hasNumericScalar(_ text: String) -> Bool {
        with(text) { bytes in
            containsScalar(bytes, ascii: { $0 >= 0x30 && $0 <= 0x39 }, other: { $0.properties.numericType != nil })
        }
    }

    /// No white space but the ASCII space (so no line break either, which `.` would not match).
    public static func hasOnlySpaceAsWhiteSpace(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        !containsScalar(bytes, ascii: { $0 >= 0x09 && $0 <= 0x0D }, other: { $0.properties.isWhitespace })
    }

    /// Whether a scalar of `bytes` answers yes: `ascii` asks the bytes below 0x80, `other` every other
    /// scalar but U+00C0–U+00FF (`C3` pairs), letters and two signs, nothing numeric and no white space,
    /// which are skipped unasked.
    @inline(__always)
    private static func containsScalar(
        _ bytes: UnsafeBufferPointer<UInt8>, ascii: (UInt8) -> Bool, other: (Unicode.Scalar) -> Bool
    ) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                if ascii(byte) { return true }
                index += 1
                continue
            }
            if byte == 0xC3 { index += 2; continue }
            let (scalar, width) = scalar(in: bytes, at: index)
            if other(scalar) { return true }
            index += width
        }
        return false
    }

    /// The number of scalars of `text`: its bytes but the continuation bytes (10xxxxxx), eight at a time.
    static func scalarCount(_ text: String) -> Int {
        with(text) { bytes in
            guard let base = bytes.baseAddress else { return 0 }
            let raw = UnsafeRawPointer(base)
            let total = bytes.count
            var continuations = 0
            var index = 0
            while index + 8 <= total {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                // Bit 7 set and bit 6 clear: bit 6 shifted into bit 7's place.
                continuations += (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
                index += 8
            }
            while index < total {
                if bytes[index] & 0xC0 == 0x80 { continuations += 1 }
                index += 1
            }
            return total - continuations
        }
    }

    /// Scalars outside ASCII that begin a character of their own after ASCII or another of them:
    /// grapheme cluster break property Other, neither extended pictographic nor a jamo, nor ever
    /// joined after a prepended one (a scalar after one of these is no prepended one). CJK ideographs
    /// (and extension A), the ideographic comma, full stop, iteration and closing marks and brackets,
    /// hiragana and katakana without the sound marks (with the middle dot, the prolonged sound mark
    /// and the iteration marks), Hangul syllables (they join only conjoining jamo after them), Thai
    /// consonants, full-width forms; the letters of Latin-1 and Latin Extended-A and B, Greek and
    /// Coptic, Cyrillic (without its combining marks), Hebrew, Arabic (its letters and digits, not the
    /// marks or the prepended number signs), and the dashes, quotes, bullets and ellipsis of general
    /// punctuation (U+2010–U+2027); Thai's other letters, digits and signs that are no marks (sara aa,
    /// the preposed vowels, which Unicode no longer counts as prepended), Myanmar's letters, digits and
    /// punctuation.
    static func beginsCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x3001...0x3011, 0x3041...0x3096, 0x30A1...0x30FF, 0xAC00...0xD7A3, 0x0E01...0x0E30,
             0xFF01...0xFF5E, 0x00C0...0x024F, 0x0370...0x03FF, 0x0400...0x0482, 0x05D0...0x05EA, 0x0620...0x064A, 0x0660...0x066F,
             0x2010...0x2027, 0x0E32, 0x0E3F...0x0E46, 0x0E4F...0x0E5B, 0x1000...0x102A, 0x103F...0x104F:
            return true
        default:
            return false
        }
    }

    /// True when `text` starts and ends with a printable ASCII character: then it has no white space
    /// to trim at either end (no Character that ends in such a byte or starts with it is white space).
    public static func hasNoSpaceToTrim(_ text: String) -> Bool {
        let printable: ClosedRange<UInt8> = 0x21...0x7E
        guard let first = text.utf8.first, let last = text.utf8.last else { return false }
        return printable.contains(first) && printable.contains(last)
    }

    /// Whether a byte of `word` (eight bytes, each below 0x80) equals `byte`: the classic zero-byte
    /// test, exact for whether there is one (a borrow only marks bytes above a true match).
    @inlinable @inline(__always)
    public static func asciiWord(_ word: UInt64, holds byte: UInt8) -> Bool {
        let flipped = word ^ (UInt64(byte) &* 0x0101_0101_0101_0101)
        return (flipped &- 0x0101_0101_0101_0101) & ~flipped & 0x8080_8080_8080_8080 != 0
    }

    /// Whether the bytes hold an ASCII digit or a byte outside ASCII, eight bytes at a time.
    public static func holdsDigitOrNonASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        var index = 0
        while index + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { return true }
            // Below 0x80 no sum carries out of its byte: 0x30 and up reach the high bit with 0x50
            // added, 0x39 and below stay under it with 0x46 added.
            if (word &+ 0x5050_5050_5050_5050) & ~(word &+ 0x4646_4646_4646_4646) & 0x8080_8080_8080_8080 != 0 { return true }
            index += 8
        }
        while index < count {
            let byte = bytes[index]
            if byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) { return true }
            index += 1
        }
        return false
    }

    @inline(__always)
    private static func fold(_ byte: UInt8, _ caseInsensitive: Bool) -> UInt8 {
        caseInsensitive && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
