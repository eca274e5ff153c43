/// Reads typed values out of one TOML table and records every problem, including the keys nobody
/// asked for: an unknown key is an error, never a silent default.
final class TableReader {
    let table: TOMLTable
    let file: String
    /// The table's name in messages: `daemon`, `feed[2]`.
    let path: String
    let log: ProblemLog
    let position: SourcePosition?
    private var asked: Set<String> = []

    init(_ table: TOMLTable, file: String, path: String, position: SourcePosition?, log: ProblemLog) {
        self.table = table
        self.file = file
        self.path = path
        self.position = position
        self.log = log
    }

    func qualified(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func problem(_ key: String, _ message: String) {
        let position = table.entry(key)?.node.position ?? self.position
        log.add(ConfigProblem(file: file, position: position, key: qualified(key), message: message))
    }

    func node(_ key: String) -> TOMLNode? {
        asked.insert(key)
        return table[key]
    }

    func has(_ key: String) -> Bool {
        asked.insert(key)
        return table[key] != nil
    }

    private func wrongType(_ key: String, _ node: TOMLNode, expected: String) {
        problem(key, "expected \(expected), found \(node.typeName)")
    }

    func string(_ key: String) -> String? {
        guard let node = node(key) else { return nil }
        guard case .string(let value) = node.value else { wrongType(key, node, expected: "a string"); return nil }
        return value
    }

    func nonEmptyString(_ key: String) -> String? {
        guard let value = string(key) else { return nil }
        if value.trimmingCharacters(in: .whitespaces).isEmpty { problem(key, "must not be empty"); return nil }
        return value
    }

    func bool(_ key: String) -> Bool? {
        guard let node = node(key) else { return nil }
        guard case .boolean(let value) = node.value else { wrongType(key, node, expected: "true or false"); return nil }
        return value
    }

    func integer(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let node = node(key) else { return nil }
        guard case .integer(let value) = node.value else { wrongType(key, node, expected: "a whole number"); return nil }
        guard value >= range.lowerBound, value <= range.upperBound else {
            problem(key, "\(value) is out of range (\(range.lowerBound) to \(range.upperBound))")
            return nil
        }
        return Int(value)
    }

    func duration(_ key: String, atLeast minimum: Double = 0) -> ConfigDuration? {
        guard let node = node(key) else { return nil }
        let duration: ConfigDuration
        switch node.value {
        case .string(let text):
            guard let parsed = ConfigDuration(text) else {
                problem(key, "\"\(text)\" is not a duration (write it like \"90s\", \"15m\", \"2h\", \"7d\")")
                return nil
            }
            duration = parsed
        case .integer(let seconds):
            duration = ConfigDuration(seconds: Double(seconds))
        default:
            wrongType(key, node, expected: "a duration such as \"15m\"")
            return nil
        }
        guard duration.seconds >= minimum else {
            problem(key, "\(duration) is too short (at least \(ConfigDuration(seconds: minimum)))")
            return nil
        }
        return duration
    }

    func byteSize(_ key: String) -> ConfigByteSize? {
        guard let node = node(key) else { return nil }
        switch node.value {
        case .string(let text):
            guard let size = ConfigByteSize(text), size.bytes > 0 else {
                problem(key, "\"\(text)\" is not a size (write it like \"10MiB\")")
                return nil
            }
            return size
        case .integer(let bytes) where bytes > 0:
            return ConfigByteSize(bytes: bytes)
        default:
            wrongType(key, node, expected: "a size such as \"10MiB\"")
            return nil
        }
    }

    func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) -> T? where T.RawValue == String {
        guard let text = string(key) else { return nil }
        guard let value = T(rawValue: text) else {
            problem(key, "\"\(text)\" is not one of \(T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
            return nil
        }
        return value
    }

    func stringArray(_ key: String) -> [String]? {
        guard let node = node(key) else { return nil }
        guard case .array(let items) = node.value else { wrongType(key, node, expected: "an array of strings"); return nil }
        var strings: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let value) = item.value else {
                log.add(ConfigProblem(file: file, position: item.position, key: "\(qualified(key))[\(index)]",
                                      message: "expected a string, found \(item.typeName)"))
                return nil
            }
            strings.append(value)
        }
        return strings
    }

    func stringTable(_ key: String) -> [String: String]? {
        guard let node = node(key) else { return nil }
        guard case .table(let inner) = node.value else { wrongType(key, node, expected: "a table of strings"); return nil }
        var result: [String: String] = [:]
        for entry in inner.entries {
            guard case .string(let value) = entry.node.value else {
                log.add(ConfigProblem(file: file, position: entry.node.position, key: "\(qualified(key)).\(entry.key)",
                                      message: "expected a string, found \(entry.node.typeName)"))
                continue
            }
            result[entry.key] = value
        }
        return result
    }

    func subtable(_ key: String) -> TableReader? {
        guard let node = node(key) else { return nil }
        guard case .table(let inner) = node.value else { wrongType(key, node, expected: "a table"); return nil }
        return TableReader(inner, file: file, path: qualified(key), position: node.position, log: log)
    }

    /// Reports every key in the table that no one asked for, with the nearest known key as a hint.
    func reportUnknownKeys() {
        for entry in table.entries where !asked.contains(entry.key) {
            var message = "unknown key"
            if let hint = asked.min(by: { editDistance($0, entry.key) < editDistance($1, entry.key) }),
               editDistance(hint, entry.key) <= max(2, entry.key.count / 3) {
                message += " (did you mean \(hint)?)"
            }
            log.add(ConfigProblem(file: file, position: entry.keyPosition, key: qualified(entry.key), message: message))
        }
    }
}

final class ProblemLog {
    private(set) var problems: [ConfigProblem] = []
    func add(_ problem: ConfigProblem) { problems.append(problem) }
}

/// Levenshtein distance, for "did you mean" hints on short keys.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}

import Foundation
