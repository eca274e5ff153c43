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
/// changes (schedule, rules, feed health), so a reload or a signal never races a poll; fetching and
/// parsing happen off the actor.
public actor Daemon {
    public struct Options: Sendable {
        public var configPath: String
        public var environment: [String: String]
        /// How long in-flight polls may run on after SIGTERM before they are cut off.
        public var shutdownGrace: Duration

        public init(configPath: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                    shutdownGrace: Duration = .seconds(10)) {
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
    let notifier: SystemdNotifier?

    var configuration: Configuration
    var rules: CompiledRules
    var decider: AlertDecider
    var healthMonitor: FeedHealthMonitor
    var feeds: [String: FeedSettings] = [:]
    var records: [String: FeedPollRecord] = [:]
    var queue = PollQueue<String>()
    var inFlight: Set<String> = []
    var stopping = false
    var wakeUp: AsyncStream<Void>.Continuation?
    var newArticlesToday = (day: 0, count: 0)
    var lastAlert: String?
    var sinksPending = false
    var healthChanged = false
    /// When each feed last went out without validators: a daily unconditional fetch guards against
    /// servers whose ETag never changes. Until the first, the daemon's start counts.
    var unconditionalFetches: [String: Date] = [:]
    let startedAt = Date()

    /// Opens everything the daemon needs, or says what is wrong with it.
    public init(options: Options, logger: Logger) throws(DaemonError) {
        self.options = options
        self.logger = logger
        let loaded: Configuration
        let compiled: CompiledRules
        do {
            loaded = try ConfigurationLoader(environment: options.environment).load(path: options.configPath)
            compiled = try RuleCompiler.compile(loaded)
        } catch {
            throw .configuration(error)
        }
        do {
            archive = try Archive(path: loaded.daemon.archivePath)
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
        decider = AlertDecider(rules: compiled.ruleSet)
        healthMonitor = FeedHealthMonitor(rules: compiled.feedHealth)
        fetcher = FeedFetcher(configuration: .init(perHostLimit: loaded.daemon.perHost, globalLimit: loaded.daemon.concurrency))
        dispatcher = AlertDispatcher(archive: archive, log: alertLog, sinks: Self.sinkSettings(compiled), fetcher: fetcher,
                                     environment: options.environment)
        notifier = SystemdNotifier(environment: options.environment)
    }

    // MARK: - Running

    /// Polls every enabled feed once, waits for all of them, and returns what happened to each.
    public func pollOnce() async -> [PollReport] {
        adopt(configuration, initial: true)
        recoverAlerts()
        let names = feeds.values.filter(\.enabled).map(\.name).sorted()
        let reports = await withTaskGroup(of: PollReport.self) { group in
            for name in names {
                inFlight.insert(name)
                group.addTask { await self.poll(name) }
            }
            var reports: [PollReport] = []
            for await report in group { reports.append(report) }
            return reports
        }
        refreshHealth()
        // Matches still waiting for their group are sent now: there is no later.
        deliver(decider.flushAll())
        _ = try? await dispatcher.deliverDueSinks()
        fetcher.shutdown()
        return reports.sorted { $0.feed < $1.feed }
    }

    /// Runs until SIGTERM or SIGINT: polls feeds as they fall due, reloads on SIGHUP and when the config
    /// files change, reopens the alert log on SIGUSR1, and talks to systemd throughout.
    public func run(signals: SignalEvents) async {
        adopt(configuration, initial: true)
        let (wakeStream, wakeContinuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        wakeUp = wakeContinuation
        recoverAlerts()
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
            group.cancelAll()
        }
        deliver(decider.flushAll())
        fetcher.shutdown()
        logger.info("newswatch stopped")
    }

    /// The main loop: start what is due, then sleep until the next feed or alert deadline, a reload,
    /// or a stop.
    func schedulingLoop(_ wake: AsyncStream<Void>) async {
        var wakeIterator = wake.makeAsyncIterator()
        await withTaskGroup(of: Void.self) { polls in
            while !stopping {
                let now = Date()
                for name in queue.takeDue(at: now) where feeds[name]?.enabled == true && !inFlight.contains(name) {
                    inFlight.insert(name)
                    polls.addTask { _ = await self.poll(name) }
                }
                refreshHealth()
                deliver(decider.tick())
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
            // Stopping: in-flight polls get the grace period to finish and commit; then they are
            // cancelled (the fetcher aborts their transfers) so the daemon exits in bounded time.
            await finishInFlight()
            polls.cancelAll()
            await polls.waitForAll()
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

    func stop() {
        guard !stopping else { return }
        stopping = true
        notifier?.stopping()
        wakeUp?.yield()
    }

    /// In-flight polls may finish within the grace period; then the fetcher cuts what is left.
    func finishInFlight() async {
        let deadline = ContinuousClock.now.advanced(by: options.shutdownGrace)
        while !inFlight.isEmpty, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if !inFlight.isEmpty {
            logger.warning("cutting off \(inFlight.count) polls still running at shutdown", metadata: ["feeds": "\(inFlight.sorted())"])
        }
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
