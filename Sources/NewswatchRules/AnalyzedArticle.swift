import NewswatchNormalize

/// Where a word sequence occurs: field index and word positions of its first and last word.
struct Span {
    var field: UInt8
    var start: Int32
    var end: Int32
    /// The article's word (interned) at `start`.
    var word: Int32
}

/// An article tokenized once for all queries. Every word is folded and interned to a small integer
/// as it is read; each distinct word is looked up once in the term index; then, per pattern that
/// occurs, its occurrences (field, position) in reading order, in one flat array.
struct AnalyzedArticle {
    struct Occurrence {
        var field: UInt8
        var position: Int32
        var word: Int32
    }

    /// Positions jump by this much from one line (paragraph, highlight, list item) to the next, so a
    /// phrase or NEAR never spans two of them.
    static let lineGap: Int32 = 10_000
    /// `allCases` makes a new array at every use.
    private static let fields = ArticleField.allCases

    let article: Article
    let feedName: String?
    /// The article's distinct folded words, and their bytes.
    private let words: WordInterner
    private let wordBytes: [UInt8]
    /// Every word of the tokenized fields, in (field, position) order.
    private let tokens: [Occurrence]
    /// Per field index, where its tokens start in `tokens` (one more entry for the end).
    private let fieldStarts: [Int]
    /// Occurrences grouped by pattern: pattern id → `occurrences[begin[id]..<end[id]]`, empty for a
    /// pattern that does not occur.
    private var occurrences: [Occurrence] = []
    private var begin: [Int32]
    private var end: [Int32]
    /// The patterns that occur, each once.
    private(set) var presentPatterns: [Int32] = []

    /// Tokenizes the fields of `fields` only: a field no query names need not be read.
    init(_ article: Article, feedName: String?, index: TermIndex, fields: FieldMask) {
        self.article = article
        self.feedName = feedName
        var words = WordInterner(capacity: 256)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(2048)
        var tokens: [Occurrence] = []
        tokens.reserveCapacity(512)
        var fieldStarts: [Int] = []
        fieldStarts.reserveCapacity(Self.fields.count + 1)
        for (fieldIndex, field) in Self.fields.enumerated() {
            fieldStarts.append(tokens.count)
            guard fields.contains(fieldIndex: fieldIndex) else { continue }
            var position: Int32 = 0
            field.forEachLine(of: article, feedName: feedName) { line in
                WordFolding.scanWords(in: line) { folded, hash in
                    let word = words.intern(folded, hash: hash, into: &bytes)
                    tokens.append(Occurrence(field: UInt8(fieldIndex), position: position, word: Int32(word)))
                    position &+= 1
                }
                position &+= Self.lineGap
            }
        }
        fieldStarts.append(tokens.count)
        self.words = words
        self.wordBytes = bytes
        self.tokens = tokens
        self.fieldStarts = fieldStarts

        // Each distinct word is looked up once.
        var wordPatternStarts: [Int32] = [0]
        wordPatternStarts.reserveCapacity(words.count + 1)
        var wordPatterns: [Int32] = []
        bytes.withUnsafeBufferPointer { bytes in
            for word in 0..<words.count {
                let range = words.range(of: word)
                index.appendPatternIDs(matching: UnsafeBufferPointer(rebasing: bytes[range]), to: &wordPatterns)
                wordPatternStarts.append(Int32(wordPatterns.count))
            }
        }

        // Counting sort of the occurrences by pattern, keeping reading order within a pattern.
        begin = Array(repeating: 0, count: index.patterns.count)
        end = Array(repeating: 0, count: index.patterns.count)
        guard !wordPatterns.isEmpty else { return }
        for token in tokens {
            for slot in Int(wordPatternStarts[Int(token.word)])..<Int(wordPatternStarts[Int(token.word) + 1]) {
                let pattern = Int(wordPatterns[slot])
                if end[pattern] == 0 { presentPatterns.append(Int32(pattern)) }
                end[pattern] += 1
            }
        }
        var total: Int32 = 0
        for pattern in presentPatterns {
            let count = end[Int(pattern)]
            begin[Int(pattern)] = total
            end[Int(pattern)] = total
            total += count
        }
        occurrences = Array(repeating: Occurrence(field: 0, position: 0, word: 0), count: Int(total))
        for token in tokens {
            for slot in Int(wordPatternStarts[Int(token.word)])..<Int(wordPatternStarts[Int(token.word) + 1]) {
                let pattern = Int(wordPatterns[slot])
                occurrences[Int(end[pattern])] = token
                end[pattern] += 1
            }
        }
    }

