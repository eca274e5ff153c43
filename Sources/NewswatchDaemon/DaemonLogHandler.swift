import Foundation
import Logging
import NewswatchNormalize

/// swift-log to standard error. Under systemd (`$JOURNAL_STREAM` set) each line starts with the
/// syslog priority `<N>` so journald keeps the level (`journalctl -p warning` works); otherwise lines
/// carry a timestamp and the level as words, for a terminal.
public struct DaemonLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let forJournal: Bool

    public init(label: String, level: Logger.Level, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.label = label
        self.logLevel = level
        self.forJournal = environment["JOURNAL_STREAM"] != nil
    }

    /// Installs the handler for every logger in the process. Call once, at start-up.
    public static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in DaemonLogHandler(label: label, level: level) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        FileHandle.standardError.write(Data(format(event.level, event.message, event.metadata).utf8))
    }

    func format(_ level: Logger.Level, _ message: Logger.Message, _ extra: Logger.Metadata?) -> String {
        var fields = self.metadata
        extra?.forEach { fields[$0.key] = $0.value }
        let suffix = fields.isEmpty ? "" : " " + fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let text = "\(message)\(suffix)".replacingOccurrences(of: "\n", with: " ")
        if forJournal { return "<\(Self.syslogPriority(level))>\(text)\n" }
        let time = RFC3339.string(from: Date())
        return "\(time) \(level.rawValue.uppercased()) \(text)\n"
    }

    /// sd-daemon(3)'s levels: 7 debug … 2 critical.
    static func syslogPriority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }
}
