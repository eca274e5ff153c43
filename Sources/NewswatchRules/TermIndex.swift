/// Every distinct word pattern of all rules, and for one word of an article, which patterns it
/// matches: exact words by hashing, prefixes by walking a trie along the word, suffixes by walking a
/// trie of reversed patterns backwards, infixes by walking the infix trie from every position. The
/// cost of a word depends on its length and the patterns that share its beginning, not on the number
/// of rules.
struct TermIndex: Sendable {
    private(set) var patterns: [TermPattern] = []
    private var ids: [TermPattern: Int] = [:]
    private var exact: [String: Int] = [:]
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
        case .exact: exact[pattern.text] = id
        case .prefix: prefixes.insert(pattern.text.utf8, id: id)
        case .suffix: suffixes.insert(pattern.text.utf8.reversed(), id: id)
        case .infix: infixes.insert(pattern.text.utf8, id: id)
        }
        return id
    }

    /// The ids of the patterns `word` (folded) matches, each once.
    func patternIDs(matching word: String) -> [Int] {
        var found: [Int] = []
        if let id = exact[word] { found.append(id) }
        let bytes = Array(word.utf8)
        if !prefixes.isEmpty { prefixes.walk(bytes[...]) { found.append($0) } }
        if !suffixes.isEmpty { suffixes.walk(bytes.reversed()[...]) { found.append($0) } }
        if !infixes.isEmpty {
            let before = found.count
            for start in bytes.indices {
                infixes.walk(bytes[start...]) { id in
                    if !found[before...].contains(id) { found.append(id) }
                }
            }
        }
        return found
    }
}

/// A trie over bytes whose nodes carry the ids of the patterns ending there.
struct ByteTrie: Sendable {
    private struct Node: Sendable {
        var children: [UInt8: Int32] = [:]
        var ids: [Int] = []
    }

    private var nodes = [Node()]

    var isEmpty: Bool { nodes.count == 1 }

    mutating func insert(_ bytes: some Sequence<UInt8>, id: Int) {
        var node = 0
        for byte in bytes {
            if let next = nodes[node].children[byte] {
                node = Int(next)
            } else {
                nodes.append(Node())
                nodes[node].children[byte] = Int32(nodes.count - 1)
                node = nodes.count - 1
            }
        }
        nodes[node].ids.append(id)
    }

    /// Calls `found` with the id of every pattern that is a prefix of `bytes`.
    func walk<C: Collection<UInt8>>(_ bytes: C, _ found: (Int) -> Void) {
        var node = 0
        for byte in bytes {
            guard let next = nodes[node].children[byte] else { return }
            node = Int(next)
            for id in nodes[node].ids { found(id) }
        }
    }
}
