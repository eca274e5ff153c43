/// A query that does not parse: where (1-based column, in characters) and what was expected there.
public struct QuerySyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public let column: Int
    public let expected: String
    public let found: String

    public var description: String { "column \(column): expected \(expected), found \(found)" }
}

/// The rule query language, read by recursive descent:
///
///     query   := or
///     or      := and ("OR" and)*
///     and     := unary (["AND"] unary)*            adjacent terms are ANDed
///     unary   := "NOT" unary | near
///     near    := primary ("NEAR" ["/" N] primary)*  both sides a term or phrase
///     primary := [FIELD ":"] ( "(" or ")" | "\"phrase\"" | /regex/ | word )
///
/// Operators are upper case (`and` is a word like any other); `NEAR` alone means `NEAR/10`.
public struct QueryParser {
    public static let defaultNearDistance = 10

    public init() {}

    public func parse(_ text: String) throws(QuerySyntaxError) -> Query {
        var lexer = Lexer(text)
        var state = State(tokens: try lexer.tokens(), endColumn: lexer.characters.count + 1)
        let query = try state.parseOr(scope: nil)
        if let token = state.peek {
            throw QuerySyntaxError(column: token.column, expected: "AND, OR, NOT, a term or the end of the query", found: token.shown)
        }
        return query
    }

    // MARK: - Tokens

    enum TokenKind: Equatable {
        case word(String)           // a bare word, wildcards included
        case phrase(String)
        case regex(String)
        case field(ArticleField)    // `title:`
        case open, close
        case and, or, not
        case near(Int)
    }

    struct Token {
        let kind: TokenKind
        let column: Int
        let text: String

        var shown: String {
            switch kind {
            case .phrase: return "\"\(text)\""
            case .regex: return "/\(text)/"
            default: return "'\(text)'"
            }
        }
    }

    struct Lexer {
        let characters: [Character]
        var index = 0

        init(_ text: String) { characters = Array(text) }

        mutating func tokens() throws(QuerySyntaxError) -> [Token] {
            var tokens: [Token] = []
            while true {
                while index < characters.count, characters[index].isWhitespace { index += 1 }
                guard index < characters.count else { return tokens }
                let start = index
                let column = start + 1
                switch characters[index] {
                case "(":
                    index += 1
                    tokens.append(Token(kind: .open, column: column, text: "("))
                case ")":
                    index += 1
                    tokens.append(Token(kind: .close, column: column, text: ")"))
                case "\"":
                    let body = try delimited(by: "\"", what: "a closing \" for the phrase opened at column \(column)")
                    tokens.append(Token(kind: .phrase(body), column: column, text: body))
                case "/":
                    let body = try delimited(by: "/", what: "a closing / for the regex opened at column \(column)")
                    tokens.append(Token(kind: .regex(body), column: column, text: body))
                default:
                    // `title:` is a scope token of its own, so a phrase, a regex or a group may follow.
                    var letters = index
                    while letters < characters.count, characters[letters].isLetter { letters += 1 }
                    if letters > index, letters < characters.count, characters[letters] == ":" {
                        let name = String(characters[index..<letters])
                        guard let field = ArticleField(rawValue: name.lowercased()) else {
                            let names = ArticleField.allCases.map { $0.rawValue + ":" }.joined(separator: ", ")
                            throw QuerySyntaxError(column: column, expected: "a field scope (\(names))", found: "'\(name):'")
                        }
                        index = letters + 1
                        tokens.append(Token(kind: .field(field), column: column, text: name + ":"))
                        continue
                    }
                    while index < characters.count, !characters[index].isWhitespace,
                          !"()\"".contains(characters[index]) {
                        index += 1
                    }
                    let word = String(characters[start..<index])
                    tokens.append(try classify(word, column: column))
                }
            }
        }

        /// The text up to the closing delimiter; `\` escapes the delimiter (kept as `\/` in a regex,
        /// where it means the same).
        mutating func delimited(by delimiter: Character, what: String) throws(QuerySyntaxError) -> String {
            index += 1
            var body = ""
            while index < characters.count {
                let character = characters[index]
                if character == "\\", index + 1 < characters.count, characters[index + 1] == delimiter {
                    body.append(delimiter == "/" ? "\\/" : String(delimiter))
                    index += 2
                    continue
                }
                if character == delimiter {
                    index += 1
                    return body
                }
                body.append(character)
                index += 1
            }
            throw QuerySyntaxError(column: characters.count + 1, expected: what, found: "the end of the query")
        }

