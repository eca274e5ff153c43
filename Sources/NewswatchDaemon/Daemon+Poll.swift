import Foundation
import NewswatchArchive
import NewswatchConfig
import NewswatchFetch
import NewswatchNormalize
import NewswatchParse
import NewswatchRules
import NewswatchScheduler

extension Daemon {
    /// One poll of one feed: fetch, parse, archive, rules, alerts, then the next poll time. Nothing a
    /// feed sends can stop the others: every failure ends here as the feed's error. A poll stopped by
    /// shutdown before its articles were archived leaves the feed's stored state as it was.
    func poll(_ name: String) async -> PollReport {
        defer {
            inFlight.remove(name)
            pollTasks[name] = nil
            nudge()
        }
        let stopped = PollReport(feed: name, result: .failed("stopped before its articles were archived"))
        guard let feed = feeds[name] else { return PollReport(feed: name, result: .failed("no longer in the config")) }
        let started = Date()
        guard var state = await storedState(name) else { return stopped }
        let stored = Validators(etag: state.etag, lastModified: state.lastModified)
        let validators = ConditionalRefresh().validators(stored: stored, lastUnconditionalFetch: lastUnconditionalFetch(name), now: started)
        if validators.isEmpty { unconditionalFetches[name] = started }
        let request = FeedRequests(daemon: configuration.daemon).request(for: feed, url: state.effectiveURL, validators: validators)
        state.lastAttempt = started

        var result = await fetcher.fetch(request)
        if Task.isCancelled || stopping {
            // Shutting down: what was fetched is left for the next start to fetch again.
            return stopped
        }
        let report: PollReport
        switch result {
        case .success(var response):
            if let moved = response.permanentURL, moved != state.effectiveURL {
                logger.notice("feed moved permanently; update its url in the config", metadata: ["feed": "\(name)", "to": "\(moved)"])
                state.effectiveURL = moved
                records[name, default: .init()].movedTo = moved
            }
            records[name, default: .init()].history.freshUntil = response.freshUntil
            if case .body(let bytes) = response.content {
                // From here the body is the parser's alone: a poll holds its feed's bytes (~80 KB for a
                // news feed) only until it is parsed, not until its articles are archived, which for
                // `pollLimit` polls at once is issue 4's memory budget.
                response.content = .notModified
                result = .success(response)
                guard let ingested = await ingest(feed, bytes: consume bytes, charset: response.charset, baseURL: response.finalURL, state: &state) else {
                    return stopped
                }
                report = ingested
            } else {
                report = PollReport(feed: name, result: .notModified)
                succeeded(name, state: &state)
            }
            // The new validators are kept only once the body is archived: had the archive write
            // failed, a stored ETag would turn the next poll into a 304 and those articles would
            // never be archived.
            if !report.failed {
                state.etag = response.validators.etag
                state.lastModified = response.validators.lastModified
            }
        case .failure(let error):
            report = failed(name, error: error, state: &state)
        }
        schedule(name, after: Date(), state: &state)
        states[name] = state
        do {
            try await save(state)
        } catch {
            logger.error("cannot save the feed's state", metadata: ["feed": "\(name)", "error": "\(error)"])
        }
        healthChanged = true
        return report
    }

    /// Saves the feed's state, together with those of the polls that finished meanwhile.
    private func save(_ state: FeedState) async throws {
        pendingStates.add(state)
        try await writer.perform(.bookkeeping) { [archive, pendingStates] in
            let due = pendingStates.takeAll()
            do {
                try archive.save(due)
            } catch {
                throw UnsavedFeedStates(feeds: due.map(\.feed), reason: "\(error)")
            }
        }
    }

    /// The feed's state as last saved: from memory, or for a feed not seen since the start (added by
    /// a reload) from the archive. Nil when the daemon is shutting down.
    private func storedState(_ name: String) async -> FeedState? {
        if let state = states[name] { return state }
        do {
            let stored = try await writer.perform(.bookkeeping) { [archive] in try archive.feedState(name) }
            return stored ?? FeedState(feed: name)
        } catch is ArchiveWriterStopped {
            return nil
        } catch {
            logger.error("cannot read the feed's state; polling it without validators", metadata: ["feed": "\(name)", "error": "\(error)"])
            return FeedState(feed: name)
        }
    }

