import Foundation
import NewswatchArchive
import NewswatchFetch
import NewswatchNormalize
import NewswatchRules
import NewswatchTestSupport
import Testing
@testable import NewswatchAlerts

let webhookFetcher: FeedFetcher = {
    CurlLibrary.initialize()
    return FeedFetcher(configuration: .init(proxies: ProxySettings()))
}()

@Suite struct AlertSinkTests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)

    func dispatcher(_ dir: ScratchDirectory, sinks: [String: AlertSinkSettings], fetcher: FeedFetcher? = nil,
                    clock: FixedClock? = nil) throws -> AlertDispatcher {
        AlertDispatcher(archive: try Archive(path: dir.file("archive.sqlite")), log: try AlertLog(path: dir.file("alerts.log")),
                        sinks: sinks, fetcher: fetcher, clock: clock ?? FixedClock(now: now),
                        environment: ["PATH": "/usr/bin:/bin", "KEPT": "yes"])
    }

    @Test func execGetsTheAlertOnStdinAndItsFieldsInTheEnvironment() async throws {
        let dir = ScratchDirectory()
        defer { dir.remove() }
        let out = dir.file("stdin.json"), env = dir.file("env.txt")
        // The test's program happens to be a shell; the sink itself never uses one.
        let settings = AlertSinkSettings(exec: ["sh", "-c", "cat > \"$1\"; env > \"$2\"", "sink", out, env])
        let dispatcher = try dispatcher(dir, sinks: ["desertion": settings])
        let alert = sampleAlert(1, title: "Er sagte \"Nein\"; $(rm -rf /)")
        try dispatcher.dispatch([alert])
        #expect(try dispatcher.nextSinkAttempt() == now)

        let attempts = try await dispatcher.deliverDueSinks()
        #expect(attempts.map(\.delivered) == [true])
        let stdin = try #require(FileManager.default.contents(atPath: out))
        let object = try #require(try JSONSerialization.jsonObject(with: stdin) as? [String: Any])
        let sent = try #require(object["alert"] as? [String: Any])
        #expect(sent["key"] as? String == alert.key.value)
        #expect(sent["title"] as? String == alert.title)
        #expect(object["article"] is NSNull)
        let variables = Set(lines(env))
        #expect(variables.contains("NEWSWATCH_RULE=desertion"))
        #expect(variables.contains("NEWSWATCH_SEVERITY=warning"))
        #expect(variables.contains("NEWSWATCH_TITLE=\(alert.title)"))
        #expect(variables.contains("NEWSWATCH_URL=https://www.news.de/politik/123/"))
        #expect(variables.contains("NEWSWATCH_ID=3f2a9c1e0123456789abcdef"))
        #expect(variables.contains("NEWSWATCH_SOURCE=news.de"))
        #expect(variables.contains("KEPT=yes"))
        #expect(try dispatcher.archive.sinkDeliveries(alert.key.value).map(\.state) == [.delivered])
        #expect(try dispatcher.nextSinkAttempt() == nil)
        #expect(try await dispatcher.deliverDueSinks().isEmpty)
    }

    @Test func aFailingProgramIsRetriedWithBackoffAndGivenUpAtLast() async throws {
        let dir = ScratchDirectory()
        defer { dir.remove() }
        let settings = AlertSinkSettings(exec: ["sh", "-c", "echo 'no route to pager' >&2; exit 3"])
        let clock = FixedClock(now: now)
        let archivePath = dir.file("archive.sqlite")
        let first = try dispatcher(dir, sinks: ["desertion": settings], clock: clock)
        try first.dispatch([sampleAlert(1)])
        let attempts = try await first.deliverDueSinks()
        #expect(attempts.count == 1)
        #expect(attempts[0].delivered == false)
        #expect(attempts[0].error == "sh exited with status 3: no route to pager")
        #expect(attempts[0].retryAt == now.addingTimeInterval(30))
        #expect(try first.nextSinkAttempt() == now.addingTimeInterval(30))

        // Later (another run of the daemon): due again, with twice the wait after the next failure.
        let later = AlertDispatcher(archive: try Archive(path: archivePath), log: first.log, sinks: ["desertion": settings],
                                    retry: SinkRetrySchedule(initialDelay: 30, maximumAttempts: 3),
                                    clock: FixedClock(now: now.addingTimeInterval(30)), environment: ["PATH": "/usr/bin:/bin"])
        let second = try await later.deliverDueSinks()
        #expect(second.map(\.attempt) == [2])
        #expect(second[0].retryAt == now.addingTimeInterval(30 + 60))
        let last = AlertDispatcher(archive: later.archive, log: first.log, sinks: ["desertion": settings],
                                   retry: SinkRetrySchedule(initialDelay: 30, maximumAttempts: 3),
                                   clock: FixedClock(now: now.addingTimeInterval(90)), environment: ["PATH": "/usr/bin:/bin"])
        let third = try await last.deliverDueSinks()
        #expect(third.map(\.attempt) == [3])
        #expect(third[0].retryAt == nil)
        #expect(try last.archive.sinkDeliveries(sampleAlert(1).key.value).map(\.state) == [.failed])
        // The log line went out once, whatever the exec sink did.
        #expect(lines(dir.file("alerts.log")).count == 1)
    }

    @Test func aProgramPastItsTimeoutIsKilledWithWhatItStarted() async throws {
        let dir = ScratchDirectory()
        defer { dir.remove() }
        let marker = dir.file("grandchild-finished")
        let settings = AlertSinkSettings(exec: ["sh", "-c", "(sleep 1; touch \"$1\") & sleep 30", "sink", marker], execTimeout: 0.3)
        let dispatcher = try dispatcher(dir, sinks: ["desertion": settings])
        try dispatcher.dispatch([sampleAlert(1)])
        // Judged by what happened, not by wall time: a loaded test machine may resume this task late.
        let attempts = try await dispatcher.deliverDueSinks()
        #expect(attempts.first?.error == "sh ran longer than 0.3 s and was killed")
        #expect(attempts.first?.retryAt != nil)
        try await Task.sleep(for: .seconds(1.5))
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func aMissingProgramIsAFailureNotACrash() async throws {
        let dir = ScratchDirectory()
        defer { dir.remove() }
        let settings = AlertSinkSettings(exec: ["/nonexistent/newswatch-pager"])
        let dispatcher = try dispatcher(dir, sinks: ["desertion": settings])
        try dispatcher.dispatch([sampleAlert(1)])
        let attempts = try await dispatcher.deliverDueSinks()
        #expect(attempts.first?.delivered == false)
        #expect(attempts.first?.error?.contains("/nonexistent/newswatch-pager") == true)
    }

    @Test func aProgramThatDoesNotReadItsInputStillSucceeds() {
        let result = ChildProcess(arguments: ["true"], environment: ["PATH": "/usr/bin:/bin"], timeout: 5)
            .run(input: Array(repeating: UInt8(ascii: "x"), count: 1 << 20))
        #expect(result.outcome == .exited(0))
    }

    @Test func webhookPostsTheAlertAsJSON() async throws {
        let server = try TestHTTPServer()
        server.route("/hook", ScriptedResponse(status: 204))
        let dir = ScratchDirectory()
        defer { dir.remove() }
        let dispatcher = try dispatcher(dir, sinks: ["desertion": AlertSinkSettings(webhook: server.url("/hook"))],
                                        fetcher: webhookFetcher)
        let alert = sampleAlert(1)
        try dispatcher.dispatch([alert])
        let attempts = try await dispatcher.deliverDueSinks()
        #expect(attempts.map(\.delivered) == [true])
        let requests = server.requests(to: "/hook")
        #expect(requests.count == 1)
        #expect(requests.first?.method == "POST")
        #expect(requests.first?.header("content-type") == "application/json")
        let body = try #require(requests.first?.body)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect((object["alert"] as? [String: Any])?["key"] as? String == alert.key.value)
        #expect(try dispatcher.archive.sinkDeliveries(alert.key.value).map(\.state) == [.delivered])
    }

    @Test func webhookServerErrorsAreRetriedAndClientErrorsGivenUp() async throws {
        let server = try TestHTTPServer()
        server.route("/busy", ScriptedResponse(status: 503))
        server.route("/wrong", ScriptedResponse(status: 404))
        let dir = ScratchDirectory()
        defer { dir.remove() }
        var busy = sampleAlert(1)
        busy.rule = "busy"
        busy.key = AlertKey("busy/1")
        var wrong = sampleAlert(2)
        wrong.rule = "wrong"
        wrong.key = AlertKey("wrong/2")
        let dispatcher = try dispatcher(dir, sinks: ["busy": AlertSinkSettings(webhook: server.url("/busy")),
                                                     "wrong": AlertSinkSettings(webhook: server.url("/wrong"))],
                                        fetcher: webhookFetcher)
        try dispatcher.dispatch([busy, wrong])
        let attempts = try await dispatcher.deliverDueSinks().sorted { $0.key < $1.key }
        #expect(attempts.map(\.delivered) == [false, false])
        #expect(attempts[0].retryAt == now.addingTimeInterval(30))
        #expect(attempts[1].retryAt == nil)
        #expect(try dispatcher.archive.sinkDeliveries("wrong/2").map(\.state) == [.failed])
        #expect(server.requests.count == 2)
    }

    @Test func aRateLimitedWebhookWaitsAsLongAsTheServerAsks() async throws {
        let server = try TestHTTPServer()
        server.route("/limited", ScriptedResponse(status: 429, headers: [("Retry-After", "600")]))
        let dir = ScratchDirectory()
        defer { dir.remove() }
        let dispatcher = try dispatcher(dir, sinks: ["desertion": AlertSinkSettings(webhook: server.url("/limited"))],
                                        fetcher: webhookFetcher)
        try dispatcher.dispatch([sampleAlert(1)])
        let attempts = try await dispatcher.deliverDueSinks()
        #expect(attempts.first?.delivered == false)
        // The backoff alone would say 30 s.
        #expect(attempts.first?.retryAt == now.addingTimeInterval(600))
        #expect(try dispatcher.nextSinkAttempt() == now.addingTimeInterval(600))
    }
}

