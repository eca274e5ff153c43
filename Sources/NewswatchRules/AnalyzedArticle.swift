import NewswatchNormalize

/// Where a word sequence occurs: field index and word positions of its first and last word.
struct Span {
    var field: UInt8
    var start: Int32
    var end: Int32
    /// The article's word (interned) at `start`.
    var word: Int32
}

/// An article tokenized once for all queries. Every word is folded, hashed as it is read, and found
/// among the known words (`KnownWords`: a word met in an earlier article is not looked up in the term
/// index again); then, per pattern that occurs, its occurrences (field, position) in reading order,
/// in one flat array. Works in `AnalysisBuffers`
/// reused from article to article; `finish` hands them back. Not copyable: a copy would retain every
/// buffer, and the buffers go back to the pool moved, not copied. Holds no copy of the article (one
/// retain per field): the rare `/regex/` is handed the article.
struct AnalyzedArticle: ~Copyable {
    struct Occurrence: Sendable {
        var field: UInt8
        var position: Int32
        var word: Int32
    }

    /// Positions jump by this much from one line (paragraph, highlight, list item) to the next, so a
    /// phrase or NEAR never spans two of them.
    static let lineGap: Int32 = 10_000
    /// `allCases` makes a new array at every use.
    private static let fields = ArticleField.allCases

    private var buffers: AnalysisBuffers

    /// The patterns that occur, each once.
    var presentPatterns: [Int32] { buffers.presentPatterns }

    /// Tokenizes the fields of `fields` only: a field no query names need not be read. `buffers`
    /// belong to the matcher whose term index `index` is, and are empty (`AnalysisBuffers.clear`).
    init(_ article: Article, feedName: String?, index: TermIndex, fields: FieldMask, buffers: consuming AnalysisBuffers) {
        buffers.known.emptyIfFull()
        // Words from this id on are new to the matcher: their patterns are looked up after the scan.
        let firstNew = buffers.known.count
        var wordBuffer = WordFolding.WordBuffer()
        defer { wordBuffer.deallocate() }
        for (fieldIndex, field) in Self.fields.enumerated() {
            buffers.fieldStarts.append(buffers.tokens.count)
            guard fields.contains(fieldIndex: fieldIndex) else { continue }
            var position: Int32 = 0
            field.forEachLine(of: article, feedName: feedName) { line in
                WordFolding.scanWords(in: line, buffer: &wordBuffer) { folded, hash, head in
                    let word = buffers.known.id(of: folded, hash: hash, head: head)
                    // A known word's patterns are counted now, and a word no pattern matches is not
                    // kept: it only takes a position. A new word is kept until its lookup.
                    if word >= firstNew || buffers.countPatterns(of: word) {
                        buffers.tokens.append(Occurrence(field: UInt8(fieldIndex), position: position, word: Int32(word)))
                    }
                    position &+= 1
                }
                position &+= Self.lineGap
            }
        }
        buffers.fieldStarts.append(buffers.tokens.count)
        buffers.known.lookUpNewWords(in: index)
        buffers.groupByPattern(countingWordsFrom: Int32(firstNew))
        self.buffers = consume buffers
    }

    /// Counting sort of the kept words' occurrences by pattern, keeping reading order within a
    /// pattern. The tokenizer has counted the occurrences of the words it knew (`end`, `present`);
    /// those of words from `firstNew` on are counted here. On raw buffers.
    fileprivate static func groupByPattern(_ tokens: [Occurrence], _ known: KnownWords, countingWordsFrom firstNew: Int32,
                                           present: inout [Int32], begin: inout [Int32], end: inout [Int32],
                                           occurrences: inout [Occurrence]) {
        guard !tokens.isEmpty else { return }
        var total = 0
        known.withPatternTable { starts, patterns in
            tokens.withUnsafeBufferPointer { tokens in
                end.withUnsafeMutableBufferPointer { end in
                    for token in tokens where token.word >= firstNew {
                        for slot in Int(starts[Int(token.word)])..<Int(starts[Int(token.word) + 1]) {
                            let pattern = Int(patterns[slot])
                            if end[pattern] == 0 { present.append(Int32(pattern)) }
                            end[pattern] += 1
                        }
                    }
                    begin.withUnsafeMutableBufferPointer { begin in
                        for pattern in present {
                            let count = end[Int(pattern)]
                            begin[Int(pattern)] = Int32(total)
                            end[Int(pattern)] = Int32(total)
                            total += Int(count)
                        }
                    }
                }
            }
        }
        guard total > 0 else { return }
        occurrences.append(contentsOf: repeatElement(Occurrence(field: 0, position: 0, word: 0), count: total))
        known.withPatternTable { starts, patterns in
            tokens.withUnsafeBufferPointer { tokens in
                end.withUnsafeMutableBufferPointer { end in
                    occurrences.withUnsafeMutableBufferPointer { occurrences in
                        for token in tokens {
                            for slot in Int(starts[Int(token.word)])..<Int(starts[Int(token.word) + 1]) {
                                let pattern = Int(patterns[slot])
                                occurrences[Int(end[pattern])] = token
                                end[pattern] += 1
                            }
                        }
                    }
                }
            }
        }
    }

