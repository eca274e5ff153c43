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
        guard let separator = title.range(of: ": ") else { return (nil, title) }
        let kicker = String(title[..<separator.lowerBound])
        let headline = String(title[separator.upperBound...]).trimmingSpaces()
        let kickerWords = kicker.split(separator: " ")
        guard !kicker.isEmpty,
              kickerWords.count <= maximumKickerWords,
              kicker.count <= maximumKickerLength,
              !kicker.contains(where: { ".!?;\"„“”«»".contains($0) }),
              headline.split(separator: " ").count >= 2
        else { return (nil, title) }
        return (kicker, headline)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
