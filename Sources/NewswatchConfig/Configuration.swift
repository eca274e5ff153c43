import Foundation

/// Everything `newswatch.toml` (and the files it includes) says, validated.
public struct Configuration: Sendable, Equatable {
    public var daemon: DaemonSettings
    public var feeds: [FeedSettings]
    public var rules: [RuleSettings]
    /// `[[feed_health]]` tables; nil when the config lists none, so the built-in defaults apply.
    public var feedHealth: [FeedHealthSettings]?
    /// The config file and every file it included, for change watching.
    public var files: [String]
}

/// `[daemon]`: where state lives and how the daemon behaves.
public struct DaemonSettings: Sendable, Equatable {
    public enum AlertFormat: String, Sendable, CaseIterable { case text, json }
    public enum LogLevel: String, Sendable, CaseIterable { case trace, debug, info, notice, warning, error, critical }

    /// Default: `$STATE_DIRECTORY`, else `/var/lib/newswatch`.
    public var stateDirectory: String
    /// Default: `archive.sqlite` in the state directory.
    public var archivePath: String
    /// Default: `alerts.log` in `$LOGS_DIRECTORY`, else in `/var/log/newswatch`.
    public var alertLogPath: String
    public var alertFormat: AlertFormat = .text
    public var concurrency = 16
    public var perHost = 2
    public var userAgent: String?
    public var connectTimeout = ConfigDuration(seconds: 10)
    public var timeout = ConfigDuration(seconds: 60)
    public var maxSize = ConfigByteSize(bytes: 10 * 1_048_576)
    public var allowPrivateNetworks = false
    public var logLevel: LogLevel = .info
    /// A feed's poll interval when it names none.
    public var interval = ConfigDuration(seconds: 15 * 60)
    /// The adaptive schedule stays within these.
    public var minInterval = ConfigDuration(seconds: 2 * 60)
    public var maxInterval = ConfigDuration(seconds: 6 * 3600)
    /// How long failure backoff may grow.
    public var maxBackoff = ConfigDuration(seconds: 6 * 3600)
    /// Nil keeps every article forever.
    public var retention: ConfigDuration?
}

/// One `[[feed]]`.
public struct FeedSettings: Sendable, Equatable {
    public enum Location: Sendable, Equatable {
        case url(String)
        /// A local file, absolute (relative paths are resolved against the config file's folder).
        case path(String)
    }

    public var name: String
    public var location: Location
    public var interval: ConfigDuration?
    public var tags: [String] = []
    public var enabled = true
    public var headers: [String: String] = [:]
    public var username: String?
    public var password: String?
    public var insecure = false
    public var fulltext = false
    public var allowPrivateNetworks: Bool?
    public var userAgent: String?
    /// Where it was written, for messages about it.
    public var origin: String
}

/// One `[[rule]]`: the rule as written. The rules module compiles the query and owns the semantics;
/// settings left out here take the rules module's defaults.
public struct RuleSettings: Sendable, Equatable {
    public enum Severity: String, Sendable, CaseIterable { case info, notice, warning, critical }
    public enum Trigger: String, Sendable, CaseIterable { case new, update, both }
    public enum Grouping: String, Sendable, CaseIterable { case story, rule, source }

    public struct RateLimit: Sendable, Equatable {
        public var count: Int
        public var per: ConfigDuration
    }

    public var name: String
    public var query: String
    public var sources: [String] = []
    public var topics: [String] = []
    public var sections: [String] = []
    public var severity: Severity?
    public var on: Trigger?
    public var cooldown: ConfigDuration?
    public var groupBy: Grouping?
    public var groupWait: ConfigDuration?
    /// At most `count` alerts per `per`; the rest are counted in a "N more suppressed" line.
    public var rateLimit: RateLimit?
    public var minCount: Int?
    public var minSources: Int?
    public var window: ConfigDuration?
    public var exec: [String] = []
    public var execTimeout = ConfigDuration(seconds: 10)
    public var webhook: String?
    public var enabled = true
    /// Where the rule starts (`file:line`), for messages about it.
    public var origin: String
    /// Where the query's text starts, so a query error can point at the file's line and column.
    public var queryPosition: SourcePosition?
    public var file: String
}

/// One `[[feed_health]]`: a built-in feed-health check with its threshold and severity.
public struct FeedHealthSettings: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case failing, gone, moved, silent
        case configReloadRefused = "config-reload-refused"
    }

    public var name: String
    public var kind: Kind
    public var severity: RuleSettings.Severity?
    /// `failing`: how long every fetch may fail before the alert.
    public var longerThan: ConfigDuration?
    /// `silent`: how many of its usual gaps a feed may be quiet, and at least how long.
    public var factor: Double?
    public var atLeast: ConfigDuration?
    public var origin: String
}