    /// Parse off the actor, archive on the writer's thread, then run the rules. Nil when shutdown
    /// came first: the articles were not archived.
    private func ingest(_ feed: FeedSettings, bytes: consuming [UInt8], charset: String?, baseURL: String, state: inout FeedState) async -> PollReport? {
        let name = feed.name
        let fetched = Date()
        let parsing = Task.detached { [bytes] () throws -> ParsedDocument in
            // A feed URL that starts answering with a web page (a login wall, a moved site) is a
            // broken feed, not an article.
            try DocumentParser(readsArticlePages: false).parse(bytes, charset: charset, baseURL: baseURL, fetched: fetched)
        }
        _ = consume bytes
        let document: ParsedDocument
        do {
            document = try await parsing.value
        } catch {
            let reason = "\(error)"
            logger.warning("feed cannot be read", metadata: ["feed": "\(name)", "error": "\(reason)"])
            return failed(name, kind: "parse", message: reason, state: &state)
        }
        for warning in document.warnings.prefix(5) {
            logger.debug("feed warning", metadata: ["feed": "\(name)", "warning": "\(warning)"])
        }
        var articles = document.articles
        for index in articles.indices where articles[index].source == nil {
            articles[index].source = document.feed.title ?? name
        }
        if let ttl = document.feed.ttl { records[name, default: .init()].history.feedMinimumInterval = Double(ttl) * 60 }
        if feed.fulltext { articles = await withFullText(articles, feed: feed) }

        // Shutting down: the feed is fetched again at the next start (its validators are not kept).
        if stopping { return nil }
        // The archive writer is the one thread every feed's batch passes through: what recording works
        // out from the articles alone is worked out here, on a thread of the pool, where the batch's
        // articles are new — a feed never polled before. (A later poll's are mostly known, which the
        // recording finds before working anything out for them.)
        let prepared: PreparedPoll?
        if state.lastSuccess == nil {
            prepared = await Task.detached { [archive, articles] in archive.prepare(feed: name, articles: articles) }.value
        } else {
            prepared = nil
        }
        let outcomes: [ArchiveOutcome]
        do {
            outcomes = try await writer.perform(.articles) { [archive, articles, prepared] in
                if let prepared { return try archive.record(prepared, at: fetched) }
                return try archive.record(feed: name, articles: articles, at: fetched)
            }
        } catch is ArchiveWriterStopped {
            return nil
        } catch {
            logger.error("cannot archive the feed's articles; they will be read again on the next poll",
                         metadata: ["feed": "\(name)", "error": "\(error)"])
            return failed(name, kind: "archive", message: "\(error)", state: &state)
        }
        var new = 0, revisions = 0
        var alerts: [Alert] = []
        for (article, outcome) in zip(articles, outcomes) where outcome.storedNewText {
            if outcome.isUpdate { revisions += 1 } else { new += 1 }
            let story = outcome.story.map { "\($0)" } ?? outcome.id.hex
            alerts += decider.receive(ArticleEvent(article: article, isUpdate: outcome.isUpdate, storyID: story, feedName: name))
        }
        countNewArticles(new + revisions)
        if new + revisions > 0 {
            records[name, default: .init()].lastNewArticle = fetched
            logger.info("archived", metadata: ["feed": "\(name)", "new": "\(new)", "updated": "\(revisions)", "items": "\(articles.count)"])
        }
        records[name, default: .init()].history.rate.record(newArticles: new + revisions, at: fetched)
        succeeded(name, state: &state)
        // Written as soon as the feed's transaction committed: bookkeeping goes before queued batches.
        await deliver(alerts)
        return PollReport(feed: name, result: .updated(items: articles.count, new: new, revisions: revisions))
    }

    private func succeeded(_ name: String, state: inout FeedState) {
        state.lastSuccess = Date()
        state.errorCount = 0
        state.errorKind = nil
        state.errorMessage = nil
        records[name, default: .init()].failingSince = nil
        records[name, default: .init()].lastError = nil
        records[name, default: .init()].history.failures = 0
        records[name, default: .init()].history.retryAfter = nil
    }

