import Foundation
import NewswatchArchive
import NewswatchConfig

/// One feed's line in `newswatch status`: the config's view of the feed joined with the archive's.
struct FeedHealthLine {
    enum Health: String, CaseIterable {
        case ok, failing, gone, moved, disabled
        case neverPolled = "never polled"
        /// In the archive, no longer in the config.
        case removed
    }

    var name: String
    /// The configured url or path; nil for a removed feed.
    var location: String?
    var enabled: Bool
    var health: Health
    var lastAttempt: Date?
    var lastSuccess: Date?
    var nextPoll: Date?
    var errorCount = 0
    var errorKind: String?
    var errorMessage: String?
    var httpStatus: Int?
    /// Where a permanent redirect moved the feed, when that differs from the configured url.
    var movedTo: String?
    var recentArticles = 0
    var recentAlerts = 0
}

/// Every configured feed (in config order), then the feeds only the archive still knows.
struct FeedHealthReport {
    static let window: TimeInterval = 86_400

    var lines: [FeedHealthLine]

    init(feeds: [FeedSettings], records: [FeedHealthRecord]) {
        let byName = Dictionary(records.map { ($0.feed, $0) }, uniquingKeysWith: { first, _ in first })
        var lines = feeds.map { Self.line(for: $0, record: byName[$0.name]) }
        let configured = Set(feeds.map(\.name))
        for record in records where !configured.contains(record.feed) {
            var line = Self.figures(FeedHealthLine(name: record.feed, location: nil, enabled: false, health: .removed), record)
            line.health = .removed
            lines.append(line)
        }
        self.lines = lines
    }

    private static func line(for feed: FeedSettings, record: FeedHealthRecord?) -> FeedHealthLine {
        let location: String
        switch feed.location {
        case .url(let url): location = url
        case .path(let path): location = path
        }
        var line = FeedHealthLine(name: feed.name, location: location, enabled: feed.enabled, health: .neverPolled)
        guard let record else {
            line.health = feed.enabled ? .neverPolled : .disabled
            return line
        }
        line = figures(line, record)
        if let moved = record.state?.effectiveURL, moved != location { line.movedTo = moved }
        let polled = line.lastAttempt != nil || line.lastSuccess != nil || (record.state?.polls ?? 0) > 0
        if !feed.enabled {
            line.health = .disabled
        } else if !polled {
            line.health = .neverPolled
        } else if line.errorKind == "gone" || line.httpStatus == 410 {
            line.health = .gone
        } else if line.errorCount > 0 {
            line.health = .failing
        } else if line.movedTo != nil {
            line.health = .moved
        } else {
            line.health = .ok
        }
        return line
    }

    private static func figures(_ line: FeedHealthLine, _ record: FeedHealthRecord) -> FeedHealthLine {
        var line = line
        let state = record.state
        line.lastAttempt = state?.lastAttempt
        // A sighting is proof of a successful poll even where the poller saved no state.
        line.lastSuccess = state?.lastSuccess ?? record.lastSighting
        line.nextPoll = state?.nextPoll
        line.errorCount = state?.errorCount ?? 0
        line.errorKind = state?.errorKind
        line.errorMessage = state?.errorMessage
        line.httpStatus = state?.lastHTTPStatus
        line.recentArticles = record.recentArticles
        return line
    }

    func count(_ health: FeedHealthLine.Health) -> Int { lines.filter { $0.health == health }.count }

    var recentArticles: Int { lines.reduce(0) { $0 + $1.recentArticles } }
    /// Alerts in the window, each once however many feeds carried it.
    var recentAlerts = 0

    /// `7 feeds: 4 ok, 1 failing, 1 never polled, 1 removed; 42 articles in 24 h`.
    var totalLine: String {
        let configured = lines.filter { $0.health != .removed }.count
        let parts = FeedHealthLine.Health.allCases.compactMap { health -> String? in
            let n = count(health)
            return n > 0 ? "\(n) \(health.rawValue)" : nil
        }
        let feeds = "\(configured) feed\(configured == 1 ? "" : "s")"
        return "\(feeds): \(parts.isEmpty ? "none" : parts.joined(separator: ", ")); \(recentArticles) article\(recentArticles == 1 ? "" : "s") and \(recentAlerts) alert\(recentAlerts == 1 ? "" : "s") in 24 h"
    }
}
