import Foundation
import NewswatchNormalize

/// The language of a text that names none, told by its most common words: enough for `de` and `en`,
/// the languages newswatch's sources are in. Nil when the text is short or the evidence is not clear.
enum LanguageGuess {
    static let markers: [(tag: String, words: Set<String>)] = [
        ("de", ["der", "die", "das", "und", "ist", "nicht", "mit", "sich", "den", "auf", "für", "ein", "eine", "dem", "von", "zu", "im", "auch", "wird", "sind"]),
        ("en", ["the", "and", "of", "to", "is", "that", "with", "for", "was", "on", "are", "by", "this", "from", "have", "has", "be", "it", "at", "were"]),
        ("fr", ["le", "la", "les", "et", "est", "des", "une", "du", "que", "pour", "dans", "pas", "sur", "au", "avec", "qui", "ce", "sont"]),
        ("es", ["el", "la", "los", "las", "y", "es", "del", "que", "en", "por", "una", "con", "para", "se", "su", "como", "más", "fue"]),
    ]
    /// Most characters of a marker word: longer words are counted, never looked up.
    static let longestMarker = 5
    /// Words read at most.
    static let wordLimit = 2_000

    static func guess(_ text: String) -> String? { guess(lines: [text]) }

    /// `guess(lines.joined(separator: " "))`, without joining them: the space between two lines ends
    /// a word as it does in the joined text, and the joined text is made only when the `Character`s
    /// have to decide (see `tallyScalars`).
    static func guess(lines: [String]) -> String? {
        var tally = Tally()
        if !tallyScalars(lines, into: &tally) {
            tally = Tally()
            for word in lines.joined(separator: " ").lowercased().split(whereSeparator: { !$0.isLetter }) {
                tally.count(String(word))
                if tally.words >= wordLimit { break }
            }
        }
        let counts = tally.counts, words = tally.words
        guard words >= 20, let best = counts.indices.max(by: { counts[$0] < counts[$1] }) else { return nil }
        let second = counts.enumerated().filter { $0.offset != best }.map(\.element).max() ?? 0
        // Markers make up a fifth or more of running text in its language; demand a clear lead.
        guard counts[best] * 10 >= words, counts[best] >= 2 * second else { return nil }
        return markers[best].tag
    }

    /// For each marker word, the markers (bit `1 << index`) it is in: one lookup per word.
    static let markerBits: [String: UInt8] = {
        var bits: [String: UInt8] = [:]
        for (index, marker) in markers.enumerated() {
            for word in marker.words { bits[word, default: 0] |= 1 << index }
        }
        return bits
    }()

    struct Tally {
        var counts = [Int](repeating: 0, count: LanguageGuess.markers.count)
        var words = 0

        /// One word; nil for a word too long to be a marker.
        mutating func count(_ token: String?) {
            words += 1
            guard let token, let bits = LanguageGuess.markerBits[token] else { return }
            add(bits)
        }

        /// One word by its `PackedWord` key; nil for a word that can be no marker.
        mutating func count(packed key: UInt64?, in table: PackedMarkers) {
            words += 1
            guard let key else { return }
            let bits = table.bits(key)
            if bits != 0 { add(bits) }
        }

        private mutating func add(_ bits: UInt8) {
            for index in counts.indices where bits & (1 << index) != 0 { counts[index] += 1 }
        }
    }

    /// The marker words by their lower-cased UTF-8 bytes packed into a `UInt64` (first byte lowest; no
    /// letter's byte is zero, so the packing is one-to-one), in an open-addressed table: a word is
    /// looked up without making a String of it. Every marker is at most 8 bytes.
    struct PackedMarkers {
        private var keys = [UInt64](repeating: 0, count: 256)
        private var values = [UInt8](repeating: 0, count: 256)

        init() {
            for (word, bits) in LanguageGuess.markerBits {
                guard let key = PackedWord.key(Array(word.utf8)) else { preconditionFailure("marker \(word) is longer than 8 bytes") }
                var slot = Self.slot(key)
                while keys[slot] != 0 { slot = (slot + 1) & 255 }
                keys[slot] = key
                values[slot] = bits
            }
        }