    /// Calls `body` with each place the sequence of patterns occurs, consecutively, in a field of
    /// `mask`, in reading order, until `body` returns false.
    func forEachSpan(of patterns: ArraySlice<Int32>, in mask: FieldMask, _ body: (Span) -> Bool) {
        let first = Int(patterns[patterns.startIndex])
        let rest = patterns.dropFirst()
        for at in Int(begin[first])..<Int(end[first]) {
            let occurrence = occurrences[at]
            guard mask.contains(fieldIndex: Int(occurrence.field)) else { continue }
            var matched = true
            var position = occurrence.position
            for pattern in rest {
                position += 1
                if !contains(Int(pattern), field: occurrence.field, position: position) {
                    matched = false
                    break
                }
            }
            if matched && !body(Span(field: occurrence.field, start: occurrence.position, end: position, word: occurrence.word)) { return }
        }
    }

    /// Whether the sequence of patterns occurs in a field of `mask`.
    func occurs(_ patterns: ArraySlice<Int32>, in mask: FieldMask) -> Bool {
        var found = false
        forEachSpan(of: patterns, in: mask) { _ in
            found = true
            return false
        }
        return found
    }

    /// Every place the sequence occurs, in reading order.
    func spans(of patterns: ArraySlice<Int32>, in mask: FieldMask) -> [Span] {
        var spans: [Span] = []
        forEachSpan(of: patterns, in: mask) { spans.append($0); return true }
        return spans
    }

    /// A pattern's occurrences are in (field, position) order, so a binary search finds one.
    private func contains(_ pattern: Int, field: UInt8, position: Int32) -> Bool {
        var low = Int(begin[pattern]), high = Int(end[pattern])
        let stop = high
        while low < high {
            let mid = (low + high) / 2
            let item = occurrences[mid]
            if item.field < field || (item.field == field && item.position < position) {
                low = mid + 1
            } else {
                high = mid
            }
        }
        return low < stop && occurrences[low].field == field && occurrences[low].position == position
    }

    /// The distinct words where the sequence of patterns occurs in a field of `mask`, for the report
    /// (a phrase's words joined by spaces); the first eight are enough to show what a wildcard found.
    /// Empty when it does not occur.
    func words(of patterns: ArraySlice<Int32>, in mask: FieldMask) -> [String] {
        guard patterns.count == 1 else { return words(of: spans(of: patterns, in: mask)) }
        // One word: the spans' own word ids, compared without making a String.
        var found: [Int32] = []
        forEachSpan(of: patterns, in: mask) { span in
            if !found.contains(span.word) { found.append(span.word) }
            return found.count < 8
        }
        return found.map { word(Int($0)) }
    }

    /// The distinct words at the spans, as `words(of:in:)`. Compared as word ids: a String is made
    /// only for each of the (at most eight) distinct ones.
    func words(of spans: [Span]) -> [String] {
        var found: [[Int32]] = []
        for span in spans where found.count < 8 {
            let fieldTokens = fieldStarts[Int(span.field)]..<fieldStarts[Int(span.field) + 1]
            let ids = (span.start...span.end).compactMap { position -> Int32? in
                let at = firstToken(in: fieldTokens, atOrAfter: position)
                return at < fieldTokens.upperBound && tokens[at].position == position ? tokens[at].word : nil
            }
            if !found.contains(ids) { found.append(ids) }
        }
        return found.map { ids in ids.count == 1 ? word(Int(ids[0])) : ids.map { word(Int($0)) }.joined(separator: " ") }
    }

    private func word(_ id: Int) -> String { String(decoding: wordBytes[words.range(of: id)], as: UTF8.self) }

    private func firstToken(in range: Range<Int>, atOrAfter position: Int32) -> Int {
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let mid = (low + high) / 2
            if tokens[mid].position < position { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The first text a regex finds in a line of a field of `mask`: tried on the line as written
    /// (case-insensitive), then on its folded words, so `/flucht(ling|helfer)/` finds `Flüchtlinge`.
    func firstMatch(of regex: Regex<AnyRegexOutput>, in mask: FieldMask) -> String? {
        for (fieldIndex, field) in ArticleField.allCases.enumerated() where mask.contains(fieldIndex: fieldIndex) {
            for line in field.lines(of: article, feedName: feedName) {
                if let match = line.firstMatch(of: regex) { return String(line[match.range]) }
                let folded = WordFolding.foldedText(line)
                if let match = folded.firstMatch(of: regex) { return String(folded[match.range]) }
            }
        }
        return nil
    }
}