@Suite struct SinkPayloadTests {
    let now = Date(timeIntervalSince1970: 1_733_760_000)

    @Test func theArchivedArticleGoesWithTheAlert() async throws {
        let dir = ScratchDirectory()
        defer { dir.remove() }
        let archive = try Archive(path: dir.file("archive.sqlite"))
        let article = Article(title: "Nordkoreaner offenbar von Ukraine-Front geflüchtet", teaser: "Erste Deserteure.",
                              body: [.paragraph("Soldaten sollen desertiert sein.")], url: "https://www.news.de/politik/1/",
                              source: "news.de", fetched: now)
        _ = try archive.record(feed: "news.de", articles: [article], at: now)
        var alert = sampleAlert(1)
        alert.articleID = article.id.hex
        let out = dir.file("stdin.json")
        let dispatcher = AlertDispatcher(
            archive: archive, log: try AlertLog(path: dir.file("alerts.log")),
            sinks: ["desertion": AlertSinkSettings(exec: ["sh", "-c", "cat > \"$1\"", "sink", out])],
            clock: FixedClock(now: now), environment: ["PATH": "/usr/bin:/bin"])
        try dispatcher.dispatch([alert])
        #expect(try await dispatcher.deliverDueSinks().map(\.delivered) == [true])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        let sent = try #require(object["article"] as? [String: Any])
        #expect(sent["id"] as? String == article.id.hex)
        #expect(sent["teaser"] as? String == "Erste Deserteure.")
    }

