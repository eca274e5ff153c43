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
            undeliveredAlerts = true
            logger.error("cannot record or write alerts; they are written at the next start",
                         metadata: ["alerts": "\(alerts.count)", "error": "\(error)"])
        }
        nudgeSinks()
    }

    /// Delivers alerts without waiting for it: for the main loop and reloads, which never wait for
    /// the archive.
    func route(_ alerts: [Alert]) {
        guard !alerts.isEmpty else { return }
        routedDeliveries += 1
        Task {
            await deliver(alerts)
            routedDeliveries -= 1
        }
    }

    /// At start-up: alerts recorded but never written go to the log now (once), the rules remember
    /// which stories they already alerted, and recent articles go through the rules again.
    func recoverAlerts() async {
        do {
            let written = try dispatcher.redeliverPending()
            if written > 0 { logger.notice("wrote alerts left over from the last run", metadata: ["alerts": "\(written)"]) }
            // Without rules there is nothing to remember alerts for (feed-health alerts keep no state).
            if !rules.ruleSet.rules.isEmpty {
                try dispatcher.restore(&decider, since: Date().addingTimeInterval(-decider.storyMemory))
            }
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
    /// Only what the rules need: nothing without rules, and after a clean exit with the same rules
    /// only what was archived after its checkpoint. Burst rules always get the whole window: their
    /// count of recent matches is rebuilt from it.
    func replayRecentArticles() async {
        let checkpoint = RulesCheckpoint.take(at: rulesCheckpointPath)
        let ruleList = rules.ruleSet.rules
        guard !ruleList.isEmpty else { return }
        let longestWait = ruleList.map(\.groupWait).max() ?? 0
        var since = Date().addingTimeInterval(-(longestWait + Self.replayMargin))
        if let checkpoint, checkpoint.rulesFingerprint == RulesCheckpoint.fingerprint(configuration.rules),
           !ruleList.contains(where: { $0.burst != nil }) {
            // The archive keeps whole seconds (rounded down): an article the rules saw in the
            // checkpoint's second reads back as first seen before it, unless `since` is rounded up.
            since = max(since, Date(timeIntervalSince1970: checkpoint.time.timeIntervalSince1970.rounded(.up)))
        }
        var replayed = 0
        var alerts: [Alert] = []
        do {
            try archive.forEachRecentArticle(since: since) { recent in
                replayed += 1
                alerts += decider.receive(ArticleEvent(
                    article: recent.article, isUpdate: recent.isRevision, storyID: "\(recent.story)", feedName: recent.feed))
            }
        } catch {
            logger.error("cannot read recent articles to replay through the rules", metadata: ["error": "\(error)"])
        }
        if replayed > 0 { logger.info("replayed recent articles through the rules", metadata: ["articles": "\(replayed)"]) }
        await deliver(alerts)
    }

    /// At a clean exit, once every poll finished and every alert was recorded: the next start need not
    /// replay what the rules have seen. Not written while anything is still undecided or unrecorded
    /// (a rate-limit summary still due, a delivery that failed or is still running); the next start
    /// then replays the whole window.
    func leaveRulesCheckpoint() {
        guard !rules.ruleSet.rules.isEmpty, inFlight.isEmpty, routedDeliveries == 0, !undeliveredAlerts,
              decider.nextDeadline == nil else { return }
        do {
            try RulesCheckpoint(time: Date(), rulesFingerprint: RulesCheckpoint.fingerprint(configuration.rules))
                .write(to: rulesCheckpointPath)
        } catch {
            logger.warning("cannot write the rules checkpoint; the next start replays recent articles through the rules",
                           metadata: ["path": "\(rulesCheckpointPath)", "error": "\(error)"])
        }
    }

    /// How far back, beyond the longest group wait, a restart looks for articles the rules may not
    /// have finished with.
    static let replayMargin: TimeInterval = 120
}
