import Foundation
import Testing
import NewswatchFetch
import NewswatchTestSupport

@Suite struct AddressPolicyTests {
    @Test func loopbackIsRefusedUnlessPrivateNetworksAreAllowed() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/feed", .text("internal"))
        var request = loopbackRequest(server.url("/feed"))
        request.allowsPrivateNetworks = false
        let error = try #require(await sharedFetcher.fetch(request).error)
        #expect(error.kind == .refusedAddress)
        #expect(error.message.contains("127.0.0.1"))
        #expect(server.requests.isEmpty)
        #expect(server.connectionCount == 0)

        request.allowsPrivateNetworks = true
        #expect(await sharedFetcher.fetch(request).bodyText == "internal")
    }

    @Test func nameResolvingToLoopbackIsRefusedByAddress() async throws {
        // `localhost` is a name: the check is on the address the name resolved to.
        let server = try TestHTTPServer()
        defer { server.stop() }
        let request = FetchRequest(url: "http://localhost:\(server.port)/feed", limits: testLimits())
        let error = try #require(await sharedFetcher.fetch(request).error)
        #expect(error.kind == .refusedAddress)
        #expect(server.requests.isEmpty)
    }

    @Test func cloudMetadataIsRefused() async throws {
        for allowsPrivate in [false, true] {
            var request = FetchRequest(url: "http://169.254.169.254/latest/meta-data/", limits: testLimits())
            request.allowsPrivateNetworks = allowsPrivate
            let error = try #require(await sharedFetcher.fetch(request).error)
            #expect(error.kind == .refusedAddress)
        }
    }
}
