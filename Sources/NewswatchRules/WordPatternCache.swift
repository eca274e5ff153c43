import Foundation

/// Which patterns a word matches, remembered across articles. Bounded: emptied when full, which
/// costs only lookups again. Shared between threads, so locked (once per article, not per word).
final class WordPatternCache: @unchecked Sendable {
    // @unchecked: `known` is only touched under `lock`.
    static let capacity = 200_000
    private let lock = NSLock()
    private var known: [String: [Int]] = [:]

    func patternIDs(of words: [String], index: TermIndex) -> [[Int]] {
        var found: [[Int]?] = lock.withLock { words.map { known[$0] } }
        var learned: [(String, [Int])] = []
        for (position, word) in words.enumerated() where found[position] == nil {
            let ids = index.patternIDs(matching: word)
            found[position] = ids
            learned.append((word, ids))
        }
        if !learned.isEmpty {
            lock.withLock {
                if known.count + learned.count > Self.capacity { known.removeAll(keepingCapacity: true) }
                for (word, ids) in learned { known[word] = ids }
            }
        }
        return found.map { $0! }
    }
}
