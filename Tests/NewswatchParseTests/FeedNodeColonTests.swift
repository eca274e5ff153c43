import NewswatchTestSupport
import Testing
@testable import NewswatchParse

/// `FeedNode.firstColon(in:)` finds the colon of an element name on its bytes: it must be the
/// `Character` search's answer, for names in and outside ASCII.
@Suite struct FeedNodeColonTests {
    @Test func firstColonIsTheCharacterSearchsAnswer() {
        let pieces = ["a", "dc", "media", ":", "::", "title", "x-y", "_", "1", "é", "e\u{301}", ":\u{301}", "\u{301}", "\u{600}", "中", "😀", "\u{200D}", " "]
        var random = SeededRandom(seed: 0xC0_10)
        var found = 0
        for _ in 0..<20_000 {
            let name = (0..<random.pick([0, 1, 2, 3, 5])).map { _ in random.pick(pieces) }.joined()
            let reference = name.firstIndex(of: ":")
            let answer = FeedNode.firstColon(in: name)
            if reference != nil { found += 1 }
            #expect(answer == reference, "\(Array(name.unicodeScalars))")
            if let answer, let reference {
                #expect(String(name[..<answer]) == String(name[..<reference]))
                #expect(String(name[name.index(after: answer)...]) == String(name[name.index(after: reference)...]))
            }
        }
        #expect(found > 3000)
    }

    @Test func namesOfFeedsSplitAtTheirColon() {
        #expect(FeedNode.firstColon(in: "title") == nil)
        let name = "media:content"
        let colon = FeedNode.firstColon(in: name)!
        #expect(name[..<colon] == "media" && name[name.index(after: colon)...] == "content")
    }
}
