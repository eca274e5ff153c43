import Foundation
import Testing
import NewswatchFetch
import NewswatchTestSupport

@Suite struct ConditionalGetTests {
    @Test func plainBodyComesWithItsMetadata() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/feed.xml", ScriptedResponse(
            headers: [("Content-Type", "application/rss+xml; charset=\"ISO-8859-1\""),
                      ("Cache-Control", "public, max-age=600"),
                      ("Expires", "Thu, 01 Jan 2037 00:00:00 GMT")],
            body: Array("<rss/>".utf8)))
        let result = await sharedFetcher.fetch(loopbackRequest(server.url("/feed.xml")))
        let response = try #require(result.response, "\(String(describing: result.error))")
        #expect(response.status == 200)
        #expect(response.bodyText == "<rss/>")
        #expect(response.mediaType == "application/rss+xml")
        #expect(response.charset == "iso-8859-1")
        #expect(response.freshness.maxAge == 600)
        let freshFor = try #require(response.freshUntil).timeIntervalSince(response.receivedAt)
        #expect(freshFor == 600)
        #expect(response.freshness.expires == Date(timeIntervalSince1970: 2_114_380_800))
        #expect(response.finalURL == server.url("/feed.xml"))
        #expect(response.permanentURL == nil)
        #expect(response.httpVersion == 1)
        let request = try #require(server.requests.first)
        #expect(request.header("User-Agent") == "newswatch/\(FetchIdentity.version) (+https://github.com/newswatch/newswatch)")
        #expect(request.header("If-None-Match") == nil)
        let encodings = request.header("Accept-Encoding") ?? ""
        #expect(encodings.contains("gzip") && encodings.contains("br"), "curl offers \(encodings)")
    }

    @Test func etagRoundTripEndsInNotModified() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/feed") { request in
            request.header("If-None-Match") == "\"v1\""
                ? ScriptedResponse(status: 304, headers: [("ETag", "\"v1\"")])
                : .text("first body", headers: [("ETag", "\"v1\"")])
        }
        let first = try #require(await sharedFetcher.fetch(loopbackRequest(server.url("/feed"))).response)
        #expect(first.bodyText == "first body")
        #expect(first.validators == Validators(etag: "\"v1\""))

        var again = loopbackRequest(server.url("/feed"))
        again.validators = first.validators
        let second = try #require(await sharedFetcher.fetch(again).response)
        #expect(second.isNotModified)
        #expect(second.status == 304)
        #expect(second.body == nil)
        #expect(second.validators == Validators(etag: "\"v1\""))
        #expect(server.requests.map { $0.header("If-None-Match") } == [nil, "\"v1\""])
    }

    @Test func lastModifiedRoundTripKeepsValidatorsA304DoesNotRepeat() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let stamp = "Wed, 21 Oct 2015 07:28:00 GMT"
        server.route("/feed") { request in
            request.header("If-Modified-Since") == stamp
                ? ScriptedResponse(status: 304)
                : .text("body", headers: [("Last-Modified", stamp)])
        }
        let first = try #require(await sharedFetcher.fetch(loopbackRequest(server.url("/feed"))).response)
        #expect(first.validators == Validators(lastModified: stamp))
        var again = loopbackRequest(server.url("/feed"))
        again.validators = first.validators
        let second = try #require(await sharedFetcher.fetch(again).response)
        #expect(second.isNotModified)
        #expect(second.validators == Validators(lastModified: stamp))
        #expect(server.requests.last?.header("If-Modified-Since") == stamp)
    }

    @Test func gzipBodyIsDecoded() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/gz", ScriptedResponse(headers: [("Content-Encoding", "gzip")], body: CompressedFixtures.gzip))
        let result = await sharedFetcher.fetch(loopbackRequest(server.url("/gz")))
        #expect(result.bodyText == CompressedFixtures.text, "\(String(describing: result.error))")
    }

    @Test func brotliBodyIsDecoded() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/br", ScriptedResponse(headers: [("Content-Encoding", "br")], body: CompressedFixtures.brotli))
        let result = await sharedFetcher.fetch(loopbackRequest(server.url("/br")))
        #expect(result.bodyText == CompressedFixtures.text, "\(String(describing: result.error))")
    }

    @Test func corruptCompressedBodyIsATypedError() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/bad", ScriptedResponse(headers: [("Content-Encoding", "gzip")], body: Array("not gzip at all".utf8)))
        let error = try #require(await sharedFetcher.fetch(loopbackRequest(server.url("/bad"))).error)
        #expect(error.kind == .badContentEncoding)
    }

    @Test func identityHeadersAndBasicAuthAreSent() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/private", .text("ok"))
        var request = loopbackRequest(server.url("/private"))
        request.userAgent = "custom-agent/1"
        request.headers = [HTTPHeader("X-Token", "abc")]
        request.credentials = BasicCredentials(user: "reader", password: "s3cret")
        #expect(await sharedFetcher.fetch(request).bodyText == "ok")
        let recorded = try #require(server.requests.first)
        #expect(recorded.header("User-Agent") == "custom-agent/1")
        #expect(recorded.header("X-Token") == "abc")
        #expect(recorded.header("Authorization") == "Basic " + Data("reader:s3cret".utf8).base64EncodedString())
    }

    @Test func connectionsAreReused() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/feed", .text("same"))
        for _ in 0..<3 {
            #expect(await sharedFetcher.fetch(loopbackRequest(server.url("/feed"))).bodyText == "same")
        }
        #expect(server.requests.count == 3)
        #expect(server.connectionCount == 1)
    }

    @Test func localFileFeedIsReadOnlyWhenMarkedLocal() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("newswatch local \(UUID().uuidString).xml").path
        try Data("<rss>local</rss>".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }

        var local = FetchRequest.localFile(path: path, limits: testLimits())
        let response = try #require(await sharedFetcher.fetch(local).response)
        #expect(response.bodyText == "<rss>local</rss>")
        #expect(response.status == 0)

        local.isLocalFile = false
        let error = try #require(await sharedFetcher.fetch(local).error)
        #expect(error.kind == .forbiddenScheme("file"))

        let missing = FetchRequest(url: "file:///nonexistent/newswatch.xml", isLocalFile: true, limits: testLimits())
        #expect(await sharedFetcher.fetch(missing).error?.kind == .fileUnreadable)
    }
}

extension FetchResponse {
    var bodyText: String? { body.map { String(decoding: $0, as: UTF8.self) } }
}
