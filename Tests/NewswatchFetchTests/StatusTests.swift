import Foundation
import Testing
import NewswatchFetch
import NewswatchTestSupport

@Suite struct StatusTests {
    @Test func tooManyRequestsCarriesRetryAfterSeconds() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/busy", ScriptedResponse(status: 429, headers: [("Retry-After", "120")]))
        let error = try #require(await sharedFetcher.fetch(loopbackRequest(server.url("/busy"))).error)
        #expect(error.kind == .httpStatus(429))
        #expect(error.retryAfter == .seconds(120))
        #expect(error.message.contains("429"))
    }

    @Test func unavailableCarriesRetryAfterDate() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/down", ScriptedResponse(status: 503, headers: [("Retry-After", "Fri, 31 Dec 2038 23:59:59 GMT")]))
        let error = try #require(await sharedFetcher.fetch(loopbackRequest(server.url("/down"))).error)
        #expect(error.kind == .httpStatus(503), "\(error)")
        #expect(error.retryAfter == .date(Date(timeIntervalSince1970: 2_177_452_799)))
        #expect(error.message == "the server answered 503, retry after Fri, 31 Dec 2038 23:59:59 GMT")
    }

    @Test func goneIsItsOwnKind() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/gone", ScriptedResponse(status: 410))
        let error = try #require(await sharedFetcher.fetch(loopbackRequest(server.url("/gone"))).error)
        #expect(error.kind == .gone, "\(error)")
    }

    @Test func notFoundIsAnHTTPStatus() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let error = try #require(await sharedFetcher.fetch(loopbackRequest(server.url("/nothing"))).error)
        #expect(error.kind == .httpStatus(404))
        #expect(error.retryAfter == nil)
        #expect(error.description == "\(server.url("/nothing")): the server answered 404")
    }

    @Test func connectionRefused() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let url = server.url("/feed")
        server.stop()
        let error = try #require(await sharedFetcher.fetch(loopbackRequest(url)).error)
        #expect(error.kind == .connect)
    }

    @Test func nameThatDoesNotResolve() async throws {
        let error = try #require(await sharedFetcher.fetch(loopbackRequest("http://feed.newswatch.invalid/rss")).error)
        #expect(error.kind == .dns)
        #expect(error.url == "http://feed.newswatch.invalid/rss")
    }

    @Test func invalidAndForbiddenURLsFailBeforeAnyTransfer() async {
        #expect(await sharedFetcher.fetch(loopbackRequest("not a url")).error?.kind == .invalidURL)
        #expect(await sharedFetcher.fetch(loopbackRequest("gopher://example.com/")).error?.kind == .forbiddenScheme("gopher"))
        #expect(await sharedFetcher.fetch(loopbackRequest("file:///etc/passwd")).error?.kind == .forbiddenScheme("file"))
    }

    @Test func headerThatWouldSmuggleAnotherIsRefused() async {
        var request = loopbackRequest("http://127.0.0.1:9/")
        request.headers = [HTTPHeader("X-Token", "abc\r\nX-Injected: 1")]
        #expect(await sharedFetcher.fetch(request).error?.kind == .invalidHeader)
        request.headers = [HTTPHeader("Bad Name", "x")]
        #expect(await sharedFetcher.fetch(request).error?.kind == .invalidHeader)
        #expect(HTTPHeader("X-Api-Key_2", "a b:c").isWellFormed)
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/silent", ScriptedResponse(delivery: .never))
        let task = Task { await sharedFetcher.fetch(loopbackRequest(server.url("/silent"))) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let result = await task.value
        #expect(result.error?.kind == .cancelled)
    }

    @Test func shutDownFetcherRefusesWork() async throws {
        let fetcher = FeedFetcher(configuration: .init(proxies: ProxySettings()))
        fetcher.shutdown()
        #expect(await fetcher.fetch(loopbackRequest("http://127.0.0.1:9/")).error?.kind == .cancelled)
    }
}
