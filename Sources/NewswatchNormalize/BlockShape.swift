/// Tells a subheading from a paragraph in text that has no markup, by its shape alone: a heading is
/// one short line that does not end a sentence, and text follows it.
public enum BlockShape {
    public static let maximumHeadingLength = 160
    public static let maximumHeadingWords = 22
    /// A heading may end in `?` or `!` ("Wie geht es weiter?") only when it is this short; a longer
    /// line that ends so is an exclamation in running text.
    public static let maximumExclaimingHeadingWords = 12

    /// Marks that close a quoted heading; built once (a `Set` built for every line cost more than the
    /// rest of the test).
    static let closingMarks: Set<Character> = ["\"", "“", "”", "„", "«", "»", "'", "’", ")", "]"]

    /// `line.split(separator: " ").count`. Where every `Character` is one scalar, the `Character`
    /// `" "` is the space byte (no other scalar is canonically a space), and the pieces are the runs
    /// of other bytes, counted without making them.
    static func wordCount(_ line: String) -> Int {
        guard UTF8Bytes.hasSingleScalarCharacters(line) else { return line.split(separator: " ").count }
        return UTF8Bytes.with(line) { bytes in
            var words = 0
            var inWord = false
            for byte in bytes {
                if byte == 0x20 {
                    inWord = false
                } else if !inWord {
                    inWord = true
                    words += 1
                }
            }
            return words
        }
    }

    /// - Parameters:
    ///   - line: one line of text, white space already folded.
    ///   - followedByText: whether a paragraph, list or quote comes after it. A line at the end of the
    ///     article, or before another heading, heads nothing.
    public static func isHeading(_ line: String, followedByText: Bool) -> Bool {
        // `count <= n` without counting every Character of a long paragraph.
        guard followedByText, !line.isEmpty, UTF8Bytes.hasAtMost(maximumHeadingLength, charactersIn: line) else { return false }
        let words = wordCount(line)
        guard words <= maximumHeadingWords else { return false }
        // A quoted heading ("Das war von Russlands Militär zu erwarten") ends in its closing mark.
        var end = line.endIndex
        while end > line.startIndex, closingMarks.contains(line[line.index(before: end)]) {
            end = line.index(before: end)
        }
        guard end > line.startIndex else { return false }
        let last = line[line.index(before: end)]
        switch last {
        case ".", ",", ";", ":", "…":
            return false
        case "?", "!":
            return words <= maximumExclaimingHeadingWords
        default:
            return true
        }
    }
}
