import Foundation
import Testing
import NewswatchFetch
import NewswatchTestSupport

@Suite struct RedirectTests {
    @Test func temporaryChainIsFollowedNotRecorded() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/a", .redirect(302, to: "/b"))
        server.route("/b", .redirect(307, to: server.url("/c")))
        server.route("/c", .redirect(303, to: "d"))
        server.route("/d", .text("arrived"))
        let response = try #require(await sharedFetcher.fetch(loopbackRequest(server.url("/a"))).response)
        #expect(response.bodyText == "arrived")
        #expect(response.finalURL == server.url("/d"))
        #expect(response.requestedURL == server.url("/a"))
        #expect(response.permanentURL == nil)
        #expect(response.redirects.map(\.status) == [302, 307, 303])
    }

    @Test func permanentMoveIsRecorded() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/old", .redirect(301, to: "/new"))
        server.route("/new", .text("moved here"))
        let response = try #require(await sharedFetcher.fetch(loopbackRequest(server.url("/old"))).response)
        #expect(response.bodyText == "moved here")
        #expect(response.permanentURL == server.url("/new"))
    }

    @Test func onlyTheLeadingRunOfPermanentMovesCounts() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/p1", .redirect(301, to: "/p2"))
        server.route("/p2", .redirect(308, to: "/p3"))
        server.route("/p3", .redirect(302, to: "/p4"))
        server.route("/p4", .redirect(301, to: "/final"))
        server.route("/final", .text("end"))
        let response = try #require(await sharedFetcher.fetch(loopbackRequest(server.url("/p1"))).response)
        #expect(response.permanentURL == server.url("/p3"))

        server.route("/t1", .redirect(307, to: "/p1"))
        let viaTemporary = try #require(await sharedFetcher.fetch(loopbackRequest(server.url("/t1"))).response)
        #expect(viaTemporary.permanentURL == nil)
    }

    @Test func permanentMoveIsReportedEvenWhenTheNewPlaceFails() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/moved", .redirect(308, to: "/missing"))
        let error = try #require(await sharedFetcher.fetch(loopbackRequest(server.url("/moved"))).error)
        #expect(error.kind == .httpStatus(404))
        #expect(error.permanentURL == server.url("/missing"))
        #expect(error.url == server.url("/missing"))
    }

    @Test func redirectLoopStopsAfterFiveHops() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/loop", .redirect(302, to: "/loop"))
        let error = try #require(await sharedFetcher.fetch(loopbackRequest(server.url("/loop"))).error)
        #expect(error.kind == .tooManyRedirects)
        #expect(server.requests.count == 6)
    }

    @Test func redirectToALocalFileIsRefused() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/sneaky", .redirect(302, to: "file:///etc/passwd"))
        var request = loopbackRequest(server.url("/sneaky"))
        request.isLocalFile = true // even a local-path feed may not be redirected to a file
        let result = await sharedFetcher.fetch(request)
        #expect(result.error?.kind == .forbiddenScheme("file"))
        #expect(result.response == nil)
    }

    @Test func redirectToCloudMetadataIsRefusedEvenOnPrivateNetworks() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/meta", .redirect(302, to: "http://169.254.169.254/latest/meta-data/"))
        let error = try #require(await sharedFetcher.fetch(loopbackRequest(server.url("/meta"))).error)
        #expect(error.kind == .refusedAddress)
        #expect(error.url == "http://169.254.169.254/latest/meta-data/")
        #expect(error.message.contains("169.254.169.254"))
    }

    @Test func credentialsAndHeadersStayWithTheConfiguredOrigin() async throws {
        let origin = try TestHTTPServer(host: "127.0.0.1")
        let elsewhere = try TestHTTPServer(host: "127.0.0.2")
        origin.route("/feed", .redirect(302, to: elsewhere.url("/feed")))
        elsewhere.route("/feed", .text("other host"))
        var request = loopbackRequest(origin.url("/feed"))
        request.credentials = BasicCredentials(user: "u", password: "p")
        request.headers = [HTTPHeader("X-Token", "abc")]
        let result = await sharedFetcher.fetch(request)
        #expect(result.bodyText == "other host", "\(String(describing: result.error))")
        #expect(origin.requests.first?.header("Authorization") != nil)
        #expect(origin.requests.first?.header("X-Token") == "abc")
        #expect(elsewhere.requests.first?.header("Authorization") == nil)
        #expect(elsewhere.requests.first?.header("X-Token") == nil)
    }
}
