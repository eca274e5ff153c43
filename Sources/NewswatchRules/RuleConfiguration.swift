import Foundation
import TOMLKit

/// The `[[rule]]` and `[[feed_health]]` tables of a configuration file (see
/// `Config/rules.example.toml`), read and checked. Other tables of the file are the daemon's and are
/// ignored here.
public struct RuleConfiguration: Sendable {
    public let rules: RuleSet
    public let feedHealth: [FeedHealthRule]

    /// A configuration that cannot be used: the file, where (a line and column for TOML syntax, the
    /// rule for a rule) and what is wrong.
    public struct LoadError: Error, Equatable, Sendable, CustomStringConvertible {
        public let file: String
        public let problem: String

        public var description: String { "\(file): \(problem)" }
    }

    /// Reads the rule tables of `toml`; `file` names it in errors. Without `[[feed_health]]` tables the
    /// built-in defaults apply; with them, exactly those listed.
    public static func load(toml: String, file: String) throws(LoadError) -> RuleConfiguration {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: toml)
        } catch let error as TOMLParseError {
            throw LoadError(file: file, problem: "line \(error.source.begin.line), column \(error.source.begin.column): \(error.description)")
        } catch {
            throw LoadError(file: file, problem: "\(error)")
        }
        // TOMLKit gives no positions for values; the header lines of the tables stand in for them.
        let ruleLines = headerLines(of: "rule", in: toml), healthLines = headerLines(of: "feed_health", in: toml)
        func located(_ lines: [Int], _ index: Int, _ problem: String) -> LoadError {
            LoadError(file: file, problem: index < lines.count ? "line \(lines[index]): \(problem)" : problem)
        }
        var rules: [AlertRule] = []
        var health = FeedHealthRule.defaults
        var index = 0
        do {
            for table in try tables(root, "rule") {
                var reader = try RuleTable(table, kind: "rule", position: index + 1)
                let rule = try reader.alertRule()
                if rules.contains(where: { $0.name == rule.name }) { throw RuleError(rule: rule.name, problem: .duplicateName) }
                rules.append(rule)
                index += 1
            }
        } catch let error as RuleError {
            if case .query = error.problem, index < ruleLines.count, let line = settingLine("query", after: ruleLines[index], in: toml) {
                throw LoadError(file: file, problem: "line \(line): \(error.description)")
            }
            throw located(ruleLines, index, error.description)
        } catch {
            throw located(ruleLines, index, "\(error)")
        }
        if root["feed_health"] != nil {
            index = 0
            health = []
            do {
                for table in try tables(root, "feed_health") {
                    var reader = try RuleTable(table, kind: "feed_health", position: index + 1)
                    health.append(try reader.feedHealthRule())
                    index += 1
                }
            } catch {
                throw located(healthLines, index, "\(error)")
            }
        }
        do {
            return RuleConfiguration(rules: try RuleSet(rules), feedHealth: health)
        } catch {
            throw LoadError(file: file, problem: error.description)
        }
    }

    /// The line of `key = …` in the table whose header is on line `header`.
    private static func settingLine(_ key: String, after header: Int, in toml: String) -> Int? {
        let lines = toml.split(separator: "\n", omittingEmptySubsequences: false)
        var number = header
        while number < lines.count {
            let line = lines[number].drop(while: { $0 == " " || $0 == "\t" })
            number += 1
            if line.hasPrefix("[") { return nil }
            if line.hasPrefix(key), line.dropFirst(key.count).drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("=") {
                return number
            }
        }
        return nil
    }

    /// 1-based numbers of the lines that open a `[[kind]]` table, in order.
    private static func headerLines(of kind: String, in toml: String) -> [Int] {
        var lines: [Int] = []
        var number = 0
        for line in toml.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            guard trimmed.hasPrefix("[[") else { continue }
            let name = trimmed.dropFirst(2).prefix(while: { $0 != "]" }).trimmingCharacters(in: .whitespaces)
            if name == kind { lines.append(number) }
        }
        return lines
    }

    /// Reads the file at `path`.
    public static func load(path: String) throws(LoadError) -> RuleConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(file: path, problem: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LoadError(file: path, problem: "is not UTF-8 text")
        }
        return try load(toml: text, file: path)
    }

    private static func tables(_ root: TOMLTable, _ key: String) throws -> [TOMLTable] {
        guard let value = root[key] else { return [] }
        guard let array = value.array else {
            throw TableError("[[\(key)]]: expected an array of tables ([[\(key)]]), found a \(value.type)")
        }
        return try array.enumerated().map { index, element in
            guard let table = element.table else {
                throw TableError("[[\(key)]] #\(index + 1): expected a table, found a \(element.type)")
            }
            return table
        }
    }
}

