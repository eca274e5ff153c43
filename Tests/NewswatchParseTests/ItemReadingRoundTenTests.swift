import Foundation
import NewswatchNormalize
import NewswatchTestSupport
import Testing
@testable import NewswatchParse

/// Session 10's shortcuts in reading feed items, each against what it stands in for.
@Suite struct ItemReadingRoundTenTests {
    /// The predefined entities found on the bytes are the Set's.
    @Test func predefinedEntitiesAreTheSetsOnes() {
        let pieces = ["a", "m", "p", "l", "t", "g", "q", "u", "o", "s", "A", "amp", "lt", "gt", "quot", "apos", "x", "-", "1", "_", "."]
        var random = SeededRandom(seed: 0xE7_17)
        var found = 0
        for _ in 0..<20_000 {
            let name = (1...random.pick([1, 1, 2, 3])).map { _ in random.pick(pieces) }.joined()
            let bytes = Array(name.utf8)
            let answer = bytes.withUnsafeBufferPointer { EntityRepair.isPredefined($0) }
            if answer { found += 1 }
            #expect(answer == EntityRepair.predefined.contains(name), "\(name)")
        }
        #expect(found > 1000)
    }

    /// Comments, CDATA, processing instructions and doctypes are still skipped or checked when the
    /// byte after `<` is looked at first.
    @Test func markupDeclarationsAreStillRecognised() throws {
        let text = "<?xml version=\"1.0\"?>\n<!-- &bad; --><r><![CDATA[&nbsp; & x]]><?pi &x; ?><a>&amp;&lt;&auml;&zzz;</a><!x &y;</r>"
        let result = try EntityRepair.repair(Array(text.utf8))
        #expect(String(decoding: result.bytes, as: UTF8.self)
            == "<?xml version=\"1.0\"?>\n<!-- &bad; --><r><![CDATA[&nbsp; & x]]><?pi &x; ?><a>&amp;&lt;&#228;&amp;zzz;</a><!x &amp;y;</r>")
        #expect(throws: DocumentError.entityDeclarations(line: 1)) {
            try EntityRepair.repair(Array("<!DOCTYPE r [<!ENTITY a \"b\">]><r/>".utf8))
        }
    }

    /// An image's width or height read from the bytes of an ASCII value is the Characters' number.
    @Test func dimensionDigitsAreTheNumbersCharacters() {
        let pieces = ["1", "2", "0", "9", "px", " ", "%", "-", "+", ".", "\r\n", "²", "٣", "①", "Ⅻ", "x", "99999999999", "1e3"]
        var random = SeededRandom(seed: 0xD161)
        for _ in 0..<20_000 {
            let value = (0..<random.pick([0, 1, 2, 3, 5])).map { _ in random.pick(pieces) }.joined()
            #expect(HTMLWalker.digitsValue(value) == Int(value.filter(\.isNumber)), "\(value.debugDescription)")
        }
    }

    /// The one-pass tracker search finds what searching for each tracker finds.
    @Test func trackerSearchFindsWhatEachSearchFinds() {
        let pieces = HTMLWalker.trackers.map(\.description) + [
            "https://", "www.", "example.de", "/", "img", ".gif", ".png", "?", "pixel", "beacon", "track", "feeds.", "feedburner.com", "/~",
            "r/", "ff/", "stats.", "wordpress", "vg", "wort", "ioam", "ivw", "spacer", ".de", ".com", "d", "s", "v", "i", "f",
        ]
        var random = SeededRandom(seed: 0x7AC4)
        var hits = 0
        for _ in 0..<20_000 {
            let address = (0..<random.pick([1, 2, 3, 5, 8])).map { _ in random.pick(pieces) }.joined()
            let reference = address.utf8.withContiguousStorageIfAvailable { bytes in
                HTMLWalker.trackers.contains { UTF8Bytes.contains(bytes, $0) }
            }!
            if reference { hits += 1 }
            #expect(address.utf8.withContiguousStorageIfAvailable { HTMLWalker.holdsTracker($0) } == reference, "\(address)")
        }
        #expect(hits > 3000)
    }

    /// The markup sniff with `memchr` answers as the look at every byte (session 9's).
    @Test func markupSniffAnswersAsTheLookAtEveryByte() {
        func reference(_ bytes: [UInt8]) -> Bool? {
            var ambiguous = false
            let count = bytes.count
            for index in 0..<count {
                switch bytes[index] {
                case UInt8(ascii: "<"), UInt8(ascii: "&"):
                    if index + 1 == count || bytes[index + 1] < 0x80 { return true }
                    ambiguous = true
                case 0xE2:
                    if index + 2 < count, bytes[index + 1] == 0x89, bytes[index + 2] == 0xAE { ambiguous = true }
                default:
                    break
                }
            }
            return ambiguous ? nil : false
        }
        let pieces: [[UInt8]] = ["<", "&", "a", " ", "ä", "≮", "É", "<ä", "&ü", "\u{2260}", "text ", "<p>"].map { Array($0.utf8) }
            + [[0xE2], [0x89], [0xAE], [0xE2, 0x89], [0x89, 0xAE]]
        var random = SeededRandom(seed: 0x5A1FF)
        var answers: [Bool?: Int] = [:]
        for _ in 0..<30_000 {
            let bytes = (0..<random.pick([0, 1, 2, 3, 5, 8])).flatMap { _ in random.pick(pieces) }
            let answer = bytes.withUnsafeBufferPointer { MarkupSniff.mayHoldMarkup(utf8: $0) }
            answers[answer, default: 0] += 1
            #expect(answer == reference(bytes), "\(bytes)")
        }
        #expect(answers.count == 3)
    }

    /// The kept URL of the last link is the one `URL(string:)` makes of it, whatever came before.
    @Test func parsedLinksAreTheURLsOfTheirText() {
        let links = ParsedLinks()
        for text in ["https://www.example.de/", "https://www.example.de/", "relative/path", "", "https://a.de/x y", "https://www.example.de/", "ht tp://x"] {
            #expect(links.url(text) == URL(string: text), "\(text)")
        }
    }
}

