import Foundation

/// Whether a text field may hold markup: it has a `<` or a `&`. Every title, description and body of
/// every item is asked, so the answer comes from the bytes; Foundation's search, whose answer it is
/// (it does not find a `<` that a combining mark follows, as in `<\u{338}`), decides only the rare
/// text where a `<` or `&` is followed by a byte outside ASCII or that holds `≮` (`<` and U+0338
/// composed).
enum MarkupSniff {
    static func mayHoldMarkup(_ text: String) -> Bool {
        let verdict: Bool? = text.utf8.withContiguousStorageIfAvailable { mayHoldMarkup(utf8: $0) } ?? nil
        return verdict ?? (text.contains("<") || text.contains("&"))
    }

    /// `mayHoldMarkup` of the String these UTF-8 bytes are, from the bytes; nil where the String's
    /// Characters must decide.
    /// A `<` or `&` followed by ASCII or ending the text decides yes wherever it stands; only without
    /// one is the rest asked (a `<` or `&` before a byte outside ASCII, a `≮`), so the bytes are
    /// searched with `memchr` for each of the two, not looked at one by one.
    static func mayHoldMarkup(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        var ambiguous = false
        /// Whether a `mark` before ASCII or at the end is in the bytes.
        func decides(_ mark: UInt8) -> Bool {
            var index = 0
            while index < count, let found = memchr(base + index, Int32(mark), count - index) {
                let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if position + 1 == count || bytes[position + 1] < 0x80 { return true }
                ambiguous = true
                index = position + 1
            }
            return false
        }
        if decides(UInt8(ascii: "<")) || decides(UInt8(ascii: "&")) { return true }
        if ambiguous { return nil }
        // `≮` (E2 89 AE) from its second byte, which no common character of news text has.
        var index = 1
        while index + 1 < count, let found = memchr(base + index, 0x89, count - index - 1) {
            let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if bytes[position - 1] == 0xE2, bytes[position + 1] == 0xAE { return nil }
            index = position + 1
        }
        return false
    }
}
