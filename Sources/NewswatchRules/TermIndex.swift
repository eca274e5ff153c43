/// Every distinct word pattern of all rules, and for one word of an article, which patterns it
/// matches: exact words by hashing, prefixes by walking a trie along the word, suffixes by walking a
/// trie of reversed patterns backwards, infixes by walking the infix trie from every position. The
/// cost of a word depends on its length and the patterns that share its beginning, not on the number
/// of rules.
struct TermIndex: Sendable {
    private(set) var patterns: [TermPattern] = []
    private var ids: [TermPattern: Int] = [:]
    /// Exact patterns' words; `exactPattern[word id]` is the pattern's id.
    private var exactWords = WordInterner()
    private var exactBytes: [UInt8] = []
    private var exactPattern: [Int32] = []
    private var prefixes = ByteTrie()
    private var suffixes = ByteTrie()
    private var infixes = ByteTrie()

    /// The id of `pattern`, added if new.
    mutating func add(_ pattern: TermPattern) -> Int {
        if let id = ids[pattern] { return id }
        let id = patterns.count
        patterns.append(pattern)
        ids[pattern] = id
        switch pattern.kind {
        case .exact:
            _ = Array(pattern.text.utf8).withUnsafeBufferPointer {
                exactWords.intern($0, hash: WordInterner.hash($0), into: &exactBytes)
            }
            exactPattern.append(Int32(id))
        case .prefix: prefixes.insert(pattern.text.utf8, id: id)
        case .suffix: suffixes.insert(pattern.text.utf8.reversed(), id: id)
        case .infix: infixes.insert(pattern.text.utf8, id: id)
        }
        return id
    }

    /// The ids of the patterns `word` (folded, UTF-8) matches, each once, appended to `found`.
    func appendPatternIDs(matching word: UnsafeBufferPointer<UInt8>, to found: inout [Int32]) {
        let wordID = exactBytes.withUnsafeBufferPointer { exactWords.id(of: word, in: $0) }
        if let wordID { found.append(exactPattern[wordID]) }
        prefixes.walk(word.startIndex, word.endIndex, step: 1, in: word) { found.append($0) }
        suffixes.walk(word.endIndex - 1, word.startIndex - 1, step: -1, in: word) { found.append($0) }
        if !infixes.isEmpty {
            let before = found.count
            for start in word.indices {
                infixes.walk(start, word.endIndex, step: 1, in: word) { id in
                    if !found[before...].contains(id) { found.append(id) }
                }
            }
        }
    }

}

/// A trie over bytes whose nodes carry the ids of the patterns ending there. The edges are one
/// open-addressing table keyed by (node, byte), so a step is a multiply and usually one probe.
struct ByteTrie: Sendable {
    private var nodeCount = 1
    /// Per node, the ids of the patterns ending there (mostly empty).
    private var ids: [[Int32]] = [[]]
    /// (node << 8 | byte) + 1 in the high half, child in the low half; 0 is an empty slot.
    private var edges: [UInt64] = Array(repeating: 0, count: 16)
    private var edgeCount = 0

    var isEmpty: Bool { nodeCount == 1 }

    mutating func insert(_ bytes: some Sequence<UInt8>, id: Int) {
        var node = 0
        for byte in bytes {
            if let next = child(of: node, byte) {
                node = next
            } else {
                let next = nodeCount
                nodeCount += 1
                ids.append([])
                addEdge(from: node, byte, to: next)
                node = next
            }
        }
        ids[node].append(Int32(id))
    }

    /// Calls `found` with the id of every pattern that is a prefix of the bytes of `word` from
    /// `start` towards `end` (exclusive), stepping by `step` (1 forwards, -1 backwards).
    @inline(__always)
    func walk(_ start: Int, _ end: Int, step: Int, in word: UnsafeBufferPointer<UInt8>, _ found: (Int32) -> Void) {
        guard nodeCount > 1 else { return }
        var node = 0
        var index = start
        while index != end {
            guard let next = child(of: node, word[index]) else { return }
            node = next
            for id in ids[node] { found(id) }
            index += step
        }
    }

    @inline(__always)
    private static func key(_ node: Int, _ byte: UInt8) -> UInt64 { UInt64(node << 8 | Int(byte)) + 1 }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: (key &* 0x9e37_79b9_7f4a_7c15) >> 32) & mask }

    private func child(of node: Int, _ byte: UInt8) -> Int? {
        let key = Self.key(node, byte)
        let mask = edges.count - 1
        var slot = Self.slot(key, mask)
        while true {
            let entry = edges[slot]
            if entry == 0 { return nil }
            if entry >> 32 == key { return Int(entry & 0xFFFF_FFFF) }
            slot = (slot + 1) & mask
        }
    }

    private mutating func addEdge(from node: Int, _ byte: UInt8, to child: Int) {
        edgeCount += 1
        if edgeCount * 2 > edges.count {
            let old = edges
            edges = Array(repeating: 0, count: edges.count * 2)
            for entry in old where entry != 0 { place(entry) }
        }
        place(Self.key(node, byte) << 32 | UInt64(child))
    }

    private mutating func place(_ entry: UInt64) {
        let mask = edges.count - 1
        var slot = Self.slot(entry >> 32, mask)
        while edges[slot] != 0 { slot = (slot + 1) & mask }
        edges[slot] = entry
    }
}
