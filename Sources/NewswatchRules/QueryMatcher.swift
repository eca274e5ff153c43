import Foundation
import NewswatchNormalize

/// A term of a query that an article matched, as the rule wrote it, with the article's words it found
/// (folded): `desert*` → `desertionen`, `desertieren`.
public struct MatchedTerm: Hashable, Sendable, CustomStringConvertible {
    public let query: String
    public let words: [String]

    public var description: String { query }
}

/// One query that matched an article.
public struct QueryMatch: Hashable, Sendable {
    /// The query's position in the list the matcher was compiled from.
    public let index: Int
    public let terms: [MatchedTerm]
}

/// All queries of a configuration compiled into one matcher. An article is tokenized once (the fields
/// some query names, folded, words interned); each distinct word is looked up once in the term index
/// of every pattern of every query; only queries that one of the found patterns can make true are
/// evaluated. A query that can be true without any word (`NOT x` alone, a lone `/regex/`) is
/// evaluated for every article; `unindexed` lists them so `rules check` can warn.
public struct QueryMatcher: Sendable {

    /// A word sequence of a query: its patterns are `leafPatterns[patternStart..<patternEnd]`.
    fileprivate struct Leaf: Sendable {
        var patternStart: Int32
        var patternEnd: Int32
        var mask: FieldMask
    }

    /// The query trees, flattened into one array of nodes: evaluating one walks indices, with no
    /// enum payloads to copy or retain.
    fileprivate struct Node: Sendable {
        enum Kind: UInt8, Sendable { case leaf, near, regex, and, or, not }
        var kind: Kind
        /// leaf, near: the (first) leaf; regex: the regex; and, or: where the children start in
        /// `children`; not: the negated node.
        var first: Int32
        /// near: the second leaf; and, or: how many children.
        var second: Int32 = 0
        /// near: the distance.
        var distance: Int32 = 0
        /// near: the query text it reports, in `nearWritten`.
        var written: Int32 = 0
    }

    /// @unchecked: Regex<AnyRegexOutput> is not declared Sendable (its output type is not), but the
    /// regex is immutable, compiled before the matcher is shared (see `compile`), and only read.
    fileprivate struct CompiledRegex: @unchecked Sendable {
        var regex: Regex<AnyRegexOutput>
        var mask: FieldMask
        var written: String
    }

    private var index = TermIndex()
    private var leaves: [Leaf] = []
    private var leafPatterns: [Int32] = []
    private var leafWritten: [String] = []
    /// NEAR nodes' report texts (`a NEAR/5 b`), made once here rather than for every match.
    private var nearWritten: [String] = []
    private var regexes: [CompiledRegex] = []
    private var nodes: [Node] = []
    private var children: [Int32] = []
    /// Query → its root node.
    private var roots: [Int32] = []
    /// Pattern id → the queries it can trigger: `triggeredQueries[triggeredStart[id]..<triggeredStart[id + 1]]`.
    private var triggeredStart: [Int32] = []
    private var triggeredQueries: [Int32] = []
    /// The fields some word or NEAR leaf looks in: the only ones an article needs tokenized.
    private var tokenizedFields = FieldMask(bits: 0)
    /// Queries evaluated for every article.
    public private(set) var unindexed: [Int] = []
    /// Articles' buffers and the words met so far, shared by the copies of this matcher.
    private let bufferPool = AnalysisBufferPool()
    /// How many distinct words the buffers remember before starting over (about 100 bytes each).
    let knownWordLimit: Int

    public var count: Int { roots.count }
    /// Distinct word patterns over all queries.
    public var patternCount: Int { index.patterns.count }

    public init(_ queries: [Query]) {
        self.init(queries, knownWordLimit: 1 << 16)
    }

    init(_ queries: [Query], knownWordLimit: Int) {
        self.knownWordLimit = knownWordLimit
        var triggered: [[Int32]] = []
        for (position, query) in queries.enumerated() {
            let root = compile(query)
            roots.append(Int32(root))
            if let triggers = triggers(of: root) {
                for id in triggers {
                    while triggered.count <= id { triggered.append([]) }
                    triggered[id].append(Int32(position))
                }
            } else {
                unindexed.append(position)
            }
        }
        while triggered.count < index.patterns.count { triggered.append([]) }
        triggeredStart = [0]
        for queries in triggered {
            triggeredQueries.append(contentsOf: queries)
            triggeredStart.append(Int32(triggeredQueries.count))
        }
    }