struct TableError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One `[[rule]]` or `[[feed_health]]` table, read key by key: a wrong type, an unknown key (a
/// typo such as `cooldwn`) or a bad value is an error naming the rule and the key.
private struct RuleTable {
    let table: TOMLTable
    let name: String
    let kind: String
    var used: Set<String> = []

    init(_ table: TOMLTable, kind: String, position: Int) throws {
        self.table = table
        self.kind = kind
        name = table["name"]?.string ?? "[[\(kind)]] #\(position)"
        guard table["name"]?.string != nil else { throw TableError("\(name): needs a name = \"…\"") }
    }

    func failure(_ key: String, _ problem: String) -> TableError {
        TableError("rule \"\(name)\": \(key) \(problem)")
    }

    mutating func string(_ key: String) throws -> String? {
        used.insert(key)
        guard let value = table[key] else { return nil }
        guard let string = value.string else { throw failure(key, "must be a string, found a \(value.type)") }
        return string
    }

    mutating func strings(_ key: String) throws -> [String] {
        used.insert(key)
        guard let value = table[key] else { return [] }
        if let single = value.string { return [single] }
        guard let array = value.array else { throw failure(key, "must be an array of strings, found a \(value.type)") }
        return try array.map { element in
            guard let string = element.string else { throw failure(key, "must hold strings only, found a \(element.type)") }
            return string
        }
    }

    mutating func integer(_ key: String) throws -> Int? {
        used.insert(key)
        guard let value = table[key] else { return nil }
        guard let number = value.int else { throw failure(key, "must be a whole number, found a \(value.type)") }
        return number
    }

    mutating func number(_ key: String) throws -> Double? {
        used.insert(key)
        guard let value = table[key] else { return nil }
        if let number = value.double { return number }
        if let number = value.int { return Double(number) }
        throw failure(key, "must be a number, found a \(value.type)")
    }

    mutating func duration(_ key: String) throws -> TimeInterval? {
        used.insert(key)
        guard let value = table[key] else { return nil }
        if let seconds = value.int {
            guard seconds >= 0 else { throw failure(key, "must not be negative") }
            return TimeInterval(seconds)
        }
        guard let text = value.string else { throw failure(key, "must be a duration such as \"15m\", found a \(value.type)") }
        guard let seconds = DurationText.parse(text) else {
            throw failure(key, "is not a duration: \"\(text)\" (write e.g. \"90s\", \"15m\", \"2h\", \"1d\")")
        }
        return seconds
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws -> T? where T.RawValue == String {
        guard let text = try string(key) else { return nil }
        guard let value = T(rawValue: text) else {
            throw failure(key, "must be one of \(T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), found \"\(text)\"")
        }
        return value
    }

    func checkNoOtherKeys() throws {
        for key in table.keys.sorted() where !used.contains(key) {
            throw TableError("rule \"\(name)\": unknown setting \(key) (known: \(used.sorted().joined(separator: ", ")))")
        }
    }

    mutating func alertRule() throws -> AlertRule {
        _ = try string("name")
        guard let query = try string("query") else { throw failure("query", "is missing") }
        let sources = try strings("sources"), topics = try strings("topics"), sections = try strings("sections")
        let severity = try choice("severity", Severity.self) ?? .notice
        let on = try choice("on", EventTrigger.self) ?? .new
        let cooldown = try duration("cooldown") ?? 3600
        let groupBy = try choice("group_by", AlertGrouping.self) ?? .story
        let groupWait = try duration("group_wait") ?? 0
        var rateLimit: RateLimit?
        used.insert("rate_limit")
        if let value = table["rate_limit"] {
            guard let limit = value.table else { throw failure("rate_limit", "must be a table such as { count = 10, per = \"1h\" }") }
            var inner = try RuleTable(limitTable: limit, rule: name)
            guard let count = try inner.integer("count") else { throw failure("rate_limit", "needs count") }
            guard let per = try inner.duration("per") else { throw failure("rate_limit", "needs per (a duration)") }
            try inner.checkNoOtherKeys()
            rateLimit = RateLimit(count: count, per: per)
        }
        let minCount = try integer("min_count"), minSources = try integer("min_sources"), window = try duration("window")
        var burst: BurstCondition?
        if minCount != nil || minSources != nil || window != nil {
            guard let minCount, let window else { throw failure("min_count", "and window are both needed for a burst rule") }
            burst = BurstCondition(minCount: minCount, minSources: minSources ?? 1, window: window)
        }
        try checkNoOtherKeys()
        return try AlertRule(name: name, query: query, sources: sources, topics: topics, sections: sections,
                             severity: severity, on: on, cooldown: cooldown, groupBy: groupBy, groupWait: groupWait,
                             rateLimit: rateLimit, burst: burst)
    }

    private init(limitTable: TOMLTable, rule: String) throws {
        table = limitTable
        kind = "rate_limit"
        name = rule
    }

    mutating func feedHealthRule() throws -> FeedHealthRule {
        _ = try string("name")
        let severity = try choice("severity", Severity.self) ?? .warning
        guard let kind = try string("kind") else { throw failure("kind", "is missing") }
        let condition: FeedHealthCondition
        switch kind {
        case "failing":
            condition = .failing(longerThan: try duration("longer_than") ?? 6 * 3600)
        case "gone": condition = .gone
        case "moved": condition = .moved
        case "silent":
            let factor = try number("factor") ?? 4
            guard factor >= 1 else { throw failure("factor", "must be at least 1") }
            condition = .silent(factor: factor, atLeast: try duration("at_least") ?? 86_400)
        case "config-reload-refused": condition = .configReloadRefused
        default:
            throw failure("kind", "must be one of \"failing\", \"gone\", \"moved\", \"silent\", \"config-reload-refused\", found \"\(kind)\"")
        }
        try checkNoOtherKeys()
        return FeedHealthRule(name: name, condition: condition, severity: severity)
    }
}
