/// One folded word of a query with its wildcards: `putin` (exact), `desert*` (prefix), `*flucht`
/// (suffix), `*flucht*` (infix: anywhere inside a word, for German compounds).
public struct TermPattern: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable { case exact, prefix, suffix, infix }

    public let kind: Kind
    /// Folded (`WordFolding`), never empty.
    public let text: String

    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }

    public func matches(_ word: String) -> Bool {
        switch kind {
        case .exact: return word == text
        case .prefix: return word.hasPrefix(text)
        case .suffix: return word.hasSuffix(text)
        case .infix: return word.contains(text)
        }
    }

    public var description: String {
        switch kind {
        case .exact: return text
        case .prefix: return text + "*"
        case .suffix: return "*" + text
        case .infix: return "*" + text + "*"
        }
    }
}

/// Consecutive words in one field: a single term (`desert*`) is a sequence of one; `"Wladimir
/// Putin"` and `Ukraine-Front` (a word the folding splits) are sequences of two.
public struct WordSequence: Hashable, Sendable {
    public let words: [TermPattern]
    /// As the user wrote it, for reports: `desert*`, `"Wladimir Putin"`.
    public let written: String

    public init(words: [TermPattern], written: String) {
        precondition(!words.isEmpty, "a word sequence has at least one word")
        self.words = words
        self.written = written
    }
}

/// A parsed query. Field scopes are pushed down to the leaves: `title:(a OR b)` is `a` and `b`, each
/// scoped to the title. A leaf's `fields` is nil when unscoped (the article's text fields).
public indirect enum Query: Hashable, Sendable {
    case words(WordSequence, fields: Set<ArticleField>?)
    /// Both sides in the same field and line, at most `distance` word positions apart (either order).
    case near(WordSequence, WordSequence, distance: Int, fields: Set<ArticleField>?)
    case regex(pattern: String, fields: Set<ArticleField>?)
    case and([Query])
    case or([Query])
    case not(Query)
}
