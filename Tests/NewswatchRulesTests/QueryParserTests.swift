import Testing
@testable import NewswatchRules

@Suite struct QueryParserTests {
    let parser = QueryParser()

    func words(_ written: String, _ patterns: TermPattern..., fields: Set<ArticleField>? = nil) -> Query {
        .words(WordSequence(words: patterns, written: written), fields: fields)
    }

    @Test func termsWildcardsAndImplicitAnd() throws {
        #expect(try parser.parse("Putin desert* *flucht *flucht*") == .and([
            words("Putin", TermPattern(.exact, "putin")),
            words("desert*", TermPattern(.prefix, "desert")),
            words("*flucht", TermPattern(.suffix, "flucht")),
            words("*flucht*", TermPattern(.infix, "flucht")),
        ]))
    }

    @Test func foldsTermsLikeArticles() throws {
        #expect(try parser.parse("Straße") == words("Straße", TermPattern(.exact, "strasse")))
        #expect(try parser.parse("Flüchtling*") == words("Flüchtling*", TermPattern(.prefix, "fluchtling")))
        // A word the folding splits is a phrase of its parts.
        #expect(try parser.parse("Ukraine-Front") == words("Ukraine-Front", TermPattern(.exact, "ukraine"), TermPattern(.exact, "front")))
    }

    @Test func precedenceNotOverAndOverOr() throws {
        let a = words("a", TermPattern(.exact, "a")), b = words("b", TermPattern(.exact, "b"))
        let c = words("c", TermPattern(.exact, "c"))
        #expect(try parser.parse("a OR b AND c") == .or([a, .and([b, c])]))
        #expect(try parser.parse("(a OR b) c") == .and([.or([a, b]), c]))
        #expect(try parser.parse("a NOT b") == .and([a, .not(b)]))
        #expect(try parser.parse("NOT a OR b") == .or([.not(a), b]))
        // Lower-case operators are words.
        #expect(try parser.parse("a or b") == .and([a, words("or", TermPattern(.exact, "or")), b]))
    }

    @Test func fieldScopesReachEveryLeafOfAGroup() throws {
        #expect(try parser.parse("title:(putin OR \"Kim Jong Un\")") == .or([
            words("putin", TermPattern(.exact, "putin"), fields: [.title]),
            words("\"Kim Jong Un\"", TermPattern(.exact, "kim"), TermPattern(.exact, "jong"), TermPattern(.exact, "un"), fields: [.title]),
        ]))
        #expect(try parser.parse("source:news.de") == words("news.de", TermPattern(.exact, "news"), TermPattern(.exact, "de"), fields: [.source]))
    }

    @Test func proximityAndRegex() throws {
        #expect(try parser.parse("putin NEAR/5 soldat*") == .near(
            WordSequence(words: [TermPattern(.exact, "putin")], written: "putin"),
            WordSequence(words: [TermPattern(.prefix, "soldat")], written: "soldat*"), distance: 5, fields: nil))
        #expect(try parser.parse("body:/\\d+ tote/") == .regex(pattern: "\\d+ tote", fields: [.body]))
    }

    @Test func errorsNameTheColumnAndWhatWasExpected() throws {
        func failure(_ text: String) -> QuerySyntaxError? {
            do { _ = try parser.parse(text); return nil } catch { return error }
        }
        #expect(failure("putin AND") == QuerySyntaxError(column: 10, expected: "a term, a \"phrase\", a /regex/ or (", found: "the end of the query"))
        #expect(failure("(putin OR assad") == QuerySyntaxError(column: 16, expected: ") to close the ( at column 1", found: "the end of the query"))
        #expect(failure("titel:putin")?.column == 1)
        #expect(failure("titel:putin")?.found == "'titel:'")
        #expect(failure("de*rt")?.expected == "a wildcard * only at the start or end of a word")
        #expect(failure("de*rt")?.column == 3)
        #expect(failure("putin \"Wladimir")?.column == 16)
        #expect(failure("(putin OR x) NEAR/5 y")?.expected == "a term or \"phrase\" before NEAR")
        #expect(failure("a NEAR/0 b")?.column == 8)
        #expect(failure("/[a-/")?.expected == "a valid regular expression")
        #expect(failure("a )")?.column == 3)
        #expect(failure("title:")?.found == "the end of the query")
        #expect(failure("*")?.expected == "a term with a letter or digit")
        // Deep nesting is refused, not a stack overflow.
        #expect(failure(String(repeating: "(", count: 10_000) + "a")?.expected == "at most 64 nested parentheses or NOTs")
        #expect(failure(String(repeating: "NOT ", count: 10_000) + "a")?.column == 257)
        #expect(try parser.parse(String(repeating: "(", count: 64) + "a" + String(repeating: ")", count: 64)) == words("a", TermPattern(.exact, "a")))
    }
}
