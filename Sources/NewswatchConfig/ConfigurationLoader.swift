import Foundation

/// Reads `newswatch.toml` and the files it includes into a validated `Configuration`.
///
/// Relative paths in the config (feed `path`, `archive`, `alert_log`, `include`) are taken relative to
/// the folder of the file that names them, so a config works from wherever the daemon is started.
/// Directories default to systemd's `$STATE_DIRECTORY`, `$LOGS_DIRECTORY` and
/// `$CONFIGURATION_DIRECTORY` when they are set.
public struct ConfigurationLoader: Sendable {
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The config path when none is given: `$CONFIGURATION_DIRECTORY/newswatch.toml`, else
    /// `/etc/newswatch/newswatch.toml`.
    public var defaultPath: String {
        let directory = firstDirectory(environment["CONFIGURATION_DIRECTORY"]) ?? "/etc/newswatch"
        return (directory as NSString).appendingPathComponent("newswatch.toml")
    }

    /// systemd passes colon-separated lists when a unit names several directories.
    private func firstDirectory(_ value: String?) -> String? {
        guard let value, let first = value.split(separator: ":").first, !first.isEmpty else { return nil }
        return String(first)
    }

    public func load(path: String) throws(ConfigurationError) -> Configuration {
        let log = ProblemLog()
        let mainFile = Self.absolute(path, relativeTo: FileManager.default.currentDirectoryPath)
        guard let root = parseFile(mainFile, shownAs: path, log: log) else {
            throw ConfigurationError(problems: log.problems)
        }
        let reader = TableReader(root, file: path, path: "", position: nil, log: log)
        let baseDirectory = (mainFile as NSString).deletingLastPathComponent
        let daemon = readDaemon(reader.subtable("daemon"), baseDirectory: baseDirectory, log: log)

        var files = [mainFile]
        var feeds: [FeedSettings] = []
        var rules: [RuleSettings] = []
        var health: [FeedHealthSettings]?
        readFeedsAndRules(reader, file: path, baseDirectory: baseDirectory, into: &feeds, &rules, &health, log: log)

        for pattern in reader.stringArray("include") ?? [] {
            let absolutePattern = Self.absolute(pattern, relativeTo: baseDirectory)
            for included in Self.glob(absolutePattern) where !files.contains(included) {
                files.append(included)
                let shown = Self.shownPath(included, mainShownAs: path, mainAbsolute: mainFile)
                guard let table = parseFile(included, shownAs: shown, log: log) else { continue }
                let includedReader = TableReader(table, file: shown, path: "", position: nil, log: log)
                readFeedsAndRules(includedReader, file: shown, baseDirectory: (included as NSString).deletingLastPathComponent,
                                  into: &feeds, &rules, &health, log: log)
                includedReader.reportUnknownKeys()
            }
        }
        reader.reportUnknownKeys()
        checkUniqueNames(feeds.map { ($0.name, $0.origin) }, what: "feed", log: log)
        checkUniqueNames(rules.map { ($0.name, $0.origin) } + (health ?? []).map { ($0.name, $0.origin) }, what: "rule", log: log)

        guard log.problems.isEmpty, let daemon else { throw ConfigurationError(problems: log.problems) }
        return Configuration(daemon: daemon, feeds: feeds, rules: rules, feedHealth: health, files: files)
    }

    // MARK: - Files

