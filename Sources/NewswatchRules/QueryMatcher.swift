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

/// All queries of a configuration compiled into one matcher. An article is tokenized once (per field,
/// folded); each distinct word is looked up once in the term index of every pattern of every query;
/// only queries that one of the found patterns can make true are evaluated. A query that can be true
/// without any word (`NOT x` alone, a lone `/regex/`) is evaluated for every article; `unindexed`
/// lists them so `rules check` can warn.
public struct QueryMatcher: @unchecked Sendable {
    // @unchecked: Regex is not declared Sendable, but a compiled Regex is immutable and only read.

    fileprivate struct Leaf {
        var patternIDs: [Int]
        var mask: FieldMask
        var written: String
    }

    fileprivate indirect enum Plan {
        case leaf(Int)
        case near(Int, Int, distance: Int32, mask: FieldMask)
        case regex(Int)
        case and([Plan])
        case or([Plan])
        case not(Plan)
    }

    fileprivate struct CompiledRegex {
        var regex: Regex<AnyRegexOutput>
        var mask: FieldMask
        var written: String
    }

    private var index = TermIndex()
    private var leaves: [Leaf] = []
    private var regexes: [CompiledRegex] = []
    private var plans: [Plan] = []
    /// Pattern id → the queries it can trigger.
    private var triggered: [[Int]] = []
    /// Word → patterns, shared by the copies of this matcher: most words of an article were seen before.
    private let cache = WordPatternCache()
    /// Queries evaluated for every article.
    public private(set) var unindexed: [Int] = []

    public var count: Int { plans.count }
    /// Distinct word patterns over all queries.
    public var patternCount: Int { index.patterns.count }

    public init(_ queries: [Query]) {
        for (position, query) in queries.enumerated() {
            let plan = compile(query)
            plans.append(plan)
            if let triggers = triggers(of: plan) {
                for id in triggers {
                    while triggered.count <= id { triggered.append([]) }
                    triggered[id].append(position)
                }
            } else {
                unindexed.append(position)
            }
        }
        while triggered.count < index.patterns.count { triggered.append([]) }
    }

    private mutating func compile(_ query: Query) -> Plan {
        switch query {
        case .words(let sequence, let fields):
            return .leaf(addLeaf(sequence, fields))
        case .near(let a, let b, let distance, let fields):
            let mask = fields.map(FieldMask.init) ?? .text
            return .near(addLeaf(a, fields), addLeaf(b, fields), distance: Int32(distance), mask: mask)
        case .regex(let pattern, let fields):
            // The parser has compiled it once already; a failure here cannot happen for parsed queries.
            let regex = (try? Regex(pattern)) ?? (try! Regex("(?!)"))
            regexes.append(CompiledRegex(regex: regex.ignoresCase(), mask: fields.map(FieldMask.init) ?? .text, written: "/\(pattern)/"))
            return .regex(regexes.count - 1)
        case .and(let parts): return .and(parts.map { compile($0) })
        case .or(let parts): return .or(parts.map { compile($0) })
        case .not(let part): return .not(compile(part))
        }
    }

    private mutating func addLeaf(_ sequence: WordSequence, _ fields: Set<ArticleField>?) -> Int {
        let ids = sequence.words.map { index.add($0) }
        leaves.append(Leaf(patternIDs: ids, mask: fields.map(FieldMask.init) ?? .text, written: sequence.written))
        return leaves.count - 1
    }

    /// Patterns at least one of which must occur for `plan` to be true; nil when it can be true
    /// without any. For AND one side suffices, the one with fewest and most specific patterns.
    private func triggers(of plan: Plan) -> [Int]? {
        switch plan {
        case .leaf(let leaf):
            return [mostSpecific(leaves[leaf].patternIDs)]
        case .near(let a, let b, _, _):
            let x = mostSpecific(leaves[a].patternIDs), y = mostSpecific(leaves[b].patternIDs)
            return [specificity(x) >= specificity(y) ? x : y]
        case .regex, .not:
            return nil
        case .and(let parts):
            let candidates = parts.compactMap { triggers(of: $0) }
            return candidates.min { lhs, rhs in
                lhs.count != rhs.count ? lhs.count < rhs.count
                    : lhs.map(specificity).reduce(0, +) > rhs.map(specificity).reduce(0, +)
            }
        case .or(let parts):
            var all: [Int] = []
            for part in parts {
                guard let some = triggers(of: part) else { return nil }
                all.append(contentsOf: some)
            }
            return all
        }
    }

    private func mostSpecific(_ ids: [Int]) -> Int { ids.max { specificity($0) < specificity($1) }! }

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
        let text = AnalyzedArticle(article, feedName: feedName, index: index, cache: cache)
        var candidates = Set(unindexed)
        for id in text.occurrences.keys where id < triggered.count {
            candidates.formUnion(triggered[id])
        }
        var found: [QueryMatch] = []
        for position in candidates.sorted() where isEligible(position) {
            // Decide first, cheaply; name the matched terms only for queries that matched.
            var ignored: [MatchedTerm] = []
            guard evaluate(plans[position], text, &ignored, collecting: false) else { continue }
            var terms: [MatchedTerm] = []
            if evaluate(plans[position], text, &terms, collecting: true) {
                var seen = Set<String>()
                found.append(QueryMatch(index: position, terms: terms.filter { seen.insert($0.query).inserted }))
            }
        }
        return found
    }

    private func evaluate(_ plan: Plan, _ text: AnalyzedArticle, _ terms: inout [MatchedTerm], collecting: Bool) -> Bool {
        switch plan {
        case .leaf(let id):
            let leaf = leaves[id]
            let spans = text.spans(of: leaf.patternIDs, in: leaf.mask, stopAtFirst: !collecting)
            guard !spans.isEmpty else { return false }
            if collecting { terms.append(MatchedTerm(query: leaf.written, words: text.words(of: spans))) }
            return true
        case .near(let a, let b, let distance, let mask):
            let left = text.spans(of: leaves[a].patternIDs, in: mask, stopAtFirst: false)
            guard !left.isEmpty else { return false }
            let right = text.spans(of: leaves[b].patternIDs, in: mask, stopAtFirst: false)
            var hitLeft: [Span] = [], hitRight: [Span] = []
            for x in left {
                for y in right where x.field == y.field {
                    let gap = y.start > x.end ? y.start - x.end : x.start > y.end ? x.start - y.end : 0
                    if gap <= distance {
                        hitLeft.append(x)
                        hitRight.append(y)
                        if !collecting { return true }
                    }
                }
            }
            guard !hitLeft.isEmpty else { return false }
            if collecting {
                terms.append(MatchedTerm(query: "\(leaves[a].written) NEAR/\(distance) \(leaves[b].written)",
                                         words: text.words(of: hitLeft + hitRight)))
            }
            return true
        case .regex(let id):
            let compiled = regexes[id]
            guard let found = text.firstMatch(of: compiled.regex, in: compiled.mask) else { return false }
            terms.append(MatchedTerm(query: compiled.written, words: [found]))
            return true
        case .and(let parts):
            var collected: [MatchedTerm] = []
            for part in parts where !evaluate(part, text, &collected, collecting: collecting) { return false }
            terms.append(contentsOf: collected)
            return true
        case .or(let parts):
            // Every true branch is evaluated, so the report names all the terms that matched.
            var any = false
            for part in parts where evaluate(part, text, &terms, collecting: collecting) {
                any = true
                if !collecting { return true }
            }
            return any
        case .not(let part):
            var ignored: [MatchedTerm] = []
            return !evaluate(part, text, &ignored, collecting: false)
        }
    }
}

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
