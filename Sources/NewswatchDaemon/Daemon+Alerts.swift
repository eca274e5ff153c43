import Foundation
import NewswatchAlerts
import NewswatchNormalize
import NewswatchRules

extension Daemon {
    /// Records alerts in the outbox, writes them to the log (both on the archive writer's thread),
    /// and leaves their exec and webhook deliveries to the sink loop.
    func deliver(_ alerts: [Alert]) async {
        guard !alerts.isEmpty else { return }
        do {
            try await writer.perform(.bookkeeping) { [dispatcher] in try dispatcher.dispatch(alerts) }
            for alert in alerts {
                logger.info("alert", metadata: ["rule": "\(alert.rule)", "title": "\(alert.title)"])
            }
            if let last = alerts.last { lastAlert = "\(last.rule) at \(RFC3339.string(from: last.time))" }
        } catch {
            logger.error("cannot record or write alerts; they are written at the next start",
                         metadata: ["alerts": "\(alerts.count)", "error": "\(error)"])
        }
        nudgeSinks()
    }

    /// Delivers alerts without waiting for it: for the main loop and reloads, which never wait for
    /// the archive.
    func route(_ alerts: [Alert]) {
        guard !alerts.isEmpty else { return }
        Task { await deliver(alerts) }
    }

    /// At start-up: alerts recorded but never written go to the log now (once), the rules remember
    /// which stories they already alerted, and recent articles go through the rules again.
    func recoverAlerts() async {
        do {
            let written = try dispatcher.redeliverPending()
            if written > 0 { logger.notice("wrote alerts left over from the last run", metadata: ["alerts": "\(written)"]) }
            try dispatcher.restore(&decider, since: Date().addingTimeInterval(-decider.storyMemory))
        } catch {
            logger.error("cannot recover alerts from the outbox", metadata: ["error": "\(error)"])
        }
        await replayRecentArticles()
    }

    /// Exec and webhook deliveries run off the main loop: a slow program or server never delays a poll.
    func deliverToSinks() async {
        while !Task.isCancelled {
            do {
                for attempt in try await dispatcher.deliverDueSinks() where !attempt.delivered {
                    logger.warning("alert sink failed", metadata: [
                        "rule": "\(attempt.rule)", "sink": "\(attempt.sink)", "attempt": "\(attempt.attempt)",
                        "error": "\(attempt.error ?? "")", "retry": "\(attempt.retryAt.map { RFC3339.string(from: $0) } ?? "given up")"])
                }
            } catch {
                logger.error("alert sinks: \(error)")
            }
            let next = (try? await writer.perform(.bookkeeping) { [dispatcher] in try dispatcher.nextSinkAttempt() }) ?? nil
            let delay = min(max(next?.timeIntervalSinceNow ?? 60, 0.2), 60)
            await sinkWake(within: delay)
        }
    }

    func nudgeSinks() {
        sinksPending = true
    }

    /// Waits up to `delay` seconds, less when an alert was dispatched meanwhile.
    func sinkWake(within delay: TimeInterval) async {
        let deadline = Date().addingTimeInterval(delay)
        while Date() < deadline, !sinksPending, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(200))
        }
        sinksPending = false
    }

    static func sinkSettings(_ compiled: CompiledRules) -> [String: AlertSinkSettings] {
        compiled.sinks.mapValues { AlertSinkSettings(exec: $0.exec, execTimeout: $0.execTimeout, webhook: $0.webhook) }
    }

    /// After a crash, matches that were waiting in a rule's `group_wait`, or articles archived just
    /// before the rules saw them, would be lost: the next poll finds those articles already archived.
    /// So at start-up the articles first seen within the longest group wait (plus a margin) go through
    /// the rules again. Alerts that did reach the log carry the same keys and are not written twice.
    func replayRecentArticles() async {
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
        await deliver(alerts)
    }

    /// How far back, beyond the longest group wait, a restart looks for articles the rules may not
    /// have finished with.
    static let replayMargin: TimeInterval = 120
}