    private func parseFile(_ absolutePath: String, shownAs shown: String, log: ProblemLog) -> TOMLTable? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolutePath, isDirectory: &isDirectory) else {
            log.add(ConfigProblem(file: shown, position: nil, key: nil, message: "no such file"))
            return nil
        }
        guard !isDirectory.boolValue else {
            log.add(ConfigProblem(file: shown, position: nil, key: nil, message: "is a directory, not a config file"))
            return nil
        }
        // Read through a FileHandle: FileManager.contents(atPath:) leaks a 4 KiB buffer for every empty
        // file it reads (found by `make fuzz`), and the daemon rereads its config on every change.
        let data: Data
        do {
            guard let handle = FileHandle(forReadingAtPath: absolutePath) else { throw CocoaError(.fileReadNoPermission) }
            defer { try? handle.close() }
            data = try handle.readToEnd() ?? Data()
        } catch {
            log.add(ConfigProblem(file: shown, position: nil, key: nil, message: "cannot be read (permission denied?)"))
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            log.add(ConfigProblem(file: shown, position: nil, key: nil, message: "is not UTF-8 text"))
            return nil
        }
        do {
            return try TOMLParser.parse(text)
        } catch {
            log.add(ConfigProblem(file: shown, position: error.position, key: nil, message: error.message))
            return nil
        }
    }

    static func absolute(_ path: String, relativeTo directory: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let joined = expanded.hasPrefix("/") ? expanded : (directory as NSString).appendingPathComponent(expanded)
        return (joined as NSString).standardizingPath
    }

    private static func shownPath(_ absolute: String, mainShownAs shown: String, mainAbsolute: String) -> String {
        let mainDirectory = (mainAbsolute as NSString).deletingLastPathComponent + "/"
        guard absolute.hasPrefix(mainDirectory) else { return absolute }
        let relative = String(absolute.dropFirst(mainDirectory.count))
        let shownDirectory = (shown as NSString).deletingLastPathComponent
        return shownDirectory.isEmpty ? relative : (shownDirectory as NSString).appendingPathComponent(relative)
    }

    static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard Foundation.glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { index in
            result.gl_pathv[index].map { String(cString: $0) }
        }.sorted()
    }

    // MARK: - [daemon]

    private func readDaemon(_ reader: TableReader?, baseDirectory: String, log: ProblemLog) -> DaemonSettings? {
        let stateDefault = firstDirectory(environment["STATE_DIRECTORY"]) ?? "/var/lib/newswatch"
        let logsDefault = firstDirectory(environment["LOGS_DIRECTORY"]) ?? "/var/log/newswatch"
        let stateDirectory = reader?.nonEmptyString("state_directory").map { Self.absolute($0, relativeTo: baseDirectory) }
            ?? Self.absolute(stateDefault, relativeTo: FileManager.default.currentDirectoryPath)
        var settings = DaemonSettings(
            stateDirectory: stateDirectory,
            archivePath: (stateDirectory as NSString).appendingPathComponent("archive.sqlite"),
            alertLogPath: Self.absolute((logsDefault as NSString).appendingPathComponent("alerts.log"),
                                        relativeTo: FileManager.default.currentDirectoryPath))
        guard let reader else { return settings }
        if let archive = reader.nonEmptyString("archive") { settings.archivePath = Self.absolute(archive, relativeTo: stateDirectory) }
        if let alertLog = reader.nonEmptyString("alert_log") { settings.alertLogPath = Self.absolute(alertLog, relativeTo: baseDirectory) }
        if let format = reader.choice("alert_format", DaemonSettings.AlertFormat.self) { settings.alertFormat = format }
        if let value = reader.integer("concurrency", in: 1...1024) { settings.concurrency = value }
        if let value = reader.integer("per_host", in: 1...64) { settings.perHost = value }
        if let value = reader.nonEmptyString("user_agent") { settings.userAgent = value }
        if let value = reader.duration("connect_timeout", atLeast: 0.1) { settings.connectTimeout = value }
        if let value = reader.duration("timeout", atLeast: 1) { settings.timeout = value }
        if let value = reader.byteSize("max_size") { settings.maxSize = value }
        if let value = reader.bool("allow_private_networks") { settings.allowPrivateNetworks = value }
        if let value = reader.choice("log_level", DaemonSettings.LogLevel.self) { settings.logLevel = value }
        if let value = reader.duration("interval", atLeast: 1) { settings.interval = value }
        if let value = reader.duration("min_interval", atLeast: 1) { settings.minInterval = value }
        if let value = reader.duration("max_interval", atLeast: 1) { settings.maxInterval = value }
        if let value = reader.duration("max_backoff", atLeast: 1) { settings.maxBackoff = value }
        if let text = reader.string("retention"), text != "forever" {
            if let value = ConfigDuration(text), value.seconds >= 86_400 {
                settings.retention = value
            } else {
                reader.problem("retention", "\"\(text)\" is not \"forever\" or a duration of a day or more (such as \"365d\")")
            }
        }
        if settings.minInterval > settings.maxInterval {
            reader.problem("min_interval", "is longer than max_interval (\(settings.maxInterval))")
        }
        reader.reportUnknownKeys()
        return settings
    }

    // MARK: - [[feed]] and [[rule]]

    private func tables(_ reader: TableReader, _ key: String) -> [(TOMLTable, SourcePosition)] {
        guard let node = reader.node(key) else { return [] }
        guard case .array(let items) = node.value else {
            reader.problem(key, "expected [[\(key)]] tables, found \(node.typeName)")
            return []
        }
        return items.compactMap { item in
            guard case .table(let table) = item.value else {
                reader.problem(key, "expected [[\(key)]] tables, found an array of \(item.typeName)")
                return nil
            }
            return (table, item.position)
        }
    }

    private func readFeedsAndRules(_ reader: TableReader, file: String, baseDirectory: String,
                                   into feeds: inout [FeedSettings], _ rules: inout [RuleSettings],
                                   _ health: inout [FeedHealthSettings]?, log: ProblemLog) {
        for (table, position) in tables(reader, "feed") {
            let feedReader = TableReader(table, file: file, path: "feed[\(feeds.count + 1)]", position: position, log: log)
            if let feed = readFeed(feedReader, origin: "\(file):\(position.line)", baseDirectory: baseDirectory) { feeds.append(feed) }
            feedReader.reportUnknownKeys()
        }
        for (table, position) in tables(reader, "rule") {
            let ruleReader = TableReader(table, file: file, path: "rule[\(rules.count + 1)]", position: position, log: log)
            if let rule = readRule(ruleReader, file: file, origin: "\(file):\(position.line)") { rules.append(rule) }
            ruleReader.reportUnknownKeys()
        }
        for (table, position) in tables(reader, "feed_health") {
            let healthReader = TableReader(table, file: file, path: "feed_health[\((health?.count ?? 0) + 1)]", position: position, log: log)
            if let rule = readFeedHealth(healthReader, origin: "\(file):\(position.line)") { health = (health ?? []) + [rule] }
            healthReader.reportUnknownKeys()
        }
    }

    private func readFeedHealth(_ reader: TableReader, origin: String) -> FeedHealthSettings? {
        let name = reader.nonEmptyString("name")
        if name == nil, !reader.has("name") { reader.problem("name", "every feed-health rule needs a name") }
        let kind = reader.choice("kind", FeedHealthSettings.Kind.self)
        if kind == nil, !reader.has("kind") {
            reader.problem("kind", "needs a kind: \(FeedHealthSettings.Kind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
        }
        let severity = reader.choice("severity", RuleSettings.Severity.self)
        let longerThan = reader.duration("longer_than", atLeast: 1)
        var factor: Double?
        if let node = reader.node("factor") {
            switch node.value {
            case .integer(let value): factor = Double(value)
            case .float(let value): factor = value
            default: reader.problem("factor", "expected a number, found \(node.typeName)")
            }
            if let value = factor, value < 1 { reader.problem("factor", "must be at least 1"); factor = nil }
        }
        let atLeast = reader.duration("at_least", atLeast: 1)
        guard let name, let kind else { return nil }
        return FeedHealthSettings(name: name, kind: kind, severity: severity, longerThan: longerThan, factor: factor,
                                  atLeast: atLeast, origin: origin)
    }

    private func readFeed(_ reader: TableReader, origin: String, baseDirectory: String) -> FeedSettings? {
        let name = reader.nonEmptyString("name")
        if name == nil, !reader.has("name") { reader.problem("name", "every feed needs a name") }
        let url = reader.nonEmptyString("url")
        let path = reader.nonEmptyString("path")
        var location: FeedSettings.Location?
        switch (url, path) {
        case (let url?, nil):
            if let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
               scheme == "http" || scheme == "https", components.host?.isEmpty == false {
                location = .url(url)
            } else {
                reader.problem("url", "\"\(url)\" is not an http or https URL (use path = \"…\" for a local file)")
            }
        case (nil, let path?):
            location = .path(Self.absolute(path, relativeTo: baseDirectory))
        case (nil, nil):
            if !reader.has("url") && !reader.has("path") { reader.problem("url", "every feed needs a url or a path") }
        case (.some, .some):
            reader.problem("path", "a feed has either a url or a path, not both")
        }
        let interval = reader.duration("interval", atLeast: 10)
        let tags = reader.stringArray("tags") ?? []
        let enabled = reader.bool("enabled") ?? true
        let headers = reader.stringTable("headers") ?? [:]
        var username: String?, password: String?
        if let auth = reader.subtable("auth") {
            username = auth.nonEmptyString("user")
            password = auth.string("password")
            if username == nil, !auth.has("user") { auth.problem("user", "auth needs a user") }
            auth.reportUnknownKeys()
        }
        let insecure = reader.bool("insecure") ?? false
        let fulltext = reader.bool("fulltext") ?? false
        let allowPrivate = reader.bool("allow_private_networks")
        let userAgent = reader.nonEmptyString("user_agent")
        guard let name, let location else { return nil }
        return FeedSettings(
            name: name, location: location, interval: interval, tags: tags, enabled: enabled, headers: headers,
            username: username, password: password, insecure: insecure, fulltext: fulltext,
            allowPrivateNetworks: allowPrivate, userAgent: userAgent, origin: origin)
    }

    private func readRule(_ reader: TableReader, file: String, origin: String) -> RuleSettings? {
        let name = reader.nonEmptyString("name")
        if name == nil, !reader.has("name") { reader.problem("name", "every rule needs a name") }
        let query = reader.nonEmptyString("query")
        if query == nil, !reader.has("query") { reader.problem("query", "a rule needs a query") }
        var rule = RuleSettings(name: name ?? "", query: query ?? "", origin: origin, file: file)
        rule.queryPosition = reader.node("query")?.position
        rule.sources = reader.stringArray("sources") ?? []
        rule.topics = reader.stringArray("topics") ?? []
        rule.sections = reader.stringArray("sections") ?? []
        rule.severity = reader.choice("severity", RuleSettings.Severity.self)
        rule.on = reader.choice("on", RuleSettings.Trigger.self)
        rule.cooldown = reader.duration("cooldown")
        rule.groupBy = reader.choice("group_by", RuleSettings.Grouping.self)
        rule.groupWait = reader.duration("group_wait")
        if let node = reader.node("rate_limit") {
            switch node.value {
            case .string(let text):
                let parts = text.split(separator: "/", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2, let count = Int(parts[0]), count > 0, let per = ConfigDuration(parts[1]), per.seconds > 0 {
                    rule.rateLimit = .init(count: count, per: per)
                } else {
                    reader.problem("rate_limit", "\"\(text)\" is not COUNT/DURATION (such as \"10/1h\")")
                }
            case .table:
                if let limit = reader.subtable("rate_limit") {
                    let count = limit.integer("count", in: 1...1_000_000)
                    let per = limit.duration("per", atLeast: 1)
                    if count == nil, !limit.has("count") { limit.problem("count", "rate_limit needs a count") }
                    if per == nil, !limit.has("per") { limit.problem("per", "rate_limit needs per, a duration such as \"1h\"") }
                    limit.reportUnknownKeys()
                    if let count, let per { rule.rateLimit = .init(count: count, per: per) }
                }
            default:
                reader.problem("rate_limit", "expected { count = 10, per = \"1h\" } or \"10/1h\", found \(node.typeName)")
            }
        }
        rule.minCount = reader.integer("min_count", in: 1...100_000)
        rule.minSources = reader.integer("min_sources", in: 1...10_000)
        rule.window = reader.duration("window", atLeast: 1)
        if rule.minCount != nil || rule.minSources != nil, rule.window == nil, !reader.has("window") {
            reader.problem("window", "a burst rule (min_count, min_sources) needs a window such as \"1h\"")
        }
        if let exec = reader.stringArray("exec") {
            if exec.isEmpty { reader.problem("exec", "needs at least the program to run") }
            rule.exec = exec
        }
        if let value = reader.duration("exec_timeout", atLeast: 0.1) { rule.execTimeout = value }
        if let webhook = reader.nonEmptyString("webhook") {
            if let scheme = URLComponents(string: webhook)?.scheme?.lowercased(), scheme == "http" || scheme == "https" {
                rule.webhook = webhook
            } else {
                reader.problem("webhook", "\"\(webhook)\" is not an http or https URL")
            }
        }
        rule.enabled = reader.bool("enabled") ?? true
        return name == nil || query == nil ? nil : rule
    }

    private func checkUniqueNames(_ names: [(String, String)], what: String, log: ProblemLog) {
        var seen: [String: String] = [:]
        for (name, origin) in names {
            if let first = seen[name] {
                log.add(ConfigProblem(
                    origin: origin, key: nil,
                    message: "a second \(what) named \"\(name)\" (the first is at \(first)); names must be unique"))
            } else {
                seen[name] = origin
            }
        }
    }
}
