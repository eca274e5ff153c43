import Crypto
import Foundation

/// An article's identity: the lowercase hex SHA-256 of its canonical content.
///
/// The canonical content is the headline, the teaser and every line of the body (a list contributes
/// one line per item), each folded by `TextFolding.canonical`, empty lines dropped, joined by
/// newlines. Block kinds are deliberately not part of it: whether a feed's HTML marks a line as `<h2>`
/// or a plain-text reader takes it for a paragraph must not make the same story two articles, and a
/// teaser that one outlet sets apart and another runs as the first paragraph reads the same.
public struct ContentHash: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// 64 lowercase hex digits.
    public let hex: String

    public init(headline: String, teaser: String?, body: [ArticleBlock]) {
        // The bytes of `canonicalText`, hashed line by line instead of joined first.
        var hasher = SHA256()
        var first = true
        ContentHash.eachCanonicalLine(headline: headline, teaser: teaser, body: body) { line in
            if !first { withUnsafeBytes(of: UInt8(ascii: "\n")) { hasher.update(bufferPointer: $0) } }
            first = false
            hasher.update(bufferPointer: UnsafeRawBufferPointer(line))
        }
        hex = Self.hexDigits(hasher.finalize())
    }

    /// Lowercase hex, two digits a byte.
    static func hexDigits(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return digest.withUnsafeBytes { bytes in
            String(unsafeUninitializedCapacity: bytes.count * 2) { out in
                for (index, byte) in bytes.enumerated() {
                    out[2 * index] = digits[Int(byte >> 4)]
                    out[2 * index + 1] = digits[Int(byte & 0x0F)]
                }
                return bytes.count * 2
            }
        }
    }

    /// Accepts a full 64-digit lowercase hex id; nil for anything else.
    public init?(hex: String) {
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
            return nil
        }
        self.hex = hex
    }

    public static func canonicalText(headline: String, teaser: String?, body: [ArticleBlock]) -> String {
        var lines: [String] = []
        eachCanonicalLine(headline: headline, teaser: teaser, body: body) { lines.append(String(decoding: $0, as: UTF8.self)) }
        return lines.joined(separator: "\n")
    }

    /// The UTF-8 of the lines of the canonical text, in order, each folded, empty ones left out. The
    /// bytes are valid only during `visit`.
    static func eachCanonicalLine(headline: String, teaser: String?, body: [ArticleBlock], _ visit: (UnsafeBufferPointer<UInt8>) -> Void) {
        var scratch: [UInt8] = []
        func add(_ line: String) {
            TextFolding.withCanonicalUTF8(line, scratch: &scratch) { folded in
                if !folded.isEmpty { visit(folded) }
            }
        }
        add(headline)
        if let teaser { add(teaser) }
        // `block.lines` would make an array per block.
        for block in body {
            switch block {
            case .paragraph(let text), .heading(let text), .quote(let text): add(text)
            case .list(let items): for line in items { add(line) }
            }
        }
    }

    public var description: String { hex }

    public static func < (lhs: ContentHash, rhs: ContentHash) -> Bool { lhs.hex < rhs.hex }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let hash = ContentHash(hex: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a 64-digit hex SHA-256: \(text)")
        }
        self = hash
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