        static func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 56) }

        /// The marker bits of the word with this key, 0 for no marker.
        func bits(_ key: UInt64) -> UInt8 {
            var slot = Self.slot(key)
            while true {
                let found = keys[slot]
                if found == key { return values[slot] }
                if found == 0 { return 0 }
                slot = (slot + 1) & 255
            }
        }
    }

    static let packedMarkers = PackedMarkers()

    /// The word being read: its letter count, and the lower-cased bytes of its first `longestMarker`
    /// letters packed as `PackedMarkers` keys them, while they fit in 8 bytes.
    struct PackedWord {
        var key: UInt64 = 0
        var length = 0
        var letters = 0

        static func key(_ bytes: [UInt8]) -> UInt64? {
            guard bytes.count <= 8 else { return nil }
            var key: UInt64 = 0
            for (offset, byte) in bytes.enumerated() { key |= UInt64(byte) << (8 * offset) }
            return key
        }

        @inline(__always)
        mutating func append(_ byte: UInt8) {
            if length < 8 { key |= UInt64(byte) << (8 * length) }
            length += 1
        }

        /// The key of a word that may be a marker: at most `longestMarker` letters in at most 8 bytes.
        var markerKey: UInt64? { letters <= LanguageGuess.longestMarker && length <= 8 ? key : nil }
    }

    static func tallyScalars(_ text: String, into tally: inout Tally) -> Bool { tallyScalars([text], into: &tally) }

    /// The words of the lower-cased text (runs of letters; the lines joined by spaces) tallied on the
    /// UTF-8 bytes, for a text whose every scalar is a `Character` of its own and lower-cases to one
    /// scalar: letters, digits and punctuation below U+0300 but U+0130 (`İ`, which lower-cases to
    /// two), typographic spaces, dashes, quotes, currency, letterlike and other symbols
    /// (`isSingleCharacterScalar`). There, a `Character` is a letter when its scalar is `Alphabetic`
    /// (CR LF, one `Character`, is a separator either way), and two words are equal Strings when
    /// their lower-cased scalars are the same. False, with nothing tallied, for a text with any other
    /// scalar (a combining mark, a joiner, Hangul, an emoji with its variation selector), which the
    /// `Character`s decide: the whole text is checked, though at most `wordLimit` words are read.
    static func tallyScalars(_ lines: [String], into tally: inout Tally) -> Bool {
        for line in lines where !UTF8Bytes.with(line, hasOnlySingleCharacterScalars) { return false }
        var reader = WordReader(tally: tally, table: packedMarkers)
        defer { tally = reader.tally }
        for (number, line) in lines.enumerated() {
            // The space the lines are joined with.
            if number > 0, !reader.separate() { return true }
            if !UTF8Bytes.with(line, { reader.read($0) }) { return true }
        }
        if reader.tally.words < wordLimit { reader.endWord() }
        return true
    }

    /// The tally of `tallyScalars` as it reads, and the word it is in.
    struct WordReader {
        var tally: Tally
        let table: PackedMarkers
        var word = PackedWord()

        mutating func endWord() {
            guard word.letters > 0 else { return }
            tally.count(packed: word.markerKey, in: table)
            word = PackedWord()
        }

        /// Ends the word at a separator; true once `wordLimit` words are read.
        mutating func endWordAtLimit() -> Bool {
            endWord()
            return tally.words >= LanguageGuess.wordLimit
        }

        /// A separator between words; false once `wordLimit` words are read.
        mutating func separate() -> Bool {
            if tally.words >= LanguageGuess.wordLimit { return false }
            endWord()
            return true
        }

        /// The words of `bytes`, the last one left open; false once `wordLimit` words are read (the
        /// count grows only where a word ends, so it is looked at there).
        mutating func read(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            if tally.words >= LanguageGuess.wordLimit { return false }
            var index = 0
            let count = bytes.count
            while index < count {
                let lead = bytes[index]
                if lead < 0x80 {
                    index += 1
                    let lower = lead | 0x20
                    guard lower >= 0x61 && lower <= 0x7A else {
                        if endWordAtLimit() { return false }
                        continue
                    }
                    word.letters += 1
                    if word.letters <= LanguageGuess.longestMarker {
                        word.append(lower)
                    } else {
                        // A word too long for a marker: only its end matters, and the ASCII letters up
                        // to it change nothing but the letter count, which is past the longest already.
                        while index < count, case let next = bytes[index] | 0x20, next >= 0x61 && next <= 0x7A { index += 1 }
                    }
                } else if lead == 0xC3 {
                    // U+00C0–U+00FF: letters but × and ÷; the capitals (but ×) lower-case 0x20 up.
                    let second = bytes[index + 1]
                    index += 2
                    guard second != 0x97 && second != 0xB7 else {
                        if endWordAtLimit() { return false }
                        continue
                    }
                    word.letters += 1
                    if word.letters <= LanguageGuess.longestMarker {
                        word.append(lead)
                        word.append(second <= 0x9E ? second + 0x20 : second)
                    }
                } else {
                    let (scalar, width) = UTF8Bytes.scalar(in: bytes, at: index)
                    index += width
                    let lower = scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar
                    guard lower.properties.isAlphabetic else {
                        if endWordAtLimit() { return false }
                        continue
                    }
                    word.letters += 1
                    if word.letters <= LanguageGuess.longestMarker { for byte in lower.utf8 { word.append(byte) } }
                }
            }
            return true
        }
    }

    /// Whether every scalar of these (valid UTF-8) bytes is `isSingleCharacterScalar` (ASCII and
    /// U+00C0–U+00FF, below U+0130, are).
    static func hasOnlySingleCharacterScalars(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        UTF8Bytes.everyScalarBeyondLatin1(in: bytes, isSingleCharacterScalar)
    }

    /// Scalars that neither extend nor join a grapheme (Grapheme_Cluster_Break `Other`, or a control)
    /// and lower-case to one scalar. The blocks listed hold no combining mark, joiner or prepended
    /// mark; U+2000–U+200A and U+202F, U+205F are spaces, not format characters.
    static func isSingleCharacterScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x130, 0x131..<0x300: return true
        case 0x1E00...0x1EFF: return true  // Latin Extended Additional
        case 0x2000...0x200A, 0x2010...0x2027, 0x202F...0x205F: return true  // spaces, dashes, quotes, bullets
        case 0x20A0...0x20CF, 0x2100...0x214F, 0x2190...0x2BFF: return true  // currency, letterlike, arrows, symbols
        case 0xFFFD: return true
        default: return false
        }
    }
}
