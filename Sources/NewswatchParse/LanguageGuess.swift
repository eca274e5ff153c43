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

    struct Tally {
        var counts = [Int](repeating: 0, count: LanguageGuess.markers.count)
        var words = 0

        mutating func count(_ token: String?) {
            words += 1
            guard let token else { return }
            for (index, marker) in LanguageGuess.markers.enumerated() where marker.words.contains(token) { counts[index] += 1 }
        }
    }

    /// The words of the lower-cased text (runs of letters) tallied scalar by scalar, for a text whose
    /// scalars all lie below U+0300 except U+0130: there every scalar is a `Character` of its own (no
    /// scalar below U+0300 extends a grapheme; CR LF is one, but a separator either way), a
    /// `Character` is a letter when its scalar is `Alphabetic`, and lower-casing maps each scalar to
    /// one scalar (U+0130, `İ`, becomes two). False, with nothing tallied, for any other text.
    static func tallyScalars(_ text: String, into tally: inout Tally) -> Bool {
        UTF8Bytes.with(text) { bytes -> Bool in
            // 0xCC is the lead byte of U+0300…U+033F, anything from 0xCD on lies above; U+0130 is C4 B0.
            for index in bytes.indices where bytes[index] >= 0xCC || (bytes[index] == 0xC4 && bytes[index + 1] == 0xB0) {
                return false
            }
            var word = ""
            var letters = 0
            func endWord() {
                guard letters > 0 else { return }
                tally.count(letters <= longestMarker ? word : nil)
                word = ""
                letters = 0
            }
            var index = 0
            while index < bytes.count, tally.words < wordLimit {
                // Below U+0300 a scalar takes one byte or two.
                let lead = bytes[index]
                let scalar = lead < 0x80 ? Unicode.Scalar(lead)
                    : Unicode.Scalar(UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F))!
                index += lead < 0x80 ? 1 : 2
                let lower: Unicode.Scalar
                if scalar.isASCII {
                    lower = scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(UInt8(scalar.value | 0x20)) : scalar
                    guard (lower.value >= 0x61 && lower.value <= 0x7A) else { endWord(); continue }
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
}
