import Foundation
import NewswatchNormalize

/// A document that cannot be read as news: the reason, in words a user can act on.
public enum DocumentError: Error, Equatable, CustomStringConvertible {
    case empty
    case binary
    case notUTF8(offset: Int)
    case unsupported(DocumentKind)
    case noArticle(String)

    public enum DocumentKind: String, Sendable {
        case xml = "XML"
        case json = "JSON"
    }

    public var description: String {
        switch self {
        case .empty: return "is empty"
        case .binary: return "is binary data, not text (it contains NUL bytes)"
        case .notUTF8(let offset): return "is not UTF-8 text (invalid byte sequence at byte \(offset))"
        case .unsupported(let kind): return "is \(kind.rawValue), and this build of newswatch reads only plain-text articles"
        case .noArticle(let reason): return reason
        }
    }
}

/// Turns the bytes of one document into Articles, whatever it is: the format is sniffed from the
/// content.
public struct DocumentParser: Sendable {
    public init() {}

    public func parse(_ bytes: [UInt8], fetched: Date = Date()) throws -> ParsedDocument {
        guard let firstByte = Self.firstSignificantByte(bytes) else { throw DocumentError.empty }
        if bytes.contains(0) { throw DocumentError.binary }
        switch firstByte {
        case UInt8(ascii: "<"): throw DocumentError.unsupported(.xml)
        case UInt8(ascii: "{"): throw DocumentError.unsupported(.json)
        default: return try parsePlainText(bytes, fetched: fetched)
        }
    }

    func parsePlainText(_ bytes: [UInt8], fetched: Date) throws -> ParsedDocument {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard let text = String(validating: body, as: UTF8.self) else {
            throw DocumentError.notUTF8(offset: Self.firstInvalidUTF8Offset(bytes) ?? 0)
        }
        do {
            let article = try PlainTextArticleReader().read(text, fetched: fetched)
            return ParsedDocument(feed: FeedInfo(format: .text), articles: [article])
        } catch let error as PlainTextArticleReader.ReadError {
            throw DocumentError.noArticle(error.description)
        }
    }

    /// The first byte that is not white space or a UTF-8 byte-order mark; nil for blank input.
    static func firstSignificantByte(_ bytes: [UInt8]) -> UInt8? {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return bytes[index]
            }
        }
        return nil
    }

    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
