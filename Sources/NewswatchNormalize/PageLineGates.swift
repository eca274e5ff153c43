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
        /// Bit `i` set: `Patterns.furniture[i]` may match (its first words, or a word it must
        /// contain, are in the line).
        var furniturePatterns = UInt32.max

        var mayBeFurniture: Bool { furniturePatterns != 0 }

        /// Letters outside ASCII whose lower or upper case is an ASCII letter (Kelvin sign, dotted and
        /// dotless i, long s): the lower-cased line or a case-insensitive pattern could read them as
        /// ASCII, so a line with one goes to every pattern.
        static let lookalikes: [StaticString] = ["\u{212A}", "\u{0130}", "\u{0131}", "\u{017F}"]

        /// Whether the bytes hold one of `lookalikes`.
        static func hasLookalike(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            lookalikes.contains { UTF8Bytes.contains(bytes, $0) }
        }

        /// Every gate open.
        private init() {}

        static let relatedLabelStarts: [StaticString] = [
            "lesen sie auch", "lesen sie mehr", "ebenfalls interessant", "auch interessant", "mehr zum thema",
            "das k", "weiterlesen", "mehr dazu", "read more", "read also", "also read", "related", "see also",
            "more on this story", "more on this topic",
        ]
        static let topicsStarts: [StaticString] = ["themen", "schlagw", "tags", "topics"]
        static let bylineStarts: [StaticString] = ["erstellt von"]
        /// The first words of `Patterns.furniture`, each with the patterns (bit `1 << index`) that
        /// begin with it.
        static let furnitureStarts: [(start: StaticString, patterns: UInt32)] = [
            ("folgen sie ", 1 << 0), ("follow ", 1 << 1), ("erfahren sie hier mehr", 1 << 2), ("beliebteste artikel", 1 << 3),
            ("meistgelesen", 1 << 4), ("most read", 1 << 4), ("most popular", 1 << 4), ("popular now", 1 << 4),
            ("trending now", 1 << 4), ("alle ", 1 << 5), ("anzeige", 1 << 6), ("werbung", 1 << 6), ("advertisement", 1 << 6),
            ("sponsored", 1 << 6), ("gesponsert", 1 << 6), ("promotion", 1 << 6), ("zur", 1 << 7), ("back to top", 1 << 7),
            ("nach oben", 1 << 7), ("copyright ", 1 << 13), ("\u{00A9}", 1 << 14), ("stand:", 1 << 15), ("lesezeit", 1 << 16),
            ("reading time", 1 << 16), ("artikel anh", 1 << 17), ("artikel vorlesen", 1 << 17), ("vorlesen", 1 << 17),
            ("listen to this article", 1 << 17), ("audio version", 1 << 17), ("mehr ", 1 << 18), ("weitere ", 1 << 18),
            ("melden sie sich ", 1 << 8), ("abonnieren sie ", 1 << 8), ("jetzt ", 1 << 8), ("hier ", 1 << 8),
            ("sign up ", 1 << 10), ("subscribe ", 1 << 10),
        ]
        /// The patterns that must contain a word anywhere: `newsletter` (8, 9, 10), `dpa-infocom` (11),
        /// `kommentare` or `comments` (12).
        static let newsletterPatterns: UInt32 = 1 << 8 | 1 << 9 | 1 << 10
        /// Of these, 8 and 10 also begin with one of their first words, and 9 also holds `anmelden`,
        /// `abonnieren` or `bestellen`: a line with `newsletter` is asked only the ones it can match.
        static let newsletterVerbs: [StaticString] = ["anmelden", "abonnieren", "bestellen"]
        static let dpaInfocomPatterns: UInt32 = 1 << 11
        static let commentPatterns: UInt32 = 1 << 12

        /// The gate a first word opens.
        enum StartGate {
            case relatedLabel, topics, byline
            case furniture(UInt32)
        }

        /// The pairs of bytes, each with its case bit set (`byte | 0x20`), at which the scan of a line
        /// for words anywhere in it has something to test: the first two letters of each word, `(f` for
        /// `(Foto)`, and a lookalike's lead byte before any byte. A bit per pair, the first byte's 256
        /// in four words. A pair without
        /// its bit set begins none of the words.
        static let openingPairs: [UInt64] = {
            var bits = [UInt64](repeating: 0, count: 65536 / 64)
            func set(_ first: UInt8, _ second: UInt8) {
                let pair = Int(first) << 8 | Int(second)
                bits[pair >> 6] |= 1 << UInt64(pair & 63)
            }
            for word in ["ne", "dp", "ko", "co", "te", "tw", "sh", "fa", "wh", "pi", "li", "(f"] {
                let letters = Array(word.utf8)
                set(letters[0], letters[1])
            }
            for lead: UInt8 in [0xE2, 0xE4, 0xE5] {
                for second in 0...255 { set(lead, UInt8(second) | 0x20) }
            }
            return bits
        }()

        /// Every first word above with its gate, by its first byte.
        /// The gates of the words a line can begin with: only those that begin with the line's first
        /// byte (case folded) are tried.
        mutating func setStartGates(of bytes: UnsafeBufferPointer<UInt8>) {
            mayBeRelatedLabel = false
            mayBeTopics = false
            mayBeByline = false
            furniturePatterns = 0
            guard let first = bytes.first else { return }
            for (start, gate) in Self.startsByFirstByte[Int(first >= 0x41 && first <= 0x5A ? first | 0x20 : first)]
            where UTF8Bytes.hasPrefix(bytes, start, caseInsensitive: true) {
                switch gate {
                case .relatedLabel: mayBeRelatedLabel = true
                case .topics: mayBeTopics = true
                case .byline: mayBeByline = true
                case .furniture(let patterns): furniturePatterns |= patterns
                }
            }
        }

        static let startsByFirstByte: [[(start: StaticString, gate: StartGate)]] = {
            var table = [[(start: StaticString, gate: StartGate)]](repeating: [], count: 256)
            func add(_ start: StaticString, _ gate: StartGate) { table[Int(start.utf8Start[0])].append((start, gate)) }
            relatedLabelStarts.forEach { add($0, .relatedLabel) }
            topicsStarts.forEach { add($0, .topics) }
            bylineStarts.forEach { add($0, .byline) }
            furnitureStarts.forEach { add($0.start, .furniture($0.patterns)) }
            return table
        }()

        init(_ line: String) {
            let gates = UTF8Bytes.with(line) { bytes -> PatternGates? in
                var gates = PatternGates()
                gates.setStartGates(of: bytes)
                gates.mayBePhotoViewer = false
                gates.mayBeShareBar = false
                var mentionsNewsletter = false
                // The words looked for anywhere in the line, in one pass, by their first byte.
                // The words some furniture pattern has anywhere in the line (newsletter, dpa-infocom,
                // kommentare, comments) and `PageLine.shareTriggerWords`; each letter is tried only
                // against the words that begin with it.
                // Only where the two bytes (case bits set) may begin one of the words: most letters of a
                // line begin some word's pair, few pairs begin a word, and a branch per letter that the
                // processor could not predict cost more than the rest of classifying the line.
                let openingPairs = Self.openingPairs
                let last = bytes.count - 1
                var index = 0
                while index < last {
                    defer { index += 1 }
                    let pair = Int(bytes[index] | 0x20) << 8 | Int(bytes[index + 1] | 0x20)
                    if openingPairs[pair >> 6] & (1 << UInt64(pair & 63)) == 0 { continue }
                    func at(_ word: StaticString) -> Bool {
                        UTF8Bytes.hasPrefix(bytes, word, at: index, caseInsensitive: true)
                    }
                    // The byte after, its case bit set: each word is looked for only where its second
                    // letter follows (these letters are common in text; the words are not).
                    func then(_ letter: Unicode.Scalar) -> Bool {
                        index + 1 < bytes.count && bytes[index + 1] | 0x20 == UInt8(ascii: letter)
                    }
                    switch bytes[index] | 0x20 {
                    case UInt8(ascii: "n"):
                        if !mentionsNewsletter, then("e"), at("newsletter") { mentionsNewsletter = true }
                    case UInt8(ascii: "d"):
                        if gates.furniturePatterns & Self.dpaInfocomPatterns == 0, then("p"), at("dpa-infocom") { gates.furniturePatterns |= Self.dpaInfocomPatterns }
                    case UInt8(ascii: "k"):
                        if gates.furniturePatterns & Self.commentPatterns == 0, then("o"), at("kommentare") { gates.furniturePatterns |= Self.commentPatterns }
                    case UInt8(ascii: "c"):
                        if gates.furniturePatterns & Self.commentPatterns == 0, then("o"), at("comments") { gates.furniturePatterns |= Self.commentPatterns }
                    case UInt8(ascii: "t"):
                        if !gates.mayBeShareBar, then("e") && at("teilen") || then("w") && (at("twitter") || at("tweet")) { gates.mayBeShareBar = true }
                    case UInt8(ascii: "s"):
                        if !gates.mayBeShareBar, then("h"), at("share") { gates.mayBeShareBar = true }
                    case UInt8(ascii: "f"):
                        if !gates.mayBeShareBar, then("a"), at("facebook") { gates.mayBeShareBar = true }
                    case UInt8(ascii: "w"):
                        if !gates.mayBeShareBar, then("h"), at("whatsapp") { gates.mayBeShareBar = true }
                    case UInt8(ascii: "p"):
                        if !gates.mayBeShareBar, then("i"), at("pinterest") { gates.mayBeShareBar = true }
                    case UInt8(ascii: "l"):
                        if !gates.mayBeShareBar, then("i"), at("linkedin") { gates.mayBeShareBar = true }
                    case UInt8(ascii: "("):
                        if !gates.mayBePhotoViewer, UTF8Bytes.hasPrefix(bytes, "(Foto)", at: index) { gates.mayBePhotoViewer = true }
                    case 0xE2, 0xE4, 0xE5:
                        // 0xE2, 0xC4 and 0xC5 with the case bit set: the lead bytes of the lookalikes.
                        if Self.lookalikes.contains(where: { UTF8Bytes.hasPrefix(bytes, $0, at: index) }) { return nil }
                    default:
                        break
                    }
                }
                // Patterns 8 and 10 stay open from their first words only with `newsletter` in the line.
                if mentionsNewsletter {
                    if Self.newsletterVerbs.contains(where: { UTF8Bytes.contains(bytes, $0, caseInsensitive: true) }) {
                        gates.furniturePatterns |= 1 << 9
                    }
                } else {
                    gates.furniturePatterns &= ~Self.newsletterPatterns
                }
                return gates
            }
            if let gates { self = gates }
        }
    }
}
