import Foundation
import Logging
import NewswatchAlerts
import NewswatchArchive
import NewswatchConfig
import NewswatchFetch
import NewswatchNormalize
import NewswatchParse
import NewswatchRules
import NewswatchScheduler

/// The long-running daemon: the scheduler hands due feeds to the fetcher; what comes back is parsed,
/// archived and run through the rules, and alerts go to the alert log. One actor owns the state that
/// changes (schedule, rules, feed health), so a reload or a signal never races a poll; fetching
/// (the fetcher's thread), parsing and every SQLite call (the archive writer's thread) happen off
/// it, so however far the archive falls behind, signals, the watchdog and the schedule are answered.
public actor Daemon {
    public struct Options: Sendable {
        public var configPath: String
        public var environment: [String: String]
        /// How long, after SIGTERM, the feed being archived may take to commit (and its alerts and
        /// state to follow) before the daemon exits anyway. Fetches are cancelled at once and queued
        /// feeds dropped: they are fetched again at the next start.
        public var shutdownGrace: Duration

        public init(configPath: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                    shutdownGrace: Duration = .seconds(3)) {
            self.configPath = configPath
            self.environment = environment
            self.shutdownGrace = shutdownGrace
        }
    }

    let options: Options
    let logger: Logger
    let archive: Archive
    let alertLog: AlertLog
    /// Every alert goes into the archive's outbox first, then to the log and the rule's sinks, so a
    /// crash anywhere in between neither loses nor repeats a line.
    let dispatcher: AlertDispatcher
    let fetcher: FeedFetcher
    /// Every archive call goes through it, off the actor.
    let writer: ArchiveWriter
    /// Feed states on their way to the archive, saved together by the writer.
    let pendingStates = FeedStateBatch()
    let notifier: SystemdNotifier?

    var configuration: Configuration
    var rules: CompiledRules
    var decider: AlertDecider
    var healthMonitor: FeedHealthMonitor
    var feeds: [String: FeedSettings] = [:]
    var records: [String: FeedPollRecord] = [:]
    /// Each feed's stored state as last saved: read once at start, so a poll needs no read.
    var states: [String: FeedState] = [:]
    var queue = PollQueue<String>()
    var inFlight: Set<String> = []
    var pollTasks: [String: Task<PollReport, Never>] = [:]
    var stopping = false
    var wakeUp: AsyncStream<Void>.Continuation?
    var newArticlesToday = (day: 0, count: 0)
    var lastAlert: String?
    var sinksPending = false
    var healthChanged = false
    var lastHealthRefresh = Date.distantPast
    /// When each feed last went out without validators: a daily unconditional fetch guards against
    /// servers whose ETag never changes. Until the first, the daemon's start counts.
    var unconditionalFetches: [String: Date] = [:]
    let startedAt = Date()
    /// Beside the archive the daemon opened (a reload does not move it).
    let rulesCheckpointPath: String
    /// Deliveries `route` started that have not finished; a clean exit leaves a rules checkpoint only
    /// when none is left.
    var routedDeliveries = 0
    /// Some alerts could not be recorded in this run: only the next start's full replay recovers them.
    var undeliveredAlerts = false

    /// Opens everything the daemon needs, or says what is wrong with it. `configuration` is the config
    /// file as the caller has just loaded it from `options.configPath` (so start-up reads it once);
    /// nil: the daemon reads it.
    public init(options: Options, configuration given: Configuration? = nil, logger: Logger) throws(DaemonError) {
        self.options = options
        self.logger = logger
        let loaded: Configuration
        let compiled: CompiledRules
        do {
            if let given {
                (loaded, compiled) = (given, try RuleCompiler.compile(given))
            } else {
                (loaded, compiled) = try Self.readConfiguration(options)
            }
        } catch {
            throw .configuration(error)
        }
        do {
            var archiveOptions = ArchiveOptions()
            archiveOptions.copiesLogInBackground = true
            archive = try Archive(path: loaded.daemon.archivePath, options: archiveOptions)
        } catch {
            throw .archive("\(error)")
        }
        do {
            try FileManager.default.createDirectory(
                atPath: (loaded.daemon.alertLogPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            alertLog = try AlertLog(path: loaded.daemon.alertLogPath, format: loaded.daemon.alertFormat == .json ? .json : .text)
        } catch {
            throw .alertLog("\(loaded.daemon.alertLogPath): \(error)")
        }
        configuration = loaded
        rules = compiled
        rulesCheckpointPath = RulesCheckpoint.path(archive: loaded.daemon.archivePath)
        decider = AlertDecider(rules: compiled.ruleSet)
        healthMonitor = FeedHealthMonitor(rules: compiled.feedHealth)
        fetcher = FeedFetcher(configuration: .init(perHostLimit: loaded.daemon.perHost, globalLimit: loaded.daemon.concurrency))
        writer = ArchiveWriter(capacity: Self.queuedBatches, sync: { [archive, logger] in
            do {
                // The search index is written behind the polls' transactions (`SearchIndexer`);
                // writing it here, before the sync, makes what was archived searchable within about
                // a second instead of after a batch of articles.
                try archive.indexWaitingForSearch()
            } catch {
                logger.warning("\(error) (the articles are archived; the search index catches up at the next sync, search or start)")
            }
            // On the archive's log thread: the writer goes on with the next batch meanwhile.
            do {
                try archive.syncToDiskInBackground()
            } catch {
                logger.error("\(error) (what was archived in the last second may not survive a power cut)")
            }
            if let failure = archive.takeBackgroundFailure() {
                logger.error("\(failure) (what was archived in the last seconds may not survive a power cut)")
            }
        })
        dispatcher = AlertDispatcher(archive: archive, log: alertLog, sinks: Self.sinkSettings(compiled), fetcher: fetcher,
                                     environment: options.environment)
        notifier = SystemdNotifier(environment: options.environment)
    }

    // MARK: - Running

    /// Polls every enabled feed once, waits for all of them, and returns what happened to each.
    public func pollOnce() async -> [PollReport] {
        adopt(configuration, initial: true)
        await recoverAlerts()
        let names = feeds.values.filter(\.enabled).map(\.name).sorted()
        let reports = await withTaskGroup(of: PollReport.self) { group in
            var reports: [PollReport] = []
            for name in names {
                // As in the main loop: no more polls at once than the archive can take in.
                while inFlight.count >= pollLimit || writer.isFull, let report = await group.next() {
                    reports.append(report)
                }
                inFlight.insert(name)
                group.addTask { await self.poll(name) }
            }
            for await report in group { reports.append(report) }
            return reports
        }
        // Matches still waiting for their group are sent now: there is no later.
        await deliver(refreshHealth(force: true) + decider.flushAll())
        leaveRulesCheckpoint()
        _ = try? await dispatcher.deliverDueSinks()
        await indexWaitingForSearch()
        writer.stop()
        syncArchiveAtStop()
        fetcher.shutdown()
        return reports.sorted { $0.feed < $1.feed }
    }

    /// Before the writer stops: the search entries still waiting in memory are written now. Left to
    /// the writer's last sync they could be cut off by the exit, and the next start would rebuild
    /// them from the articles' stored JSON, at several times the cost.
    func indexWaitingForSearch() async {
        do {
            try await writer.perform(.bookkeeping) { [archive] in try archive.indexWaitingForSearch() }
        } catch {
            logger.warning("\(error) (the articles are archived; the search index catches up at the next start or search)")
        }
    }

    /// After the writer stopped: its last sync may not have run yet, and the process ends soon after.
    func syncArchiveAtStop() {
        archive.stopBackgroundWork()
        do {
            try archive.syncToDisk()
        } catch {
            logger.error("\(error) (what was archived in the last second may not survive a power cut)")
        }
    }

    /// Batches of parsed articles that may wait for the archive writer before no more polls start.
    /// The writer is a first poll's bottleneck, but with 4 it still waited for work a quarter of the
    /// time (perf sched: 2.7 s of a 9.4 s poll of 1,000 feeds); 8 took that poll from 9.5–10.4 s to
    /// 8.7–9.0 s, and the polls in flight hold their feeds' bytes only until they are parsed, which pays
    /// for the memory (bench/README.md, "Polling, session 11"). 12 took it from 8.8–9.1 to 8.1–8.3 s,
    /// its memory paid for by the writer's smaller page cache (`Archive.writerCacheKiB`; "Polling,
    /// session 12").
    static let queuedBatches = 12

    /// Polls in flight at most: every fetch slot busy, plus the batches waiting for the archive.
    var pollLimit: Int { configuration.daemon.concurrency + Self.queuedBatches }

    /// Runs until SIGTERM or SIGINT: polls feeds as they fall due, reloads on SIGHUP and when the config
    /// files change, reopens the alert log on SIGUSR1, and talks to systemd throughout.
    public func run(signals: SignalEvents) async {
        adopt(configuration, initial: true)
        let (wakeStream, wakeContinuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        wakeUp = wakeContinuation
        await recoverAlerts()
        logger.info("newswatch running", metadata: ["feeds": "\(feeds.count)", "rules": "\(rules.ruleSet.rules.count)",
                                                     "archive": "\(configuration.daemon.archivePath)"])
        notifier?.ready(status: statusLine())

        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.handle(signals) }
            group.addTask { await self.watchConfigFiles() }
            if let interval = notifier?.watchdogInterval {
                group.addTask { await self.pingWatchdog(every: interval) }
            }
            group.addTask { await self.deliverToSinks() }
            await schedulingLoop(wakeStream)
            // The watchdog keeps going while the last feed commits.
            if await finishInFlight() {
                // Matches still waiting for their group are sent now: there is no later.
                await deliver(decider.flushAll())
                leaveRulesCheckpoint()
                await indexWaitingForSearch()
            } else {
                logger.warning("matches still waiting for their rule's group_wait are left to the next start's replay")
            }
            group.cancelAll()
        }
        writer.stop()
        syncArchiveAtStop()
        fetcher.shutdown()
        logger.info("newswatch stopped")
    }

    /// The main loop: start what is due, then sleep until the next feed or alert deadline, a reload,
    /// or a stop.
    /// It never waits for the archive: polls run as tasks of their own, and alerts it decides are
    /// handed to the writer without waiting. While the writer's queue is full, or `pollLimit` polls
    /// are running, due feeds stay due: fetching pauses until the archive catches up.
    func schedulingLoop(_ wake: AsyncStream<Void>) async {
        var wakeIterator = wake.makeAsyncIterator()
        while !stopping {
            let now = Date()
            let room = writer.isFull ? 0 : max(0, pollLimit - inFlight.count)
            for name in queue.takeDue(at: now, limit: room) where feeds[name]?.enabled == true && !inFlight.contains(name) {
                inFlight.insert(name)
                pollTasks[name] = Task { await self.poll(name) }
            }
            route(refreshHealth() + decider.tick())
            var next = queue.nextDueTime() ?? now.addingTimeInterval(60)
            if let deadline = decider.nextDeadline { next = min(next, deadline) }
            let delay = max(0.05, min(next.timeIntervalSinceNow, 30))
            // Sleep until the next deadline, or until a reload, a finished poll or a stop wakes us.
            let sleeper = Task {
                try? await Task.sleep(for: .milliseconds(Int64(delay * 1000)))
                if !Task.isCancelled { self.nudge() }
            }
            _ = await wakeIterator.next(isolation: #isolation)
            sleeper.cancel()
        }
    }

    /// Wakes the scheduling loop.
    nonisolated func nudge() {
        Task { await self.wake() }
    }

    func wake() {
        wakeUp?.yield()
    }

    func handle(_ signals: SignalEvents) async {
        for await event in signals.events {
            switch event {
            case .reload:
                logger.notice("SIGHUP: reloading the config")
                reload(reason: "SIGHUP")
            case .reopenLogs:
                alertLog.reopen()
                logger.info("SIGUSR1: alert log reopened")
            case .stop(let signal):
                logger.notice("signal \(signal): stopping")
                stop()
                return
            }
        }
    }

    /// Stops at once whatever has not reached the archive: fetches are cancelled (their transfers
    /// aborted) and batches waiting for the writer dropped. Those feeds keep their old validators,
    /// so the next start fetches and archives them again; nothing is half-written, since a feed's
    /// articles are one transaction.
    func stop() {
        guard !stopping else { return }
        stopping = true
        notifier?.stopping()
        writer.closeToArticles()
        for task in pollTasks.values { task.cancel() }
        wakeUp?.yield()
    }

    /// Waits for the feed being archived to commit and its alerts and state to follow, at most the
    /// grace period. False when something was still running then: the daemon exits regardless, and
    /// an uncommitted transaction leaves nothing behind.
    func finishInFlight() async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: options.shutdownGrace)
        while !inFlight.isEmpty, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        guard inFlight.isEmpty else {
            logger.warning("cutting off \(inFlight.count) polls still running at shutdown", metadata: ["feeds": "\(inFlight.sorted())"])
            return false
        }
        return true
    }

    func watchConfigFiles() async {
        let includeFolders = configuration.files.map { ($0 as NSString).deletingLastPathComponent }
            + [((options.configPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("feeds.d")]
        guard let watcher = ConfigFileWatcher(files: configuration.files, folders: includeFolders) else {
            logger.warning("cannot watch the config files for changes; reload with SIGHUP")
            return
        }
        await withTaskCancellationHandler {
            for await _ in watcher.changes {
                logger.notice("config file changed: reloading")
                reload(reason: "file change")
            }
        } onCancel: {
            watcher.stop()
        }
    }

    func pingWatchdog(every interval: Duration) async {
        while !Task.isCancelled {
            notifier?.watchdog()
            try? await Task.sleep(for: interval)
        }
    }
}