        func classify(_ word: String, column: Int) throws(QuerySyntaxError) -> Token {
            switch word {
            case "AND": return Token(kind: .and, column: column, text: word)
            case "OR": return Token(kind: .or, column: column, text: word)
            case "NOT": return Token(kind: .not, column: column, text: word)
            case "NEAR": return Token(kind: .near(QueryParser.defaultNearDistance), column: column, text: word)
            default: break
            }
            if word.hasPrefix("NEAR/") {
                let digits = word.dropFirst(5)
                guard let distance = Int(digits), distance >= 1, distance <= 1000 else {
                    throw QuerySyntaxError(column: column + 5, expected: "a distance from 1 to 1000 after NEAR/", found: digits.isEmpty ? "nothing" : "'\(digits)'")
                }
                return Token(kind: .near(distance), column: column, text: word)
            }
            return Token(kind: .word(word), column: column, text: word)
        }
    }

    // MARK: - Grammar

    struct State {
        let tokens: [Token]
        var position = 0

        let endColumn: Int
        /// Open parentheses and NOTs: bounded, so a hostile query cannot exhaust the stack.
        var depth = 0
        static let maximumDepth = 64

        mutating func descend(_ token: Token) throws(QuerySyntaxError) {
            depth += 1
            if depth > Self.maximumDepth {
                throw QuerySyntaxError(column: token.column, expected: "at most \(Self.maximumDepth) nested parentheses or NOTs", found: token.shown)
            }
        }

        init(tokens: [Token], endColumn: Int) {
            self.tokens = tokens
            self.endColumn = endColumn
        }

        var peek: Token? { position < tokens.count ? tokens[position] : nil }


        func failure(_ expected: String) -> QuerySyntaxError {
            if let token = peek {
                return QuerySyntaxError(column: token.column, expected: expected, found: token.shown)
            }
            return QuerySyntaxError(column: endColumn, expected: expected, found: "the end of the query")
        }

        mutating func parseOr(scope: Set<ArticleField>?) throws(QuerySyntaxError) -> Query {
            var parts = [try parseAnd(scope: scope)]
            while peek?.kind == .or {
                position += 1
                parts.append(try parseAnd(scope: scope))
            }
            return parts.count == 1 ? parts[0] : .or(parts)
        }

        mutating func parseAnd(scope: Set<ArticleField>?) throws(QuerySyntaxError) -> Query {
            var parts = [try parseUnary(scope: scope)]
            while let token = peek {
                switch token.kind {
                case .and:
                    position += 1
                    parts.append(try parseUnary(scope: scope))
                case .word, .phrase, .regex, .field, .open, .not:
                    parts.append(try parseUnary(scope: scope))
                default:
                    return parts.count == 1 ? parts[0] : .and(parts)
                }
            }
            return parts.count == 1 ? parts[0] : .and(parts)
        }

        mutating func parseUnary(scope: Set<ArticleField>?) throws(QuerySyntaxError) -> Query {
            if let token = peek, token.kind == .not {
                position += 1
                try descend(token)
                defer { depth -= 1 }
                return .not(try parseUnary(scope: scope))
            }
            return try parseNear(scope: scope)
        }

