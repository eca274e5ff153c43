import Foundation
import NewswatchNormalize

/// `newswatch status` for people: one aligned row per feed, times relative to now, and a total line.
struct StatusTable {
    let report: FeedHealthReport
    let now: Date

    static let maximumErrorWidth = 70

    func render() -> String {
        var rows = [["FEED", "STATE", "LAST SUCCESS", "NEXT POLL", "ARTICLES 24H", "ALERTS 24H", "HTTP", "LAST ERROR"]]
        for line in report.lines {
            rows.append([
                line.name,
                line.health.rawValue,
                line.lastSuccess.map { Self.ago($0, now: now) } ?? "-",
                line.enabled ? line.nextPoll.map { Self.until($0, now: now) } ?? "-" : "-",
                String(line.recentArticles),
                String(line.recentAlerts),
                line.httpStatus.map(String.init) ?? "-",
                errorText(line),
            ])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var out = ""
        for row in rows {
            var text = ""
            for (column, cell) in row.enumerated() {
                let isLast = column == row.count - 1
                // Counts read best right-aligned.
                let padding = String(repeating: " ", count: isLast ? 0 : widths[column] - cell.count)
                text += column == 4 || column == 5 ? padding + cell : cell + padding
                if !isLast { text += "  " }
            }
            out += text.trimmingTrailingSpaces() + "\n"
        }
        return out + report.totalLine + "\n"
    }

    private func errorText(_ line: FeedHealthLine) -> String {
        var text = ""
        if let moved = line.movedTo { text = "moved to \(moved)" }
        if let kind = line.errorKind {
            var error = kind
            if line.errorCount > 1 { error += " ×\(line.errorCount)" }
            if let message = line.errorMessage, !message.isEmpty { error += ": " + message.replacingOccurrences(of: "\n", with: " ") }
            text = text.isEmpty ? error : text + "; " + error
        }
        guard !text.isEmpty else { return "-" }
        return text.count > Self.maximumErrorWidth ? String(text.prefix(Self.maximumErrorWidth - 1)) + "…" : text
    }

    /// `45s ago`, `12m ago`, `3h ago`, `2d ago`.
    static func ago(_ date: Date, now: Date) -> String {
        let seconds = now.timeIntervalSince(date)
        return seconds < 0 ? "in " + span(-seconds) : span(seconds) + " ago"
    }

    /// `in 4m`, or `due` when the time has passed.
    static func until(_ date: Date, now: Date) -> String {
        let seconds = date.timeIntervalSince(now)
        return seconds <= 0 ? "due" : "in " + span(seconds)
    }

    static func span(_ seconds: TimeInterval) -> String {
        let s = Int(seconds.rounded())
        switch s {
        case ..<60: return "\(s)s"
        case ..<3600: return "\(s / 60)m"
        case ..<86_400: return "\(s / 3600)h\(s % 3600 / 60 > 0 ? "\(s % 3600 / 60)m" : "")"
        default: return "\(s / 86_400)d"
        }
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}

/// `newswatch status --json`: every key always present (null when unknown), so scripts can rely on them.
struct StatusDocument: Encodable {
    var time: Date
    var config: String
    var archive: String
    var report: FeedHealthReport

    enum Keys: String, CodingKey {
        case time, config, archive, feeds, totals
        case name, location, state, enabled, lastAttempt, lastSuccess, nextPoll, errorCount, errorKind, errorMessage
        case httpStatus, movedTo, articles24h, alerts24h
        case ok, failing, gone, moved, disabled, neverPolled, removed
    }

    func encode(to encoder: Encoder) throws {
        var top = encoder.container(keyedBy: Keys.self)
        try top.encode(RFC3339.string(from: time), forKey: .time)
        try top.encode(config, forKey: .config)
        try top.encode(archive, forKey: .archive)
        var feeds = top.nestedUnkeyedContainer(forKey: .feeds)
        for line in report.lines {
            var feed = feeds.nestedContainer(keyedBy: Keys.self)
            try feed.encode(line.name, forKey: .name)
            try feed.encode(line.location, forKey: .location)
            try feed.encode(line.health.rawValue, forKey: .state)
            try feed.encode(line.enabled, forKey: .enabled)
            try feed.encode(line.lastAttempt.map(RFC3339.string(from:)), forKey: .lastAttempt)
            try feed.encode(line.lastSuccess.map(RFC3339.string(from:)), forKey: .lastSuccess)
            try feed.encode(line.nextPoll.map(RFC3339.string(from:)), forKey: .nextPoll)
            try feed.encode(line.errorCount, forKey: .errorCount)
            try feed.encode(line.errorKind, forKey: .errorKind)
            try feed.encode(line.errorMessage, forKey: .errorMessage)
            try feed.encode(line.httpStatus, forKey: .httpStatus)
            try feed.encode(line.movedTo, forKey: .movedTo)
            try feed.encode(line.recentArticles, forKey: .articles24h)
            try feed.encode(line.recentAlerts, forKey: .alerts24h)
        }
        var totals = top.nestedContainer(keyedBy: Keys.self, forKey: .totals)
        try totals.encode(report.lines.filter { $0.health != .removed }.count, forKey: .feeds)
        try totals.encode(report.count(.ok), forKey: .ok)
        try totals.encode(report.count(.failing), forKey: .failing)
        try totals.encode(report.count(.gone), forKey: .gone)
        try totals.encode(report.count(.moved), forKey: .moved)
        try totals.encode(report.count(.disabled), forKey: .disabled)
        try totals.encode(report.count(.neverPolled), forKey: .neverPolled)
        try totals.encode(report.count(.removed), forKey: .removed)
        try totals.encode(report.recentArticles, forKey: .articles24h)
        try totals.encode(report.recentAlerts, forKey: .alerts24h)
    }
}
