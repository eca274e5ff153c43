/// The news.de/Bild title shape `Kicker: Headline`, as in `Wladimir Putin: Schock für den russischen
/// Präsidenten!` or `Pleite für Wladimir Putin: Nordkoreaner offenbar … geflüchtet`.
///
/// A kicker is a short label, not a clause: at most six words and 60 characters, no sentence
/// punctuation of its own, and the rest of the title must still read as a headline (two words or more).
/// A title without that shape has no kicker and its headline is the whole title.
public enum TitleShape {
    public static let maximumKickerWords = 6
    public static let maximumKickerLength = 60

    public static func split(_ title: String) -> (kicker: String?, headline: String) {
        let title = TextFolding.collapsingWhitespace(title)
        guard let separator = kickerSeparator(in: title) else { return (nil, title) }
        let kicker = String(title[..<separator.lowerBound])
        let headline = String(title[separator.upperBound...]).trimmingSpaces()
        if let shaped = asciiShape(kicker: kicker, headline: headline) { return shaped ? (kicker, headline) : (nil, title) }
        let kickerWords = kicker.split(separator: " ")
        guard !kicker.isEmpty,
              kickerWords.count <= maximumKickerWords,
              kicker.count <= maximumKickerLength,
              !kicker.contains(where: { ".!?;\"„“”«»".contains($0) }),
              headline.split(separator: " ").count >= 2
        else { return (nil, title) }
        return (kicker, headline)
    }

    /// The tests of `split` on the bytes, for a kicker and headline in ASCII and Latin-1 letters
    /// (U+00C0–U+00FF, `ä`, `é`, `ß`: a lead byte 0xC3) without CR (every title here is folded, so it has
    /// none): then every scalar is a Character (none of them joins the one before it), so words, length
    /// and punctuation (the marks outside ASCII that the Characters look for are no such letters) are
    /// counted on the bytes. Nil for any other text, which the Characters decide.
    static func asciiShape(kicker: String, headline: String) -> Bool? {
        /// Words and Characters, or nil for a byte outside the two ranges.
        func shape(_ bytes: UnsafeBufferPointer<UInt8>) -> (words: Int, length: Int)? {
            var count = 0
            var length = 0
            var inWord = false
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0xC3, index + 1 < bytes.count, bytes[index + 1] >= 0x80, bytes[index + 1] <= 0xBF {
                    index += 1
                } else if byte >= 0x80 || byte == 0x0D {
                    return nil
                }
                length += 1
                index += 1
                if byte == 0x20 { inWord = false } else if !inWord { inWord = true; count += 1 }
            }
            return (count, length)
        }
        let kickerShape: (words: Int, length: Int, punctuated: Bool)? = UTF8Bytes.with(kicker) { bytes in
            guard let found = shape(bytes) else { return nil }
            let punctuated = bytes.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "!") || $0 == UInt8(ascii: "?")
                || $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: "\"") }
            return (found.words, found.length, punctuated)
        }
        guard let kickerShape, let headlineWords = UTF8Bytes.with(headline, { shape($0)?.words }) else { return nil }
        return kickerShape.length > 0 && kickerShape.words <= maximumKickerWords && kickerShape.length <= maximumKickerLength
            && !kickerShape.punctuated && headlineWords >= 2
    }

    /// The first `: ` of the title, as Foundation's `range(of:)` finds it. Found on the bytes when
    /// what follows it is ASCII (or nothing); Foundation decides when a byte outside ASCII follows,
    /// since it does not take a `: ` whose space a combining mark follows.
    static func kickerSeparator(in title: String) -> Range<String.Index>? {
        let found: Int?? = UTF8Bytes.with(title) { bytes in
            guard bytes.count >= 2 else { return .some(nil) }
            for index in 0..<(bytes.count - 1) where bytes[index] == UInt8(ascii: ":") && bytes[index + 1] == 0x20 {
                if index + 2 == bytes.count || bytes[index + 2] < 0x80 { return .some(index) }
                return nil
            }
            return .some(nil)
        }
        guard let found else { return title.range(of: ": ") }
        guard let offset = found else { return nil }
        let start = title.utf8.index(title.utf8.startIndex, offsetBy: offset)
        return start..<title.utf8.index(start, offsetBy: 2)
    }
}

extension String {
    func trimmingSpaces() -> String {
        if UTF8Bytes.hasNoSpaceToTrim(self) { return self }
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
