/// The folded words met in earlier articles, each with the ids of the term patterns it matches, so a
/// word is looked up in the term index once, not once per article: news repeats its vocabulary, and
/// after a few hundred articles nearly every word of a new one is known. Tied to one `TermIndex`.
/// Bounded: `emptyIfFull` (called between two articles, never during one) starts over at `limit` words.
struct KnownWords: Sendable {
    private var interner = WordInterner(capacity: 1024)
    private var bytes: [UInt8] = []
    /// Word id → its patterns: `patterns[patternStarts[id]..<patternStarts[id + 1]]`.
    private var patternStarts: [Int32] = [0]
    private var patterns: [Int32] = []
    /// Word id → the word as a String, for the words some pattern matches (the only ones a report
    /// can name), made once rather than for every match; empty for the others.
    private var names: [String] = []
    /// Word id → `[word]` for those words: the report's word list of a term that found one word,
    /// most terms, shared rather than made for every match.
    private var alone: [[String]] = []
    let limit: Int

    init(limit: Int) {
        self.limit = limit
        bytes.reserveCapacity(8 * 1024)
        patternStarts.reserveCapacity(1025)
    }

    var count: Int { interner.count }

    /// The id of the folded `word` (`hash` and `head` as the tokenizer computed them). A new word's
    /// patterns are known after the next `lookUpNewWords`.
    @inline(__always)
    mutating func id(of word: UnsafeBufferPointer<UInt8>, hash: UInt64, head: UInt64) -> Int {
        interner.intern(word, hash: hash, head: head, into: &bytes)
    }

    /// Looks up in `index` the patterns of the words added since the last call. Apart from the
    /// tokenizer's loop, which so does not hold (and copy) the index for every word.
    mutating func lookUpNewWords(in index: TermIndex) {
        guard patternStarts.count <= interner.count else { return }
        bytes.withUnsafeBufferPointer { bytes in
            for id in (patternStarts.count - 1)..<interner.count {
                let word = UnsafeBufferPointer(rebasing: bytes[interner.range(of: id)])
                let before = patterns.count
                index.appendPatternIDs(matching: word, to: &patterns)
                patternStarts.append(Int32(patterns.count))
                let name = patterns.count > before ? String(decoding: word, as: UTF8.self) : ""
                names.append(name)
                alone.append(name.isEmpty ? [] : [name])
            }
        }
    }

    /// Calls `body` with the words' pattern table: word `id`'s patterns are
    /// `patterns[Int(starts[id])..<Int(starts[id + 1])]`, for every word looked up.
    func withPatternTable<Result>(_ body: (_ starts: UnsafeBufferPointer<Int32>, _ patterns: UnsafeBufferPointer<Int32>) -> Result) -> Result {
        patternStarts.withUnsafeBufferPointer { starts in patterns.withUnsafeBufferPointer { body(starts, $0) } }
    }

    /// Where word `id`'s patterns are in the pattern table (`pattern(at:)`); `id` must be looked up.
    @inline(__always)
    func patternSlots(of id: Int) -> Range<Int> { Int(patternStarts[id])..<Int(patternStarts[id + 1]) }

    @inline(__always)
    func pattern(at slot: Int) -> Int { Int(patterns[slot]) }

    /// The word, for a word some pattern matches.
    func word(_ id: Int) -> String { names[id] }

    /// `[word(id)]`, made once.
    func wordAlone(_ id: Int) -> [String] { alone[id] }

    mutating func emptyIfFull() {
        guard interner.count >= limit else { return }
        interner = WordInterner(capacity: 1024)
        bytes.removeAll(keepingCapacity: true)
        patternStarts.removeAll(keepingCapacity: true)
        patternStarts.append(0)
        patterns.removeAll(keepingCapacity: true)
        names.removeAll(keepingCapacity: true)
        alone.removeAll(keepingCapacity: true)
    }
}
