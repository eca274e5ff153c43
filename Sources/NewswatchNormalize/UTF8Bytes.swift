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
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (scalar: Unicode.Scalar, width: Int) {
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
        for start in 0...(haystack.count - count)
        where fold(haystack[start], caseInsensitive) == first && hasPrefix(haystack, needle, at: start, caseInsensitive: caseInsensitive) {
            return true
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
    /// the character after the limit.
    public static func hasAtMost(_ limit: Int, charactersIn text: String) -> Bool {
        if text.utf8.count <= limit { return true }
        // A lower bound from the bytes: an ASCII byte after an ASCII byte always starts a character
        // of its own (no ASCII character extends the one before it, and none but CR is a prefix);
        // only LF after CR does not.
        let leastCharacters = with(text) { bytes in
            var count = 0
            var previous: UInt8 = 0
            var index = 0
            let total = bytes.count
            // Eight bytes at a time where all are ASCII and none is a line feed (so none is LF after
            // CR): each counts, but the first when the byte before it is no ASCII. The rest, and
            // the tail, byte by byte.
            let high: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101
            if let base = bytes.baseAddress {
                let raw = UnsafeRawPointer(base)
                while index + 8 <= total {
                    let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    let lineFeeds = word ^ (ones &* 0x0A)
                    if word & high == 0, (lineFeeds &- ones) & ~lineFeeds & high == 0 {
                        count += previous < 0x80 ? 8 : 7
                        previous = bytes[index + 7]
                        index += 8
                    } else {
                        for _ in 0..<8 {
                            let byte = bytes[index]
                            if byte < 0x80, previous < 0x80, !(byte == 0x0A && previous == 0x0D) { count += 1 }
                            previous = byte
                            index += 1
                        }
                    }
                    // The bound is past the limit already: the rest cannot change the answer.
                    if count > limit { return count }
                }
            }
            while index < total {
                let byte = bytes[index]
                if byte < 0x80, previous < 0x80, !(byte == 0x0A && previous == 0x0D) {
                    count += 1
                    if count > limit { return count }
                }
                previous = byte
                index += 1
            }
            return count
        }
        if leastCharacters > limit { return false }
        guard let end = text.index(text.startIndex, offsetBy: limit, limitedBy: text.endIndex) else { return true }
        return end == text.endIndex
    }

    /// True when `text` starts and ends with a printable ASCII character: then it has no white space
    /// to trim at either end (no Character that ends in such a byte or starts with it is white space).
    public static func hasNoSpaceToTrim(_ text: String) -> Bool {
        let printable: ClosedRange<UInt8> = 0x21...0x7E
        guard let first = text.utf8.first, let last = text.utf8.last else { return false }
        return printable.contains(first) && printable.contains(last)
    }

    @inline(__always)
    private static func fold(_ byte: UInt8, _ caseInsensitive: Bool) -> UInt8 {
        caseInsensitive && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
