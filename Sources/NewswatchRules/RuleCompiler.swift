import NewswatchConfig

/// The rules of a loaded configuration, compiled once per config load: every query parsed, all of them
/// in one matcher, and the feed-health checks.
public struct CompiledRules: Sendable {
    public let ruleSet: RuleSet
    public let feedHealth: [FeedHealthRule]
    /// Per rule name: where its alerts go besides the alert log.
    public let sinks: [String: RuleSinks]
}

/// Where one rule's alerts go besides the alert log.
public struct RuleSinks: Sendable, Equatable {
    /// A program and its arguments, never a shell string.
    public var exec: [String]
    public var execTimeout: Double
    public var webhook: String?
}

/// Turns `[[rule]]` and `[[feed_health]]` settings into compiled rules, and every rule that cannot be
/// used into a config problem with the file, line and column, like every other config error.
public enum RuleCompiler {
    public static func compile(_ configuration: Configuration) throws(ConfigurationError) -> CompiledRules {
        var rules: [AlertRule] = []
        var problems: [ConfigProblem] = []
        var sinks: [String: RuleSinks] = [:]
        for settings in configuration.rules where settings.enabled {
            do {
                rules.append(try rule(settings))
                if !settings.exec.isEmpty || settings.webhook != nil {
                    sinks[settings.name] = RuleSinks(exec: settings.exec, execTimeout: settings.execTimeout.seconds, webhook: settings.webhook)
                }
            } catch {
                problems.append(problem(error, settings))
            }
        }
        let health = (configuration.feedHealth ?? []).isEmpty && configuration.feedHealth == nil
            ? FeedHealthRule.defaults
            : (configuration.feedHealth ?? []).map(feedHealthRule)
        guard problems.isEmpty else { throw ConfigurationError(problems: problems) }
        do {
            return CompiledRules(ruleSet: try RuleSet(rules), feedHealth: health, sinks: sinks)
        } catch {
            let settings = configuration.rules.first { $0.name == error.rule }
            throw ConfigurationError(problems: [ConfigProblem(
                file: settings?.file ?? "config", position: nil, key: "rule \(error.rule)", message: error.description)])
        }
    }

    static func rule(_ settings: RuleSettings) throws(RuleError) -> AlertRule {
        var burst: BurstCondition?
        if settings.minCount != nil || settings.minSources != nil {
            burst = BurstCondition(
                minCount: settings.minCount ?? settings.minSources ?? 1,
                minSources: settings.minSources ?? 1,
                window: settings.window?.seconds ?? 3600)
        }
        return try AlertRule(
            name: settings.name,
            query: settings.query,
            sources: settings.sources,
            topics: settings.topics,
            sections: settings.sections,
            severity: settings.severity.flatMap { Severity(rawValue: $0.rawValue) } ?? .notice,
            on: settings.on.flatMap { EventTrigger(rawValue: $0.rawValue) } ?? .new,
            cooldown: settings.cooldown?.seconds ?? 3600,
            groupBy: settings.groupBy.flatMap { AlertGrouping(rawValue: $0.rawValue) } ?? .story,
            groupWait: settings.groupWait?.seconds ?? 0,
            rateLimit: settings.rateLimit.map { RateLimit(count: $0.count, per: $0.per.seconds) },
            burst: burst)
    }

    static func feedHealthRule(_ settings: FeedHealthSettings) -> FeedHealthRule {
        let condition: FeedHealthCondition
        switch settings.kind {
        case .failing: condition = .failing(longerThan: settings.longerThan?.seconds ?? 6 * 3600)
        case .gone: condition = .gone
        case .moved: condition = .moved
        case .silent: condition = .silent(factor: settings.factor ?? 4, atLeast: settings.atLeast?.seconds ?? 86_400)
        case .configReloadRefused: condition = .configReloadRefused
        }
        return FeedHealthRule(name: settings.name, condition: condition,
                              severity: settings.severity.flatMap { Severity(rawValue: $0.rawValue) } ?? .warning)
    }

    /// A query error points into the file: the query's own column added to where its text starts
    /// (one past the opening quote).
    static func problem(_ error: RuleError, _ settings: RuleSettings) -> ConfigProblem {
        switch error.problem {
        case .query(let syntax):
            let message = "column \(syntax.column) of the query: expected \(syntax.expected), found \(syntax.found)"
            guard let start = settings.queryPosition else {
                return ConfigProblem(origin: settings.origin, key: "rule \(settings.name): query", message: message)
            }
            return ConfigProblem(file: settings.file, position: SourcePosition(line: start.line, column: start.column + syntax.column),
                                 key: "rule \(settings.name): query", message: message)
        case .invalid(let setting, let message):
            return ConfigProblem(origin: settings.origin, key: "rule \(settings.name): \(setting)", message: message)
        case .duplicateName:
            return ConfigProblem(origin: settings.origin, key: "rule \(settings.name)",
                                 message: "a second rule has this name; names must be unique")
        }
    }
}
