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
public struct QueryMatcher: Sendable {

    fileprivate struct Leaf: Sendable {
        var patternIDs: [Int]
        var mask: FieldMask
        var written: String
    }

    fileprivate indirect enum Plan: Sendable {
        case leaf(Int)
        case near(Int, Int, distance: Int32, mask: FieldMask)
        case regex(Int)
        case and([Plan])
        case or([Plan])
        case not(Plan)
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
            let regex = ((try? Regex(pattern)) ?? (try! Regex("(?!)"))).ignoresCase()
            // One match compiles the regex's program now, before the matcher is shared by threads.
            _ = "".firstMatch(of: regex)
            regexes.append(CompiledRegex(regex: regex, mask: fields.map(FieldMask.init) ?? .text, written: "/\(pattern)/"))
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
