import NewswatchNormalize

/// Where a word sequence occurs: field index and word positions of its first and last word.
struct Span {
    var field: UInt8
    var start: Int32
    var end: Int32
}

/// An article tokenized once for all queries: for each pattern that occurs, where (field, position).
struct AnalyzedArticle {
    struct Occurrence {
        var field: UInt8
        var position: Int32
        var word: Int32
    }

    /// Positions jump by this much from one line (paragraph, highlight, list item) to the next, so a
    /// phrase or NEAR never spans two of them.
    static let lineGap: Int32 = 10_000

    private(set) var occurrences: [Int: [Occurrence]] = [:]
    private(set) var words: [String] = []
    private var lines: [[String]] = []
    /// Per field, every word's position and id, in order: to name the words a span covers.
    private var fieldTokens: [[(position: Int32, word: Int32)]] = []

    init(_ article: Article, feedName: String?, index: TermIndex, cache: WordPatternCache) {
        var wordIDs: [String: Int32] = [:]
        for field in ArticleField.allCases {
            let fieldLines = field.lines(of: article, feedName: feedName)
            lines.append(fieldLines)
            var position: Int32 = 0
            var tokens: [(position: Int32, word: Int32)] = []
            for line in fieldLines {
                WordFolding.forEachWord(in: line) { word in
                    let wordID: Int32
                    if let known = wordIDs[word] {
                        wordID = known
                    } else {
                        wordID = Int32(words.count)
                        wordIDs[word] = wordID
                        words.append(word)
                    }
                    tokens.append((position, wordID))
                    position += 1
                }
                position += Self.lineGap
            }
            fieldTokens.append(tokens)
        }
        // Each distinct word is looked up once per article, and mostly answered by the cache.
        let patternsOfWord = cache.patternIDs(of: words, index: index)
        for (fieldIndex, tokens) in fieldTokens.enumerated() {
            for token in tokens {
                for pattern in patternsOfWord[Int(token.word)] {
                    occurrences[pattern, default: []].append(Occurrence(field: UInt8(fieldIndex), position: token.position, word: token.word))
                }
            }
        }
    }

    /// Where the sequence of patterns occurs, consecutively, in a field of `mask`.
    func spans(of patterns: [Int], in mask: FieldMask, stopAtFirst: Bool) -> [Span] {
        guard let firsts = occurrences[patterns[0]] else { return [] }
        var rest: [[Occurrence]] = []
        for pattern in patterns.dropFirst() {
            guard let list = occurrences[pattern] else { return [] }
            rest.append(list)
        }
        var spans: [Span] = []
        for first in firsts where mask.contains(fieldIndex: Int(first.field)) {
            var matched = true
            for (offset, list) in rest.enumerated() {
                if !Self.contains(list, field: first.field, position: first.position + Int32(offset) + 1) {
                    matched = false
                    break
                }
            }
            if matched {
                spans.append(Span(field: first.field, start: first.position, end: first.position + Int32(rest.count)))
                if stopAtFirst { break }
            }
        }
        return spans
    }

    /// Occurrence lists are built in (field, position) order, so a binary search finds one.
    private static func contains(_ list: [Occurrence], field: UInt8, position: Int32) -> Bool {
        var low = 0, high = list.count
        while low < high {
            let mid = (low + high) / 2
            let item = list[mid]
            if item.field < field || (item.field == field && item.position < position) {
                low = mid + 1
            } else {
                high = mid
            }
        }
        return low < list.count && list[low].field == field && list[low].position == position
    }

    /// The distinct words at the spans, for the report (a phrase's words joined by spaces); the
    /// first eight are enough to show what a wildcard found.
    func words(of spans: [Span]) -> [String] {
        var found: [String] = []
        for span in spans where found.count < 8 {
            let tokens = fieldTokens[Int(span.field)]
            let text = (span.start...span.end).compactMap { position -> String? in
                let at = Self.firstIndex(in: tokens, atOrAfter: position)
                return at < tokens.count && tokens[at].position == position ? words[Int(tokens[at].word)] : nil
            }.joined(separator: " ")
            if !found.contains(text) { found.append(text) }
        }
        return found
    }

    private static func firstIndex(in tokens: [(position: Int32, word: Int32)], atOrAfter position: Int32) -> Int {
        var low = 0, high = tokens.count
        while low < high {
            let mid = (low + high) / 2
            if tokens[mid].position < position { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The first text a regex finds in a line of a field of `mask`: tried on the line as written
    /// (case-insensitive), then on its folded words, so `/flucht(ling|helfer)/` finds `Flüchtlinge`.
    func firstMatch(of regex: Regex<AnyRegexOutput>, in mask: FieldMask) -> String? {
        for (fieldIndex, fieldLines) in lines.enumerated() where mask.contains(fieldIndex: fieldIndex) {
            for line in fieldLines {
                if let match = line.firstMatch(of: regex) { return String(line[match.range]) }
                let folded = WordFolding.foldedText(line)
                if let match = folded.firstMatch(of: regex) { return String(folded[match.range]) }
            }
        }
        return nil
    }
}
