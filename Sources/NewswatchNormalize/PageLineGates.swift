extension PageLine {
    /// Cheap byte tests that a line passes whenever one of `Patterns` matches it: the literal words
    /// each pattern begins with (or must contain), looked for in the lower-cased line. Only ASCII
    /// words are looked for (a pattern's word is cut before its first non-ASCII letter, which could
    /// be spelled decomposed), and in the lower-cased line, which the case-insensitive patterns match
    /// whenever they match the line. A line that passes still has the pattern to match.
    struct PatternGates {
        let mayBeRelatedLabel: Bool
        let mayBeTopics: Bool
        let mayBeByline: Bool
        let mayBePhotoViewer: Bool
        let mayBeFurniture: Bool

        init(line: String, lower: String) {
            (mayBeRelatedLabel, mayBeTopics, mayBeByline, mayBeFurniture) = UTF8Bytes.with(lower) { lower in
                // The long s and the dotless i are lower case, and their upper case is ASCII: a
                // case-insensitive pattern may take them for `s` and `i`. Such a line goes to the patterns.
                if UTF8Bytes.contains(lower, "\u{017F}") || UTF8Bytes.contains(lower, "\u{0131}") { return (true, true, true, true) }
                func starts(_ prefixes: StaticString...) -> Bool { prefixes.contains { UTF8Bytes.hasPrefix(lower, $0) } }
                func contains(_ words: StaticString...) -> Bool { words.contains { UTF8Bytes.contains(lower, $0) } }
                let related = starts(
                    "lesen sie auch", "lesen sie mehr", "ebenfalls interessant", "auch interessant", "mehr zum thema",
                    "das k", "weiterlesen", "mehr dazu", "read more", "read also", "also read", "related", "see also",
                    "more on this story", "more on this topic")
                let topics = starts("themen", "schlagw", "tags", "topics")
                let byline = starts("erstellt von")
                let furniture = starts(
                    "folgen sie ", "follow ", "erfahren sie hier mehr", "beliebteste artikel", "meistgelesen", "most read",
                    "most popular", "popular now", "trending now", "alle ", "anzeige", "werbung", "advertisement",
                    "sponsored", "gesponsert", "promotion", "zur", "back to top", "nach oben", "copyright ", "\u{00A9}",
                    "stand:", "lesezeit", "reading time", "artikel anh", "artikel vorlesen", "vorlesen",
                    "listen to this article", "audio version", "mehr ", "weitere ")
                    || contains("newsletter", "dpa-infocom", "kommentare", "comments")
                return (related, topics, byline, furniture)
            }
            mayBePhotoViewer = UTF8Bytes.with(line) { UTF8Bytes.contains($0, "(Foto)") }
        }
    }
}