    /// The buffers, for the next article.
    consuming func finish() -> AnalysisBuffers { buffers }

    /// Calls `body` with each place the sequence of patterns occurs, consecutively, in a field of
    /// `mask`, in reading order, until `body` returns false.
    func forEachSpan(of patterns: ArraySlice<Int32>, in mask: FieldMask, _ body: (Span) -> Bool) {
        let first = Int(patterns[patterns.startIndex])
        let rest = patterns.dropFirst()
        for at in Int(buffers.begin[first])..<Int(buffers.end[first]) {
            let occurrence = buffers.occurrences[at]
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
        var low = Int(buffers.begin[pattern]), high = Int(buffers.end[pattern])
        let stop = high
        while low < high {
            let mid = (low + high) / 2
            let item = buffers.occurrences[mid]
            if item.field < field || (item.field == field && item.position < position) {
                low = mid + 1
            } else {
                high = mid
            }
        }
        return low < stop && buffers.occurrences[low].field == field && buffers.occurrences[low].position == position
    }

    /// The distinct words where the sequence of patterns occurs in a field of `mask`, for the report
    /// (a phrase's words joined by spaces); the first eight are enough to show what a wildcard found.
    /// Empty when it does not occur.
    func words(of patterns: ArraySlice<Int32>, in mask: FieldMask) -> [String] {
        guard patterns.count == 1 else { return words(of: spans(of: patterns, in: mask)) }
        // One word: the spans' own word ids, compared without making a String, on the stack.
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 8) { found in
            var count = 0
            forEachSpan(of: patterns, in: mask) { span in
                if !found[..<count].contains(span.word) {
                    found[count] = span.word
                    count += 1
                }
                return count < 8
            }
            return count == 1 ? buffers.known.wordAlone(Int(found[0])) : found[..<count].map { word(Int($0)) }
        }
    }

    /// The distinct words at the spans, as `words(of:in:)`. Compared as word ids: a String is made
    /// only for each of the (at most eight) distinct ones.
    func words(of spans: [Span]) -> [String] {
        var found: [[Int32]] = []
        for span in spans where found.count < 8 {
            let fieldTokens = buffers.fieldStarts[Int(span.field)]..<buffers.fieldStarts[Int(span.field) + 1]
            let ids = (span.start...span.end).compactMap { position -> Int32? in
                let at = firstToken(in: fieldTokens, atOrAfter: position)
                return at < fieldTokens.upperBound && buffers.tokens[at].position == position ? buffers.tokens[at].word : nil
            }
            if !found.contains(ids) { found.append(ids) }
        }
        return found.map { ids in ids.count == 1 ? word(Int(ids[0])) : ids.map { word(Int($0)) }.joined(separator: " ") }
    }

    private func word(_ id: Int) -> String { buffers.known.word(id) }

    private func firstToken(in range: Range<Int>, atOrAfter position: Int32) -> Int {
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let mid = (low + high) / 2
            if buffers.tokens[mid].position < position { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The first text a regex finds in a line of a field of `mask`: tried on the line as written
    /// (case-insensitive), then on its folded words, so `/flucht(ling|helfer)/` finds `Flüchtlinge`.
    static func firstMatch(of regex: Regex<AnyRegexOutput>, in mask: FieldMask, of article: Article, feedName: String?) -> String? {
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

extension AnalysisBuffers {
    /// Counts an occurrence of each pattern the word (looked up) matches; false when it matches none.
    @inline(__always)
    fileprivate mutating func countPatterns(of word: Int) -> Bool {
        let slots = known.patternSlots(of: word)
        guard !slots.isEmpty else { return false }
        for slot in slots {
            let pattern = known.pattern(at: slot)
            if end[pattern] == 0 { presentPatterns.append(Int32(pattern)) }
            end[pattern] += 1
        }
        return true
    }

    /// `AnalyzedArticle.groupByPattern` of these buffers' tokens (a mutating method, so that the
    /// buffers' arrays can be handed to it as separate inout arguments).
    fileprivate mutating func groupByPattern(countingWordsFrom firstNew: Int32) {
        AnalyzedArticle.groupByPattern(tokens, known, countingWordsFrom: firstNew, present: &presentPatterns,
                                       begin: &begin, end: &end, occurrences: &occurrences)
    }
}
