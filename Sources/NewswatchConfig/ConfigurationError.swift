/// One thing wrong in the config: the file, line and key, and what is wrong, so `config check` reads
/// like a compiler: `newswatch.toml:12:1: feed[2].intervall: unknown key (did you mean interval?)`.
public struct ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var position: SourcePosition?
    public var key: String?
    public var message: String

    public init(file: String, position: SourcePosition?, key: String?, message: String) {
        self.file = file
        self.position = position
        self.key = key
        self.message = message
    }

    /// A problem about a whole feed or rule, placed at its `origin` (`file:line`, as the loader
    /// writes it into `FeedSettings.origin` and `RuleSettings.origin`).
    public init(origin: String, key: String?, message: String) {
        let parts = origin.split(separator: ":", omittingEmptySubsequences: false)
        let line = parts.count > 1 ? Int(parts[parts.count - 1]) : nil
        self.init(
            file: line == nil ? origin : parts.dropLast().joined(separator: ":"),
            position: line.map { SourcePosition(line: $0, column: 1) },
            key: key, message: message)
    }

    public var description: String {
        var text = file
        if let position { text += ":\(position.line):\(position.column)" }
        text += ": "
        if let key { text += "\(key): " }
        return text + message
    }
}

/// The config cannot be used; every problem found is listed, not just the first.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [ConfigProblem]

    public init(problems: [ConfigProblem]) { self.problems = problems }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
