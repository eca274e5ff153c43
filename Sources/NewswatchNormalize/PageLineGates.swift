extension PageLine {
    /// Cheap byte tests that a line passes whenever one of `Patterns` (or the share-bar test) would
    /// match it: the literal words each pattern begins with, or must contain, looked for in the line's
    /// bytes with ASCII letters compared case-insensitively. Only ASCII is looked for (a pattern's word
    /// is cut before its first non-ASCII letter, which a line could spell decomposed). A line that
    /// passes still has the pattern to match; a line that fails cannot match it.
    struct PatternGates {
        var mayBeRelatedLabel = true
        var mayBeTopics = true
        var mayBeByline = true
        var mayBePhotoViewer = true
        var mayBeShareBar = true
        var mayBeFurniture = true

        /// Letters outside ASCII whose lower or upper case is an ASCII letter (Kelvin sign, dotted and
        /// dotless i, long s): the lower-cased line or a case-insensitive pattern could read them as
        /// ASCII, so a line with one goes to every pattern.
        static let lookalikes: [StaticString] = ["\u{212A}", "\u{0130}", "\u{0131}", "\u{017F}"]

        /// Every gate open.
        private init() {}

        static let relatedLabelStarts: [StaticString] = [
            "lesen sie auch", "lesen sie mehr", "ebenfalls interessant", "auch interessant", "mehr zum thema",
            "das k", "weiterlesen", "mehr dazu", "read more", "read also", "also read", "related", "see also",
            "more on this story", "more on this topic",
        ]
        static let topicsStarts: [StaticString] = ["themen", "schlagw", "tags", "topics"]
        static let bylineStarts: [StaticString] = ["erstellt von"]
        static let furnitureStarts: [StaticString] = [
            "folgen sie ", "follow ", "erfahren sie hier mehr", "beliebteste artikel", "meistgelesen", "most read",
            "most popular", "popular now", "trending now", "alle ", "anzeige", "werbung", "advertisement",
            "sponsored", "gesponsert", "promotion", "zur", "back to top", "nach oben", "copyright ", "\u{00A9}",
            "stand:", "lesezeit", "reading time", "artikel anh", "artikel vorlesen", "vorlesen",
            "listen to this article", "audio version", "mehr ", "weitere ",
        ]

        init(_ line: String) {
            let gates = UTF8Bytes.with(line) { bytes -> PatternGates? in
                func starts(_ prefixes: [StaticString]) -> Bool {
                    prefixes.contains { UTF8Bytes.hasPrefix(bytes, $0, caseInsensitive: true) }
                }
                var gates = PatternGates()
                gates.mayBeRelatedLabel = starts(Self.relatedLabelStarts)
                gates.mayBeTopics = starts(Self.topicsStarts)
                gates.mayBeByline = starts(Self.bylineStarts)
                gates.mayBeFurniture = starts(Self.furnitureStarts)
                gates.mayBePhotoViewer = false
                gates.mayBeShareBar = false
                // The words looked for anywhere in the line, in one pass, by their first byte.
                // The words some furniture pattern has anywhere in the line (newsletter, dpa-infocom,
                // kommentare, comments) and `PageLine.shareTriggerWords`; each letter is tried only
                // against the words that begin with it.
                for index in bytes.indices {
                    func at(_ word: StaticString) -> Bool {
                        UTF8Bytes.hasPrefix(bytes, word, at: index, caseInsensitive: true)
                    }
                    switch bytes[index] | 0x20 {
                    case UInt8(ascii: "n"):
                        if !gates.mayBeFurniture, at("newsletter") { gates.mayBeFurniture = true }
                    case UInt8(ascii: "d"):
                        if !gates.mayBeFurniture, at("dpa-infocom") { gates.mayBeFurniture = true }
                    case UInt8(ascii: "k"):
                        if !gates.mayBeFurniture, at("kommentare") { gates.mayBeFurniture = true }
                    case UInt8(ascii: "c"):
                        if !gates.mayBeFurniture, at("comments") { gates.mayBeFurniture = true }
                    case UInt8(ascii: "t"):
                        if !gates.mayBeShareBar, at("teilen") || at("twitter") || at("tweet") { gates.mayBeShareBar = true }
                    case UInt8(ascii: "s"):
                        if !gates.mayBeShareBar, at("share") { gates.mayBeShareBar = true }
                    case UInt8(ascii: "f"):
                        if !gates.mayBeShareBar, at("facebook") { gates.mayBeShareBar = true }
                    case UInt8(ascii: "w"):
                        if !gates.mayBeShareBar, at("whatsapp") { gates.mayBeShareBar = true }
                    case UInt8(ascii: "p"):
                        if !gates.mayBeShareBar, at("pinterest") { gates.mayBeShareBar = true }
                    case UInt8(ascii: "l"):
                        if !gates.mayBeShareBar, at("linkedin") { gates.mayBeShareBar = true }
                    case UInt8(ascii: "("):
                        if !gates.mayBePhotoViewer, UTF8Bytes.hasPrefix(bytes, "(Foto)", at: index) { gates.mayBePhotoViewer = true }
                    case 0xE2, 0xE4, 0xE5:
                        // 0xE2, 0xC4 and 0xC5 with the case bit set: the lead bytes of the lookalikes.
                        if Self.lookalikes.contains(where: { UTF8Bytes.hasPrefix(bytes, $0, at: index) }) { return nil }
                    default:
                        break
                    }
                }
                return gates
            }
            if let gates { self = gates }
        }
    }
}
