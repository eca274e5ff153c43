import Foundation
import NewswatchConfig
import NewswatchRules

extension Daemon {
    /// Makes `new` the daemon's feed list: added feeds are polled within seconds, removed ones stop,
    /// changed ones are polled again now; feeds that did not change keep their schedule.
    func adopt(_ new: Configuration, initial: Bool) {
        let previous = feeds
        feeds = Dictionary(new.feeds.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for name in previous.keys where feeds[name] == nil {
            queue.remove(name)
            records[name] = nil
            states[name] = nil
            logger.info("feed removed", metadata: ["feed": "\(name)"])
        }
        let now = Date()
        if initial {
            // At start, before the main loop: one read of every feed's state, kept in memory since.
            do {
                states = Dictionary(try archive.feedStates().map { ($0.feed, $0) }, uniquingKeysWith: { first, _ in first })
            } catch {
                logger.error("cannot read the feeds' stored state; polling them without validators", metadata: ["error": "\(error)"])
            }
        }
        for (offset, feed) in new.feeds.enumerated() {
            guard feed.enabled else {
                queue.remove(feed.name)
                continue
            }
            // Feeds that start together are spread over a few seconds, not fired in one burst.
            let soon = now.addingTimeInterval(Double(offset % 64) * 0.05)
            if initial {
                let state = states[feed.name]
                records[feed.name, default: .init()].history.failures = state?.errorCount ?? 0
                if let failing = state?.errorCount, failing > 0 { records[feed.name]?.failingSince = state?.lastSuccess ?? now }
                if let next = state?.nextPoll, next > now, next.timeIntervalSince(now) <= plan(for: feed).maximumBackoff {
                    queue.schedule(feed.name, at: next)
                } else {
                    queue.schedule(feed.name, at: soon)
                }
            } else if previous[feed.name] == nil {
                logger.info("feed added", metadata: ["feed": "\(feed.name)"])
                queue.schedule(feed.name, at: soon)
            } else if previous[feed.name] != feed {
                logger.info("feed changed", metadata: ["feed": "\(feed.name)"])
                records[feed.name]?.isGone = false
                queue.schedule(feed.name, at: soon)
            } else if queue.dueTime(of: feed.name) == nil, !inFlight.contains(feed.name), records[feed.name]?.isGone != true {
                queue.schedule(feed.name, at: soon)
            }
        }
        wakeUp?.yield()
    }

    /// The config file (with its includes) and its rules, read and compiled: what start-up and every
    /// reload begin with.
    static func readConfiguration(_ options: Options) throws(ConfigurationError) -> (Configuration, CompiledRules) {
        let configuration = try ConfigurationLoader(environment: options.environment).load(path: options.configPath)
        return (configuration, try RuleCompiler.compile(configuration))
    }

    /// Reads the config again. An invalid config is refused whole: the daemon keeps running on the
    /// old one, logs every problem and raises a config alert. Either way the reload is bracketed by
    /// RELOADING=1 and READY=1: `systemctl reload` waits for READY=1 and would hang on a refusal.
    func reload(reason: String) {
        notifier?.reloading()
        let new: Configuration
        let compiled: CompiledRules
        do {
            (new, compiled) = try Self.readConfiguration(options)
        } catch {
            for problem in error.problems {
                logger.error("config reload refused: \(problem)")
            }
            notifier?.ready(status: "config reload refused (\(error.problems.count) problems); running on the previous config")
            route(healthMonitor.configReloadRefused(file: options.configPath, reason: error.problems.first?.description ?? "invalid"))
            return
        }
        let old = configuration.daemon
        if old.archivePath != new.daemon.archivePath || old.alertLogPath != new.daemon.alertLogPath
            || old.perHost != new.daemon.perHost || old.concurrency != new.daemon.concurrency {
            logger.warning("archive, alert_log, per_host and concurrency changes take effect at the next restart")
        }
        configuration = new
        rules = compiled
        decider.reload(compiled.ruleSet)
        dispatcher.updateSinks(Self.sinkSettings(compiled))
        if compiled.feedHealth != healthMonitor.rules {
            healthMonitor = FeedHealthMonitor(rules: compiled.feedHealth)
        }
        adopt(new, initial: false)
        logger.notice("config reloaded (\(reason))", metadata: ["feeds": "\(feeds.count)", "rules": "\(compiled.ruleSet.rules.count)"])
        notifier?.ready(status: statusLine())
    }
}