/// The XML declaration's encoding read on the bytes is the pattern's first match.
@Suite struct DeclaredEncodingBytesTests {
    @Test func encodingValueIsThePatternsFirstMatch() {
        let pieces = [
            "<?xml", " ", "version=\"1.0\"", "encoding", "Encoding", "=", " = ", "\"", "'", "UTF-8", "iso-8859-1", "windows_1252", "x:y",
            "a.b", "\t", "\r\n", "\n", "\u{0B}", "?", "encoding=\"utf-8\"", "encoding='latin1'", "encodingx", "é", "\u{A0}", "standalone=\"yes\"",
            "\"\"", "''", "=\"", "-",
        ]
        var random = SeededRandom(seed: 0xDEC1)
        var matched = 0
        for _ in 0..<20_000 {
            let declaration = (0..<random.pick([1, 2, 4, 6, 9, 14])).map { _ in random.pick(pieces) }.joined()
            let reference = declaration.firstMatch(of: CharacterDecoding.encodingAttribute).map { String($0.1) }
            guard case .some(let value) = CharacterDecoding.encodingValue(Array(declaration.utf8)[...]) else {
                #expect(declaration.utf8.contains { $0 >= 0x80 }, "\(declaration.debugDescription)")
                continue
            }
            if value != nil { matched += 1 }
            #expect(value == reference, "\(declaration.debugDescription)")
        }
        #expect(matched > 2000)
    }

    @Test func declaredEncodingsOfFeeds() {
        #expect(CharacterDecoding.declaredEncoding(Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss/>".utf8)) == "iso-8859-1")
        #expect(CharacterDecoding.declaredEncoding(Array("<?xml version='1.0' encoding = 'UTF-8' ?>".utf8)) == "utf-8")
        #expect(CharacterDecoding.declaredEncoding(Array("<?xml version=\"1.0\"?><rss/>".utf8)) == nil)
        #expect(CharacterDecoding.declaredEncoding(Array("<?xml version=\"1.0\" encoding=\"é\" encoding=\"utf-8\"?>".utf8)) == "utf-8")
    }
}