    private mutating func compile(_ query: Query) -> Int {
        switch query {
        case .words(let sequence, let fields):
            return add(Node(kind: .leaf, first: Int32(addLeaf(sequence, fields))))
        case .near(let a, let b, let distance, let fields):
            let node = Node(kind: .near, first: Int32(addLeaf(a, fields)), second: Int32(addLeaf(b, fields)),
                            distance: Int32(clamping: distance), written: Int32(nearWritten.count))
            nearWritten.append("\(a.written) NEAR/\(node.distance) \(b.written)")
            return add(node)
        case .regex(let pattern, let fields):
            // The parser has compiled it once already; a failure here cannot happen for parsed queries.
            let regex = ((try? Regex(pattern)) ?? (try! Regex("(?!)"))).ignoresCase()
            // One match compiles the regex's program now, before the matcher is shared by threads.
            _ = "".firstMatch(of: regex)
            regexes.append(CompiledRegex(regex: regex, mask: fields.map(FieldMask.init) ?? .text, written: "/\(pattern)/"))
            return add(Node(kind: .regex, first: Int32(regexes.count - 1)))
        case .and(let parts), .or(let parts):
            let compiled = parts.map { compile($0) }
            let start = children.count
            children.append(contentsOf: compiled.map { Int32($0) })
            let kind: Node.Kind
            if case .and = query { kind = .and } else { kind = .or }
            return add(Node(kind: kind, first: Int32(start), second: Int32(compiled.count)))
        case .not(let part):
            return add(Node(kind: .not, first: Int32(compile(part))))
        }
    }

    private mutating func add(_ node: Node) -> Int {
        nodes.append(node)
        return nodes.count - 1
    }

    private mutating func addLeaf(_ sequence: WordSequence, _ fields: Set<ArticleField>?) -> Int {
        let start = leafPatterns.count
        for word in sequence.words { leafPatterns.append(Int32(index.add(word))) }
        let mask = fields.map(FieldMask.init) ?? .text
        tokenizedFields.bits |= mask.bits
        leaves.append(Leaf(patternStart: Int32(start), patternEnd: Int32(leafPatterns.count), mask: mask))
        leafWritten.append(sequence.written)
        return leaves.count - 1
    }

    private func patterns(of leaf: Int) -> ArraySlice<Int32> {
        leafPatterns[Int(leaves[leaf].patternStart)..<Int(leaves[leaf].patternEnd)]
    }

    private func childNodes(of node: Node) -> ArraySlice<Int32> {
        children[Int(node.first)..<Int(node.first + node.second)]
    }

    /// Patterns at least one of which must occur for the node to be true; nil when it can be true
    /// without any. For AND one side suffices, the one with fewest and most specific patterns.
    private func triggers(of id: Int) -> [Int]? {
        let node = nodes[id]
        switch node.kind {
        case .leaf:
            return [mostSpecific(Int(node.first))]
        case .near:
            let x = mostSpecific(Int(node.first)), y = mostSpecific(Int(node.second))
            return [specificity(x) >= specificity(y) ? x : y]
        case .regex, .not:
            return nil
        case .and:
            let candidates = childNodes(of: node).compactMap { triggers(of: Int($0)) }
            return candidates.min { lhs, rhs in
                lhs.count != rhs.count ? lhs.count < rhs.count
                    : lhs.map(specificity).reduce(0, +) > rhs.map(specificity).reduce(0, +)
            }
        case .or:
            var all: [Int] = []
            for child in childNodes(of: node) {
                guard let some = triggers(of: Int(child)) else { return nil }
                all.append(contentsOf: some)
            }
            return all
        }
    }

    private func mostSpecific(_ leaf: Int) -> Int {
        patterns(of: leaf).map(Int.init).max { specificity($0) < specificity($1) }!
    }

    /// How rarely a pattern matches, roughly: exact words over wildcards, longer over shorter.
    private func specificity(_ id: Int) -> Int {
        let pattern = index.patterns[id]
        let bonus: Int
        switch pattern.kind {
        case .exact: bonus = 100
        case .prefix, .suffix: bonus = 50
        case .infix: bonus = 0
        }
        return bonus + pattern.text.utf8.count
    }

    // MARK: - Matching

    /// The queries `article` matches, in query order. `feedName` is also searched by `source:`.
    /// `isEligible` skips queries before evaluation (a rule's source filter, say).
    public func matches(_ article: Article, feedName: String? = nil, isEligible: (Int) -> Bool = { _ in true }) -> [QueryMatch] {
        var found: [QueryMatch] = []
        forEachMatch(article, feedName: feedName, isEligible: isEligible, reserve: { found.reserveCapacity($0) }) { index, terms in
            found.append(QueryMatch(index: index, terms: terms))
        }
        return found
    }

