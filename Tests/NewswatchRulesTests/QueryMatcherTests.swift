import Testing
import NewswatchNormalize
@testable import NewswatchRules

@Suite struct QueryMatcherTests {
    /// The seeds (by number) the query matches, compiled together with a few unrelated queries so the
    /// index is shared as in a real configuration.
    func seeds(matching text: String) throws -> [Int] {
        let noise = ["bundestag", "\"olympische spiele\"", "fußball*", "*wahl*"]
        let queries = try ([text] + noise).map { try QueryParser().parse($0) }
        let matcher = QueryMatcher(queries)
        return Seeds.all.keys.sorted().filter { number in
            matcher.matches(Seeds.article(number)).contains { $0.index == 0 }
        }
    }

    @Test func seedsAreThere() {
        #expect(Seeds.all.keys.sorted() == [0, 1, 2, 3, 4])
    }

    @Test func termsMatchWholeFoldedWords() throws {
        #expect(try seeds(matching: "assad") == [3])
        #expect(try seeds(matching: "ASSAD") == [3])
        // `assad` is a whole word: `Assads` needs the wildcard.
        #expect(try seeds(matching: "assads") == [3])
        #expect(try seeds(matching: "flüchtlinge") == [2])
        #expect(try seeds(matching: "fluchtlinge") == [2])
        #expect(try seeds(matching: "fluchtling*") == [2])
        #expect(try seeds(matching: "flucht") == [2, 3])
        #expect(try seeds(matching: "*flucht*") == [2, 3, 4])   // Fluchthelfer, geflüchtet
        #expect(try seeds(matching: "*helfer") == [2])
        #expect(try seeds(matching: "putin") == [0, 1, 2, 3, 4])
        #expect(try seeds(matching: "puti") == [])
    }

    @Test func sharpSAndDiacriticsFoldBothWays() throws {
        let article = Article(title: "Sperrung der Hauptstraße", body: [.paragraph("Große Café-Crème-Pläne in Kraków")])
        let queries = try ["strasse", "*strasse", "hauptstraße", "cafe creme", "krakow", "grosse", "plane"].map { try QueryParser().parse($0) }
        let matched = QueryMatcher(queries).matches(article).map(\.index)
        #expect(matched == [1, 2, 3, 4, 5, 6])
    }

    @Test func phrasesAndProximity() throws {
        #expect(try seeds(matching: "\"Kim Jong Un\"") == [4])
        #expect(try seeds(matching: "\"Jong Kim\"") == [])
        #expect(try seeds(matching: "Ukraine-Front") == [4])
        // 000 "Putin laufen die Soldaten", 001 "Putin von eigenen Soldaten", 004 "Putin Soldaten".
        #expect(try seeds(matching: "putin NEAR/3 soldaten") == [0, 1, 4])
        #expect(try seeds(matching: "soldaten NEAR/3 putin") == [0, 1, 4])
        #expect(try seeds(matching: "putin NEAR/2 soldaten") == [4])
        #expect(try seeds(matching: "\"russische soldaten\"") == [0, 1])
    }

    @Test func booleanOperators() throws {
        #expect(try seeds(matching: "putin AND (syrien OR assad)") == [3])
        #expect(try seeds(matching: "putin NOT ukraine") == [])
        #expect(try seeds(matching: "nordkorea* OR assad") == [3, 4])
        #expect(try seeds(matching: "NOT putin") == [])
        #expect(try seeds(matching: "NOT assad") == [0, 1, 2, 4])
    }

    @Test func fieldScopes() throws {
        #expect(try seeds(matching: "title:assad") == [3])
        #expect(try seeds(matching: "title:syrien") == [])
        #expect(try seeds(matching: "teaser:geflüchtet") == [4])
        #expect(try seeds(matching: "highlights:desertation") == [4])
        #expect(try seeds(matching: "caption:desertionen") == [0])
        #expect(try seeds(matching: "credit:sputnik") == [0, 1, 3])
        #expect(try seeds(matching: "author:bua") == [3, 4])
        #expect(try seeds(matching: "source:news.de") == [0, 1, 3, 4])
        #expect(try seeds(matching: "section:politik") == [1])
        #expect(try seeds(matching: "body:\"ganze einheiten\"") == [0])
        // Metadata is not searched by an unscoped term.
        #expect(try seeds(matching: "bua") == [])
    }

    @Test func relatedLinksAreNotSearched() throws {
        // 000 names "Deserteuren" only in its "Lesen Sie auch" link.
        #expect(try seeds(matching: "deserteuren") == [4])
    }

    @Test func regexSeesTheLineAndItsFoldedForm() throws {
        #expect(try seeds(matching: "/\\d+ tote Zivilisten/") == [0])
        #expect(try seeds(matching: "/flucht(linge|helfer)/") == [2])
        #expect(try seeds(matching: "title:/^Pleite/") == [4])
    }

    @Test func reportsTheTermsThatMatched() throws {
        let query = try QueryParser().parse("desert* OR *desertion* OR \"von der Front\"")
        let match = try #require(QueryMatcher([query]).matches(Seeds.article(0)).first)
        #expect(match.terms.map(\.query) == ["desert*", "*desertion*"])
        #expect(match.terms[0].words == ["desertionen", "desertieren"])
        #expect(match.terms[1].words == ["desertionen", "massendesertion"])
    }

    @Test func onlyQueriesWhoseTermsOccurAreCandidates() throws {
        let queries = try ["putin AND assad", "bundestag OR wahl", "NOT bundestag", "/x/"].map { try QueryParser().parse($0) }
        let matcher = QueryMatcher(queries)
        #expect(matcher.unindexed == [2, 3])
        #expect(matcher.patternCount == 4)
        var evaluated: [Int] = []
        _ = matcher.matches(Seeds.article(3)) { evaluated.append($0); return true }
        #expect(evaluated == [0, 2, 3])
    }
}
