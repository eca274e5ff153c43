import Foundation
import Testing
import NewswatchFetch
import NewswatchTestSupport

@Suite struct PayloadTests {
    func request(_ url: String, _ payload: RequestPayload) -> FetchRequest {
        var request = loopbackRequest(url)
        request.payload = payload
        return request
    }

    @Test func postSendsTheBodyByteForByte() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/hook") { request in .text("got \(request.body.count)") }
        // NULs and a size past libcurl's 1 KiB Expect threshold: the length is given, not strlen'd.
        let body: [UInt8] = Array("{\"a\":\"".utf8) + [0, 1, 2] + Array(repeating: UInt8(ascii: "z"), count: 5000) + Array("\"}".utf8)
        let response = try #require(await sharedFetcher.fetch(request(server.url("/hook"), .json(body))).response)
        #expect(response.bodyText == "got \(body.count)")
        let received = try #require(server.requests(to: "/hook").first)
        #expect(received.method == "POST")
        #expect(received.body == body)
        #expect(received.header("content-type") == "application/json")
        #expect(received.header("expect") == nil)
    }

    @Test func otherMethodsAndAnEmptyBody() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/put", ScriptedResponse(status: 204))
        let payload = RequestPayload(method: "PUT", body: [], contentType: "text/plain")
        #expect(await sharedFetcher.fetch(request(server.url("/put"), payload)).response?.status == 204)
        let received = try #require(server.requests(to: "/put").first)
        #expect(received.method == "PUT")
        #expect(received.body.isEmpty)
        #expect(received.header("content-length") == "0")
    }

    @Test func aRequestWithABodyIsNotRedirected() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/hook", .redirect(307, to: "/elsewhere"))
        server.route("/elsewhere", .text("should not be reached"))
        let error = try #require(await sharedFetcher.fetch(request(server.url("/hook"), .json(Array("{}".utf8)))).error)
        #expect(error.kind == .httpStatus(307))
        #expect(server.requests(to: "/elsewhere").isEmpty)
    }

    @Test func aMethodThatIsNotATokenIsRefused() async throws {
        let payload = RequestPayload(method: "POST /x HTTP/1.1\r\n", body: [], contentType: "application/json")
        let error = try #require(await sharedFetcher.fetch(request("http://127.0.0.1:9/", payload)).error)
        #expect(error.kind == .invalidHeader)
    }

    @Test func aGetStillSendsNoBody() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/feed", .text("feed"))
        #expect(await sharedFetcher.fetch(loopbackRequest(server.url("/feed"))).bodyText == "feed")
        let received = try #require(server.requests(to: "/feed").first)
        #expect(received.method == "GET")
        #expect(received.body.isEmpty)
    }
}
