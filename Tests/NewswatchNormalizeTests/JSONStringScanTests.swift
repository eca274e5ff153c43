import Foundation
@testable import NewswatchNormalize
import NewswatchTestSupport
import Testing

/// `OrderedJSONEncoder.writeString` finds the bytes it must escape eight at a time
/// (`nextByteToLookAt`): its literals must be the byte-by-byte definition's, whatever the text.
@Suite struct JSONStringScanTests {
    /// The definition: every byte looked at in turn.
    func literal(_ text: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""): out += Array("\\\"".utf8)
            case UInt8(ascii: "\\"): out += Array("\\\\".utf8)
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                out += Array((bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                index += 3
                continue
            case 0..<0x20: out += Array(String(format: "\\u%04x", UInt32(byte)).utf8)
            default: out.append(byte)
            }
            index += 1
        }
        out.append(UInt8(ascii: "\""))
        return out
    }

    func written(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        OrderedJSONEncoder.writeString(text, into: &out)
        return out
    }

    @Test func randomTextsGetTheDefinitionsLiterals() throws {
        var random = SeededRandom(seed: 2028)
        let pieces = ["a", "Zeitung ", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1f}", " ", "\u{7f}", "ü", "–", "…",
                      "\u{2028}", "\u{2029}", "\u{2027}", "\u{202a}", "€", "😀", "\u{e000}"]
        for _ in 0..<4_000 {
            var text = ""
            for _ in 0..<Int(random.next() % 40) { text += random.pick(pieces) }
            #expect(written(text) == literal(text), "\(Array(text.utf8))")
            let decoded = try JSONSerialization.jsonObject(with: Data(written(text)), options: .fragmentsAllowed) as? String
            #expect(decoded == text)
        }
    }

    /// Every byte value that may need a look, at every position of a 17-byte run (the eight-byte
    /// words, their seams and the tail).
    @Test func everySpecialByteIsFoundAtEveryOffset() {
        let specials: [String] = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) } + ["\"", "\\", "\u{2028}", "\u{2029}", "\u{2030}"]
        for special in specials {
            for offset in 0...17 {
                let text = String(repeating: "x", count: offset) + special + String(repeating: "y", count: 17 - offset)
                #expect(written(text) == literal(text), "\(Array(special.utf8)) at \(offset)")
            }
        }
        #expect(written("") == literal(""))
    }
}
