/// Strings made from UTF-8 bytes: `String(decoding: bytes, as: UTF8.self)`, with the check that the
/// bytes are UTF-8 done by `UTF8Validity` (ASCII eight bytes at a time) and the String made from
/// them unchecked. The standard library checks every byte one scalar at a time; for the text of every
/// paragraph of every item (made a String once, and again when folding changes it) that cost about
/// ten instructions a byte, 3% of the feed parse's instructions. Bytes that are not valid UTF-8 take
/// the standard library's way, which repairs them.
public enum CheckedUTF8String {
    public static func make(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if bytes.isEmpty { return "" }
        guard let content = UTF8Validity.content(of: bytes) else { return String(decoding: bytes, as: UTF8.self) }
        // Told whether it is ASCII, as `String(decoding:as:)` finds out: a String that does not know
        // it is ASCII is compared and lower-cased the slow way.
        return String(copying: UTF8Span(unchecked: bytes.span, isKnownASCII: content == .ascii))
    }

    public static func make(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { make($0) }
    }

    public static func make(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.withUnsafeBufferPointer { make($0) }
    }
}
