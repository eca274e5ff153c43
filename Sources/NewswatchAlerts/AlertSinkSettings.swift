import Foundation

/// The sinks one rule delivers to besides the alert log. The daemon builds one per rule name from
/// the rule's config (`exec`, `exec_timeout`, `webhook`) and hands the map to `AlertDispatcher`.
public struct AlertSinkSettings: Sendable, Equatable {
    /// The program and its arguments, run directly (never through a shell); empty for none.
    public var exec: [String]
    /// After this long the program (and its process group) is killed and the attempt failed.
    public var execTimeout: TimeInterval
    /// An http(s) URL the alert is POSTed to as JSON; nil for none.
    public var webhook: String?

    public init(exec: [String] = [], execTimeout: TimeInterval = 30, webhook: String? = nil) {
        self.exec = exec
        self.execTimeout = execTimeout
        self.webhook = webhook
    }

    /// The names the outbox tracks deliveries under.
    public static let execSink = "exec"
    public static let webhookSink = "webhook"

    /// What is wrong with these settings, in words for `newswatch config check` (empty when
    /// nothing is): an exec without a program, a timeout that is not positive, a webhook that is
    /// not an http(s) URL with a host.
    public var problems: [String] {
        var problems: [String] = []
        if !exec.isEmpty, exec[0].isEmpty { problems.append("exec: the first element must name the program") }
        if !exec.isEmpty, !(execTimeout > 0) { problems.append("exec_timeout: must be more than 0 seconds") }
        if let webhook {
            let url = URL(string: webhook)
            let scheme = url?.scheme?.lowercased()
            if scheme != "http" && scheme != "https" || (url?.host ?? "").isEmpty {
                problems.append("webhook: \(webhook) is not an http:// or https:// URL with a host")
            }
        }
        return problems
    }

    var sinkNames: [String] {
        (exec.isEmpty ? [] : [Self.execSink]) + (webhook == nil ? [] : [Self.webhookSink])
    }
}

/// When a failed sink delivery is tried again: exponential backoff from `initialDelay`, capped at
/// `maximumDelay`, given up after `maximumAttempts`.
public struct SinkRetrySchedule: Sendable, Equatable {
    public var initialDelay: TimeInterval
    public var maximumDelay: TimeInterval
    public var maximumAttempts: Int

    public init(initialDelay: TimeInterval = 30, maximumDelay: TimeInterval = 3600, maximumAttempts: Int = 10) {
        self.initialDelay = max(1, initialDelay)
        self.maximumDelay = max(self.initialDelay, maximumDelay)
        self.maximumAttempts = max(1, maximumAttempts)
    }

    /// After the `attempts`-th failed attempt (1 for the first): when to try again, nil to give up.
    public func retryAt(afterAttempts attempts: Int, now: Date) -> Date? {
        guard attempts < maximumAttempts else { return nil }
        let delay = min(maximumDelay, initialDelay * pow(2, Double(max(0, attempts - 1))))
        return now.addingTimeInterval(delay)
    }
}