    private func failed(_ name: String, error: FetchError, state: inout FeedState) -> PollReport {
        if let retryAfter = error.retryAfter {
            records[name, default: .init()].history.retryAfter = retryAfter.date(after: Date())
        }
        if let moved = error.permanentURL { state.effectiveURL = moved }
        if error.kind == .gone {
            records[name, default: .init()].isGone = true
            logger.error("feed is gone (HTTP 410); it is no longer polled — remove it from the config",
                         metadata: ["feed": "\(name)"])
        } else {
            logger.warning("fetch failed", metadata: ["feed": "\(name)", "error": "\(error.description)"])
        }
        return failed(name, kind: error.kind.code, message: error.description, state: &state)
    }

    private func failed(_ name: String, kind: String, message: String, state: inout FeedState) -> PollReport {
        state.errorCount += 1
        state.errorKind = kind
        state.errorMessage = message
        records[name, default: .init()].failingSince = records[name]?.failingSince ?? Date()
        records[name, default: .init()].lastError = message
        records[name, default: .init()].history.failures = state.errorCount
        return PollReport(feed: name, result: .failed(message))
    }

    /// The next poll from the feed's plan; a feed that is gone is not polled again.
    func schedule(_ name: String, after now: Date, state: inout FeedState) {
        guard let feed = feeds[name], feed.enabled, records[name]?.isGone != true, !stopping else {
            queue.remove(name)
            state.nextPoll = nil
            return
        }
        let next = plan(for: feed).nextPoll(after: now, history: records[name]?.history ?? PollHistory(), random: { Double.random(in: 0..<1) })
        state.nextPoll = next
        state.backoff = state.errorCount > 0 ? next.timeIntervalSince(now) : 0
        queue.schedule(name, at: next)
    }

    func plan(for feed: FeedSettings) -> PollPlan {
        let daemon = configuration.daemon
        return PollPlan(
            interval: feed.interval?.seconds ?? daemon.interval.seconds,
            minimumInterval: daemon.minInterval.seconds,
            maximumInterval: daemon.maxInterval.seconds,
            maximumBackoff: daemon.maxBackoff.seconds)
    }

    func lastUnconditionalFetch(_ name: String) -> Date? {
        unconditionalFetches[name] ?? startedAt
    }

    func countNewArticles(_ count: Int) {
        let day = Int(Date().timeIntervalSince1970 / 86_400)
        if newArticlesToday.day != day { newArticlesToday = (day, 0) }
        newArticlesToday.count += count
    }

    /// The feeds as the feed-health rules see them.
    func feedStatuses() -> [FeedStatus] {
        feeds.values.filter(\.enabled).map { feed in
            let record = records[feed.name] ?? FeedPollRecord()
            return FeedStatus(
                name: feed.name, url: feed.address, failingSince: record.failingSince, lastError: record.lastError,
                isGone: record.isGone, movedTo: record.movedTo, lastNewArticle: record.lastNewArticle,
                usualGap: record.history.rate.isEstablished ? record.history.rate.meanGap : nil)
        }.sorted { $0.name < $1.name }
    }

    /// Feed health and the systemd status line cost a pass over all feeds: they are brought up to date
    /// at most once a second, however many polls finished meanwhile, not after every poll. Returns
    /// the feed-health alerts to deliver.
    func refreshHealth(force: Bool = false) -> [Alert] {
        let now = Date()
        guard healthChanged, force || now.timeIntervalSince(lastHealthRefresh) >= 1 else { return [] }
        healthChanged = false
        lastHealthRefresh = now
        notifier?.status(statusLine())
        return healthMonitor.evaluate(feedStatuses())
    }

    /// The one-line summary systemd shows in `systemctl status`.
    func statusLine() -> String {
        let enabled = feeds.values.filter(\.enabled).count
        let failing = records.values.filter { $0.failingSince != nil }.count
        var line = "\(enabled) feeds, \(failing) failing, \(newArticlesToday.count) new articles today"
        if let lastAlert { line += ", last alert: \(lastAlert)" }
        line += ", SQLite \(Archive.sqliteMemory.inUse >> 20) MiB"
        return line
    }
}
