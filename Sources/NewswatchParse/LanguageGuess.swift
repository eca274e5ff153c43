import Foundation

/// The language of a text that names none, told by its most common words: enough for `de` and `en`,
/// the languages newswatch's sources are in. Nil when the text is short or the evidence is not clear.
enum LanguageGuess {
    static let markers: [(tag: String, words: Set<String>)] = [
        ("de", ["der", "die", "das", "und", "ist", "nicht", "mit", "sich", "den", "auf", "für", "ein", "eine", "dem", "von", "zu", "im", "auch", "wird", "sind"]),
        ("en", ["the", "and", "of", "to", "is", "that", "with", "for", "was", "on", "are", "by", "this", "from", "have", "has", "be", "it", "at", "were"]),
        ("fr", ["le", "la", "les", "et", "est", "des", "une", "du", "que", "pour", "dans", "pas", "sur", "au", "avec", "qui", "ce", "sont"]),
        ("es", ["el", "la", "los", "las", "y", "es", "del", "que", "en", "por", "una", "con", "para", "se", "su", "como", "más", "fue"]),
    ]

    static func guess(_ text: String) -> String? {
        var counts = [Int](repeating: 0, count: markers.count)
        var words = 0
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) {
            words += 1
            let token = String(word)
            for (index, marker) in markers.enumerated() where marker.words.contains(token) { counts[index] += 1 }
            if words >= 2_000 { break }
        }
        guard words >= 20, let best = counts.indices.max(by: { counts[$0] < counts[$1] }) else { return nil }
        let second = counts.enumerated().filter { $0.offset != best }.map(\.element).max() ?? 0
        // Markers make up a fifth or more of running text in its language; demand a clear lead.
        guard counts[best] * 10 >= words, counts[best] >= 2 * second else { return nil }
        return markers[best].tag
    }
}
