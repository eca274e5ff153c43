import CLibXML2
import Foundation
import Testing
@testable import NewswatchParse

/// The look-ups of session 8 on the document side against what they stand in for.
@Suite struct PageTreeLookupTests {
    /// `kinds(ofWord:)` (a binary search over packed words) is `kindsByWord[word]` for every word it
    /// knows, their prefixes and extensions, words of 8, 9, 16 and 17 bytes, and words it does not know.
    @Test func packedWordKindsAreTheDictionarysKinds() {
        var words = Array(PageFurniture.kindsByWord.keys)
        #expect(PageFurniture.kindsByPackedWord.count == PageFurniture.kindsByWord.count)
        for word in PageFurniture.kindsByWord.keys {
            words += [String(word.dropLast()), word + "s", "x" + word, word + word, String(word.dropFirst())]
        }
        words += ["", "a", "abcdefgh", "abcdefghi", "abcdefghijklmnop", "abcdefghijklmnopq", "recommendationsx", "recommendationss",
                  "navigationnavigat", "zzzzzzzzzzzzzzzz", "\u{7F}", "article", "body", "content"]
        for word in words {
            let expected = PageFurniture.kindsByWord[word]
            let found = Array(word.utf8).withUnsafeBufferPointer { PageFurniture.kinds(ofWord: $0) }
            #expect(found == expected, "\(word)")
        }
    }

    /// The tags `measure()` gives every element, by name pointer, are `PageTag(node)`'s, on the test
    /// pages and on a page whose element names are not the dictionary's (written with a prefix).
    @Test func measuredTagsAreTheNamesTags() throws {
        var pages = try PageReadingComparison.testPages()
        pages += PageTreeDictionaryParseTests.tricky.map { Array($0.utf8) }
        for bytes in pages {
            let tree = try #require(PageTree(utf8: bytes, baseURL: nil))
            #expect(!tree.elements.isEmpty)
            for (number, element) in tree.elements.enumerated() {
                #expect(tree.tags[number] == PageTag(element), "\(PageTree.name(element))")
            }
        }
    }
}

extension PageTreeLookupTests {
    /// `PageMetadata.mayHoldComment` (by `memchr`) finds a marker exactly where a search of the bytes
    /// does: markers at the start, the end, cut off at the end, overlapping dashes, the look-alikes
    /// and their first bytes alone.
    @Test func commentGateAgreesWithTheSearch() {
        let pieces = ["<", "!", "-", "--", ">", "<!-", "a", "\"", "\u{226E}", "\u{226F}", "\u{2260}", "\u{00E9}", " ", "{", "}"]
        var generator = SystemRandomNumberGenerator()
        var texts = ["", "<!--", "-->", "x<!--", "--->", "<!-x->", "\u{226E}", "a\u{226F}", "<!- ->"]
        for _ in 0..<3_000 {
            texts.append((0..<Int.random(in: 0...10, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for text in texts {
            let bytes = Array(text.utf8)
            let expected = ["<!--", "-->", "\u{226E}", "\u{226F}"].contains { marker in
                bytes.indices.contains { start in bytes[start...].starts(with: Array(marker.utf8)) }
            }
            let found = Array(text.utf8).withUnsafeBufferPointer { PageMetadata.mayHoldComment($0) }
            #expect(found == expected, "\(text.debugDescription)")
        }
    }
}

extension PageTreeLookupTests {
    /// The values the parse puts back itself (`markedValues`) are the ones `ScriptBodies.elements(in:page:)`
    /// puts back after it: the two trees read the same, node for node, and the parse left no marker
    /// in a value for the walk to put back.
    @Test func valuesPutBackDuringTheParseAreTheWalksValues() throws {
        var marked = 0
        for page in try PageReadingComparison.testPages() {
            guard let aside = ScriptBodies.setAside(in: page, keepingAttribute: { PageTree.isRead($0) }), !aside.values.isEmpty else { continue }
            marked += aside.values.count
            let during = try #require(PageTree.parse(aside.bytes, markedValues: aside.values, of: page))
            defer { xmlFreeDoc(during) }
            let after = try #require(PageTree.parse(aside.bytes))
            defer { xmlFreeDoc(after) }
            #expect(PageReadingShortcutRoundFourTests.describe(during).joined().utf8.contains(0xF3) == false)
            #expect(PageReadingShortcutRoundFourTests.describe(after).joined().utf8.contains(0xF3))
            _ = try #require(aside.elements(in: after, page: page))
            #expect(PageReadingShortcutRoundFourTests.describe(during) == PageReadingShortcutRoundFourTests.describe(after))
            #expect(aside.elements(in: during, page: page) != nil)
        }
        #expect(marked > 100)
    }
}

extension PageTreeLookupTests {
    /// `ElementNameTable` (a binary search over packed names) gives `byName[name.lowercased()]` for
    /// every name it knows, in any case, their prefixes and extensions, and names it does not know.
    @Test func elementNameTableAgreesWithTheDictionary() {
        let table = ElementNameTable(PageTag.byName)
        var names = Array(PageTag.byName.keys)
        for name in PageTag.byName.keys { names += [name.uppercased(), String(name.dropLast()), name + "x", "x" + name, name.capitalized] }
        names += ["", "a", "abcdefgh", "abcdefghi", "h7", "\u{212A}bd", "sv\u{0130}", "custom-element", "o:p", "fb:like", "zzzzzzzz"]
        for name in names {
            let expected = PageTag.byName[name.lowercased()]
            var bytes = Array(name.utf8)
            bytes.append(0)
            let found = bytes.withUnsafeBufferPointer { table[$0.baseAddress!] }
            #expect(found == expected, "\(name)")
        }
    }
}
