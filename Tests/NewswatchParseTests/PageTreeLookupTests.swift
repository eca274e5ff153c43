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
