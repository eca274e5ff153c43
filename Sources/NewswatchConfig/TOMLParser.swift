/// A TOML 1.0 parser that keeps the position of every key and value.
public struct TOMLParser {
    public static func parse(_ text: String) throws(TOMLSyntaxError) -> TOMLTable {
        var parser = TOMLParser(text)
        return try parser.document()
    }

    // MARK: - The mutable tree built while parsing

    private final class Table {
        enum Kind { case implicit, header, dotted, inline, root }
        var kind: Kind
        var position: SourcePosition
        var order: [String] = []
        var keyPositions: [String: SourcePosition] = [:]
        var values: [String: Slot] = [:]

        init(kind: Kind, position: SourcePosition) {
            self.kind = kind
            self.position = position
        }

        func insert(_ key: String, at position: SourcePosition, _ slot: Slot) {
            if values[key] == nil { order.append(key); keyPositions[key] = position }
            values[key] = slot
        }

        func frozen() -> TOMLTable {
            var table = TOMLTable()
            for key in order {
                guard let slot = values[key], let position = keyPositions[key] else { continue }
                table.set(key, at: position, slot.node)
            }
            return table
        }
    }

    private enum Slot {
        case value(TOMLNode)
        case table(Table)
        case tableArray([Table], SourcePosition)

        var node: TOMLNode {
            switch self {
            case .value(let node): return node
            case .table(let table): return TOMLNode(value: .table(table.frozen()), position: table.position)
            case .tableArray(let tables, let position):
                return TOMLNode(
                    value: .array(tables.map { TOMLNode(value: .table($0.frozen()), position: $0.position) }),
                    position: position)
            }
        }
    }

    // MARK: - Scanning

    private let bytes: [UInt8]
    private var offset = 0
    private var line = 1
    private var lineStart = 0

    private init(_ text: String) {
        bytes = Array(text.utf8)
    }

    private var position: SourcePosition {
        // Columns count characters, not bytes, so a column under an umlaut is where the user sees it.
        let column = String(decoding: bytes[lineStart..<min(offset, bytes.count)], as: UTF8.self).count + 1
        return SourcePosition(line: line, column: column)
    }

    private var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    private func peek(_ ahead: Int) -> UInt8? {
        offset + ahead < bytes.count ? bytes[offset + ahead] : nil
    }

    private mutating func advance() {
        if bytes[offset] == UInt8(ascii: "\n") {
            line += 1
            lineStart = offset + 1
        }
        offset += 1
    }

    private func fail(_ message: String) -> TOMLSyntaxError {
        TOMLSyntaxError(position: position, message: message)
    }

    private func describeCurrent() -> String {
        guard let byte = current else { return "the end of the file" }
        switch byte {
        case UInt8(ascii: "\n"): return "the end of the line"
        case UInt8(ascii: "\r"): return "a carriage return"
        default:
            var end = offset + 1
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            return "'\(String(decoding: bytes[offset..<end], as: UTF8.self))'"
        }
    }

    private mutating func skipSpaces() {
        while let byte = current, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { advance() }
    }

    private mutating func skipComment() throws(TOMLSyntaxError) {
        guard current == UInt8(ascii: "#") else { return }
        while let byte = current, byte != UInt8(ascii: "\n") {
            if byte < 0x20 && byte != UInt8(ascii: "\t") && !(byte == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n")) {
                throw fail("control character in a comment")
            }
            advance()
        }
    }

    /// After a value or header: only spaces, a comment, then the end of the line.
    private mutating func expectEndOfLine() throws(TOMLSyntaxError) {
        skipSpaces()
        try skipComment()
        if current == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") { advance() }
        guard let byte = current else { return }
        guard byte == UInt8(ascii: "\n") else {
            throw fail("expected the end of the line, found \(describeCurrent())")
        }
        advance()
    }