    /// `matches`, handing each match to `body` (so that a caller's own result type is built without a
    /// second array); `reserve` is first called with how many queries can match at most.
    func forEachMatch(_ article: Article, feedName: String?, isEligible: (Int) -> Bool, reserve: (Int) -> Void,
                      _ body: (_ index: Int, _ terms: [MatchedTerm]) -> Void) {
        var buffers = bufferPool.take() ?? AnalysisBuffers(patternCount: index.patterns.count, knownWordLimit: knownWordLimit)
        // Candidates as a bit set: each query once, and in query order when read back.
        var candidates = buffers.takeCandidates(count: (roots.count + 63) / 64)
        let text = AnalyzedArticle(article, feedName: feedName, index: index, fields: tokenizedFields, buffers: consume buffers)
        for position in unindexed { candidates[position >> 6] |= 1 << UInt64(position & 63) }
        for pattern in text.presentPatterns {
            for slot in Int(triggeredStart[Int(pattern)])..<Int(triggeredStart[Int(pattern) + 1]) {
                let position = Int(triggeredQueries[slot])
                candidates[position >> 6] |= 1 << UInt64(position & 63)
            }
        }
        reserve(candidates.reduce(0) { $0 + $1.nonzeroBitCount })
        for (wordIndex, var bits) in candidates.enumerated() {
            while bits != 0 {
                let position = wordIndex << 6 | bits.trailingZeroBitCount
                bits &= bits - 1
                guard isEligible(position) else { continue }
                // Decide first, cheaply; name the matched terms only for queries that matched.
                let root = Int(roots[position])
                guard holds(root, text, article, feedName) else { continue }
                var terms: [MatchedTerm] = []
                if collect(root, text, article, feedName, &terms) {
                    // A term named twice (in two branches) is reported once; queries name few terms.
                    if terms.count > 1 {
                        var kept = 1
                        for next in 1..<terms.count where !terms[..<kept].contains(where: { $0.query == terms[next].query }) {
                            terms.swapAt(kept, next)
                            kept += 1
                        }
                        terms.removeSubrange(kept...)
                    }
                    body(position, terms)
                }
            }
        }
        var used = text.finish()
        used.candidates = candidates
        bufferPool.give(used)
    }

    /// Whether the node is true for the article (`text` analysed, `article` for a regex).
    private func holds(_ id: Int, _ text: borrowing AnalyzedArticle, _ article: Article, _ feedName: String?) -> Bool {
        let node = nodes[id]
        switch node.kind {
        case .leaf:
            return text.occurs(patterns(of: Int(node.first)), in: leaves[Int(node.first)].mask)
        case .near:
            return nearSpans(node, text, all: false) != nil
        case .regex:
            let compiled = regexes[Int(node.first)]
            return AnalyzedArticle.firstMatch(of: compiled.regex, in: compiled.mask, of: article, feedName: feedName) != nil
        case .and:
            for child in childNodes(of: node) where !holds(Int(child), text, article, feedName) { return false }
            return true
        case .or:
            for child in childNodes(of: node) where holds(Int(child), text, article, feedName) { return true }
            return false
        case .not:
            return !holds(Int(node.first), text, article, feedName)
        }
    }

    /// Whether the node is true, adding the terms that made it true to `terms` when it is.
    private func collect(_ id: Int, _ text: borrowing AnalyzedArticle, _ article: Article, _ feedName: String?,
                         _ terms: inout [MatchedTerm]) -> Bool {
        let node = nodes[id]
        switch node.kind {
        case .leaf:
            let leaf = Int(node.first)
            let words = text.words(of: patterns(of: leaf), in: leaves[leaf].mask)
            guard !words.isEmpty else { return false }
            terms.append(MatchedTerm(query: leafWritten[leaf], words: words))
            return true
        case .near:
            guard let (left, right) = nearSpans(node, text, all: true) else { return false }
            terms.append(MatchedTerm(query: nearWritten[Int(node.written)], words: text.words(of: left + right)))
            return true
        case .regex:
            let compiled = regexes[Int(node.first)]
            guard let found = AnalyzedArticle.firstMatch(of: compiled.regex, in: compiled.mask, of: article, feedName: feedName) else { return false }
            terms.append(MatchedTerm(query: compiled.written, words: [found]))
            return true
        case .and:
            // All or nothing: the terms of the children before a false one are taken back.
            let before = terms.count
            for child in childNodes(of: node) where !collect(Int(child), text, article, feedName, &terms) {
                terms.removeSubrange(before...)
                return false
            }
            return true
        case .or:
            // Every true branch is evaluated, so the report names all the terms that matched.
            var any = false
            for child in childNodes(of: node) where collect(Int(child), text, article, feedName, &terms) { any = true }
            return any
        case .not:
            return !holds(Int(node.first), text, article, feedName)
        }
    }

    /// The pairs of spans of a NEAR node's two sides in the same field at most its distance apart
    /// (either order), as two parallel lists; nil when there is none. With `all` false it stops at
    /// the first pair.
    private func nearSpans(_ node: Node, _ text: borrowing AnalyzedArticle, all: Bool) -> ([Span], [Span])? {
        let a = Int(node.first), b = Int(node.second)
        let left = text.spans(of: patterns(of: a), in: leaves[a].mask)
        guard !left.isEmpty else { return nil }
        let right = text.spans(of: patterns(of: b), in: leaves[b].mask)
        guard !right.isEmpty else { return nil }
        var hitLeft: [Span] = [], hitRight: [Span] = []
        for x in left {
            for y in right where x.field == y.field {
                let gap = y.start > x.end ? y.start - x.end : x.start > y.end ? x.start - y.end : 0
                if gap <= node.distance {
                    hitLeft.append(x)
                    hitRight.append(y)
                    if !all { return (hitLeft, hitRight) }
                }
            }
        }
        return hitLeft.isEmpty ? nil : (hitLeft, hitRight)
    }
}
