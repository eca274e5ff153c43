import Foundation
import NewswatchRules

extension Daemon {
    /// Writes alerts to the alert log. An alert whose key the log already holds is not written again,
    /// so replaying after a crash cannot repeat a line.
    func deliver(_ alerts: [Alert]) {
        for alert in alerts {
            if alertLog.hasDelivered(alert.key) { continue }
            do {
                try alertLog.deliver(alert)
                lastAlert = "\(alert.rule) at \(RFC3339Time.string(alert.time))"
                logger.info("alert", metadata: ["rule": "\(alert.rule)", "title": "\(alert.title)"])
            } catch {
                logger.error("cannot write the alert log", metadata: ["path": "\(alertLog.path)", "error": "\(error)"])
            }
        }
    }

    /// After a crash, matches that were waiting in a rule's `group_wait`, or articles archived just
    /// before the rules saw them, would be lost: the next poll finds those articles already archived.
    /// So at start-up the articles first seen within the longest group wait (plus a margin) go through
    /// the rules again. Alerts that did reach the log carry the same keys and are not written twice.
    func replayRecentArticles() {
        let longestWait = rules.ruleSet.rules.map(\.groupWait).max() ?? 0
        let since = Date().addingTimeInterval(-(longestWait + Self.replayMargin))
        var replayed = 0
        var alerts: [Alert] = []
        do {
            try archive.forEachArticle(since: since) { archived in
                guard !archived.pruned, let feed = archived.sightings.first?.feed else { return }
                replayed += 1
                alerts += decider.receive(ArticleEvent(
                    article: archived.article, isUpdate: archived.entry == .revision,
                    storyID: "\(archived.story)", feedName: feed))
            }
        } catch {
            logger.error("cannot read recent articles to replay through the rules", metadata: ["error": "\(error)"])
        }
        if replayed > 0 { logger.info("replayed recent articles through the rules", metadata: ["articles": "\(replayed)"]) }
        deliver(alerts)
    }

    /// How far back, beyond the longest group wait, a restart looks for articles the rules may not
    /// have finished with.
    static let replayMargin: TimeInterval = 120
}

enum RFC3339Time {
    static func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