    @Test func aRestartedDeciderRemembersTheStoriesItAlertedFor() throws {
        let dir = ScratchDirectory()
        defer { dir.remove() }
        let archive = try Archive(path: dir.file("archive.sqlite"))
        let dispatcher = AlertDispatcher(archive: archive, log: try AlertLog(path: dir.file("alerts.log")),
                                         clock: FixedClock(now: now), environment: [:])
        let rule = try AlertRule(name: "desertion", query: "desert*")
        let article = Article(title: "Soldaten desertieren", body: [.paragraph("Viele desertieren.")], source: "news.de", fetched: now)
        let event = ArticleEvent(article: article, isUpdate: false, storyID: "story-7", feedName: "news.de")

        var first = AlertDecider(rules: try RuleSet([rule]), clock: FixedClock(now: now))
        let alerts = first.receive(event)
        #expect(alerts.count == 1)
        try dispatcher.dispatch(alerts)

        // After a restart the same story (replayed, or from another feed) does not alert again.
        var restarted = AlertDecider(rules: try RuleSet([rule]), clock: FixedClock(now: now.addingTimeInterval(60)))
        try dispatcher.restore(&restarted, since: now.addingTimeInterval(-86_400))
        #expect(restarted.receive(event).isEmpty)
        var forgetful = AlertDecider(rules: try RuleSet([rule]), clock: FixedClock(now: now.addingTimeInterval(60)))
        #expect(forgetful.receive(event).count == 1)
    }
}

@Suite struct AlertSinkSettingsTests {
    @Test func namesWhatIsWrong() {
        #expect(AlertSinkSettings(exec: ["notify-send", "newswatch"], webhook: "https://ntfy.example/news").problems.isEmpty)
        #expect(AlertSinkSettings().problems.isEmpty)
        #expect(AlertSinkSettings(exec: [""]).problems == ["exec: the first element must name the program"])
        #expect(AlertSinkSettings(exec: ["true"], execTimeout: 0).problems == ["exec_timeout: must be more than 0 seconds"])
        #expect(AlertSinkSettings(webhook: "ftp://example.org/x").problems == ["webhook: ftp://example.org/x is not an http:// or https:// URL with a host"])
        #expect(AlertSinkSettings(webhook: "not a url").problems.count == 1)
    }

    @Test func backoffDoublesUpToTheCapAndEnds() {
        let schedule = SinkRetrySchedule(initialDelay: 30, maximumDelay: 100, maximumAttempts: 4)
        let now = Date(timeIntervalSince1970: 0)
        #expect(schedule.retryAt(afterAttempts: 1, now: now) == now.addingTimeInterval(30))
        #expect(schedule.retryAt(afterAttempts: 2, now: now) == now.addingTimeInterval(60))
        #expect(schedule.retryAt(afterAttempts: 3, now: now) == now.addingTimeInterval(100))
        #expect(schedule.retryAt(afterAttempts: 4, now: now) == nil)
    }
}
