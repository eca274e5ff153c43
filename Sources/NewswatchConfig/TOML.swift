/// A place in a TOML file, 1-based, for error messages a user can jump to.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column)" }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// A TOML value with the place it was written.
///
/// newswatch reads TOML with its own parser rather than a library because every config error must name
/// the file, line and key (`intervall` is a typo, not a silent default), and TOML libraries keep no
/// positions for keys and values.
public struct TOMLNode: Sendable {
    public indirect enum Value: Sendable {
        case string(String)
        case integer(Int64)
        case float(Double)
        case boolean(Bool)
        /// Dates and times are kept as written; the config has no use for them beyond validation.
        case datetime(String)
        case array([TOMLNode])
        case table(TOMLTable)
    }

    public var value: Value
    public var position: SourcePosition

    public var typeName: String {
        switch value {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a number"
        case .boolean: return "true or false"
        case .datetime: return "a date"
        case .array: return "an array"
        case .table: return "a table"
        }
    }
}

/// A TOML table: its keys in the order they were written, each with its position.
public struct TOMLTable: Sendable {
    public struct Entry: Sendable {
        public var key: String
        public var keyPosition: SourcePosition
        public var node: TOMLNode
    }

    public private(set) var entries: [Entry] = []
    private var index: [String: Int] = [:]

    public init() {}

    public subscript(key: String) -> TOMLNode? {
        index[key].map { entries[$0].node }
    }

    public func entry(_ key: String) -> Entry? {
        index[key].map { entries[$0] }
    }

    public var keys: [String] { entries.map(\.key) }

    mutating func set(_ key: String, at position: SourcePosition, _ node: TOMLNode) {
        if let existing = index[key] {
            entries[existing].node = node
        } else {
            index[key] = entries.count
            entries.append(Entry(key: key, keyPosition: position, node: node))
        }
    }
}

/// A TOML syntax error: where and what.
public struct TOMLSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var position: SourcePosition
    public var message: String

    public var description: String { "\(position): \(message)" }
}
