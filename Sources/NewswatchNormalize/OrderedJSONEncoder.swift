import Foundation

/// Encodes `Encodable` values to JSON with object keys in the order the value encodes them.
///
/// Foundation's `JSONEncoder` on Linux either sorts keys or scatters them; the Article document reads
/// best in the model's order (`id`, `url`, … `title`, `kicker`, `headline`, … `body`), and output that
/// people read and diff should not shuffle between runs.
public struct OrderedJSONEncoder: Sendable {
    public var pretty: Bool

    public init(pretty: Bool = true) {
        self.pretty = pretty
    }

    public func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = NodeEncoder(codingPath: [])
        try value.encode(to: encoder)
        // Written as UTF-8 bytes into one buffer: appending to a String scalar by scalar was most of
        // the cost of encoding an article (the archive encodes every new one).
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(encoder.storage.node, into: &out, indent: 0)
        return Data(out)
    }

    private func write(_ node: Node, into out: inout [UInt8], indent: Int) {
        switch node {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .string(let text): Self.writeString(text, into: &out)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(into: &out, indent: indent + 1)
                write(item.node, into: &out, indent: indent + 1)
            }
            newline(into: &out, indent: indent)
            out.append(UInt8(ascii: "]"))
        case .object(let entries):
            if entries.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (index, entry) in entries.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(into: &out, indent: indent + 1)
                Self.writeString(entry.key, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                write(entry.value.node, into: &out, indent: indent + 1)
            }
            newline(into: &out, indent: indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Pretty output's line break and two spaces per level; nothing when compact.
    private func newline(into out: inout [UInt8], indent: Int) {
        guard pretty else { return }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * indent))
    }

    /// A JSON string literal: `"`, `\\`, control characters and U+2028/U+2029 escaped, everything else
    /// copied as it is, in runs of bytes found by `nextByteToLookAt`.
    static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        UTF8Bytes.with(text) { bytes in
            var runStart = 0
            let count = bytes.count
            var index = nextByteToLookAt(in: bytes, from: 0)
            while index < count {
                let byte = bytes[index]
                // Nil for the other control bytes, written as `\u00XX`.
                let escape: StaticString?
                var width = 1
                switch byte {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0xE2 where index + 2 < count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    escape = bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    width = 3
                case 0xE2:
                    // Some other character of U+2000–U+2FFF: copied with its run.
                    index = nextByteToLookAt(in: bytes, from: index + 1)
                    continue
                default:
                    escape = nil
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                if let escape {
                    out.append(contentsOf: UnsafeBufferPointer(start: escape.utf8Start, count: escape.utf8CodeUnitCount))
                } else {
                    out.append(contentsOf: String(format: "\\u%04x", UInt32(byte)).utf8)
                }
                index += width
                runStart = index
                index = nextByteToLookAt(in: bytes, from: index)
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The index of the first byte from `start` on that `writeString` must look at — `"`, `\\`, a
    /// control byte, or 0xE2 (which begins U+2028 and U+2029) — or the end. Eight bytes at a time:
    /// a byte-by-byte loop was ~14 µs of every new article's preparation (its stored JSON).
    static func nextByteToLookAt(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return bytes.count }
        let count = bytes.count
        var index = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while index + 8 <= count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            // A byte's high bit is set where it is below 0x20, or equals one of the three values (the
            // classic "has zero byte" test on the word XORed with each): exact up to the first such
            // byte, which is all that is used.
            let control = (word &- ones &* 0x20) & ~word & highs
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let lead = word ^ (ones &* 0xE2)
            let equal = ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (lead &- ones) & ~lead) & highs
            let found = control | equal
            if found != 0 { return index + found.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < count {
            let byte = base[index]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0xE2 { return index }
            index += 1
        }
        return count
    }
}

// MARK: - The encoder behind it

private indirect enum Node {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([Box])
    case object([(key: String, value: Box)])
}

/// A node that containers fill in after handing it out, as Encoder's API requires.
private final class Box {
    var node: Node
    init(_ node: Node) { self.node = node }

    // Each mutation first takes the collection out of `node`, so it is uniquely referenced and grows
    // in place; appending through the enum would copy it every time (quadratic for a long body).
    func append(_ child: Box) {
        guard case .array(var items) = node else { return }
        node = .null
        items.append(child)
        node = .array(items)
    }

    func set(_ key: String, _ child: Box) {
        guard case .object(var entries) = node else { return }
        node = .null
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index].value = child
        } else {
            entries.append((key, child))
        }
        node = .object(entries)
    }
}

private final class NodeEncoder: Encoder {
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    let storage = Box(.null)

    init(codingPath: [CodingKey]) {
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = storage.node {} else { storage.node = .object([]) }
        return KeyedEncodingContainer(KeyedContainer<Key>(box: storage, codingPath: codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if case .array = storage.node {} else { storage.node = .array([]) }
        return UnkeyedContainer(box: storage, codingPath: codingPath)
    }

    func singleValueContainer() -> SingleValueEncodingContainer {
        SingleContainer(box: storage, codingPath: codingPath)
    }

    static func node<T: Encodable>(for value: T, codingPath: [CodingKey]) throws -> Box {
        switch value {
        case let string as String: return Box(.string(string))
        case let bool as Bool: return Box(.bool(bool))
        case let int as Int: return Box(.number(String(int)))
        case let int as Int64: return Box(.number(String(int)))
        case let int as Int32: return Box(.number(String(int)))
        case let int as UInt64: return Box(.number(String(int)))
        case let double as Double: return Box(try number(double, codingPath: codingPath))
        case let url as URL: return Box(.string(url.absoluteString))
        default:
            let encoder = NodeEncoder(codingPath: codingPath)
            try value.encode(to: encoder)
            return encoder.storage
        }
    }

    static func number(_ value: Double, codingPath: [CodingKey]) throws -> Node {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "JSON has no \(value)"))
        }
        if value == value.rounded(), abs(value) < 1e15 { return .number(String(Int64(value))) }
        return .number("\(value)")
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: Box
    let codingPath: [CodingKey]

    mutating func encodeNil(forKey key: Key) throws { box.set(key.stringValue, Box(.null)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        box.set(key.stringValue, try NodeEncoder.node(for: value, codingPath: codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = Box(.object([]))
        box.set(key.stringValue, child)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        let child = Box(.array([]))
        box.set(key.stringValue, child)
        return UnkeyedContainer(box: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> Encoder { NodeEncoder(codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> Encoder { NodeEncoder(codingPath: codingPath + [key]) }
}

private struct IndexKey: CodingKey {
    var stringValue: String { "\(intValue!)" }
    var intValue: Int?
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let box: Box
    let codingPath: [CodingKey]
    var count: Int {
        if case .array(let items) = box.node { return items.count }
        return 0
    }

    mutating func encodeNil() throws { box.append(Box(.null)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        box.append(try NodeEncoder.node(for: value, codingPath: codingPath + [IndexKey(count)]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = Box(.object([]))
        box.append(child)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: child, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        let child = Box(.array([]))
        box.append(child)
        return UnkeyedContainer(box: child, codingPath: codingPath)
    }

    mutating func superEncoder() -> Encoder { NodeEncoder(codingPath: codingPath) }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let box: Box
    let codingPath: [CodingKey]

    mutating func encodeNil() throws { box.node = .null }
    mutating func encode<T: Encodable>(_ value: T) throws {
        box.node = try NodeEncoder.node(for: value, codingPath: codingPath).node
    }
}
