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
    static func mayHoldMarkup(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        var ambiguous = false
        let count = bytes.count
        for index in 0..<count {
            switch bytes[index] {
            case UInt8(ascii: "<"), UInt8(ascii: "&"):
                if index + 1 == count || bytes[index + 1] < 0x80 { return true }
                ambiguous = true
            case 0xE2:
                if index + 2 < count, bytes[index + 1] == 0x89, bytes[index + 2] == 0xAE { ambiguous = true }
            default:
                break
            }
        }
        return ambiguous ? nil : false
    }
}
