import NewswatchNormalize

/// `HTMLBlockReader.creditLine` on a line's bytes: `CAPTION Bild: CREDIT`, `© CREDIT`. The pattern
/// walks `Character`s and backtracks through its lazy caption at every position of a long caption
/// (a third of a million instructions for a 250-character caption ending in `Foto: dpa`); here the
/// same match is found in one pass.
///
/// It reads a line whose every `Character` is one scalar and whose only white space is the ASCII
/// space (a line folded by `TextFolding.collapsingWhitespace` is so, but for combining marks and
/// the like): there the pattern's `\s` is the space, `.` any scalar, and its literals (ASCII
/// letters, `:` and `©`, none of which a scalar other than itself is canonically equivalent to)
/// match bytes. Other lines are left to the pattern (nil).
enum CreditLine {
    /// The names a credit mark begins with, before `\s*:`.
    static let names: [StaticString] = ["Bild", "Foto", "Fotos", "Photo", "Image", "Credit", "Bildquelle", "Quelle"]

    enum Match: Equatable {
        /// The pattern does not match the line.
        case none
        /// It matches: the caption (group 1; nil when the group takes no part) and the credit
        /// (group 2).
        case parts(caption: String?, credit: String)
    }

    /// The pattern's match of `line` found on the bytes, or nil when the line is one the bytes do
    /// not decide.
    static func match(_ line: String) -> Match? {
        guard UTF8Bytes.hasSingleScalarCharacters(line) else { return nil }
        return UTF8Bytes.with(line) { bytes -> Match? in
            guard UTF8Bytes.hasOnlySpaceAsWhiteSpace(bytes) else { return nil }
            guard let (captionEnd, creditStart) = bounds(bytes) else { return Match.none }
            func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
            return .parts(caption: captionEnd.map { text(0..<$0) }, credit: text(creditStart..<bytes.count))
        }
    }

    /// The pattern's alternatives in its order: the caption group left out (a mark at the start),
    /// then the shortest caption before a run of spaces that a mark follows; after the mark, `\s*`
    /// takes the spaces but leaves `(.+)` one scalar at least. The end of the caption (nil: the
    /// group takes no part) and the start of the credit, as byte offsets; nil for no match.
    static func bounds(_ bytes: UnsafeBufferPointer<UInt8>) -> (captionEnd: Int?, creditStart: Int)? {
        let count = bytes.count
        func creditStart(after mark: Int) -> Int? {
            guard mark < count else { return nil }
            var start = mark
            while start < count - 1, bytes[start] == 0x20 { start += 1 }
            return start
        }
        if let mark = markEnd(bytes, at: 0), let start = creditStart(after: mark) {
            return (nil, start)
        }
        var index = 0
        while index < count {
            guard bytes[index] == 0x20 else { index += 1; continue }
            var end = index
            while end < count, bytes[end] == 0x20 { end += 1 }
            if let mark = markEnd(bytes, at: end), let start = creditStart(after: mark) {
                return (index, start)
            }
            // A caption ending later in the same run of spaces meets the same mark.
            index = end
        }
        return nil
    }

    /// The end of the credit mark (`Foto:`, `Bild :`, `©`) at `index`, or nil when none is there.
    /// At most one name fits: none is another followed by spaces and a colon.
    static func markEnd(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        if UTF8Bytes.hasPrefix(bytes, "©", at: index) { return index + 2 }
        for name in names where UTF8Bytes.hasPrefix(bytes, name, at: index) {
            var end = index + name.utf8CodeUnitCount
            while end < bytes.count, bytes[end] == 0x20 { end += 1 }
            if end < bytes.count, bytes[end] == UInt8(ascii: ":") { return end + 1 }
        }
        return nil
    }
}
