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

    static func guess(_ text: String) -> String? {
        var tally = Tally()
        if !tallyScalars(text, into: &tally) {
            tally = Tally()
            for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) {
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
            for index in counts.indices where bits & (1 << index) != 0 { counts[index] += 1 }
        }
    }

    /// The words of the lower-cased text (runs of letters) tallied scalar by scalar, for a text whose
    /// every scalar is a `Character` of its own and lower-cases to one scalar: letters, digits and
    /// punctuation below U+0300 but U+0130 (`İ`, which lower-cases to two), typographic spaces,
    /// dashes, quotes, currency, letterlike and other symbols (`isSingleCharacterScalar`). There, a
    /// `Character` is a letter when its scalar is `Alphabetic` (CR LF, one `Character`, is a separator
    /// either way). False, with nothing tallied, for a text with any other scalar (a combining mark,
    /// a joiner, Hangul, an emoji with its variation selector), which the `Character`s decide.
    static func tallyScalars(_ text: String, into tally: inout Tally) -> Bool {
        UTF8Bytes.with(text) { bytes -> Bool in
            var scalars: [Unicode.Scalar] = []
            scalars.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                let lead = bytes[index]
                let width = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                var value = width == 1 ? UInt32(lead) : UInt32(lead) & (0xFF >> (width + 1))
                for offset in 1..<width { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
                guard let scalar = Unicode.Scalar(value), isSingleCharacterScalar(scalar) else { return false }
                scalars.append(scalar)
                index += width
            }
            var word = ""
            var letters = 0
            func endWord() {
                guard letters > 0 else { return }
                tally.count(letters <= longestMarker ? word : nil)
                word = ""
                letters = 0
            }
            for scalar in scalars {
                if tally.words >= wordLimit { return true }
                let lower: Unicode.Scalar
                if scalar.isASCII {
                    lower = scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(UInt8(scalar.value | 0x20)) : scalar
                    guard lower.value >= 0x61 && lower.value <= 0x7A else { endWord(); continue }
                } else {
                    lower = scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar
                    guard lower.properties.isAlphabetic else { endWord(); continue }
                }
                letters += 1
                if letters <= longestMarker { word.unicodeScalars.append(lower) }
            }
            if tally.words < wordLimit { endWord() }
            return true
        }
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
