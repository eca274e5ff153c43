import Foundation
import Testing
import NewswatchFetch
import NewswatchTestSupport
import Synchronization

@Suite struct BoundsTests {
    @Test func serverThatNeverAnswersTimesOut() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/silent", ScriptedResponse(delivery: .never))
        let error = try #require(await sharedFetcher.fetch(loopbackRequest(server.url("/silent"), limits: testLimits(totalTimeout: .milliseconds(700)))).error)
        #expect(error.kind == .timeout)
    }

    /// Found by the soak run: with the first connection to a host hanging, libcurl held every later
    /// transfer to that host back (waiting to multiplex over a connection that never answered) until
    /// its timeout was used up. Over plain http nothing can be multiplexed, so nothing may wait.
    @Test func aHangingFeedDoesNotHoldUpTheOtherFeedsOfItsHost() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/silent", ScriptedResponse(delivery: .never))
        server.route("/feed", .text("<rss><channel><title>t</title></channel></rss>"))
        let fetcher = FeedFetcher(configuration: .init(perHostLimit: 8, globalLimit: 8, proxies: ProxySettings()))
        defer { fetcher.shutdown() }
        // Judged by order, not by a clock bound, so a loaded machine (the ASan run of CI) cannot fail it:
        // held back, the answered fetch would end after the hanging one's timeout, or time out itself.
        let hangingEnded = Mutex(false)
        let hanging = Task {
            let result = await fetcher.fetch(loopbackRequest(server.url("/silent"), limits: testLimits(totalTimeout: .seconds(10), lowSpeedWindowSeconds: 30)))
            hangingEnded.withLock { $0 = true }
            return result
        }
        try await Task.sleep(for: .milliseconds(300))
        let answered = await fetcher.fetch(loopbackRequest(server.url("/feed"), limits: testLimits(totalTimeout: .seconds(8))))
        #expect(answered.response?.status == 200, "\(answered.error?.description ?? "")")
        #expect(!hangingEnded.withLock { $0 })
        #expect(await hanging.value.error?.kind == .timeout)
    }

    @Test func dripIsDroppedByTheLowSpeedBound() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/drip", ScriptedResponse(body: Array(repeating: UInt8(ascii: "x"), count: 200), delivery: .drip(interval: .milliseconds(100))))
        let limits = testLimits(totalTimeout: .seconds(15), lowSpeedBytesPerSecond: 1000, lowSpeedWindowSeconds: 1)
        let error = try #require(await sharedFetcher.fetch(loopbackRequest(server.url("/drip"), limits: limits)).error)
        #expect(error.kind == .tooSlow, "\(error)")
    }

    @Test func declaredBodyOverTheLimit() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/big", ScriptedResponse(body: Array(repeating: 65, count: 5000)))
        let error = try #require(await sharedFetcher.fetch(loopbackRequest(server.url("/big"), limits: testLimits(maxBodyBytes: 1000))).error)
        #expect(error.kind == .tooLarge)
    }

    @Test func undeclaredBodyOverTheLimitIsCutWhileStreaming() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/big", ScriptedResponse(body: Array(repeating: 65, count: 200_000), delivery: .untilClose))
        let error = try #require(await sharedFetcher.fetch(loopbackRequest(server.url("/big"), limits: testLimits(maxBodyBytes: 1000))).error)
        #expect(error.kind == .tooLarge)
    }

    @Test func bodyExactlyAtTheLimitPasses() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/fits", ScriptedResponse(body: Array(repeating: 65, count: 1000), delivery: .untilClose))
        let response = try #require(await sharedFetcher.fetch(loopbackRequest(server.url("/fits"), limits: testLimits(maxBodyBytes: 1000))).response)
        #expect(response.body?.count == 1000)
    }

    @Test func gzipOfZerosInflatesCorrectly() async throws {
        // Proves the bomb below is a valid gzip stream: libcurl's zlib checks the CRC and length.
        let server = try TestHTTPServer()
        defer { server.stop() }
        let count = 300_001
        server.route("/zeros", ScriptedResponse(headers: [("Content-Encoding", "gzip")], body: GzipZeros.make(count: count)))
        let result = await sharedFetcher.fetch(loopbackRequest(server.url("/zeros")))
        let body = try #require(result.response?.body, "\(String(describing: result.error))")
        #expect(body.count == count)
        #expect(body.allSatisfy { $0 == 0 })
    }

    @Test func gigabyteGzipBombIsCutOffAtTheLimit() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let bomb = GzipZeros.make(count: 1 << 30)
        #expect(bomb.count < 8 << 20)
        server.route("/bomb", ScriptedResponse(headers: [("Content-Encoding", "gzip")], body: bomb))
        let error = try #require(await sharedFetcher.fetch(loopbackRequest(server.url("/bomb"), limits: testLimits(maxBodyBytes: 1 << 20))).error)
        #expect(error.kind == .tooLarge)
        // Had the gigabyte been inflated into memory, the process's peak would show it.
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        // Under AddressSanitizer (`make test-asan` says so) its shadow memory and quarantine raise the
        // peak by themselves; the error kind above is checked there too.
        if ProcessInfo.processInfo.environment["NEWSWATCH_SANITIZER"] != "address" {
            #expect(usage.ru_maxrss < 400 * 1024, "peak resident set \(usage.ru_maxrss / 1024) MiB")
        }
    }
}

@Suite struct ErrorBodyTests {
    @Test func hugeErrorPageStillReportsItsStatus() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/declared", ScriptedResponse(status: 404, body: Array(repeating: 65, count: 50_000)))
        server.route("/streamed", ScriptedResponse(status: 503, headers: [("Retry-After", "30")],
                                                   body: Array(repeating: 65, count: 50_000), delivery: .untilClose))
        server.route("/moved", ScriptedResponse(status: 301, headers: [("Location", "/small")], body: Array(repeating: 65, count: 50_000)))
        server.route("/small", .text("small"))
        let limits = testLimits(maxBodyBytes: 1000)
        #expect(await sharedFetcher.fetch(loopbackRequest(server.url("/declared"), limits: limits)).error?.kind == .httpStatus(404))
        let unavailable = try #require(await sharedFetcher.fetch(loopbackRequest(server.url("/streamed"), limits: limits)).error)
        #expect(unavailable.kind == .httpStatus(503))
        #expect(unavailable.retryAfter == .seconds(30))
        let movedResult = await sharedFetcher.fetch(loopbackRequest(server.url("/moved"), limits: limits))
        let moved = try #require(movedResult.response, "\(String(describing: movedResult.error))")
        #expect(moved.bodyText == "small")
        #expect(moved.permanentURL == server.url("/small"))
    }
}