        mutating func parseNear(scope: Set<ArticleField>?) throws(QuerySyntaxError) -> Query {
            let firstToken = peek
            var left = try parsePrimary(scope: scope)
            var pairs: [Query] = []
            while let token = peek, case .near(let distance) = token.kind {
                position += 1
                let rightToken = peek
                let right = try parsePrimary(scope: scope)
                guard case .words(let a, let fieldsA) = left else {
                    throw QuerySyntaxError(column: firstToken?.column ?? token.column, expected: "a term or \"phrase\" before NEAR", found: firstToken?.shown ?? "nothing")
                }
                guard case .words(let b, let fieldsB) = right else {
                    throw QuerySyntaxError(column: rightToken?.column ?? endColumn, expected: "a term or \"phrase\" after NEAR", found: rightToken?.shown ?? "the end of the query")
                }
                let fields: Set<ArticleField>?
                switch (fieldsA, fieldsB) {
                case (nil, nil): fields = nil
                case (let only?, nil), (nil, let only?): fields = only
                case (let x?, let y?):
                    fields = x.intersection(y)
                    if fields!.isEmpty {
                        throw QuerySyntaxError(column: rightToken?.column ?? endColumn, expected: "the same field on both sides of NEAR", found: rightToken?.shown ?? "the end of the query")
                    }
                }
                pairs.append(.near(a, b, distance: distance, fields: fields))
                left = right
            }
            if pairs.isEmpty { return left }
            return pairs.count == 1 ? pairs[0] : .and(pairs)
        }

        mutating func parsePrimary(scope: Set<ArticleField>?) throws(QuerySyntaxError) -> Query {
            guard let token = peek else {
                throw failure("a term, a \"phrase\", a /regex/ or (")
            }
            switch token.kind {
            case .field(let field):
                position += 1
                if let next = peek, case .field = next.kind {
                    throw failure("a term, a \"phrase\", a /regex/ or ( after \(token.text)")
                }
                return try parsePrimary(scope: [field])
            case .open:
                position += 1
                try descend(token)
                defer { depth -= 1 }
                let inner = try parseOr(scope: scope)
                guard peek?.kind == .close else {
                    throw failure(") to close the ( at column \(token.column)")
                }
                position += 1
                return inner
            case .phrase(let text):
                position += 1
                let sequence = try Self.sequence(text, written: "\"\(text)\"", column: token.column + 1, allowWildcards: true)
                return .words(sequence, fields: scope)
            case .word(let text):
                position += 1
                let sequence = try Self.sequence(text, written: text, column: token.column, allowWildcards: true)
                return .words(sequence, fields: scope)
            case .regex(let pattern):
                position += 1
                do {
                    _ = try Regex(pattern)
                } catch {
                    throw QuerySyntaxError(column: token.column + 1, expected: "a valid regular expression", found: "/\(pattern)/ (\(error))")
                }
                return .regex(pattern: pattern, fields: scope)
            default:
                throw failure("a term, a \"phrase\", a /regex/ or (")
            }
        }

        /// The folded words of a term or phrase. In a phrase each space-separated piece may carry its
        /// own wildcards; a piece the folding splits (`Ukraine-Front`) keeps a leading `*` on its first
        /// word and a trailing `*` on its last.
        static func sequence(_ text: String, written: String, column: Int, allowWildcards: Bool) throws(QuerySyntaxError) -> WordSequence {
            var patterns: [TermPattern] = []
            var offset = 0
            for piece in text.split(separator: " ", omittingEmptySubsequences: false) {
                defer { offset += piece.count + 1 }
                if piece.isEmpty { continue }
                let pieceColumn = column + offset
                var core = Substring(piece)
                let leading = core.hasPrefix("*")
                if leading { core = core.dropFirst() }
                let trailing = core.hasSuffix("*")
                if trailing { core = core.dropLast() }
                if let star = core.firstIndex(of: "*") {
                    throw QuerySyntaxError(column: pieceColumn + (leading ? 1 : 0) + core.distance(from: core.startIndex, to: star),
                                           expected: "a wildcard * only at the start or end of a word", found: "'\(piece)'")
                }
                let words = WordFolding.words(String(core))
                guard !words.isEmpty else {
                    throw QuerySyntaxError(column: pieceColumn, expected: "a term with a letter or digit", found: "'\(piece)'")
                }
                for (index, word) in words.enumerated() {
                    let first = index == 0 && leading
                    let last = index == words.count - 1 && trailing
                    let kind: TermPattern.Kind = first && last ? .infix : first ? .suffix : last ? .prefix : .exact
                    patterns.append(TermPattern(kind, word))
                }
            }
            guard !patterns.isEmpty else {
                throw QuerySyntaxError(column: column, expected: "a phrase with a word in it", found: "\"\"")
            }
            return WordSequence(words: patterns, written: written)
        }
    }
}
