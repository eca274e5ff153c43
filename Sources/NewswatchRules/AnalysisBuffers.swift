import Foundation

/// The memory an `AnalyzedArticle` works in, kept from one article to the next so that analysing
/// one allocates nothing once the buffers have grown to the size of a usual article, and the words
/// met before are not looked up again. Belongs to one matcher (its pattern ids and term index).
struct AnalysisBuffers: Sendable {
    var known: KnownWords
    /// The words of the article some pattern matches (and those new to the matcher, looked up after
    /// the scan), in (field, position) order: every word of a span, which is all the report reads.
    var tokens: [AnalyzedArticle.Occurrence] = []
    /// Per field index, where its tokens start in `tokens` (one more entry for the end).
    var fieldStarts: [Int] = []
    /// Occurrences grouped by pattern: pattern id → `occurrences[begin[id]..<end[id]]`. Between two
    /// articles every entry of `begin` and `end` is 0 (`clear` resets those `presentPatterns` set).
    var occurrences: [AnalyzedArticle.Occurrence] = []
    var begin: [Int32]
    var end: [Int32]
    var presentPatterns: [Int32] = []
    /// The matcher's candidate queries as a bit set.
    var candidates: [UInt64] = []

    init(patternCount: Int, knownWordLimit: Int) {
        known = KnownWords(limit: knownWordLimit)
        begin = Array(repeating: 0, count: patternCount)
        end = Array(repeating: 0, count: patternCount)
        tokens.reserveCapacity(256)
        occurrences.reserveCapacity(256)
    }

    /// The candidate bit set, moved out (so that setting bits copies nothing): `count` words, all zero.
    mutating func takeCandidates(count: Int) -> [UInt64] {
        var taken: [UInt64] = []
        swap(&taken, &candidates)
        taken.removeAll(keepingCapacity: true)
        taken.append(contentsOf: repeatElement(0, count: count))
        return taken
    }

    /// Empties what one article left, keeping the capacity and the known words.
    mutating func clear() {
        for pattern in presentPatterns {
            begin[Int(pattern)] = 0
            end[Int(pattern)] = 0
        }
        presentPatterns.removeAll(keepingCapacity: true)
        tokens.removeAll(keepingCapacity: true)
        fieldStarts.removeAll(keepingCapacity: true)
        occurrences.removeAll(keepingCapacity: true)
    }
}

/// The buffers of a matcher not in use right now: a thread takes one for an article and gives it
/// back, so threads that match at the same time never share one.
final class AnalysisBufferPool: @unchecked Sendable {
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var idle: [AnalysisBuffers] = []
    /// More idle buffers than threads that match at once would only hold memory.
    private static let kept = 8

    func take() -> AnalysisBuffers? {
        lock.lock()
        defer { lock.unlock() }
        return idle.popLast()
    }

    func give(_ buffers: consuming AnalysisBuffers) {
        buffers.clear()
        lock.lock()
        defer { lock.unlock() }
        if idle.count < Self.kept { idle.append(buffers) }
    }
}