    /// Spaces, comments and newlines, as allowed inside arrays and between statements.
    private mutating func skipBlank() throws(TOMLSyntaxError) {
        while true {
            skipSpaces()
            try skipComment()
            if current == UInt8(ascii: "\n") {
                advance()
            } else if current == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") {
                advance(); advance()
            } else {
                return
            }
        }
    }

    // MARK: - Document

    private mutating func document() throws(TOMLSyntaxError) -> TOMLTable {
        let root = Table(kind: .root, position: SourcePosition(line: 1, column: 1))
        var currentTable = root
        while true {
            try skipBlank()
            guard let byte = current else { break }
            if byte == UInt8(ascii: "[") {
                currentTable = try header(root: root)
            } else {
                try keyValue(into: currentTable, dottedKind: .dotted)
            }
            try expectEndOfLine()
        }
        return root.frozen()
    }

    private mutating func header(root: Table) throws(TOMLSyntaxError) -> Table {
        let start = position
        advance()
        let isArray = current == UInt8(ascii: "[")
        if isArray { advance() }
        skipSpaces()
        let keys = try dottedKey()
        skipSpaces()
        guard current == UInt8(ascii: "]") else { throw fail("expected ']' to close the table header, found \(describeCurrent())") }
        advance()
        if isArray {
            guard current == UInt8(ascii: "]") else { throw fail("expected ']]' to close the array-of-tables header") }
            advance()
        }
        let name = keys.map(\.name).joined(separator: ".")

        var table = root
        for (key, keyPosition) in keys.dropLast() {
            switch table.values[key] {
            case nil:
                let created = Table(kind: .implicit, position: keyPosition)
                table.insert(key, at: keyPosition, .table(created))
                table = created
            case .table(let existing)?:
                if existing.kind == .inline { throw TOMLSyntaxError(position: keyPosition, message: "\(key) is an inline table and cannot be extended") }
                table = existing
            case .tableArray(let tables, _)?:
                table = tables[tables.count - 1]
            case .value?:
                throw TOMLSyntaxError(position: keyPosition, message: "\(key) is already a value, not a table")
            }
        }
        let (last, lastPosition) = keys[keys.count - 1]
        if isArray {
            let created = Table(kind: .header, position: start)
            switch table.values[last] {
            case nil: table.insert(last, at: lastPosition, .tableArray([created], start))
            case .tableArray(let tables, let position)?: table.insert(last, at: lastPosition, .tableArray(tables + [created], position))
            default: throw TOMLSyntaxError(position: start, message: "[[\(name)]] clashes with \(name) defined earlier as something else")
            }
            return created
        }
        switch table.values[last] {
        case nil:
            let created = Table(kind: .header, position: start)
            table.insert(last, at: lastPosition, .table(created))
            return created
        case .table(let existing)? where existing.kind == .implicit:
            existing.kind = .header
            return existing
        case .table?:
            throw TOMLSyntaxError(position: start, message: "table [\(name)] is defined twice")
        default:
            throw TOMLSyntaxError(position: start, message: "[\(name)] clashes with \(name) defined earlier as something else")
        }
    }

    private mutating func keyValue(into table: Table, dottedKind: Table.Kind) throws(TOMLSyntaxError) {
        let keys = try dottedKey()
        skipSpaces()
        guard current == UInt8(ascii: "=") else {
            throw fail("expected '=' after the key \(keys.map(\.name).joined(separator: ".")), found \(describeCurrent())")
        }
        advance()
        skipSpaces()
        let node = try value()
        var target = table
        for (key, keyPosition) in keys.dropLast() {
            switch target.values[key] {
            case nil:
                let created = Table(kind: dottedKind, position: keyPosition)
                target.insert(key, at: keyPosition, .table(created))
                target = created
            case .table(let existing)? where existing.kind == .dotted || existing.kind == dottedKind:
                target = existing
            default:
                throw TOMLSyntaxError(position: keyPosition, message: "\(key) is already defined and cannot be extended with a dotted key")
            }
        }
        let (last, lastPosition) = keys[keys.count - 1]
        if target.values[last] != nil {
            let first = target.keyPositions[last].map { " (first at line \($0.line))" } ?? ""
            throw TOMLSyntaxError(position: lastPosition, message: "duplicate key \(last)\(first)")
        }
        target.insert(last, at: lastPosition, .value(node))
    }

    // MARK: - Keys

    private mutating func dottedKey() throws(TOMLSyntaxError) -> [(name: String, position: SourcePosition)] {
        var keys: [(String, SourcePosition)] = []
        while true {
            let start = position
            keys.append((try simpleKey(), start))
            skipSpaces()
            guard current == UInt8(ascii: ".") else { return keys }
            advance()
            skipSpaces()
        }
    }

    private static func isBareKeyByte(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    private mutating func simpleKey() throws(TOMLSyntaxError) -> String {
        switch current {
        case UInt8(ascii: "\"")?:
            if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") { throw fail("a key cannot be a multi-line string") }
            return try basicString()
        case UInt8(ascii: "'")?:
            if peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") { throw fail("a key cannot be a multi-line string") }
            return try literalString()
        default:
            let start = offset
            while let byte = current, Self.isBareKeyByte(byte) { advance() }
            guard offset > start else { throw fail("expected a key, found \(describeCurrent())") }
            return String(decoding: bytes[start..<offset], as: UTF8.self)
        }
    }

    // MARK: - Values

    private mutating func value() throws(TOMLSyntaxError) -> TOMLNode {
        let start = position
        guard let byte = current else { throw fail("expected a value, found the end of the file") }
        switch byte {
        case UInt8(ascii: "\""):
            if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                return TOMLNode(value: .string(try multilineBasicString()), position: start)
            }
            return TOMLNode(value: .string(try basicString()), position: start)
        case UInt8(ascii: "'"):
            if peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") {
                return TOMLNode(value: .string(try multilineLiteralString()), position: start)
            }
            return TOMLNode(value: .string(try literalString()), position: start)
        case UInt8(ascii: "["):
            return TOMLNode(value: .array(try array()), position: start)
        case UInt8(ascii: "{"):
            return TOMLNode(value: .table(try inlineTable()), position: start)
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            if matchWord("true") { return TOMLNode(value: .boolean(true), position: start) }
            if matchWord("false") { return TOMLNode(value: .boolean(false), position: start) }
            throw fail("expected a value, found \(describeCurrent()) (strings need quotes)")
        default:
            return try numberOrDate(start: start)
        }
    }

    private mutating func matchWord(_ word: String) -> Bool {
        let w = Array(word.utf8)
        guard offset + w.count <= bytes.count, Array(bytes[offset..<offset + w.count]) == w else { return false }
        if let next = peek(w.count), Self.isBareKeyByte(next) { return false }
        for _ in w { advance() }
        return true
    }

    private mutating func numberOrDate(start: SourcePosition) throws(TOMLSyntaxError) -> TOMLNode {
        let from = offset
        // Take the whole token: digits, signs, letters of inf/nan/hex/exponents, dots, colons, and the
        // one space a date may have between date and time.
        while let byte = current {
            let isTokenByte = Self.isBareKeyByte(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: ":")
            if isTokenByte {
                advance()
            } else if byte == UInt8(ascii: " "), offset - from == 10, let next = peek(1), next >= 0x30, next <= 0x39,
                      bytes[from + 4] == UInt8(ascii: "-") {
                advance()
            } else {
                break
            }
        }
        let token = String(decoding: bytes[from..<offset], as: UTF8.self)
        guard !token.isEmpty else { throw fail("expected a value, found \(describeCurrent()) (strings need quotes)") }
        if let number = Self.integer(token) { return TOMLNode(value: .integer(number), position: start) }
        if let number = Self.float(token) { return TOMLNode(value: .float(number), position: start) }
        if Self.isDateTime(token) { return TOMLNode(value: .datetime(token), position: start) }
        throw TOMLSyntaxError(position: start, message: "\(token) is not a TOML value (strings need quotes)")
    }

    private static func digitsWithUnderscores(_ text: Substring, radix: Int) -> Bool {
        guard let first = text.first, let last = text.last, first != "_", last != "_", !text.contains("__") else { return false }
        return text.allSatisfy { $0 == "_" || $0.isHexDigit && Int(String($0), radix: radix) != nil }
    }

    static func integer(_ token: String) -> Int64? {
        var text = Substring(token)
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where text.hasPrefix(prefix) {
            let digits = text.dropFirst(2)
            guard digitsWithUnderscores(digits, radix: radix) else { return nil }
            return Int64(digits.replacingOccurrences(of: "_", with: ""), radix: radix)
        }
        var negative = false
        if text.first == "+" || text.first == "-" {
            negative = text.first == "-"
            text = text.dropFirst()
        }
        guard digitsWithUnderscores(text, radix: 10), !(text.count > 1 && text.first == "0") else { return nil }
        return Int64((negative ? "-" : "") + text.replacingOccurrences(of: "_", with: ""))
    }

    static func float(_ token: String) -> Double? {
        var text = Substring(token)
        var sign = ""
        if text.first == "+" || text.first == "-" {
            sign = text.first == "-" ? "-" : ""
            text = text.dropFirst()
        }
        if text == "inf" { return sign == "-" ? -.infinity : .infinity }
        if text == "nan" { return .nan }
        let lower = text.lowercased()
        let mantissaAndExponent = lower.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
        let mantissa = mantissaAndExponent[0]
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard digitsWithUnderscores(parts[0], radix: 10), !(parts[0].count > 1 && parts[0].first == "0") else { return nil }
        if parts.count == 2, !digitsWithUnderscores(parts[1], radix: 10) { return nil }
        if mantissaAndExponent.count == 2 {
            var exponent = mantissaAndExponent[1]
            if exponent.first == "+" || exponent.first == "-" { exponent = exponent.dropFirst() }
            guard digitsWithUnderscores(exponent, radix: 10) else { return nil }
        } else if parts.count == 1 {
            return nil
        }
        return Double(sign + lower.replacingOccurrences(of: "_", with: ""))
    }

    static func isDateTime(_ token: String) -> Bool {
        let s = Array(token.utf8)
        func digits(_ at: Int, _ count: Int) -> Bool {
            at + count <= s.count && s[at..<at + count].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }
        func time(_ at: Int) -> Bool {
            guard digits(at, 2), at + 2 < s.count, s[at + 2] == UInt8(ascii: ":"), digits(at + 3, 2) else { return false }
            var i = at + 5
            if i < s.count, s[i] == UInt8(ascii: ":") {
                guard digits(i + 1, 2) else { return false }
                i += 3
                if i < s.count, s[i] == UInt8(ascii: ".") {
                    i += 1
                    guard digits(i, 1) else { return false }
                    while digits(i, 1) { i += 1 }
                }
            }
            if i == s.count { return true }
            if s[i] == UInt8(ascii: "Z") || s[i] == UInt8(ascii: "z") { return i + 1 == s.count }
            if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
                return digits(i + 1, 2) && i + 3 < s.count && s[i + 3] == UInt8(ascii: ":") && digits(i + 4, 2) && i + 6 == s.count
            }
            return false
        }
        if digits(0, 4), s.count >= 10, s[4] == UInt8(ascii: "-"), digits(5, 2), s[7] == UInt8(ascii: "-"), digits(8, 2) {
            if s.count == 10 { return true }
            guard [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(s[10]) else { return false }
            return time(11)
        }
        return time(0)
    }

    private mutating func array() throws(TOMLSyntaxError) -> [TOMLNode] {
        advance()
        var items: [TOMLNode] = []
        while true {
            try skipBlank()
            if current == UInt8(ascii: "]") { advance(); return items }
            items.append(try value())
            try skipBlank()
            if current == UInt8(ascii: ",") {
                advance()
            } else if current == UInt8(ascii: "]") {
                advance()
                return items
            } else {
                throw fail("expected ',' or ']' in the array, found \(describeCurrent())")
            }
        }
    }

    private mutating func inlineTable() throws(TOMLSyntaxError) -> TOMLTable {
        let table = Table(kind: .inline, position: position)
        advance()
        skipSpaces()
        if current == UInt8(ascii: "}") { advance(); return table.frozen() }
        while true {
            skipSpaces()
            if current == UInt8(ascii: "\n") || current == UInt8(ascii: "\r") {
                throw fail("inline tables stay on one line: close it with '}' before the line ends")
            }
            try keyValue(into: table, dottedKind: .inline)
            skipSpaces()
            if current == UInt8(ascii: ",") {
                advance()
            } else if current == UInt8(ascii: "}") {
                advance()
                return table.frozen()
            } else {
                throw fail("expected ',' or '}' in the inline table, found \(describeCurrent()) (inline tables stay on one line)")
            }
        }
    }

    // MARK: - Strings

    private mutating func basicString() throws(TOMLSyntaxError) -> String {
        advance()
        var out: [UInt8] = []
        while true {
            guard let byte = current else { throw fail("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                advance()
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try escape(into: &out)
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                throw fail("unterminated string: a \"…\" string ends on its own line (use \"\"\" for several lines)")
            default:
                if byte < 0x20 && byte != UInt8(ascii: "\t") || byte == 0x7F { throw fail("control character in a string") }
                out.append(byte)
                advance()
            }
        }
    }

    private mutating func escape(into out: inout [UInt8]) throws(TOMLSyntaxError) {
        advance()
        guard let byte = current else { throw fail("unterminated string") }
        advance()
        switch byte {
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = byte == UInt8(ascii: "u") ? 4 : 8
            guard offset + count <= bytes.count,
                  let code = UInt32(String(decoding: bytes[offset..<offset + count], as: UTF8.self), radix: 16),
                  let scalar = Unicode.Scalar(code)
            else { throw fail("invalid \\\(byte == UInt8(ascii: "u") ? "u" : "U") escape: expected \(count) hex digits of a Unicode scalar") }
            for _ in 0..<count { advance() }
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            throw fail("invalid escape \\\(Character(Unicode.Scalar(byte)))")
        }
    }

    private mutating func multilineBasicString() throws(TOMLSyntaxError) -> String {
        advance(); advance(); advance()
        if current == UInt8(ascii: "\n") { advance() } else if current == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") { advance(); advance() }
        var out: [UInt8] = []
        while true {
            guard let byte = current else { throw fail("unterminated \"\"\" string") }
            if byte == UInt8(ascii: "\""), peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                // Up to two quotes may stand right before the closing delimiter.
                var quotes = 3
                while peek(quotes) == UInt8(ascii: "\""), quotes < 5 { quotes += 1 }
                for _ in 0..<quotes { advance() }
                out.append(contentsOf: [UInt8](repeating: UInt8(ascii: "\""), count: quotes - 3))
                return String(decoding: out, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                // A backslash at the end of a line swallows the newline and the white space after it.
                var look = 1
                while let next = peek(look), next == UInt8(ascii: " ") || next == UInt8(ascii: "\t") { look += 1 }
                if peek(look) == UInt8(ascii: "\n") || (peek(look) == UInt8(ascii: "\r") && peek(look + 1) == UInt8(ascii: "\n")) {
                    advance()
                    while let next = current, next == UInt8(ascii: " ") || next == UInt8(ascii: "\t") || next == UInt8(ascii: "\n") || next == UInt8(ascii: "\r") { advance() }
                    continue
                }
                try escape(into: &out)
                continue
            }
            if byte < 0x20 && byte != UInt8(ascii: "\t") && byte != UInt8(ascii: "\n") && byte != UInt8(ascii: "\r") {
                throw fail("control character in a string")
            }
            out.append(byte)
            advance()
        }
    }

    private mutating func literalString() throws(TOMLSyntaxError) -> String {
        advance()
        let start = offset
        while let byte = current, byte != UInt8(ascii: "'") {
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { throw fail("unterminated string: a '…' string ends on its own line") }
            if byte < 0x20 && byte != UInt8(ascii: "\t") { throw fail("control character in a string") }
            advance()
        }
        guard current != nil else { throw fail("unterminated string") }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        advance()
        return text
    }

    private mutating func multilineLiteralString() throws(TOMLSyntaxError) -> String {
        advance(); advance(); advance()
        if current == UInt8(ascii: "\n") { advance() } else if current == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") { advance(); advance() }
        let start = offset
        while true {
            guard let byte = current else { throw fail("unterminated ''' string") }
            if byte == UInt8(ascii: "'"), peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") {
                var quotes = 3
                while peek(quotes) == UInt8(ascii: "'"), quotes < 5 { quotes += 1 }
                let text = String(decoding: bytes[start..<offset + quotes - 3], as: UTF8.self)
                for _ in 0..<quotes { advance() }
                return text
            }
            advance()
        }
    }
}
